"""`export data`, `import`, `backup` and `restore` on the command line (in-process and real)."""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from ketajournal.service.transfer import RECORD_TYPES
from ketajournal.storage.dbapi import sqlite as sqlite3  # the one SQLite in this process
from ketajournal.storage.schema import HEAD_REVISION
from ketajournal.text import WHOLE_EXPORT
from tests.cli.conftest import Invoke
from tests.cli.support import (
    Journal,
    assert_one_line_error,
    record_counts,
    rows,
    run_process,
    seed,
    snapshot,
)

TITLE = '=HYPERLINK("x")'


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A journal with one of everything and a formula-looking title, made once."""
    path = tmp_path_factory.mktemp("template") / "kj.db"
    seed(path)
    from ketajournal.factory import open_service

    svc = open_service(path)
    try:
        svc.journal.add("-- a dash first", title=TITLE, tags=["formula"])
    finally:
        svc.close()
    return path


@pytest.fixture(scope="module")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ketajournal.factory import open_service

    path = tmp_path_factory.mktemp("empty") / "kj.db"
    open_service(path).close()
    return path


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def copy_of(
    template: Path, empty_template: Path, tmp_path: Path, invoke: Invoke
) -> Callable[..., Journal]:
    def make(name: str, *, empty: bool = False) -> Journal:
        folder = tmp_path / name
        folder.mkdir(mode=0o700)
        path = folder / "kj.db"
        shutil.copy(empty_template if empty else template, path)
        os.chmod(path, 0o600)
        return Journal(invoke, path)

    return make


@pytest.fixture
def kj(copy_of: Callable[[str], Journal]) -> Journal:
    return copy_of("main")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def export(j: Journal) -> dict[str, Any]:
    return json.loads(j.ok("export", "data", "--format", "json").stdout)


# -- export data ----------------------------------------------------------------------------


def test_export_json_prints_every_record_on_stdout(kj: Journal) -> None:
    result = kj.ok("export", "data", "--format", "json")
    assert result.stderr == WHOLE_EXPORT + "\n"  # stdout is the document alone
    doc = json.loads(result.stdout)
    assert doc["format"] == "ketajournal-export" and doc["schema"] == HEAD_REVISION
    counts = record_counts(kj.path)
    for table, cls in RECORD_TYPES.items():
        assert len(doc["records"][table]) == counts[cls.__name__], table
    titles = [e["title"] for e in doc["records"]["journal_entry"]]
    assert TITLE in titles  # JSON is full fidelity: nothing is neutralised
    assert (
        kj.ok("export", "data").stdout.split('"records"')[1] == result.stdout.split('"records"')[1]
    )  # json is the default


@pytest.mark.usefixtures("umask_022")
def test_export_to_a_file_is_private_and_never_replaces_silently(
    kj: Journal, tmp_path: Path
) -> None:
    target = tmp_path / "export.json"
    result = kj.ok("export", "data", "--format", "json", "--out", str(target))
    assert result.stdout == ""
    assert re.fullmatch(
        r"ketajournal: exported \d+ records to .*export\.json\n" + re.escape(WHOLE_EXPORT) + "\n",
        result.stderr,
    )
    assert mode(target) == 0o600
    assert json.loads(target.read_bytes())["format"] == "ketajournal-export"
    target.write_bytes(b"precious")
    refused = kj("export", "data", "--out", str(target))
    assert refused.exit_code == 2
    assert_one_line_error(refused.stderr, "out", "a new file (it exists; add --force")
    assert target.read_bytes() == b"precious"
    kj.ok("export", "data", "--out", str(target), "--force")
    assert json.loads(target.read_bytes())["format"] == "ketajournal-export"
    assert mode(target) == 0o600


@pytest.mark.usefixtures("umask_022")
def test_a_link_at_the_target_is_replaced_not_followed(kj: Journal, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"untouched")
    victim_dir = tmp_path / "victim-dir"
    victim_dir.mkdir()
    (victim_dir / "keep.txt").write_bytes(b"untouched")
    cases = [
        ("link.json", victim, ["--format", "json"]),
        ("link.zip", victim, ["--format", "csv"]),
        ("link-folder", victim_dir, ["--format", "csv"]),
        ("link-backup.db", victim, None),
    ]
    for name, points_to, args in cases:
        link = tmp_path / name
        link.symlink_to(points_to)
        if args is None:
            refused = kj("backup", "--out", str(link))
            kj.ok("backup", "--out", str(link), "--force")
        else:
            refused = kj("export", "data", *args, "--out", str(link))
            kj.ok("export", "data", *args, "--out", str(link), "--force")
        assert refused.exit_code == 2, name
        assert not link.is_symlink(), name
        assert mode(link) == (0o700 if link.is_dir() else 0o600), name
    assert victim.read_bytes() == b"untouched"
    assert sorted(p.name for p in victim_dir.iterdir()) == ["keep.txt"]


@pytest.mark.usefixtures("umask_022")
def test_csv_folder_and_zip_hold_one_neutralised_file_per_table(
    kj: Journal, tmp_path: Path
) -> None:
    folder, archive = tmp_path / "csv", tmp_path / "export.zip"
    kj.ok("export", "data", "--format", "csv", "--out", str(folder))
    kj.ok("export", "data", "--format", "csv", "--out", str(archive))
    names = sorted(f"{t}.csv" for t in RECORD_TYPES)
    assert sorted(p.name for p in folder.iterdir()) == names
    assert mode(folder) == 0o700
    assert {mode(p) for p in folder.iterdir()} == {0o600}
    assert mode(archive) == 0o600
    with zipfile.ZipFile(archive) as zipped:
        assert sorted(zipped.namelist()) == names
        assert {i.external_attr >> 16 & 0o777 for i in zipped.infolist()} == {0o600}
        from_zip = zipped.read("journal_entry.csv")
    from_folder = (folder / "journal_entry.csv").read_bytes()
    assert from_zip == from_folder
    entries = list(csv.DictReader(io.StringIO(from_folder.decode("utf-8"), newline="")))
    mine = [e for e in entries if e["tags"] == '["formula"]']
    assert len(mine) == 1
    assert mine[0]["title"] == "'" + TITLE
    assert mine[0]["body"] == "'-- a dash first"
    counts = record_counts(kj.path)
    for table, cls in RECORD_TYPES.items():
        lines = list(csv.reader(io.StringIO((folder / f"{table}.csv").read_text(), newline="")))
        assert len(lines) == counts[cls.__name__] + 1, table


def test_csv_into_an_existing_folder_needs_force_and_leaves_other_files(
    kj: Journal, tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_bytes(b"mine")
    (folder / "plan.csv").write_bytes(b"old")
    refused = kj("export", "data", "--format", "csv", "--out", str(folder))
    assert refused.exit_code == 2
    assert_one_line_error(refused.stderr, "out", "a new folder (it exists; add --force")
    assert (folder / "plan.csv").read_bytes() == b"old"
    kj.ok("export", "data", "--format", "csv", "--out", str(folder), "--force")
    assert (folder / "notes.txt").read_bytes() == b"mine"
    assert (folder / "plan.csv").read_bytes().startswith(b"id,created_at,updated_at,")


@pytest.mark.parametrize(
    ("args", "field", "allowed"),
    [
        (["--format", "xml"], "format", "json or csv (got 'xml')"),
        (["--format", "csv"], "out", "a folder, or a file ending in .zip"),
        (["--out", "/no/such/folder/x.json"], "out", "a path in an existing folder"),
    ],
)
def test_export_mistakes_are_one_line(kj: Journal, args: list[str], field: str, allowed: str):
    result = kj("export", "data", *args)
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, field, allowed)
    assert result.stdout == ""


def test_export_help_documents_the_csv_neutralisation(invoke: Invoke) -> None:
    text = " ".join(invoke(["export", "data", "--help"]).stdout.split())
    assert "begins with = + - @ a tab or a carriage return gets a leading apostrophe" in text


# -- import ---------------------------------------------------------------------------------


def test_import_merges_and_a_second_import_changes_nothing(
    kj: Journal, tmp_path: Path, invoke: Invoke
) -> None:
    exported = tmp_path / "export.json"
    kj.ok("export", "data", "--out", str(exported))
    fresh = Journal(invoke, tmp_path / "new" / "kj.db")
    first = fresh.ok("import", str(exported))
    assert first.stdout == ""
    line = first.stderr.strip()
    assert "\n" not in line
    assert line.startswith(f"ketajournal: imported {exported}: ")
    assert "0 updated" in line and "0 unchanged" in line and "journal_entry 2 added" in line
    assert record_counts(fresh.path) == record_counts(kj.path)
    assert export(fresh)["records"] == export(kj)["records"]
    before = snapshot(fresh.path)
    second = fresh.ok("import", str(exported))
    assert ": 0 added, 0 updated (newer in the file), " in second.stderr
    assert snapshot(fresh.path) == before


def test_import_reads_standard_input(kj: Journal, copy_of: Callable[[str], Journal]) -> None:
    data = kj.ok("export", "data").stdout
    other = copy_of("other")
    other.ok("journal", "add", input="only in the other journal")
    result = other.ok("import", "-", input=data)
    assert "imported standard input: 0 added" in result.stderr
    assert record_counts(other.path)["JournalEntry"] == record_counts(kj.path)["JournalEntry"] + 1


def _first(doc: dict[str, Any], table: str) -> dict[str, Any]:
    return doc["records"][table][0]


BAD_FILES: list[tuple[str, Callable[[dict[str, Any]], Any] | bytes, str]] = [
    ("malformed JSON", b'{"format": "ketajournal-export", ', "must be a JSON document (line 1"),
    ("format marker", lambda d: d.update(format="other-app"), 'format: must be "ketajournal-'),
    ("newer schema", lambda d: d.update(schema="9002_later"), f"must be {HEAD_REVISION} or"),
    ("unknown table", lambda d: d["records"].update(mood=[]), "'mood': must be a known table"),
    (
        "unknown field",
        lambda d: _first(d, "journal_entry").update(colour="blue"),
        "journal_entry #1 (id ",
    ),
    (
        "bad enum value",
        lambda d: _first(d, "contact").update(role="friend"),
        "role: must be one of support, clinician, after-hours, coach, emergency (got 'friend')",
    ),
    (
        "naive time",
        lambda d: _first(d, "mood_checkin").update(at="2026-03-01T08:00:00"),
        "at: must be an ISO 8601 time with a timezone offset",
    ),
    (
        "dangling reference",
        lambda d: _first(d, "dose_step").update(plan_id=str(uuid4())),
        "dose_step #1 (id ",
    ),
    (
        "dangling reference (named)",
        lambda d: _first(d, "dose_step").update(plan_id=str(uuid4())),
        "plan_id: must be the id of a plan in the file or the journal",
    ),
    (
        "mood of 11",
        lambda d: _first(d, "mood_checkin").update(mood=11),
        "mood: must be a whole number from 0 to 10 (got 11)",
    ),
]


@pytest.mark.parametrize(
    ("change", "expected"), [c[1:] for c in BAD_FILES], ids=[c[0] for c in BAD_FILES]
)
def test_a_bad_import_file_writes_nothing_and_names_the_problem(
    kj: Journal,
    copy_of: Callable[[str], Journal],
    tmp_path: Path,
    change: Callable[[dict[str, Any]], Any] | bytes,
    expected: str,
) -> None:
    if isinstance(change, bytes):
        data = change
    else:
        doc = copy.deepcopy(export(kj))
        change(doc)
        data = json.dumps(doc).encode()
    bad = tmp_path / "bad.json"
    bad.write_bytes(data)
    target = copy_of("target", empty=True)  # every record of the file would be added
    target.ok("journal", "add", input="already here")
    before = snapshot(target.path)
    result = target("import", str(bad))
    assert result.exit_code == 2
    line = assert_one_line_error(result.stderr, "import")
    assert expected in line, line
    assert result.stdout == ""
    assert snapshot(target.path) == before


def test_an_unknown_field_is_named_with_table_position_and_id(kj: Journal, tmp_path: Path):
    doc = export(kj)
    entry = doc["records"]["journal_entry"][1]
    entry["colour"] = "blue"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    result = kj("import", str(bad))
    assert result.stderr == (
        f"ketajournal: import: journal_entry #2 (id {entry['id'][:8]}…): colour: must be a "
        "field of journal_entry (id, created_at, updated_at, written_at, body, title, tags, "
        "share_level, session_id)\n"
    )


def test_import_of_a_missing_file_is_one_line(kj: Journal, tmp_path: Path) -> None:
    result = kj("import", str(tmp_path / "absent.json"))
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "import", "a readable file (No such file")


# -- backup -----------------------------------------------------------------------------------


@pytest.mark.usefixtures("umask_022")
def test_backup_goes_to_the_backups_folder_and_keeps_the_newest(kj: Journal) -> None:
    folder = kj.path.parent / "backups"
    made = [Path(kj.ok("backup", "--keep", "2").stdout.strip()) for _ in range(3)]
    for path in made:
        assert path.parent == folder
        assert re.fullmatch(r"ketajournal-backup-\d{8}T\d{6}(-\d+)?\.db", path.name)
    assert sorted(folder.iterdir()) == sorted(made[1:])
    assert mode(folder) == 0o700 and {mode(p) for p in made[1:]} == {0o600}
    assert record_counts(made[-1]) == record_counts(kj.path)
    assert rows(made[-1]) == rows(kj.path)
    result = kj("backup", "--keep", "0")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "keep", "a whole number from 1 to 10000")


def test_backup_to_a_chosen_file(kj: Journal, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    result = kj.ok("backup", "--out", str(target))
    assert result.stdout.strip() == str(target)
    assert rows(target) == rows(kj.path)
    before = target.read_bytes()
    refused = kj("backup", "--out", str(target))
    assert refused.exit_code == 2
    assert_one_line_error(refused.stderr, "out", "a new file (it exists; add --force")
    assert target.read_bytes() == before


# -- restore ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("umask_022")
def test_restore_brings_the_old_content_back_and_keeps_the_journal_aside(
    kj: Journal, tmp_path: Path
) -> None:
    backup = Path(kj.ok("backup").stdout.strip())
    saved = snapshot(kj.path)
    kj.ok("journal", "add", input="written after the backup")
    changed = snapshot(kj.path)
    refused = kj("restore", str(backup))  # no terminal and no --yes
    assert refused.exit_code == 2
    assert_one_line_error(refused.stderr, "confirmation", "--yes when not run from a terminal")
    assert snapshot(kj.path) == changed
    result = kj.ok("restore", str(backup), "--yes")
    aside = Path(result.stdout.strip())
    assert aside.name.startswith("kj.db.before-restore-")
    assert f"restored {backup} into {kj.path}" in result.stderr
    assert snapshot(kj.path) == saved
    assert mode(aside) == 0o600 and mode(kj.path) == 0o600
    assert snapshot(aside) == changed
    assert "written after the backup" not in kj.ok("journal", "search", "written").stdout


def _newer_copy(kj: Journal, path: Path) -> Path:
    kj.ok("backup", "--out", str(path))
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '0099_future'")
    conn.commit()
    conn.close()
    return path


def test_restore_refuses_what_is_not_a_usable_backup(kj: Journal, tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    newer = _newer_copy(kj, tmp_path / "newer.db")
    before = snapshot(kj.path)
    for path, reason in [
        (text, "is not an SQLite database"),
        (newer, "was written by a newer version of ketajournal (schema 0099_future)"),
    ]:
        result = kj("restore", str(path), "--yes")
        assert result.exit_code == 2
        line = assert_one_line_error(
            result.stderr, "restore", "a ketajournal database that passes integrity_check"
        )
        assert reason in line
    assert snapshot(kj.path) == before
    assert not list(kj.path.parent.glob("*before-restore*"))


# -- real processes ---------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.usefixtures("umask_022")
def test_export_piped_into_import_as_real_processes(kj: Journal, tmp_path: Path) -> None:
    exported = run_process("--db", str(kj.path), "export", "data", "--format", "json")
    assert exported.returncode == 0, exported.stderr
    assert exported.stderr == (WHOLE_EXPORT + "\n").encode()
    target = tmp_path / "piped" / "kj.db"
    imported = run_process("--db", str(target), "import", "-", input=exported.stdout)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout == b""
    assert json.loads(exported.stdout)["records"] == export(Journal(kj.invoke, target))["records"]
    bad = run_process("--db", str(target), "import", "-", input=b"[]")
    assert bad.returncode == 2
    assert bad.stderr.decode().count("\n") == 1 and b"Traceback" not in bad.stderr
    made = run_process("--db", str(target), "backup")
    assert made.returncode == 0
    assert mode(Path(made.stdout.decode().strip())) == 0o600


def _restore_on_a_terminal(db: Path, backup: Path, answer: bytes) -> tuple[int, str]:
    primary, secondary = os.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ketajournal", "--db", str(db), "restore", str(backup)],
        stdin=secondary,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    os.close(secondary)
    try:
        os.write(primary, answer)
        _, err = proc.communicate(timeout=60)
    finally:
        os.close(primary)
    return proc.returncode, err.decode()


@pytest.mark.slow
def test_restore_asks_on_a_terminal(kj: Journal) -> None:
    backup = Path(kj.ok("backup").stdout.strip())
    kj.ok("journal", "add", input="after")
    changed = snapshot(kj.path)
    code, err = _restore_on_a_terminal(kj.path, backup, b"n\n")
    assert code == 0, err
    assert "Replace everything in" in err and "Kept the journal as it is." in err
    assert snapshot(kj.path) == changed
    code, err = _restore_on_a_terminal(kj.path, backup, b"y\n")
    assert code == 0, err
    assert "restored" in err
    assert snapshot(kj.path) != changed
