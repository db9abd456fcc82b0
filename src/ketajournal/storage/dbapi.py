"""The one SQLite every connection to a journal uses: SQLCipher's build (`sqlcipher3`).

A journal may be encrypted at rest (SQLCipher 4: AES-256, a key derived from the
passphrase with PBKDF2-HMAC-SHA512). Plain journals open with the same module and no key.
Using one module everywhere keeps one copy of SQLite per process: opening one file with
both the standard library's sqlite3 and sqlcipher3 in one process can corrupt it
(sqlite.org/howtocorrupt.html, "multiple copies of SQLite linked into one application").

SQLCipher writes its errors (a wrong key) straight to standard error, which would paint
over the app; `cipher_log_level = NONE` is set on every connection before anything else.
"""

from __future__ import annotations

from typing import Any

import sqlcipher3.dbapi2 as sqlite

from ketajournal.encryption import checked_passphrase
from ketajournal.errors import WrongPassphraseError

__all__ = ["sqlite", "connect", "apply_key", "check_key"]

PROBE = "SELECT count(*) FROM sqlite_master"  # fails at once on a wrong key


def quoted(passphrase: str) -> str:
    """The passphrase as an SQL string literal (PRAGMA takes no parameters)."""
    return "'" + passphrase.replace("'", "''") + "'"


def apply_key(conn: Any, key: str | None) -> None:
    """Silences SQLCipher's logging, then keys the connection (first statement after it)."""
    conn.execute("PRAGMA cipher_log_level = NONE")
    if key is not None:
        conn.execute("PRAGMA key = " + quoted(checked_passphrase(key)))


def check_key(conn: Any, where: object) -> None:
    """Reads the schema once: a wrong key (or a file that is not a database) fails here."""
    try:
        conn.execute(PROBE).fetchone()
    except sqlite.OperationalError:
        raise  # busy or locked: not a question of the key
    except sqlite.DatabaseError:
        raise WrongPassphraseError(
            f"{where}: the passphrase does not open this journal (or it is not a ketajournal "
            "journal); nothing was changed"
        ) from None


def connect(database: str, key: str | None = None, **kwargs: Any) -> Any:
    """A connection with logging silenced and the key applied (checked when given)."""
    conn = sqlite.connect(database, **kwargs)
    try:
        apply_key(conn, key)
        if key is not None:
            check_key(conn, database)
    except BaseException:
        conn.close()
        raise
    return conn
