"""`ketajournal sync ...` on the command line: set up, sync, status, one-line mistakes."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path


def test_init_join_sync_and_status(tmp_path: Path, invoke) -> None:
    folder, key = tmp_path / "Sync", tmp_path / "sync.key"
    folder.mkdir()
    laptop, desktop = str(tmp_path / "l" / "kj.db"), str(tmp_path / "d" / "kj.db")
    invoke(["--db", laptop, "journal", "add"], input="from the laptop")
    result = invoke(["--db", laptop, "sync", "init", str(folder), "--key-out", str(key),
                     "--name", "laptop"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "synced: sent 1 change," in result.stderr
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert key.read_text().startswith("AGE-SECRET-KEY-1")
    result = invoke(["--db", desktop, "sync", "join", str(folder), "--key-file", "-"],
                    input=key.read_text())  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "received 1 (from laptop)" in result.stderr
    listed = invoke(["--db", desktop, "journal", "list"])
    assert "from the laptop" in listed.stdout
    status = json.loads(invoke(["--db", desktop, "sync", "--status", "--json"]).stdout)
    names = sorted(d["name"] for d in status["devices"])
    assert status["folder"] == str(folder) and len(names) == 2 and "laptop" in names
    assert status["refused"] == []
    report = json.loads(invoke(["--db", desktop, "sync", "--json"]).stdout)
    assert report["received"] == 0 and report["refused"] == []


def test_mistakes_are_one_line_and_the_key_is_never_an_argument(tmp_path: Path, invoke) -> None:
    db = str(tmp_path / "kj.db")
    result = invoke(["--db", db, "sync"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "sync: not set up" in result.stderr
    result = invoke(["--db", db, "sync", "init", str(tmp_path / "no" / "where"),
                     "--key-out", str(tmp_path / "k")])  # fmt: skip
    assert result.exit_code == 2 and "FOLDER: must be" in result.stderr
    assert not (tmp_path / "k").exists()
    result = invoke(["--db", db, "sync", "join", str(tmp_path), "--key-file",
                     str(tmp_path / "missing.key")])  # fmt: skip
    assert result.exit_code == 2 and "--key-file: must be a readable file" in result.stderr


def test_the_installed_command_syncs_without_typer(tmp_path: Path) -> None:
    """`ketajournal sync` takes the quick path: no Typer (nor its pydantic) is imported."""
    folder = tmp_path / "Sync"
    folder.mkdir()
    db = tmp_path / "kj.db"
    kj = str(Path(sys.executable).parent / "ketajournal")  # the installed command
    init = [kj, "--db", str(db), "sync", "init", str(folder), "--key-out", str(tmp_path / "k")]
    subprocess.run(init, check=True, capture_output=True)
    code = (
        "import sys\nfrom ketajournal.cli.hot import dispatch\n"
        f"code = dispatch(['--db', {str(db)!r}, 'sync'])\n"
        "print(code, 'typer' in sys.modules, 'pydantic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "False", "False"]
    assert "synced: sent 0 changes, received 0" in out.stderr
