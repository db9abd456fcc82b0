"""`encrypt`, `decrypt` and `passphrase`: encryption at rest for the journal file.

Passphrases are typed in the terminal (never echoed, never arguments). Scripts name files
holding them: KETAJOURNAL_PASSPHRASE_FILE (the current one) and
KETAJOURNAL_NEW_PASSPHRASE_FILE (a new one).
"""

from __future__ import annotations

from typing import Annotated

import typer

from ketajournal.cli.common import err, handle_errors, state
from ketajournal.cli.io import show_notes
from ketajournal.errors import StorageError, ValidationError

# The commands of this module, loaded when one of them runs (see cli.root).
commands = typer.Typer()


@handle_errors
def encrypt(ctx: typer.Context) -> None:
    """Encrypt the journal at rest with a passphrase (SQLCipher 4, AES-256).

    The journal is copied into an encrypted file, the copy is checked, and only then does
    it replace the journal; the plain file is then overwritten and removed. Backups in
    the backups folder are encrypted the same way. From then on every command and the app
    ask for the passphrase. There is no way back in without it: keep it somewhere safe.
    Close the app first (the command refuses while the journal is open elsewhere).
    """
    from ketajournal.factory import change_encryption, is_encrypted
    from ketajournal.unlock import new_passphrase

    path = state(ctx).db_path
    if is_encrypted(path):  # first: it also cleans up after an interrupted conversion
        raise ValidationError("journal", "a journal that is not encrypted yet (it is)")
    show_notes()
    if not path.exists():
        raise StorageError(f"{path}: there is no journal here yet")
    key = new_passphrase()
    backups, left = change_encryption(path, None, key)
    err(f"ketajournal: encrypted {path}{_and_backups(backups)}")
    _left_alone(left, "encrypted")
    err("Keep the passphrase safe: without it the journal cannot be opened by anyone.")


@handle_errors
def decrypt(ctx: typer.Context) -> None:
    """Remove the encryption: the journal (and its backups) become plain SQLite files."""
    from ketajournal.cli.io import journal_key, slow_when_wrong
    from ketajournal.factory import change_encryption, is_encrypted

    path = state(ctx).db_path
    if not is_encrypted(path):
        raise ValidationError("journal", "an encrypted journal (this one is not encrypted)")
    show_notes()
    backups, left = slow_when_wrong(lambda: change_encryption(path, journal_key(path), None))
    from ketajournal import unlock

    unlock.forget(path)  # nothing to remember for a plain journal
    err(f"ketajournal: decrypted {path}{_and_backups(backups)}")
    _left_alone(left, "decrypted")


@handle_errors
def passphrase(
    ctx: typer.Context,
    remember: Annotated[
        bool,
        typer.Option("--remember", help="Store the current passphrase in the OS keyring (opt-in)."),
    ] = False,
    forget: Annotated[
        bool, typer.Option("--forget", help="Remove it from the OS keyring again.")
    ] = False,
) -> None:
    """Change the journal's passphrase (asks for the current one, then the new one twice).

    Backups in the backups folder are re-encrypted with the new one too. With --remember,
    the passphrase is kept in the OS keyring instead (needs the optional `keyring`
    package), so commands and the app stop asking; --forget undoes that.
    """
    from ketajournal import unlock
    from ketajournal.cli.io import journal_key, slow_when_wrong
    from ketajournal.factory import change_encryption, is_encrypted, open_service

    path = state(ctx).db_path
    if not is_encrypted(path):
        raise ValidationError("journal", "an encrypted journal (run `ketajournal encrypt`)")
    show_notes()
    if remember and forget:
        raise ValidationError("--remember/--forget", "one of the two, not both")
    if forget:
        unlock.forget(path)
        err("ketajournal: the OS keyring no longer holds this journal's passphrase")
        return
    if remember:
        key = journal_key(path)

        def check() -> None:  # proves the passphrase before it is stored anywhere
            open_service(path, key=key).close()

        slow_when_wrong(check)
        unlock.remember(path, key or "")
        err("ketajournal: the passphrase is in the OS keyring; it will not be asked for")
        return
    old = journal_key(path)
    new = unlock.new_passphrase()
    backups, left = slow_when_wrong(lambda: change_encryption(path, old, new))
    if unlock.remembered(path):
        unlock.remember(path, new)
    err(f"ketajournal: the passphrase of {path} is changed{_and_backups(backups)}")
    _left_alone(left, "re-encrypted")


def _and_backups(backups: list) -> str:  # type: ignore[type-arg]
    if not backups:
        return ""
    return f" and {len(backups)} backup{'s' if len(backups) != 1 else ''} beside it"


def _left_alone(left: list, done: str) -> None:  # type: ignore[type-arg]
    """Names each backup that was not converted: it opens with neither passphrase."""
    for path in left:
        err(
            f"ketajournal: the backup {path} was not {done}: it opens with neither passphrase "
            "(made before an earlier passphrase change?); it is left as it is"
        )


commands.command("encrypt")(encrypt)
commands.command("decrypt")(decrypt)
commands.command("passphrase")(passphrase)
