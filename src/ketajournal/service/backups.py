"""Backups (consistent copies through the store, rotated, checked) and restores."""

from __future__ import annotations

import os
import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

from ketajournal.encryption import with_age_suffix
from ketajournal.errors import StorageError, ValidationError
from ketajournal.output import check_new_file, shred
from ketajournal.paths import backups_dir
from ketajournal.service.ports import StorePort
from ketajournal.service.transfer import TransferError

# Backups `backup` makes, and the ones made before a migration (`storage.migrate`): both
# rotate together, newest first by the UTC time in their names.
BACKUP_NAME = re.compile(r"(?:ketajournal-backup|pre-migration-\w+)-(\d{8}T\d{6})(?:-(\d+))?\.db")
DEFAULT_KEEP = 10


@dataclass(frozen=True)
class BackupResult:
    path: Path
    removed: tuple[Path, ...] = ()


def backup(
    store: StorePort,
    now: datetime,
    *,
    out: Path | None = None,
    keep: int | None = None,
    force: bool = False,
    prune: bool = False,
) -> BackupResult:
    """A consistent, integrity-checked 0600 copy of the journal (SQLite's backup API).

    Without `out` it goes to the backups folder beside the journal as
    `ketajournal-backup-YYYYmmddTHHMMSS.db` (UTC), and only the newest `keep` (default 10)
    of those (pre-migration backups included) are kept; the others are overwritten and
    removed. With `prune`, every earlier backup goes (see `prune`), so text deleted from
    the journal is in no backup either. With `out`, to that file (an existing one only
    with `force`).
    """
    if out is not None:
        if keep is not None or prune:
            name = "keep" if keep is not None else "prune"
            raise ValidationError(name, "used without --out (only the backups folder rotates)")
        target = check_new_file(out, force=force)
        return BackupResult(store.backup_to(target, force=force))  # a link is replaced
    keep = DEFAULT_KEEP if keep is None else keep
    if keep < 1:
        raise ValidationError("keep", "a whole number of at least 1", keep)
    folder = backups_dir(store.path)
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%S")
    target = folder / f"ketajournal-backup-{stamp}.db"
    counter = 1
    while target.exists() or target.is_symlink():  # two backups in one second
        counter += 1
        target = folder / f"ketajournal-backup-{stamp}-{counter}.db"
    made = store.backup_to(target)
    removed = prune_backups(store.path, made) if prune else rotate(folder, keep)
    return BackupResult(made, tuple(removed))


def rotated_backups(folder: Path) -> list[Path]:
    """The backups made in `folder` (by `backup` or before a migration), newest first
    (by the time in their names)."""
    found = []
    for path in folder.iterdir() if folder.is_dir() else ():
        match = BACKUP_NAME.fullmatch(path.name)
        if match and (path.is_symlink() or path.is_file()):
            found.append(((match.group(1), int(match.group(2) or 1)), path))
    return [path for _, path in sorted(found, reverse=True)]


def rotate(folder: Path, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Overwrites and removes all but the newest `keep` backups in `folder`, each with its
    encrypted copy (`.age`); returns the backups removed."""
    removed = rotated_backups(folder)[keep:]
    for old in removed:
        _remove(old)
    return removed


def prune_backups(db_path: Path, fresh: Path) -> list[Path]:
    """Overwrites and removes every backup but `fresh`: those in the backups folder (made
    by `backup` or before a migration, with their `.age` copies) and the copies `restore`
    kept beside the journal. They hold the journal as it was, text deleted since included."""
    removed = [p for p in rotated_backups(backups_dir(db_path)) if p != fresh]
    removed += sorted(db_path.parent.glob(f"{db_path.name}.before-restore-*"))
    for old in removed:
        _remove(old)
    return removed


def _remove(path: Path) -> None:
    for each in (path, with_age_suffix(path)):
        shred(each)  # a link is removed, never followed


def check_restore(store: StorePort, source: Path) -> Path:
    """The file to restore, checked: a ketajournal database at a known schema, intact."""
    source = Path(os.path.abspath(source.expanduser()))
    try:
        if source.exists() and store.path.exists() and source.samefile(store.path):
            raise TransferError(f"restore: must be a backup, not the journal itself ({source})")
        store.check_backup(source)
    except StorageError as exc:
        raise TransferError(
            f"restore: must be a ketajournal database that passes integrity_check ({exc})"
        ) from None
    return source


def restore(store: StorePort, source: Path, now: datetime) -> Path:
    """Replaces the journal's content with the backup at `source`; returns where the
    journal as it was is kept (`<journal>.before-restore-YYYYmmddTHHMMSS`, 0600)."""
    source = Path(os.path.abspath(source.expanduser()))
    if source.exists() and store.path.exists() and source.samefile(store.path):
        raise TransferError(f"restore: must be a backup, not the journal itself ({source})")
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%S")
    aside = Path(f"{store.path}.before-restore-{stamp}")
    counter = 1
    while aside.exists() or aside.is_symlink():
        counter += 1
        aside = Path(f"{store.path}.before-restore-{stamp}-{counter}")
    try:
        store.restore_from(source, aside)  # checks `source` again: it may have changed
    except StorageError as exc:
        if aside.exists():
            raise  # the copy in failed: the message says where the journal's copy is
        raise TransferError(
            f"restore: must be a ketajournal database that passes integrity_check ({exc})"
        ) from None
    _sync_as_new_device(store)
    return aside


def _sync_as_new_device(store: StorePort) -> None:
    """A restored journal syncs on as a new computer (a new id, nothing applied yet): the
    numbers its old id used are already taken in the folder, and what the other computers
    have (its own changes sent since the backup included) comes back to it."""
    with suppress(StorageError):  # a backup from before sync existed: its migration does it
        if "folder" in store.sync_state():
            store.set_sync_state(
                {"device": str(uuid4()), "positions": "{}", "bundle": "0", "exported": "0"}
            )
