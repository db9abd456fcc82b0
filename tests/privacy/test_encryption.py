"""Encryption at rest: SQLCipher journals, converted safely, unreadable without the key."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.errors import LockedError, StorageError, WrongPassphraseError
from ketajournal.factory import change_encryption, is_encrypted, open_service
from ketajournal.service import backups, transfer
from ketajournal.storage import files
from ketajournal.storage.dbapi import connect
from ketajournal.storage.schema import HEAD_REVISION
from tests.cheap_kdf import cheap_kdf
from tests.privacy.support import CANARY, files_containing, sha256, write_canary_everywhere

KEY = "correct horse: 'battery' @staple \"🙂\""


@pytest.fixture(scope="module", autouse=True)
def fewer_kdf_iterations() -> Iterator[None]:
    """These tests open each journal and its backups many times, each open a key derivation
    (about 0.13 s with SQLCipher's 256,000 iterations: 15 of this module's 18 s). What they
    check does not depend on the count (tests/cheap_kdf.py); test_kdf.py keeps the real
    derivation honest."""
    with cheap_kdf():
        yield


@pytest.fixture
def journal(db_path: Path, clock: FixedClock) -> Path:
    svc = open_service(db_path, clock)
    write_canary_everywhere(svc)
    backups.backup(svc.store, clock.now())  # a plain backup, made before encrypting
    svc.close()
    return db_path


def _counts(path: Path, key: str | None, clock: FixedClock) -> dict[str, int]:
    svc = open_service(path, clock, key=key)
    try:
        return dict(svc.health().counts)
    finally:
        svc.close()


def test_encrypt_keeps_everything_and_leaves_nothing_readable(
    journal: Path, clock: FixedClock
) -> None:
    before = _counts(journal, None, clock)
    converted, left = change_encryption(journal, None, KEY)
    assert len(converted) == 1 and left == []  # the plain backup was encrypted too
    assert is_encrypted(journal)
    assert journal.read_bytes()[:16] != files.SQLITE_HEADER
    assert _counts(journal, KEY, clock) == before
    svc = open_service(journal, clock, key=KEY)
    try:
        assert [h.kind for h in svc.journal.search(CANARY)]  # the search index came along
        svc.journal.add(f"written after {CANARY}")
        svc.checkins.mood(4, note=f"later {CANARY}")
        # WAL and SHM while the journal is open and has just been written to
        assert files_containing(journal.parent, CANARY) == []
    finally:
        svc.close()
    assert files_containing(journal.parent, CANARY) == []
    assert not list(journal.parent.glob(".*old*")) and not list(journal.parent.glob(".*conv*"))


def test_decrypt_brings_back_a_plain_journal(journal: Path, clock: FixedClock) -> None:
    before = _counts(journal, None, clock)
    change_encryption(journal, None, KEY)
    change_encryption(journal, KEY, None)
    assert journal.read_bytes()[:16] == files.SQLITE_HEADER
    assert _counts(journal, None, clock) == before
    backup = next((journal.parent / "backups").glob("*.db"))
    assert backup.read_bytes()[:16] == files.SQLITE_HEADER


def test_a_new_passphrase_replaces_the_old_one_everywhere(journal: Path, clock: FixedClock) -> None:
    change_encryption(journal, None, KEY)
    change_encryption(journal, KEY, "a new one")
    with pytest.raises(WrongPassphraseError):
        open_service(journal, clock, key=KEY)
    assert _counts(journal, "a new one", clock)["journal entries"] == 1
    backup = next((journal.parent / "backups").glob("*.db"))
    with pytest.raises(WrongPassphraseError):
        connect(str(backup), KEY)
    connect(str(backup), "a new one").close()


def test_a_wrong_passphrase_changes_nothing(journal: Path, clock: FixedClock) -> None:
    change_encryption(journal, None, KEY)
    before = {p.name: sha256(p) for p in journal.parent.iterdir() if p.is_file()}
    with pytest.raises(WrongPassphraseError) as caught:
        open_service(journal, clock, key="not it")
    assert "passphrase does not open" in str(caught.value)
    with pytest.raises(LockedError):
        open_service(journal, clock)
    with pytest.raises(WrongPassphraseError):
        change_encryption(journal, "not it", "x")
    after = {p.name: sha256(p) for p in journal.parent.iterdir() if p.is_file()}
    assert after == before


def test_the_standard_library_cannot_read_it(journal: Path) -> None:
    change_encryption(journal, None, KEY)
    code = (
        "import sqlite3, sys\n"
        "try:\n"
        "    sqlite3.connect(sys.argv[1]).execute('SELECT * FROM journal_entry').fetchall()\n"
        "except sqlite3.DatabaseError as exc:\n"
        "    print('refused:', exc)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(journal)], capture_output=True, text=True, timeout=60
    )
    assert proc.stdout.startswith("refused: file is not a database"), proc.stdout + proc.stderr


@pytest.mark.parametrize(
    "passphrase",
    [
        'it\'s "quoted"',
        "colon:at@slash/percent%",
        "emoji 🙂🔒",
        unicodedata.normalize("NFD", "café-été"),
        "'; DROP TABLE plan; --",
        " leading and trailing ",
    ],
)
def test_awkward_passphrases_work(db_path: Path, clock: FixedClock, passphrase: str) -> None:
    open_service(db_path, clock).close()
    change_encryption(db_path, None, passphrase)
    svc = open_service(db_path, clock, key=passphrase)  # the full (SQLAlchemy) store
    svc.journal.add("hello")
    svc.close()
    # NFD typed, NFC stored: the same passphrase, whichever way the é was typed
    nfc = unicodedata.normalize("NFC", passphrase)
    assert _counts(db_path, nfc, clock)["journal entries"] == 1


def test_empty_passphrase_is_refused_and_nothing_changes(db_path: Path, clock: FixedClock) -> None:
    open_service(db_path, clock).close()
    before = sha256(db_path)
    with pytest.raises(Exception, match="passphrase"):
        change_encryption(db_path, None, "")
    assert sha256(db_path) == before and not is_encrypted(db_path)


def test_backups_of_an_encrypted_journal_are_encrypted_with_its_key(
    db_path: Path, clock: FixedClock
) -> None:
    write_canary_everywhere(svc := open_service(db_path, clock))
    svc.close()
    change_encryption(db_path, None, KEY)
    svc = open_service(db_path, clock, key=KEY)
    result = backups.backup(svc.store, clock.now())
    svc.close()
    assert result.path.read_bytes()[:16] != files.SQLITE_HEADER
    assert CANARY.encode() not in result.path.read_bytes()
    with pytest.raises(WrongPassphraseError):
        connect(str(result.path), "not it")
    copy = connect(str(result.path), KEY)
    assert copy.execute("SELECT count(*) FROM journal_entry").fetchone()[0] == 1
    copy.close()
    # and it restores into the encrypted journal
    svc = open_service(db_path, clock, key=KEY)
    svc.journal.add("after the backup")
    aside = backups.restore(svc.store, result.path, clock.now())
    assert len(svc.journal.page().items) == 1
    svc.close()
    assert aside.read_bytes()[:16] != files.SQLITE_HEADER


def test_an_encrypted_empty_database_of_another_program_is_refused_untouched(
    tmp_path: Path, clock: FixedClock
) -> None:
    # An encrypted, empty database (no schema): not a journal, even with the right key.
    # (Migrating an encrypted journal: test_a_journal_at_0001_is_migrated_...)
    path = tmp_path / "kj.db"
    files.create_private_file(path)
    conn = connect(str(path), None)
    conn.execute(f"ATTACH DATABASE '{tmp_path / 'enc.db'}' AS enc KEY 'k'")
    conn.execute("CREATE TABLE enc.placeholder (x)")
    conn.execute("DROP TABLE enc.placeholder")
    conn.close()
    enc = tmp_path / "enc.db"
    assert files.looks_encrypted(enc)
    before = sha256(enc)
    with pytest.raises(StorageError, match="not a ketajournal journal"):
        open_service(enc, clock, key="k")
    assert sha256(enc) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["enc.db", "kj.db"]


def test_converting_refuses_while_the_journal_is_open(db_path: Path, clock: FixedClock) -> None:
    open_service(db_path, clock).close()
    other = open_service(db_path, clock)  # another program, e.g. the app
    try:
        before = sha256(db_path)
        with pytest.raises(StorageError, match="open in another program"):
            change_encryption(db_path, None, KEY)
        assert sha256(db_path) == before and not is_encrypted(db_path)
        other.journal.add("still works")
    finally:
        other.close()
    assert [p.name for p in db_path.parent.iterdir() if p.name.startswith(".")] == []


def test_no_plaintext_in_the_temporary_folder(
    db_path: Path, clock: FixedClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setenv("SQLITE_TMPDIR", str(temp))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    svc = open_service(db_path, clock)
    write_canary_everywhere(svc)
    svc.close()
    change_encryption(db_path, None, KEY)
    svc = open_service(db_path, clock, key=KEY)
    svc.journal.search(CANARY)
    data = transfer.export_json(svc.store, clock.now())
    svc.close()
    assert CANARY.encode() in data  # the export itself is plain, in memory only
    assert files_containing(temp, CANARY) == []
    assert files_containing(db_path.parent, CANARY) == []


def test_every_record_kind_holds_the_canary(db_path: Path, clock: FixedClock) -> None:
    """The canary tests above are only as good as this: every table has it in clear."""
    svc = open_service(db_path, clock)
    write_canary_everywhere(svc)
    document = transfer.export_document(svc.store, clock.now())
    svc.close()
    kinds = {table for table, rows in document["records"].items() if CANARY in str(rows)}
    expected = set(transfer.RECORD_TYPES) - {"schedule_phase"}  # the one without free text
    assert kinds >= expected, expected - kinds
    assert issubclass(transfer.RECORD_TYPES["journal_entry"], m.JournalEntry)


@pytest.mark.parametrize("key", [None, KEY], ids=["plain", "encrypted"])
def test_a_journal_at_0001_is_migrated_with_a_backup_in_the_same_state(
    db_path: Path, clock: FixedClock, key: str | None
) -> None:
    svc = open_service(db_path, clock)
    svc.journal.add(f"kept across the upgrade {CANARY}")
    svc.close()
    if key is not None:
        change_encryption(db_path, None, key)
    conn = connect(str(db_path), key)  # back to 0001, as the downgrades of 0004 to 0002 do
    conn.execute("DROP TABLE sync_state")
    conn.execute("DROP TABLE sync_version")
    conn.execute("ALTER TABLE question DROP COLUMN share_level")
    conn.execute('ALTER TABLE "plan" DROP COLUMN bp_limit_systolic')
    conn.execute('ALTER TABLE "plan" DROP COLUMN bp_limit_diastolic')
    conn.execute("INSERT INTO search_index(search_index, rank) VALUES ('secure-delete', 0)")
    conn.execute("UPDATE alembic_version SET version_num = '0001_initial'")
    conn.commit()
    conn.close()

    svc = open_service(db_path, clock, key=key)  # the store migrates it
    try:
        health = svc.health()
        assert health.schema_revision == health.head_revision == HEAD_REVISION
        assert svc.store.migration_backup is not None
        backup = Path(svc.store.migration_backup)
        assert [h.kind for h in svc.journal.search(CANARY)] == ["journal"]
    finally:
        svc.close()

    assert backup.name.startswith("pre-migration-0001_initial-")
    assert files.looks_encrypted(backup) == (key is not None)
    copy = connect(str(backup), key)
    assert copy.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001_initial"
    copy.close()
    if key is not None:
        assert files_containing(db_path.parent, CANARY) == []
