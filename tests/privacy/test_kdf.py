"""The journal's key is derived as SQLCipher 4 derives it by default (PBKDF2-HMAC-SHA512,
256,000 iterations), so any SQLCipher 4 tool opens it with the passphrase alone.

The tests that open encrypted journals many times derive keys with fewer iterations
(tests/cheap_kdf.py); this one checks the real derivation, in a process of its own.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ketajournal.clock import FixedClock
from ketajournal.factory import change_encryption, open_service
from tests.cheap_kdf import REAL_ITERATIONS

KEY = "a real derivation"
OPEN = """
import sys
import sqlcipher3.dbapi2 as sqlcipher
conn = sqlcipher.connect(sys.argv[1])
print(conn.execute("PRAGMA cipher_default_kdf_iter").fetchone()[0])
conn.execute("PRAGMA key = 'a real derivation'")
if sys.argv[2] != "default":
    conn.execute("PRAGMA kdf_iter = " + sys.argv[2])
try:
    print(conn.execute("SELECT count(*) FROM journal_entry").fetchone()[0])
except sqlcipher.DatabaseError as exc:
    print("refused:", exc)
"""


def _open(journal: Path, iterations: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", OPEN, str(journal), iterations],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_an_encrypted_journal_opens_in_sqlcipher_4_with_its_defaults(
    db_path: Path, clock: FixedClock
) -> None:
    svc = open_service(db_path, clock)
    svc.journal.add("one entry")
    svc.close()
    change_encryption(db_path, None, KEY)
    # A fresh process with SQLCipher's defaults, nothing of ketajournal's loaded: it opens.
    assert _open(db_path, "default") == [str(REAL_ITERATIONS), "1"]
    # The same passphrase with a key derived any other way does not.
    refused = _open(db_path, "4000")
    assert refused[1].startswith("refused: file is not a database"), refused
