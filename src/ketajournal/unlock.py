"""Where the passphrase of an encrypted journal comes from (plain Python, no UI).

In order: the first line of the file KETAJOURNAL_PASSPHRASE_FILE names (scripts); the OS
keyring, only for a journal the person asked to remember there (`ketajournal passphrase
--remember`, which leaves a marker file `JOURNAL.keyring` beside it holding no secret);
else typed once in the terminal, never echoed. Never an argument, an environment value
or part of a URL. A keyring that is missing or broken is reported in one line and the
passphrase is asked for instead; it never crashes a command.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path

from ketajournal.encryption import checked_passphrase, first_line, stdin_is_terminal
from ketajournal.errors import KetaJournalError, LockedError, ValidationError

PASSPHRASE_FILE_ENV = "KETAJOURNAL_PASSPHRASE_FILE"
NEW_PASSPHRASE_FILE_ENV = "KETAJOURNAL_NEW_PASSPHRASE_FILE"
KEYRING_SERVICE = "ketajournal"
WRONG_DELAY = 1.0  # seconds a wrong passphrase costs a command (guessing gets slow)


class KeyringError(KetaJournalError):
    """The OS keyring cannot be used here."""

    exit_code = 1


def stored_passphrase(db_path: Path, warn: Callable[[str], None]) -> str | None:
    """The passphrase from KETAJOURNAL_PASSPHRASE_FILE, or from the OS keyring for a journal
    remembered there; None when it must be typed. A keyring problem goes to `warn` (one
    line) and is not an error: the passphrase is then typed instead."""
    named = os.environ.get(PASSPHRASE_FILE_ENV)
    if named:
        return checked_passphrase(first_line(Path(named).expanduser(), PASSPHRASE_FILE_ENV))
    if remembered(db_path):
        try:
            return checked_passphrase(keyring_get(db_path))
        except KetaJournalError as exc:
            warn(f"{exc}; type the passphrase instead")
    return None


def journal_passphrase(db_path: Path) -> str:
    """The passphrase for the encrypted journal at `db_path` (NFC, never empty): stored,
    or typed once in the terminal (not echoed)."""

    def warn(message: str) -> None:
        print(f"ketajournal: {message}", file=sys.stderr)

    stored = stored_passphrase(db_path, warn)
    if stored is not None:
        return stored
    if not stdin_is_terminal():
        raise LockedError(
            f"{db_path}: the journal is encrypted; type its passphrase in a terminal, or name "
            f"a file holding it in {PASSPHRASE_FILE_ENV}"
        )
    try:
        typed = getpass.getpass(f"Passphrase for {db_path.name}: ")
    except (EOFError, KeyboardInterrupt):
        raise LockedError(f"{db_path}: no passphrase was typed; nothing was opened") from None
    return checked_passphrase(typed)


def retry_delay(failures: int) -> float:
    """Seconds to wait before another try after `failures` wrong passphrases in a row:
    none for the first two typos, then doubling from 1 s up to 30 s."""
    return 0.0 if failures < 3 else float(min(30, 2 ** (failures - 3)))


def new_passphrase() -> str:
    """A new journal passphrase: KETAJOURNAL_NEW_PASSPHRASE_FILE, or typed twice."""
    named = os.environ.get(NEW_PASSPHRASE_FILE_ENV)
    if named:
        return checked_passphrase(first_line(Path(named).expanduser(), NEW_PASSPHRASE_FILE_ENV))
    if not stdin_is_terminal():
        raise ValidationError(
            "new passphrase",
            f"typed in a terminal, or the first line of the file {NEW_PASSPHRASE_FILE_ENV} names",
        )
    try:
        first = checked_passphrase(getpass.getpass("New passphrase for the journal: "))
        second = checked_passphrase(getpass.getpass("The same passphrase again: "))
    except (EOFError, KeyboardInterrupt):
        raise ValidationError("new passphrase", "typed in full (input ended)") from None
    if first != second:
        raise ValidationError("new passphrase", "typed the same twice (they differ)")
    return first


# -- the OS keyring, opt-in ---------------------------------------------------------------


def marker(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".keyring")


def remembered(db_path: Path) -> bool:
    return marker(db_path).is_file()


def _keyring():  # type: ignore[no-untyped-def]
    try:
        import keyring  # optional: pip install keyring
    except Exception:  # not installed, or broken on import
        raise KeyringError(
            "the OS keyring is not available (the `keyring` package is not installed)"
        ) from None
    return keyring


def keyring_get(db_path: Path) -> str:
    try:
        value = _keyring().get_password(KEYRING_SERVICE, str(db_path.resolve()))
    except KeyringError:
        raise
    except Exception as exc:  # any backend failure: locked, no backend, D-Bus gone
        raise KeyringError(f"the OS keyring could not be read ({type(exc).__name__})") from None
    if value is None:
        raise KeyringError("the OS keyring holds no passphrase for this journal")
    return str(value)


def remember(db_path: Path, passphrase: str) -> None:
    try:
        _keyring().set_password(KEYRING_SERVICE, str(db_path.resolve()), passphrase)
    except KeyringError:
        raise
    except Exception as exc:
        raise KeyringError(f"the OS keyring could not store it ({type(exc).__name__})") from None
    fd = os.open(marker(db_path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write("The passphrase of the journal beside this file is in the OS keyring.\n")


def forget(db_path: Path) -> None:
    """Removes the marker, then the keyring entry if a keyring is there (quietly if not)."""
    marker(db_path).unlink(missing_ok=True)
    with contextlib.suppress(Exception):
        _keyring().delete_password(KEYRING_SERVICE, str(db_path.resolve()))
