"""Hostile input through the real command: bytes that are not UTF-8 in arguments, times
outside what any part can handle, endless files, deeply nested or broken imports. Each is
one line and exit 2, no traceback, nothing written; and a journal an older version wrote
an out-of-range time into still opens, lists, shows and deletes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ketajournal.storage.dbapi import sqlite
from tests.cli.support import run_process, seed, snapshot

TIME_RANGE = "a date and time from 1900 to 2200"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seeded") / "kj.db"
    seed(path)
    return path


@pytest.fixture
def db(template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "data" / "kj.db"
    copy.parent.mkdir(mode=0o700)
    shutil.copy(template, copy)
    return copy


def _run(db: Path, *args: str | bytes, stdin: object = None, **env: str) -> tuple[int, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "ketajournal", "--db", str(db), *args],
        stdin=subprocess.DEVNULL if stdin is None else stdin,
        capture_output=True,
        timeout=120,
        env={**{k: v for k, v in __import__("os").environ.items()}, **env},
        check=False,
    )
    return proc.returncode, proc.stderr.decode("utf-8", "replace")


def _assert_refused(db: Path, args: list[str | bytes], field: str, allowed: str, **kw: object):
    before = snapshot(db)
    code, stderr = _run(db, *args, **kw)  # type: ignore[arg-type]
    assert code == 2, stderr
    assert "Traceback" not in stderr
    assert stderr.count("\n") == 1 and stderr.startswith(f"ketajournal: {field}: "), stderr
    assert allowed in stderr, stderr
    assert snapshot(db) == before


@pytest.mark.parametrize(
    ("args", "field", "allowed"),
    [
        (["journal", "add", "--title", b"\xff", "--file", "/etc/hostname"], "title", "UTF-8"),
        (["journal", "add", "--tag", b"ok\xfe", "--file", "/etc/hostname"], "tag", "UTF-8"),
        (["journal", "add", "--at", "-999999999d", "--file", "/etc/hostname"], "at", TIME_RANGE),
        (["journal", "add", "--at", "0999-01-01T00:00Z", "--file", "/etc/hostname"], "at",
         TIME_RANGE),
        (["mood", "5", "--at", "-400000d"], "at", TIME_RANGE),
        (["journal", "add", "--file", "/dev/zero"], "body", "at most 1000000 characters"),
        (["mood", "5", "--note-file", "/dev/zero"], "note", "at most 1000000 characters"),
        (["contact", "add", b"S\xffam", "--role", "support"], "name", "UTF-8"),
    ],
    ids=repr,
)  # fmt: skip
def test_refused_in_one_line_by_the_real_command(
    db: Path, args: list[str | bytes], field: str, allowed: str
) -> None:
    _assert_refused(db, args, field, allowed)


def test_endless_standard_input_is_refused_at_the_limit(db: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        _assert_refused(db, ["journal", "add"], "body", "at most 1000000", stdin=zero)


def test_an_endless_passphrase_file_is_refused(db: Path, tmp_path: Path) -> None:
    key = tmp_path / "key"
    key.write_text("a passphrase\n")
    assert _run(db, "encrypt", KETAJOURNAL_NEW_PASSPHRASE_FILE=str(key))[0] == 0
    before = {p: p.read_bytes() for p in db.parent.rglob("*") if p.is_file()}
    code, stderr = _run(db, "mood", "5", KETAJOURNAL_PASSPHRASE_FILE="/dev/zero")
    assert code == 2 and stderr.count("\n") == 1, stderr
    assert stderr.startswith("ketajournal: passphrase: ") and "at most 65536 bytes" in stderr
    assert {p: p.read_bytes() for p in db.parent.rglob("*") if p.is_file()} == before


def _export(db: Path) -> dict:
    proc = run_process("--db", str(db), "export", "data")
    assert proc.returncode == 0
    return json.loads(proc.stdout)


@pytest.mark.parametrize(
    ("make", "allowed"),
    [
        (lambda doc: "[" * 100_000 + "]" * 100_000, "nested less deeply"),
        (lambda doc: json.dumps(doc).replace('"Ask about nausea"', '"Ask \\ud800 nausea"'),
         "question #1 (id "),
        (lambda doc: json.dumps(doc).replace('"Ask about nausea"', '"' + "q" * 5001 + '"'),
         "text: must be at most 5000 characters"),
    ],
    ids=["nested", "lone-surrogate", "too-long"],
)  # fmt: skip
def test_a_broken_import_is_one_line(db: Path, tmp_path: Path, make, allowed: str) -> None:
    source = tmp_path / "in.json"
    source.write_text(make(_export(db)))
    before = snapshot(db)
    code, stderr = _run(db, "import", str(source))
    assert code == 2, stderr
    assert "Traceback" not in stderr and stderr.count("\n") == 1 and allowed in stderr, stderr
    assert snapshot(db) == before


def test_a_time_an_older_version_wrote_out_of_range_never_bricks_the_journal(db: Path) -> None:
    """Older versions stored year 999 as `999-01-01 ...` and could not read it back."""
    code, _ = _run(db, "journal", "add", "--file", "/etc/hostname")
    assert code == 0
    conn = sqlite.connect(str(db))
    conn.execute(
        "UPDATE journal_entry SET written_at = '999-01-01 00:00:00.000000' "
        "WHERE id = (SELECT id FROM journal_entry ORDER BY created_at DESC LIMIT 1)"
    )
    conn.commit()
    (entry_id,) = conn.execute(
        "SELECT id FROM journal_entry WHERE written_at LIKE '999-%'"
    ).fetchone()
    conn.close()
    for args in (["journal", "list"], ["journal", "show", entry_id[:8]], ["export", "data"]):
        code, stderr = _run(db, *args)
        assert code == 0 and "Traceback" not in stderr, (args, stderr)
    code, stderr = _run(db, "journal", "delete", entry_id[:8], "--yes")
    assert code == 0, stderr
    code, _ = _run(db, "journal", "show", entry_id[:8])
    assert code == 2
