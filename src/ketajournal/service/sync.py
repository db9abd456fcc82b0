"""Sync through a folder that a sync tool carries: set up, send, receive, report.

`init` makes the sync key (written to a new 0600 file for the other computers) and sends
this journal's records; `join` takes the key on another computer; `run` receives every
other device's bundles not applied yet (in order, each in one transaction, after the
bundles it depended on), then sends this device's changes, then writes its status. The
merge rules are domain.sync's and storage.versions'; the files are service.sync_folder's.
The folder, the key, the device id and how far each device was applied live in the
journal's device-local sync state (inside the journal: encrypted with it when it is).
"""

from __future__ import annotations

import json
import platform
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ketajournal.domain.sync import FORMAT, is_set_up
from ketajournal.errors import KetaJournalError, ValidationError
from ketajournal.service.base import Context
from ketajournal.service.sync_folder import (
    ROOT,
    SNAPSHOT,
    STATUS,
    BundleError,
    NewerSchemaError,
    SyncFolder,
    new_identity,
    parse_identity,
)
from ketajournal.text import plural

MAX_NAME = 60


class SyncError(KetaJournalError):
    """Sync cannot run (not set up, folder missing); one line, nothing changed."""


@dataclass
class SyncReport:
    sent: int = 0  # changes written to the folder
    bundles: int = 0
    received: int = 0  # records written or deleted here
    copies: int = 0  # conflict copies made
    devices: list[str] = field(default_factory=list)  # names of the devices applied from
    refused: list[str] = field(default_factory=list)  # one line each
    snapshot: bool = False
    pruned: int = 0

    def line(self) -> str:
        text = f"synced: sent {plural(self.sent, 'change')}, received {self.received}"
        if self.copies:
            text += f", kept {plural(self.copies, 'conflicting edit')} as conflict copies"
        if self.devices:
            text += " (from " + ", ".join(self.devices) + ")"
        if self.snapshot:
            text += "; wrote a snapshot"
        if self.pruned:
            text += f"; pruned {plural(self.pruned, 'bundle')} every device has"
        return text


@dataclass(frozen=True)
class DeviceStatus:
    device: str
    name: str
    synced_at: datetime | None
    applied: int  # how many of its bundles this journal has applied
    bundles: int  # how many are in the folder
    this: bool = False


@dataclass(frozen=True)
class SyncStatus:
    folder: Path | None
    device: str
    name: str
    synced_at: datetime | None
    devices: tuple[DeviceStatus, ...]
    refused: tuple[str, ...]


class SyncService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._running = threading.Lock()  # the app's worker and its quit never overlap

    @property
    def _store(self) -> Any:
        return self._ctx.store

    def state(self) -> dict[str, str]:
        return self._store.sync_state()  # type: ignore[no-any-return]

    def configured(self) -> bool:
        return is_set_up(self.state())

    # -- setting up ---------------------------------------------------------------------

    def init(self, folder: Path, key_out: Path, name: str | None = None) -> SyncReport:
        """Makes the sync key, writes it to `key_out` (a new 0600 file), remembers the
        folder (made when only it is missing) and sends this journal's records."""
        from ketajournal.output import check_new_file, write_private

        with _key_out(key_out):
            check_new_file(key_out)
        folder = self._check_new_setup(folder, create=True)
        if any((folder / ROOT / "devices").glob("*")):
            raise SyncError(
                f"sync: {folder} already holds a synced journal; on this computer use "
                "`ketajournal sync join FOLDER --key-file FILE` with its key"
            )
        key = new_identity()
        with _key_out(key_out):
            write_private(key_out, (key + "\n").encode("ascii"))
        self._set_up(folder, key, name)
        return self.run()

    def join(self, folder: Path, key: str, name: str | None = None) -> SyncReport:
        """Joins the journal synced in `folder` with the key `sync init` wrote."""
        folder = self._check_new_setup(folder)
        key = key.strip()
        parse_identity(key)
        probe = SyncFolder(folder, key, "")
        others = probe.devices()
        if not others:
            raise SyncError(
                f"sync: {folder} holds no synced journal yet (run `sync init` on the first "
                "computer, and let the sync tool copy the folder here)"
            )
        if not any(self._opens(probe, d) for d in others):
            raise ValidationError(
                "sync key", f"the key `sync init` wrote for the journal in {folder}"
            )
        self._set_up(folder, key, name)
        return self.run()

    def _opens(self, probe: SyncFolder, device: str) -> bool:
        files = [probe.devices_dir / device / STATUS] + [
            probe.bundle(device, n) for n in probe.numbered(device)[:1]
        ]
        for path in files:
            try:
                probe.read(path, self._store.head_revision)
                return True
            except NewerSchemaError:
                return True
            except BundleError:
                continue
        return False

    def _check_new_setup(self, folder: Path, *, create: bool = False) -> Path:
        if self.configured():
            raise SyncError(
                f"sync: this journal already syncs through {self.state()['folder']}; "
                "nothing was changed"
            )
        folder = folder.expanduser().absolute()
        if create and not folder.exists() and folder.parent.is_dir():
            folder.mkdir(mode=0o700)  # `sync init ~/Sync/ketajournal` inside the tool's folder
        if not folder.is_dir():
            allowed = "an existing folder (the one your sync tool carries)"
            if create:
                allowed = "a folder your sync tool carries, or a new one inside it"
            raise ValidationError("FOLDER", allowed, str(folder))
        db = Path(self._store.path).absolute()
        if folder == db.parent or folder in db.parents:
            raise ValidationError(
                "FOLDER", "a folder that does not hold the journal itself", str(folder)
            )
        return folder

    def _set_up(self, folder: Path, key: str, name: str | None) -> None:
        name = (name or platform.node() or "this computer").strip()[:MAX_NAME]
        self._store.set_sync_state(
            {
                # A new id even for a copied journal: two computers never share one.
                "device": str(uuid.uuid4()),
                "folder": str(folder),
                "key": key,
                "name": name,
                "exported": "0",
                "bundle": "0",
                "positions": "{}",
                "refused": "[]",
            }
        )

    # -- syncing ------------------------------------------------------------------------

    def _open(self) -> tuple[dict[str, str], SyncFolder]:
        state = self.state()
        if "folder" not in state or "key" not in state:
            raise SyncError(
                "sync: not set up; run `ketajournal sync init FOLDER --key-out FILE` on the "
                "first computer and `ketajournal sync join FOLDER --key-file FILE` on the others"
            )
        folder = Path(state["folder"])
        if not folder.is_dir():
            raise SyncError(
                f"sync: {folder}: not found (is the drive attached, the sync tool running?); "
                "nothing was changed"
            )
        return state, SyncFolder(folder, state["key"], state["device"])

    def run(self, *, snapshot: bool = False, prune: bool = False) -> SyncReport:
        """Receives, then sends, then writes this device's status."""
        with self._running:
            return self._run(snapshot, prune)

    def _run(self, snapshot: bool, prune: bool) -> SyncReport:
        from ketajournal.service.sync_steps import prune_own, receive, send, write_snapshot

        state, folder = self._open()
        report = SyncReport()
        head = self._store.head_revision
        names = self._names(folder)
        receive(self._store, folder, head, report, names)
        send(self._store, folder, head, report)
        if snapshot:
            write_snapshot(self._store, folder, head)
            report.snapshot = True
        if snapshot or prune:
            report.pruned = prune_own(folder, head)
        state = self.state()
        now = self._ctx.now()
        folder.write(
            folder.own() / STATUS,
            {
                "format": FORMAT,
                "schema": head,
                "device": folder.device,
                "name": state.get("name", ""),
                "positions": json.loads(state.get("positions", "{}")),
                "synced_at": now.isoformat(),
            },
            replace=True,
        )
        self._store.set_sync_state(
            {
                "synced_at": now.isoformat(),
                "refused": json.dumps(report.refused),
                "peers": json.dumps(
                    sorted(name for d, name in names.items() if d != folder.device)
                ),
            }
        )
        return report

    def _names(self, folder: SyncFolder) -> dict[str, str]:
        return {d: s.get("name", d[:8]) for d, s in self._statuses(folder).items()}

    def _statuses(self, folder: SyncFolder) -> dict[str, dict[str, Any]]:
        found = {}
        for device in folder.devices():
            try:
                found[device] = folder.read(
                    folder.devices_dir / device / STATUS, self._store.head_revision
                )
            except BundleError:
                continue
        return found

    # -- reporting ----------------------------------------------------------------------

    def status(self) -> SyncStatus:
        state, folder = self._open()
        positions = json.loads(state.get("positions", "{}"))
        statuses = self._statuses(folder)
        devices = []
        for device in folder.devices():
            found = statuses.get(device, {})
            numbers = folder.numbered(device)
            this = device == folder.device
            devices.append(
                DeviceStatus(
                    device=device,
                    name=str(found.get("name") or device[:8]),
                    synced_at=_time(found.get("synced_at")),
                    applied=int(state.get("bundle", "0")) if this else positions.get(device, 0),
                    bundles=len(numbers) + len(folder.numbered(device, SNAPSHOT)),
                    this=this,
                )
            )
        return SyncStatus(
            folder=folder.folder,
            device=folder.device,
            name=state.get("name", ""),
            synced_at=_time(state.get("synced_at")),
            devices=tuple(devices),
            refused=tuple(json.loads(state.get("refused", "[]"))),
        )

    def quiet_line(self) -> str | None:
        """ "synced 2 minutes ago with desktop", or None when sync is not set up."""
        state = self.state()
        if "folder" not in state:
            return None
        at = _time(state.get("synced_at"))
        if at is None:
            return "not synced yet"
        text = f"synced {_ago(self._ctx.now() - at)}"
        peers = json.loads(state.get("peers", "[]"))
        if peers:
            text += " with " + ", ".join(peers)
        refused = json.loads(state.get("refused", "[]"))
        if refused:
            text += f"; {len(refused)} file(s) waiting (`ketajournal sync --status`)"
        return text


@contextmanager
def _key_out(path: Path) -> Iterator[None]:
    try:
        yield
    except ValidationError:
        raise ValidationError(
            "--key-out", "a new file (a key is never written over another file)", str(path)
        ) from None


def _time(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _ago(delta: Any) -> str:
    seconds = max(0, int(delta.total_seconds()))
    if seconds < 60:
        return "just now"
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = seconds // size
            return f"{n} {unit}{'s' if n != 1 else ''} ago"
    return "just now"
