"""A full disk and a read-only file system: one line naming the cause and what to do, exit 1,
nothing changed; reading, `export data` and `doctor` keep working (the journal is opened
read only); and once there is room again, the same command works."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.cli.support import run_process
from tests.small_disk import fill, read_only, small_disk, writable

WRITES = [
    (["journal", "add", "--file", "-"], b"a new entry"),
    (["mood", "3"], None),
    (["question", "add"], b"a question"),
    (["backup"], None),
    (["settings", "set", "sip_minutes", "20"], None),
]
READS = [
    ["journal", "list"],
    ["journal", "search", "lake"],
    ["plan", "next"],
    ["export", "data"],
    ["export", "data", "--format", "json"],
]


def _digest(folder: Path) -> dict[str, str]:
    """The journal and its backups, byte for byte. (SQLite may leave an empty -wal and a
    stub -shm where it could not make them; they hold nothing.)"""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "filler" and not p.name.endswith(("-wal", "-shm"))
    }


@pytest.fixture
def disk(tmp_path: Path):
    with small_disk(tmp_path / "disk") as mounted:
        db = mounted / "kj.db"
        assert run_process("--db", str(db), "journal", "add", input=b"by the lake").returncode == 0
        assert run_process("--db", str(db), "mood", "6").returncode == 0
        yield db


def _one_line(proc, cause: str) -> None:
    stderr = proc.stderr.decode()
    assert proc.returncode == 1, stderr
    assert "Traceback" not in stderr and stderr.count("\n") == 1, stderr
    assert cause in stderr and "nothing was changed" in stderr, stderr


@pytest.mark.parametrize(("args", "stdin"), WRITES, ids=[" ".join(a) for a, _ in WRITES])
def test_a_full_disk_is_one_line_and_changes_nothing(disk: Path, args, stdin) -> None:
    filler = fill(disk.parent)
    before = _digest(disk.parent)
    proc = run_process("--db", str(disk), *args, input=stdin)
    _one_line(proc, "the disk is full; free some space and try again")
    assert _digest(disk.parent) == before
    assert all(p.stat().st_size == 0 for p in disk.parent.glob("*-wal"))
    filler.unlink()  # room again: the same command works
    again = run_process("--db", str(disk), *args, input=stdin)
    assert again.returncode == 0, again.stderr


def test_reading_exporting_and_doctor_work_on_a_full_disk(disk: Path) -> None:
    fill(disk.parent)
    before = _digest(disk.parent)
    for args in READS:
        proc = run_process("--db", str(disk), *args)
        assert proc.returncode == 0, (args, proc.stderr)
        assert b"Traceback" not in proc.stderr
    exported = json.loads(run_process("--db", str(disk), "export", "data").stdout)
    assert len(exported["records"]["journal_entry"]) == 1
    doctor = run_process("--db", str(disk), "doctor")
    assert doctor.returncode == 1  # it reports the problem, in one line
    assert "problem: the journal could only be opened read only: the disk is full" in (
        doctor.stderr.decode()
    )
    assert b"Traceback" not in doctor.stderr
    assert _digest(disk.parent) == before


def test_a_read_only_file_system_is_one_line_and_still_readable(disk: Path) -> None:
    before = _digest(disk.parent)
    read_only(disk.parent)
    try:
        proc = run_process("--db", str(disk), "mood", "4")
        _one_line(proc, "cannot be written (a read-only file system, or permissions)")
        listed = run_process("--db", str(disk), "journal", "list")
        assert listed.returncode == 0 and b"by the lake" in listed.stdout
        exported = run_process("--db", str(disk), "export", "data")
        assert exported.returncode == 0 and b"by the lake" in exported.stdout
        new = run_process("--db", str(disk.parent / "new" / "kj.db"), "mood", "4")
        assert new.returncode == 1 and new.stderr.count(b"\n") == 1, new.stderr
        assert b"read-only file system" in new.stderr and b"Traceback" not in new.stderr
        out = run_process("--db", str(disk), "export", "data", "--out", str(disk.parent / "x"))
        assert out.returncode == 1 and out.stderr.count(b"\n") == 1, out.stderr
        assert b"read-only file system" in out.stderr
    finally:
        writable(disk.parent)
    assert _digest(disk.parent) == before
