"""`--encrypt` on `export data` and `backup`: age files with a passphrase, only ciphertext.

scrypt makes each encryption and decryption take about a second, so one module fixture
makes every encrypted file once and the tests share them.
"""

from __future__ import annotations

import io
import json
import os
import pty
import select
import shutil
import stat
import time
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyrage
import pytest

from ketajournal import encryption
from ketajournal.encryption import (
    AGE_MAGIC,
    PASSPHRASE_FILE_ENV,
    ask_passphrase_twice,
    encrypt_for_sharing,
    with_age_suffix,
)
from ketajournal.errors import ValidationError
from ketajournal.service.backups import rotated_backups
from tests.cli.conftest import Invoke
from tests.cli.support import Journal, assert_one_line_error, module_invoke, run_process

# scrypt: the module fixture below is made once per worker, so its tests share one worker.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("export-encrypt")]

CANARY = "CANARY-7f3a-plaintext-must-not-leak"
PASSPHRASE = "correct horse café ✓"  # NFC
PASSPHRASE_NFD = unicodedata.normalize("NFD", PASSPHRASE)


@dataclass(frozen=True)
class Made:
    journal: Path
    out: Path
    env: dict[str, str]
    plain_records: dict
    json_age: Path
    zip_age: Path
    backup_age: Path
    stderr: dict[str, str]


def _write_passphrase_file(folder: Path, text: str) -> Path:
    path = folder / "passphrase.txt"
    path.write_text(text + "\n", encoding="utf-8")
    os.chmod(path, 0o600)
    return path


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Made:
    """A journal holding the canary, and its three encrypted exports (made once)."""
    from ketajournal.factory import open_service

    base = tmp_path_factory.mktemp("encrypt")
    journal = base / "journal" / "kj.db"
    journal.parent.mkdir(mode=0o700)
    svc = open_service(journal)
    try:
        svc.journal.add(f"tonight: {CANARY}", title=CANARY)
    finally:
        svc.close()
    secrets = base / "secrets"
    secrets.mkdir(mode=0o700)
    # The file holds the NFD form; the ciphertext must open with the NFC form.
    env = {PASSPHRASE_FILE_ENV: str(_write_passphrase_file(secrets, PASSPHRASE_NFD))}
    out = base / "out"
    out.mkdir(mode=0o700)
    kj = Journal(module_invoke(), journal)

    plain = kj.ok("export", "data", "--format", "json")
    # A script: a real process whose stdin is not a terminal; the env file is the way in.
    script = run_process(
        "--db", str(journal), "export", "data", "--encrypt", "--out", str(out / "export.json"),
        env=env,
    )  # fmt: skip
    assert script.returncode == 0, script.stderr
    stderr = {"json": script.stderr.decode()}
    for name, args in {
        "zip": ("export", "data", "--format", "csv", "--encrypt", "--out", str(out / "t.zip")),
        "backup": ("backup", "--encrypt", "--out", str(out / "backup.db")),
    }.items():
        result = kj(*args, env=env)
        assert result.exit_code == 0, (name, result.stderr)
        stderr[name] = result.stderr
        if name == "backup":
            assert result.stdout.strip() == str(out / "backup.db.age")
    return Made(
        journal=journal,
        out=out,
        env=env,
        plain_records=json.loads(plain.stdout)["records"],
        json_age=out / "export.json.age",
        zip_age=out / "t.zip.age",
        backup_age=out / "backup.db.age",
        stderr=stderr,
    )


@pytest.fixture(scope="module")
def decrypted(made: Made) -> dict[str, bytes]:
    return {
        name: pyrage.passphrase.decrypt(path.read_bytes(), PASSPHRASE)
        for name, path in (
            ("json", made.json_age),
            ("zip", made.zip_age),
            ("backup", made.backup_age),
        )
    }


# -- the files -------------------------------------------------------------------------------


def test_only_age_files_0600_land_in_the_output_folder(made: Made) -> None:
    found = sorted(p.name for p in made.out.iterdir())
    assert found == ["backup.db.age", "export.json.age", "t.zip.age"]  # no temp, no plaintext
    for path in made.out.iterdir():
        assert stat.S_IMODE(path.lstat().st_mode) == 0o600, path
        assert path.read_bytes().startswith(AGE_MAGIC)


def test_no_plaintext_canary_anywhere_in_the_output_folder(made: Made) -> None:
    needle = CANARY.encode()
    for path in made.out.rglob("*"):
        data = path.read_bytes()
        assert needle not in data, path
        assert b'"records"' not in data and b"SQLite format 3" not in data, path


def test_messages_name_the_file_and_say_it_holds_private_text(made: Made) -> None:
    from ketajournal.text import WHOLE_EXPORT

    for kind in ("json", "zip"):
        first, second = made.stderr[kind].splitlines()
        assert first.endswith("open it with: age -d") and second == WHOLE_EXPORT
    assert str(made.json_age) in made.stderr["json"]


# -- round trips -----------------------------------------------------------------------------


def test_json_round_trip_gives_the_export_even_from_a_script(
    made: Made, decrypted: dict[str, bytes]
) -> None:
    document = json.loads(decrypted["json"])
    assert document["format"] == "ketajournal-export"
    assert document["records"] == made.plain_records
    assert CANARY in decrypted["json"].decode()


def test_csv_round_trip_gives_a_zip_of_the_tables(decrypted: dict[str, bytes]) -> None:
    with zipfile.ZipFile(io.BytesIO(decrypted["zip"])) as archive:
        assert archive.testzip() is None
        assert "journal_entry.csv" in archive.namelist()
        assert CANARY in archive.read("journal_entry.csv").decode()


def test_backup_round_trip_gives_the_exact_backup(made: Made, decrypted: dict[str, bytes]) -> None:
    backups = rotated_backups(made.journal.parent / "backups")
    assert backups, "the plain backup stays in the backups folder beside the journal"
    assert decrypted["backup"] == backups[0].read_bytes()  # exact bytes


# -- interop with the age CLI ----------------------------------------------------------------


def _age_decrypt_through_a_pty(source: Path, target: Path, passphrase: str) -> tuple[int, str]:
    """Runs `age -d -o TARGET SOURCE` with a pseudo-terminal as its controlling terminal."""
    age = shutil.which("age")
    assert age
    pid, master = pty.fork()
    if pid == 0:  # the child: the pty is its controlling terminal, where age asks
        try:
            os.execv(age, [age, "-d", "-o", str(target), str(source)])
        finally:
            os._exit(127)
    seen = b""
    sent = False
    deadline = time.monotonic() + 30
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(master, 1024)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
            if not sent and b"passphrase" in seen.lower():
                os.write(master, passphrase.encode() + b"\r")
                sent = True
    finally:
        os.close(master)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), seen.decode("utf-8", "replace")


@pytest.mark.skipif(
    shutil.which("age") is None,
    reason="the age CLI is not installed (Debian: apt-get install age); pyrage round trips "
    "still run",
)
def test_the_age_cli_decrypts_it(made: Made, decrypted: dict[str, bytes], tmp_path: Path) -> None:
    target = tmp_path / "from-age.json"
    code, seen = _age_decrypt_through_a_pty(made.json_age, target, PASSPHRASE)
    assert code == 0, seen
    assert target.read_bytes() == decrypted["json"]


# -- the passphrase --------------------------------------------------------------------------


@pytest.fixture
def fresh(made: Made, tmp_path: Path, invoke: Invoke) -> Journal:
    path = tmp_path / "journal" / "kj.db"
    path.parent.mkdir(mode=0o700)
    shutil.copy(made.journal, path)
    os.chmod(path, 0o600)
    return Journal(invoke, path)


@pytest.fixture
def typed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Pretends standard input is a terminal; getpass returns these answers in turn."""
    answers: list[str] = []
    monkeypatch.delenv(PASSPHRASE_FILE_ENV, raising=False)
    monkeypatch.setattr(encryption, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr(encryption.getpass, "getpass", lambda prompt="": answers.pop(0))
    yield answers


def test_typed_twice_and_matching_is_nfc(typed: list[str]) -> None:
    typed[:] = [PASSPHRASE_NFD, PASSPHRASE]
    assert ask_passphrase_twice() == PASSPHRASE


@pytest.mark.parametrize(
    ("answers", "allowed"),
    [
        (["one passphrase", "another one"], "typed the same twice"),
        (["", ""], "non-empty"),
        (["   ", "   "], "non-empty"),
    ],
)
def test_mismatched_or_empty_passphrase_writes_nothing(
    fresh: Journal, typed: list[str], tmp_path: Path, answers: list[str], allowed: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for args in (
        ("export", "data", "--encrypt", "--out", str(out / "e.json")),
        ("backup", "--encrypt", "--out", str(out / "b.db")),
    ):
        typed[:] = list(answers)
        result = fresh(*args)
        assert result.exit_code == 2, result.stderr
        assert_one_line_error(result.stderr, "passphrase", allowed)
        assert list(out.iterdir()) == []
    assert not (fresh.path.parent / "backups").exists()  # refused before the backup


def test_an_empty_passphrase_file_writes_nothing(fresh: Journal, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    secret = tmp_path / "empty.txt"
    secret.write_text("\n")
    result = fresh(
        "export", "data", "--encrypt", "--out", str(out / "e.json"),
        env={PASSPHRASE_FILE_ENV: str(secret)},
    )  # fmt: skip
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "passphrase", "non-empty")
    assert list(out.iterdir()) == []


def test_without_a_terminal_or_a_file_it_refuses(
    fresh: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(PASSPHRASE_FILE_ENV, raising=False)
    result = fresh("export", "data", "--encrypt", "--out", str(tmp_path / "e.json"))
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "passphrase", PASSPHRASE_FILE_ENV)
    assert not (tmp_path / "e.json.age").exists()


def test_a_missing_passphrase_file_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSPHRASE_FILE_ENV, "/nonexistent/passphrase.txt")
    with pytest.raises(ValidationError, match="readable file"):
        ask_passphrase_twice()


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("export", "data", "--encrypt"), "out"),  # never ciphertext to stdout
        (("export", "data", "--format", "csv", "--encrypt", "--out", "folder"), "out"),
    ],
)
def test_refusals_before_any_passphrase(
    fresh: Journal,
    typed: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    field: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    result = fresh(*args)
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, field)
    assert not (tmp_path / "folder").exists() and not (tmp_path / "folder.age").exists()


def test_an_existing_target_is_refused_before_the_passphrase(
    fresh: Journal, typed: list[str], tmp_path: Path
) -> None:
    (tmp_path / "e.json.age").write_bytes(b"keep me")
    result = fresh("export", "data", "--encrypt", "--out", str(tmp_path / "e.json"))
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "out", "--force")
    assert (tmp_path / "e.json.age").read_bytes() == b"keep me"


def test_with_age_suffix() -> None:
    assert with_age_suffix(Path("a/x.json")) == Path("a/x.json.age")
    assert with_age_suffix(Path("a/x.json.age")) == Path("a/x.json.age")
    assert with_age_suffix(Path("x.AGE")) == Path("x.AGE")


def test_empty_passphrase_is_refused_by_the_function() -> None:
    with pytest.raises(ValidationError, match="non-empty"):
        encrypt_for_sharing(b"x", "")
