"""The system commands: --version, doctor and demo, in-process and as real processes."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from ketajournal import __version__
from ketajournal.storage.schema import HEAD_REVISION
from tests.cli.conftest import Invoke


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ketajournal", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_version(invoke: Invoke) -> None:
    result = invoke(["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"ketajournal {__version__}"


def test_doctor_on_new_database_shows_modes_and_exits_zero(invoke: Invoke, tmp_path: Path) -> None:
    db = tmp_path / "fresh" / "kj.db"
    result = invoke(["--db", str(db), "doctor"])
    assert result.exit_code == 0, result.stderr
    assert "created a new, empty journal" in result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert "0700" in lines["folder"] and "ok" in lines["folder"]
    assert "0600" in lines["wal"]
    assert f"{HEAD_REVISION} (current)" in lines["schema"]
    assert "journal_mode=wal synchronous=full foreign_keys=on" in lines["sqlite"]
    assert lines["integrity"].split()[1] == "ok"
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_opening_tightens_a_loose_database_file(invoke: Invoke, tmp_path: Path) -> None:
    db = tmp_path / "kj.db"
    assert invoke(["--db", str(db), "doctor"]).exit_code == 0
    os.chmod(db, 0o644)
    result = invoke(["--db", str(db), "doctor"])
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_doctor_reports_a_folder_open_to_others_and_fails(invoke: Invoke, tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chmod(folder, 0o755)  # an existing folder is never changed behind the person's back
    result = invoke(["--db", str(folder / "kj.db"), "doctor"])
    assert result.exit_code == 1
    assert "problem: folder" in result.stderr and "0755" in result.stderr
    assert "chmod 700" in result.stderr
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755


def test_doctor_json(invoke: Invoke, tmp_path: Path) -> None:
    import json

    result = invoke(["--db", str(tmp_path / "kj.db"), "doctor", "--json"])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["integrity"] == "ok" and report["problems"] == []
    assert report["schema"]["current"] == report["schema"]["expected"]


def test_env_var_picks_the_database(invoke: Invoke, tmp_path: Path) -> None:
    db = tmp_path / "from-env.db"
    result = invoke(["doctor"], env={"KETAJOURNAL_DB": str(db)})
    assert result.exit_code == 0
    assert db.exists()


def test_default_database_lives_in_user_data_dir(invoke: Invoke, private_paths: Path) -> None:
    result = invoke(["doctor"])
    assert result.exit_code == 0
    expected = private_paths / "data" / "ketajournal" / "journal.db"
    assert expected.exists()
    assert stat.S_IMODE(expected.parent.stat().st_mode) == 0o700


def test_demo_then_doctor(invoke: Invoke, tmp_path: Path) -> None:
    db = tmp_path / "demo" / "demo.db"
    result = invoke(["demo", "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    assert "journal entries 1000" in result.stdout
    doctor = invoke(["--db", str(db), "doctor"])
    assert doctor.exit_code == 0, doctor.stderr
    assert "journal entries 1000" in doctor.stdout


def test_demo_writes_where_the_main_db_option_points(invoke: Invoke, tmp_path: Path) -> None:
    """`ketajournal --db PATH demo` writes PATH, as the main option promises everywhere."""
    db = tmp_path / "demo" / "demo.db"
    result = invoke(["--db", str(db), "demo"])
    assert result.exit_code == 0, result.stderr
    assert f"demo journey to {db}" in result.stderr
    assert invoke(["--db", str(db), "doctor"]).exit_code == 0
    again = invoke(["--db", str(db), "demo"])  # and refuses to write over it, as with demo --db
    assert again.exit_code == 2 and "already exists" in again.stderr


def test_demo_refuses_to_overwrite(invoke: Invoke, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    db.write_bytes(b"precious")
    result = invoke(["demo", "--db", str(db)])
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert db.read_bytes() == b"precious"


def test_demo_refuses_the_real_journal(invoke: Invoke, tmp_path: Path) -> None:
    real = tmp_path / "real.db"
    result = invoke(["demo", "--db", str(real)], env={"KETAJOURNAL_DB": str(real)})
    assert result.exit_code == 2
    assert "is your journal" in result.stderr
    assert not real.exists()


@pytest.mark.slow
def test_installed_entry_point_and_module_run(tmp_path: Path) -> None:
    proc = _run("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"ketajournal {__version__}"
    db = tmp_path / "kj.db"
    proc = _run("--db", str(db), "doctor")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.slow
def test_bad_database_path_is_one_line_and_untouched(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(os.urandom(2048))
    before = hashlib.sha256(junk.read_bytes()).hexdigest()
    proc = _run("--db", str(junk), "doctor")
    assert proc.returncode != 0
    assert proc.stderr.count("\n") == 1 and str(junk) in proc.stderr
    assert "not an SQLite database" in proc.stderr
    assert hashlib.sha256(junk.read_bytes()).hexdigest() == before
    assert not Path(f"{junk}-wal").exists()
