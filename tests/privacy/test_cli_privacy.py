"""The encryption commands and the passphrase, through the real command line."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ketajournal.storage import files
from tests.cheap_kdf import ketajournal_command
from tests.privacy.support import CANARY, files_containing, sha256
from tests.pty_run import run_in_terminal

pytestmark = pytest.mark.slow  # real processes, each a fresh interpreter

# `python -m ketajournal`, deriving keys with fewer iterations (tests/cheap_kdf.py): each
# command here opens an encrypted journal, some several times, and none checks the count
# (tests/privacy/test_kdf.py checks the real derivation).
KJ = ketajournal_command()


def _env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("KETAJOURNAL_") and k not in ("PYTEST_CURRENT_TEST",)
    }
    env.update(extra)
    return env


def run(db: Path, *args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*KJ, "--db", str(db), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=_env(**env),
        timeout=120,
    )


@pytest.fixture
def secrets_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "secrets"
    folder.mkdir()
    (folder / "pw").write_text("first: 'pass' @ 🙂\n")
    (folder / "new").write_text("second passphrase\n")
    (folder / "bad").write_text("not it\n")
    return folder


@pytest.fixture(scope="module")
def encrypted_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder as three real commands leave it: an entry, a mood, then `encrypt` with
    the passphrase in secrets/pw. Made once; each test gets its own copy (`journal`)."""
    top = tmp_path_factory.mktemp("encrypted")
    home = top / "home"
    home.mkdir()
    (top / "pw").write_text("first: 'pass' @ 🙂\n")  # as secrets_dir's pw
    db = top / "data" / "kj.db"
    private = {"HOME": str(home), "XDG_CONFIG_HOME": str(home), "XDG_DATA_HOME": str(home)}
    assert run(db, "journal", "add", stdin=f"dear diary {CANARY}", **private).returncode == 0
    assert run(db, "mood", "6", **private).returncode == 0
    proc = run(db, "encrypt", KETAJOURNAL_NEW_PASSPHRASE_FILE=str(top / "pw"), **private)
    assert proc.returncode == 0, proc.stderr
    assert "encrypted" in proc.stderr
    return db.parent


@pytest.fixture
def journal(tmp_path: Path, secrets_dir: Path, encrypted_folder: Path) -> Path:
    """This test's copy of `encrypted_folder` (modes kept: 0700 folder, 0600 files)."""
    shutil.copytree(encrypted_folder, tmp_path / "data")
    return tmp_path / "data" / "kj.db"


def test_encrypted_journal_needs_its_passphrase(journal: Path, secrets_dir: Path) -> None:
    assert files.looks_encrypted(journal)
    assert files_containing(journal.parent, CANARY) == []
    locked = run(journal, "journal", "list")
    assert locked.returncode == 1
    assert locked.stderr.count("\n") == 1 and "encrypted" in locked.stderr
    assert "Traceback" not in locked.stderr
    ok = run(
        journal, "journal", "search", CANARY, KETAJOURNAL_PASSPHRASE_FILE=str(secrets_dir / "pw")
    )
    assert ok.returncode == 0 and CANARY in ok.stdout
    for args in (("mood", "7"), ("journal", "list", "--json"), ("plan", "next")):
        proc = run(journal, *args, KETAJOURNAL_PASSPHRASE_FILE=str(secrets_dir / "pw"))
        assert proc.returncode == 0, (args, proc.stderr)
    assert files_containing(journal.parent, CANARY) == []


def test_wrong_passphrase_is_refused_slowly_and_changes_nothing(
    journal: Path, secrets_dir: Path
) -> None:
    before = {p: sha256(p) for p in journal.parent.rglob("*") if p.is_file()}
    bad = str(secrets_dir / "bad")
    for args in (("mood", "5"), ("journal", "list"), ("decrypt",), ("passphrase",)):
        started = time.monotonic()
        proc = run(journal, *args, KETAJOURNAL_PASSPHRASE_FILE=bad,
                   KETAJOURNAL_NEW_PASSPHRASE_FILE=str(secrets_dir / "new"))  # fmt: skip
        assert proc.returncode == 1, (args, proc.stderr)
        assert proc.stderr.count("\n") == 1 and "passphrase does not open" in proc.stderr
        assert time.monotonic() - started >= 1.0  # a wrong guess costs a second
        assert "not it" not in proc.stderr + proc.stdout  # never echoed
    after = {p: sha256(p) for p in journal.parent.rglob("*") if p.is_file()}
    assert after == before


def test_change_the_passphrase_then_decrypt(journal: Path, secrets_dir: Path) -> None:
    pw, new = str(secrets_dir / "pw"), str(secrets_dir / "new")
    assert run(journal, "backup", KETAJOURNAL_PASSPHRASE_FILE=pw).returncode == 0
    proc = run(journal, "passphrase", KETAJOURNAL_PASSPHRASE_FILE=pw,
               KETAJOURNAL_NEW_PASSPHRASE_FILE=new)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "1 backup" in proc.stderr
    assert run(journal, "mood", "5", KETAJOURNAL_PASSPHRASE_FILE=pw).returncode == 1
    assert run(journal, "mood", "5", KETAJOURNAL_PASSPHRASE_FILE=new).returncode == 0
    proc = run(journal, "decrypt", KETAJOURNAL_PASSPHRASE_FILE=new)
    assert proc.returncode == 0, proc.stderr
    assert journal.read_bytes()[:16] == files.SQLITE_HEADER
    listed = run(journal, "journal", "search", CANARY)
    assert listed.returncode == 0 and CANARY in listed.stdout
    again = run(journal, "decrypt")
    assert again.returncode == 2 and "not encrypted" in again.stderr


def test_encrypting_a_symlinked_journal_encrypts_the_file_it_points_to(
    tmp_path: Path, secrets_dir: Path
) -> None:
    """The link stays, the file it names is encrypted, and no file anywhere holds the text."""
    real = tmp_path / "elsewhere" / "kj.db"
    assert run(real, "journal", "add", stdin=f"dear diary {CANARY}").returncode == 0
    link = tmp_path / "data" / "kj.db"
    link.parent.mkdir(mode=0o700)
    link.symlink_to(real)
    assert run(link, "backup").returncode == 0  # beside the link, in data/backups
    proc = run(link, "encrypt", KETAJOURNAL_NEW_PASSPHRASE_FILE=str(secrets_dir / "pw"))
    assert proc.returncode == 0, proc.stderr
    assert "1 backup" in proc.stderr
    assert link.is_symlink() and link.resolve() == real
    assert files.looks_encrypted(real)
    assert files_containing(tmp_path, CANARY) == []
    pw = str(secrets_dir / "pw")
    found = run(link, "journal", "search", CANARY, KETAJOURNAL_PASSPHRASE_FILE=pw)
    assert found.returncode == 0 and CANARY in found.stdout
    doctor = run(link, "doctor", KETAJOURNAL_PASSPHRASE_FILE=pw)
    assert doctor.returncode == 0, doctor.stderr
    assert "encryption   on" in doctor.stdout


def test_a_backup_on_another_passphrase_is_named_and_reported(
    tmp_path: Path, journal: Path, secrets_dir: Path
) -> None:
    pw, new = str(secrets_dir / "pw"), str(secrets_dir / "new")
    assert run(journal, "backup", KETAJOURNAL_PASSPHRASE_FILE=pw).returncode == 0
    # A backup made under a passphrase the journal no longer has (an older change).
    stranger = tmp_path / "other" / "kj.db"
    assert run(stranger, "mood", "4").returncode == 0
    assert run(stranger, "encrypt", KETAJOURNAL_NEW_PASSPHRASE_FILE=str(secrets_dir / "bad"))
    foreign = journal.parent / "backups" / "ketajournal-backup-20200101T000000.db"
    shutil.copy(stranger, foreign)
    proc = run(journal, "passphrase", KETAJOURNAL_PASSPHRASE_FILE=pw,
               KETAJOURNAL_NEW_PASSPHRASE_FILE=new)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "and 1 backup beside it" in proc.stderr
    assert f"the backup {foreign} was not re-encrypted" in proc.stderr
    doctor = run(journal, "doctor", KETAJOURNAL_PASSPHRASE_FILE=new)
    assert doctor.returncode == 1
    assert f"problem: backup {foreign} does not open with the journal's passphrase" in (
        doctor.stderr
    )
    assert "Traceback" not in proc.stderr + doctor.stderr


def test_encrypting_twice_or_nothing_is_a_clear_refusal(tmp_path: Path, journal: Path) -> None:
    proc = run(journal, "encrypt")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "journal" in proc.stderr
    missing = run(tmp_path / "none" / "kj.db", "encrypt")
    assert missing.returncode == 1 and "no journal here" in missing.stderr
    assert not (tmp_path / "none").exists()


def test_new_passphrase_must_be_typed_or_named(tmp_path: Path) -> None:
    db = tmp_path / "kj.db"
    assert run(db, "mood", "5").returncode == 0
    before = sha256(db)
    proc = run(db, "encrypt")  # no terminal, no file
    assert proc.returncode == 2 and "new passphrase" in proc.stderr
    empty = tmp_path / "empty"
    empty.write_text("\n")
    proc = run(db, "encrypt", KETAJOURNAL_NEW_PASSPHRASE_FILE=str(empty))
    assert proc.returncode == 2 and "passphrase: must be non-empty" in proc.stderr
    assert sha256(db) == before and not files.looks_encrypted(db)


def test_a_missing_keyring_never_crashes(journal: Path, secrets_dir: Path) -> None:
    try:
        import keyring  # noqa: F401

        pytest.skip("a keyring package is installed here; this checks the missing case")
    except ImportError:
        pass
    pw = str(secrets_dir / "pw")
    proc = run(journal, "passphrase", "--remember", KETAJOURNAL_PASSPHRASE_FILE=pw)
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1
    assert "keyring" in proc.stderr and "Traceback" not in proc.stderr
    assert not journal.with_name("kj.db.keyring").exists()
    # a marker left from another machine: one warning, then the usual question
    journal.with_name("kj.db.keyring").write_text("in the keyring\n")
    proc = run(journal, "mood", "5")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert "keyring is not available" in lines[0] and "encrypted" in lines[1]
    assert run(journal, "mood", "5", KETAJOURNAL_PASSPHRASE_FILE=pw).returncode == 0


def test_the_passphrase_is_asked_once_in_a_terminal_and_not_echoed(
    journal: Path, secrets_dir: Path
) -> None:
    passphrase = (secrets_dir / "pw").read_text().strip()
    code, text = run_in_terminal(
        [*KJ, "--db", str(journal), "mood", "7"],
        _env(),
        [("Passphrase for kj.db:", passphrase.encode() + b"\r")],
    )
    assert code == 0, text
    assert "Mood 7/10 logged" in text
    assert passphrase not in text and "pass" not in text.split("Passphrase for kj.db:")[1]


def test_doctor_reports_encryption_and_what_lies_beside_it(
    journal: Path, secrets_dir: Path, tmp_path: Path
) -> None:
    pw = str(secrets_dir / "pw")
    proc = run(journal, "doctor", KETAJOURNAL_PASSPHRASE_FILE=pw)
    assert proc.returncode == 0, proc.stderr
    assert "encryption   on" in proc.stdout
    # a plain copy of the journal left in the backups folder is a problem
    plain = tmp_path / "plain.db"
    assert run(plain, "mood", "5").returncode == 0
    (journal.parent / "backups").mkdir(exist_ok=True)
    shutil.copy(plain, journal.parent / "backups" / "old-copy.db")
    (journal.parent / "ketajournal-export.json").write_text('{"body": "in clear"}')
    os.chmod(journal.parent, 0o755)  # (the journal file itself is tightened on every open)
    proc = run(journal, "doctor", "--json", KETAJOURNAL_PASSPHRASE_FILE=pw)
    assert proc.returncode == 1
    import json

    report = json.loads(proc.stdout)
    assert report["encrypted"] is True
    assert report["plain_backups"] == [str(journal.parent / "backups" / "old-copy.db")]
    assert report["loose_files"] == [str(journal.parent / "ketajournal-export.json")]
    assert any("NOT encrypted" in p for p in report["problems"])
    assert any("0755" in p for p in report["problems"])
    proc = run(journal, "doctor", "--fix", KETAJOURNAL_PASSPHRASE_FILE=pw)
    assert "tightened the mode of" in proc.stderr
    assert journal.parent.stat().st_mode & 0o777 == 0o700
    assert (journal.parent / "ketajournal-export.json").exists()  # --fix never deletes


@pytest.mark.parametrize(
    "args",
    [
        ["export", "summary", "--format", "pdf", "--out", "s.pdf"],
        ["export", "data", "--out", "all.json"],
        ["backup"],
    ],
    ids=["summary", "data", "backup"],
)
def test_no_progress_bar_over_the_passphrase_prompt(
    journal: Path, secrets_dir: Path, args: list[str]
) -> None:
    """The journal (and its passphrase) comes first; a bar may only start afterwards."""
    passphrase = (secrets_dir / "pw").read_text().strip()
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(journal.parent)
        os.execve(sys.executable, [*KJ, "--db", str(journal), *args], _env())
    seen, sent, waited = b"", False, False
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        if not sent and b"Passphrase for kj.db:" in seen:
            if not waited:  # long past the bar's delay: it would be drawn by now
                time.sleep(1.0)
                waited = True
                continue
            assert b"Writing" not in seen and b"Exporting" not in seen and b"Backing" not in seen
            os.write(fd, passphrase.encode() + b"\r")
            sent = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert sent and os.waitstatus_to_exitcode(status) == 0, seen.decode(errors="replace")
