"""A cheaper SQLCipher key derivation for tests that open encrypted journals many times.

SQLCipher derives each connection's key with PBKDF2 (256,000 iterations by default, about
0.13 s here). Tests that kill a conversion at every file step open the journal and its
backups some ten times per step, and the encryption tests (privacy/test_encryption.py,
privacy/test_cli_privacy.py) open each journal many times; what they check (a kill loses
nothing, a passphrase opens or is refused, backups follow the key) does not depend on how
slow the derivation is. `cipher_default_kdf_iter` is one setting for the whole process, so
the test process and every process it starts use the same count, and journals made under
it open only under it. privacy/test_kdf.py checks the real derivation; the README's tour
and the app's unlock screen keep it too."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import sqlcipher3.dbapi2 as sqlite

ITERATIONS = 4_000
REAL_ITERATIONS = 256_000  # SQLCipher 4's default, which ketajournal keeps

_SET = "import sqlcipher3.dbapi2 as s; c = s.connect(':memory:'); c.execute({pragma!r}); c.close()"


def _pragma(iterations: int) -> str:
    return f"PRAGMA cipher_default_kdf_iter = {iterations}"


def _set(iterations: int) -> None:
    conn = sqlite.connect(":memory:")
    try:
        conn.execute(_pragma(iterations))
    finally:
        conn.close()


@contextmanager
def cheap_kdf() -> Iterator[None]:
    """This process derives keys with ITERATIONS until the block ends."""
    _set(ITERATIONS)
    try:
        yield
    finally:
        _set(REAL_ITERATIONS)


def ketajournal_command(*args: str, before_main: str = "") -> list[str]:
    """`python -m ketajournal ARGS` in a process that derives keys with ITERATIONS (and runs
    the Python statements `before_main`, if any, just before the command)."""
    code = _SET.format(pragma=_pragma(ITERATIONS)) + "; from ketajournal.cli import main"
    return [sys.executable, "-c", "\n".join(filter(None, (code, before_main, "main()"))), *args]
