"""A database path holding anything but a ketajournal database is refused and left untouched."""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ketajournal.errors import StorageError
from ketajournal.storage.store import open_store

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(4096).randbytes(1000))  # not whole pages


def _random_pages(path: Path) -> None:
    # Whole pages of random bytes look exactly like an encrypted journal: only a key could
    # tell them apart, so the refusal asks for one (and touches nothing).
    path.write_bytes(random.Random(4096).randbytes(4096))


def _directory(path: Path) -> None:
    path.mkdir()
    (path / "notes.txt").write_text("keep me\n")


def _dangling_link(path: Path) -> None:
    path.symlink_to(path.parent / "missing-target.db")


def _foreign_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO recipes (name) VALUES ('bread')")
    conn.close()


def _empty_sqlite(path: Path) -> None:
    # Another program's database before it made any table: a valid header, no schema.
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 3")
    conn.close()


def _other_application(path: Path) -> None:
    # A database another program marked as its own, with a table named like ours.
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA application_id = 1234")
        conn.execute("CREATE TABLE alembic_version (version_num TEXT)")
        conn.execute("INSERT INTO alembic_version VALUES ('0002_fts_secure_delete')")
    conn.close()


# (how to make it, words the one-line error must contain)
CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "empty-file": (_empty, "empty file"),
    "random-bytes": (_random_bytes, "not an SQLite database"),
    "random-pages": (_random_pages, "the journal is encrypted"),
    "directory": (_directory, "is a directory"),
    "dangling-symlink": (_dangling_link, "dangling symbolic link"),
    "foreign-sqlite": (_foreign_sqlite, "not a ketajournal journal"),
    "empty-sqlite": (_empty_sqlite, "not a ketajournal journal"),
    "other-application": (_other_application, "not a ketajournal journal"),
}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _snapshot(folder: Path) -> dict[str, object]:
    """Everything under `folder`: each entry's kind, and its content hash or link target."""
    found: dict[str, object] = {}
    for root, dirs, names in os.walk(folder):
        for name in dirs + names:
            entry = Path(root) / name
            key = str(entry.relative_to(folder))
            if entry.is_symlink():
                found[key] = ("link", os.readlink(entry), entry.exists())
            elif entry.is_dir():
                found[key] = ("dir",)
            else:
                found[key] = ("file", _sha256(entry), entry.stat().st_size)
    return found


@pytest.fixture(params=sorted(CASES))
def bad_path(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    make, problem = CASES[request.param]
    folder = tmp_path / "case"
    folder.mkdir()
    path = folder / "kj.db"
    make(path)
    return path, problem


def _assert_untouched(path: Path, before: dict[str, object]) -> None:
    assert _snapshot(path.parent) == before
    for suffix in ("-wal", "-shm", "-journal"):
        assert not Path(f"{path}{suffix}").exists()


def test_open_store_refuses_with_one_line_error(bad_path: tuple[Path, str]) -> None:
    path, problem = bad_path
    before = _snapshot(path.parent)

    with pytest.raises(StorageError) as caught:
        open_store(path, NOW)

    message = str(caught.value)
    assert str(path) in message
    assert problem in message
    assert "\n" not in message
    _assert_untouched(path, before)


@pytest.mark.slow
def test_cli_doctor_refuses_without_traceback(bad_path: tuple[Path, str]) -> None:
    path, problem = bad_path
    before = _snapshot(path.parent)

    result = subprocess.run(
        [sys.executable, "-m", "ketajournal", "--db", str(path), "doctor"],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )

    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0]
    assert problem in lines[0]
    _assert_untouched(path, before)
