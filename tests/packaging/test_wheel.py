"""The built wheel and sdist hold the whole package, and the wheel installed alone runs.

Builds once per module with `python -m build --no-isolation` (no network: build and
hatchling come from the `test` extra), installs the wheel, not the source tree, into a fresh
virtual environment (its dependencies come from the package index), and runs the installed
`ketajournal` command from a folder where the source tree cannot be imported.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

import ketajournal
from ketajournal.storage import files, migrate

# The one reason to skip: `build` is part of the `test` extra, so CI always has it.
pytest.importorskip("build", reason="`build` is not installed (pip install -e '.[test]')")

# One worker builds and installs once (module fixtures), not every worker that runs one test.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("packaging")]

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "src" / "ketajournal"
# What the build leaves out on purpose (.gitignore): bytecode caches.
NOT_SHIPPED_DIRS = {"__pycache__"}
NOT_SHIPPED_SUFFIXES = {".pyc", ".pyo", ".pyd"}
# The environment as pytest found it, before the autouse fixtures point HOME elsewhere:
# pip keeps its usual configuration and cache, so a rerun does not download everything again.
REAL_ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "KETAJOURNAL_DB")}


def package_files() -> set[str]:
    """Every file the package ships, as wheel paths (`ketajournal/...`), from the source tree."""
    found = set()
    for path in PACKAGE.rglob("*"):
        relative = path.relative_to(PACKAGE.parent)
        if (
            path.is_file()
            and not NOT_SHIPPED_DIRS.intersection(relative.parts)
            and path.suffix not in NOT_SHIPPED_SUFFIXES
        ):
            found.add(relative.as_posix())
    return found


def data_files() -> set[str]:
    """The files that are not Python modules: stylesheets, migration templates, ..."""
    return {name for name in package_files() if not name.endswith(".py")}


def run(
    args: list[str | Path], *, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env if env is not None else REAL_ENV,
        capture_output=True,
        text=True,
        timeout=900,
    )


def explain(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"


@dataclass(frozen=True)
class Dist:
    wheel: Path
    sdist: Path


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Dist:
    out = tmp_path_factory.mktemp("dist")
    result = run([sys.executable, "-m", "build", "--no-isolation", "--outdir", out, REPO])
    assert result.returncode == 0, explain(result)
    wheels, sdists = list(out.glob("*.whl")), list(out.glob("*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1, sorted(p.name for p in out.iterdir())
    return Dist(wheel=wheels[0], sdist=sdists[0])


@pytest.fixture(scope="module")
def installed(dist: Dist, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed (not editable); its bin folder.

    The environment gets no pip of its own (bootstrapping one costs ~6 s of CPU): this
    environment's pip installs into it (`pip --python`)."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    made = run([sys.executable, "-m", "venv", "--without-pip", venv])
    assert made.returncode == 0, explain(made)
    result = run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            venv / "bin" / "python",
            "install",
            "--disable-pip-version-check",
            "--no-compile",  # bytecode for every dependency: ~10 s, and the checks never need it
            "--only-binary",
            "sqlcipher3",
            dist.wheel,
        ]
    )
    assert result.returncode == 0, explain(result)
    return venv / "bin"


def test_the_package_has_data_files_to_check() -> None:
    """The expected list comes from the tree; make sure it sees what we know is there."""
    data = data_files()
    assert "ketajournal/app.tcss" in data
    assert "ketajournal/storage/migrations/script.py.mako" in data
    assert any(name.endswith(".tcss") and "/screens/" in name for name in data)
    files = package_files()
    assert "ketajournal/storage/migrations/env.py" in files
    assert any(n.startswith("ketajournal/storage/migrations/versions/0001_") for n in files)


def test_the_wheel_holds_every_file_of_the_package(dist: Dist) -> None:
    with zipfile.ZipFile(dist.wheel) as wheel:
        names = set(wheel.namelist())
    shipped = {n for n in names if n.startswith("ketajournal/")}
    missing = package_files() - shipped
    assert not missing, f"not in {dist.wheel.name}: {sorted(missing)}"
    # Every stylesheet, every migration and every other data file, named in the message.
    assert data_files() <= shipped, sorted(data_files() - shipped)
    migrations = {n for n in shipped if n.startswith("ketajournal/storage/migrations/")}
    assert "ketajournal/storage/migrations/env.py" in migrations
    assert "ketajournal/storage/migrations/script.py.mako" in migrations
    versions = {n for n in migrations if "/versions/" in n and n.endswith(".py")}
    source_versions = {
        n for n in package_files() if n.startswith("ketajournal/storage/migrations/versions/")
    }
    assert versions == source_versions
    # Nothing but the package and its metadata, and no bytecode from the build machine.
    dist_info = f"ketajournal-{ketajournal.__version__}.dist-info/"
    assert all(n.startswith(("ketajournal/", dist_info)) for n in names), sorted(names)
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    assert f"{dist_info}entry_points.txt" in names


def test_the_sdist_holds_the_package_source(dist: Dist) -> None:
    root = f"ketajournal-{ketajournal.__version__}/"
    with tarfile.open(dist.sdist) as sdist:
        names = {m.name.removeprefix(root) for m in sdist.getmembers() if m.isfile()}
    expected = {f"src/{name}" for name in package_files()}
    assert not expected - names, sorted(expected - names)
    assert {"pyproject.toml", "README.md", "LICENSE"} <= names


def test_the_installed_wheel_runs_version_doctor_and_demo(
    installed: Path, tmp_path: Path, private_paths: Path
) -> None:
    """From an empty folder, so nothing but the installed copy can be imported."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ}  # HOME and XDG_* point into tmp_path (the autouse fixture)
    env.pop("PYTHONPATH", None)

    where = run(
        [installed / "python", "-c", "import ketajournal; print(ketajournal.__file__)"],
        cwd=elsewhere,
        env=env,
    )
    assert where.returncode == 0, explain(where)
    assert Path(where.stdout.strip()).is_relative_to(installed.parent), where.stdout
    assert not Path(where.stdout.strip()).is_relative_to(REPO)

    command = installed / "ketajournal"
    version = run([command, "--version"], cwd=elsewhere, env=env)
    assert version.returncode == 0, explain(version)
    assert version.stdout.strip() == f"ketajournal {ketajournal.__version__}"

    # A new journal starts at the newest revision in the source tree (storage/head.sql) ...
    newest = max(p.stem for p in (PACKAGE / "storage" / "migrations" / "versions").glob("0*.py"))
    journal = tmp_path / "journal" / "kj.db"
    doctor = run([command, "--db", journal, "doctor"], cwd=elsewhere, env=env)
    assert doctor.returncode == 0, explain(doctor)
    assert f"{newest} (current)" in doctor.stdout, doctor.stdout
    assert "integrity    ok" in doctor.stdout
    # ... and one of the first version is brought to it by the migrations in the wheel.
    first = min(p.stem for p in (PACKAGE / "storage" / "migrations" / "versions").glob("0*.py"))
    older = tmp_path / "older" / "kj.db"
    files.ensure_private_dir(older.parent)
    files.create_private_file(older)
    migrate.migrate_file(older, datetime.now(UTC), None, created=True, to=first)
    doctor = run([command, "--db", older, "doctor"], cwd=elsewhere, env=env)
    assert doctor.returncode == 0, explain(doctor)
    assert f"{newest} (current)" in doctor.stdout, doctor.stdout
    assert "integrity    ok" in doctor.stdout
    assert len(list((older.parent / "backups").glob(f"pre-migration-{first}-*.db"))) == 1

    demo_db = tmp_path / "demo" / "demo.db"
    demo = run([command, "demo", "--db", demo_db, "--years", "1"], cwd=elsewhere, env=env)
    assert demo.returncode == 0, explain(demo)
    checked = run([command, "--db", demo_db, "doctor"], cwd=elsewhere, env=env)
    assert checked.returncode == 0, explain(checked)
    counts = next(line for line in checked.stdout.splitlines() if line.startswith("records"))
    assert "sessions 0," not in counts and "journal entries 0," not in counts, counts
