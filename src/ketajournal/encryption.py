"""Encrypts exports for sharing: the age format (age-encryption.org/v1) with a passphrase.

Any age implementation opens the result (`age -d FILE.age` asks for the passphrase), so a
clinician needs no ketajournal. Encryption happens in memory; callers write only the
ciphertext (with `ketajournal.output.write_private`), never a plaintext temporary file.
The passphrase is never taken as an argument: it is typed twice in the terminal, or, for
scripts and tests, read from the first line of the file that the environment variable
KETAJOURNAL_EXPORT_PASSPHRASE_FILE names. scrypt makes each encryption take about a second.

Plain Python plus pyrage: no UI imports, so the CLI and the TUI can both call it.
"""

from __future__ import annotations

import getpass
import os
import sys
import unicodedata
from pathlib import Path

from ketajournal.errors import ValidationError

PASSPHRASE_FILE_ENV = "KETAJOURNAL_EXPORT_PASSPHRASE_FILE"
AGE_SUFFIX = ".age"
AGE_MAGIC = b"age-encryption.org/v1\n"
MAX_PASSPHRASE_FILE = 64 * 1024  # bytes: a passphrase is one line


def encrypt_for_sharing(data: bytes, passphrase: str) -> bytes:
    """The age ciphertext of `data` under `passphrase` (NFC-normalised; never empty).

    Raises ValidationError("passphrase", ...) for an empty or whitespace-only passphrase
    or one with a NUL character. Decrypt with `age -d` or `pyrage.passphrase.decrypt`.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError("encrypt_for_sharing: data must be bytes")
    import pyrage  # only encrypted exports pay for it

    return pyrage.passphrase.encrypt(bytes(data), checked_passphrase(passphrase))


def ask_passphrase_twice() -> str:
    """A new passphrase for an encrypted export, NFC-normalised and never empty.

    If KETAJOURNAL_EXPORT_PASSPHRASE_FILE is set, the first line of that file (without its
    line ending). Otherwise, when standard input is a terminal, typed twice with getpass
    (not echoed) and the two must match. Without a terminal and without that variable it
    refuses. Every refusal is a one-line ValidationError (exit 2), raised before anything
    is written.
    """
    named = os.environ.get(PASSPHRASE_FILE_ENV)
    if named:
        return checked_passphrase(first_line(Path(named).expanduser()))
    if not stdin_is_terminal():
        raise ValidationError(
            "passphrase",
            f"typed in a terminal, or the first line of the file {PASSPHRASE_FILE_ENV} names",
        )
    try:
        first = getpass.getpass("Passphrase for the encrypted file: ")
        second = getpass.getpass("The same passphrase again: ")
    except EOFError:
        raise ValidationError("passphrase", "typed in full (input ended)") from None
    first = checked_passphrase(first)
    if unicodedata.normalize("NFC", second) != first:
        raise ValidationError("passphrase", "typed the same twice (they differ)")
    return first


def with_age_suffix(path: Path) -> Path:
    """`path` with `.age` added unless its name already ends with it (any letter case)."""
    if path.name.lower().endswith(AGE_SUFFIX):
        return path
    return path.with_name(path.name + AGE_SUFFIX)


def stdin_is_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):  # closed or detached
        return False


def first_line(path: Path, env: str = PASSPHRASE_FILE_ENV) -> str:
    """The first line of the passphrase file that the variable `env` names."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_PASSPHRASE_FILE + 1)  # never a whole /dev/zero
    except OSError as exc:
        raise ValidationError(
            "passphrase", f"in a readable file named by {env} ({exc.strerror})"
        ) from None
    if len(raw) > MAX_PASSPHRASE_FILE:
        raise ValidationError(
            "passphrase", f"in a file of at most {MAX_PASSPHRASE_FILE} bytes named by {env}"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("passphrase", f"UTF-8 text in the file {env} names") from None
    lines = text.splitlines()
    return lines[0] if lines else ""


def checked_passphrase(passphrase: str) -> str:
    """NFC form (an é typed as one or two code points is the same passphrase); refuses an
    empty or blank one and a NUL (a one-line ValidationError naming `passphrase`)."""
    if not isinstance(passphrase, str):
        raise TypeError("passphrase must be str")
    normal = unicodedata.normalize("NFC", passphrase)
    if not normal.strip():
        raise ValidationError("passphrase", "non-empty")
    if "\x00" in normal:
        raise ValidationError("passphrase", "free of NUL characters")
    return normal
