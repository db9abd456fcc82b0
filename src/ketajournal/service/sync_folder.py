"""The sync folder's files: where each device's bundles live, and how a bundle is sealed
and opened.

FOLDER/ketajournal-sync/devices/<device id>/ holds one device's files, written only by
that device: numbered change bundles (00000001.age, ...), snapshots
(snapshot-00000012.age: every record, as of that device's bundle 12) and status.age (what
it has applied, when, its name). Each is JSON, compressed, then encrypted and
authenticated with age to the journal's sync key (an X25519 identity), written under a
temporary name beside it and given its name only when complete (output.write_private).
A file that does not open (cut short by a sync tool, changed, or sealed with another
key) raises BundleError with one line; nothing of it is used.
"""

from __future__ import annotations

import json
import re
import uuid
import zlib
from pathlib import Path
from typing import Any

from ketajournal.domain.sync import FORMAT
from ketajournal.errors import KetaJournalError
from ketajournal.output import private_folders, write_private

ROOT = "ketajournal-sync"
BUNDLE = re.compile(r"(\d{8})\.age")
SNAPSHOT = re.compile(r"snapshot-(\d{8})\.age")
STATUS = "status.age"
MAX_FILE = 512 << 20  # bytes; a bundle is far smaller (2000 changes at most)


class BundleError(KetaJournalError):
    """A file in the sync folder that cannot be used (yet); the message is one line."""


class NewerSchemaError(BundleError):
    """A bundle from a newer ketajournal: not applied, and nothing after it from that device."""


def parse_identity(text: str) -> Any:
    """The age identity in `text` (the sync key), or a one-line ValidationError."""
    import pyrage  # ~5 ms; only sync pays for it

    from ketajournal.errors import ValidationError

    try:
        return pyrage.x25519.Identity.from_str(text.strip())
    except Exception:
        raise ValidationError(
            "sync key", "an age secret key (AGE-SECRET-KEY-1…, as `sync init` wrote it)"
        ) from None


def new_identity() -> str:
    import pyrage

    return str(pyrage.x25519.Identity.generate())


def schema_number(revision: Any) -> int:
    head = str(revision).split("_", 1)[0]
    return int(head) if head.isdigit() else -1


class SyncFolder:
    def __init__(self, folder: Path, key: str, device: str) -> None:
        self.folder = folder
        self.devices_dir = folder / ROOT / "devices"
        self.device = device
        self._identity = parse_identity(key)

    # -- layout -----------------------------------------------------------------------

    def devices(self) -> list[str]:
        """Every device with a folder here, this one included."""
        if not self.devices_dir.is_dir():
            return []
        found = []
        for entry in self.devices_dir.iterdir():
            try:
                if entry.is_dir() and str(uuid.UUID(entry.name)) == entry.name:
                    found.append(entry.name)
            except ValueError:
                continue  # not a device's folder (a sync tool's own, a stray file)
        return sorted(found)

    def own(self) -> Path:
        return self.devices_dir / self.device

    def bundle(self, device: str, seq: int) -> Path:
        return self.devices_dir / device / f"{seq:08d}.age"

    def numbered(self, device: str, pattern: re.Pattern[str] = BUNDLE) -> list[int]:
        folder = self.devices_dir / device
        if not folder.is_dir():
            return []
        return sorted(
            int(found.group(1))
            for entry in folder.iterdir()
            if (found := pattern.fullmatch(entry.name))
        )

    def snapshot(self, device: str, seq: int) -> Path:
        return self.devices_dir / device / f"snapshot-{seq:08d}.age"

    # -- sealing and opening ------------------------------------------------------------

    def seal(self, document: dict[str, Any]) -> bytes:
        import pyrage

        text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        packed = zlib.compress(text.encode("utf-8"), 6)
        return bytes(pyrage.encrypt(packed, [self._identity.to_public()]))

    def write(self, path: Path, document: dict[str, Any], *, replace: bool = False) -> None:
        private_folders(path.parent)
        write_private(path, self.seal(document), force=replace)

    def read(self, path: Path, head: str) -> dict[str, Any]:
        """The document in `path`, checked: this journal's, from the device whose folder
        holds it, at a schema this version knows."""
        import pyrage

        shown = f"{path.parent.name[:8]}/{path.name}"
        try:
            if path.stat().st_size > MAX_FILE:
                raise BundleError(f"{shown}: larger than any bundle; skipped")
            data = path.read_bytes()
        except OSError as exc:
            raise BundleError(f"{shown}: cannot be read ({exc.strerror}); will retry") from None
        try:
            packed = pyrage.decrypt(data, [self._identity])
            document = json.loads(zlib.decompress(packed).decode("utf-8"))
        except (pyrage.DecryptError, zlib.error, ValueError, UnicodeDecodeError):
            raise BundleError(
                f"{shown}: does not open with this journal's sync key (incomplete, changed, "
                "or from another journal); skipped, will retry"
            ) from None
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise BundleError(f"{shown}: is not a ketajournal sync file; skipped")
        if document.get("device") != path.parent.name:
            raise BundleError(f"{shown}: names another device than its folder; skipped")
        schema = document.get("schema")
        if schema_number(schema) > schema_number(head):
            raise NewerSchemaError(
                f"{shown}: is from a newer ketajournal (schema {str(schema)[:40]}; this one "
                f"knows up to {head}); upgrade ketajournal here to apply it and what follows"
            )
        return document
