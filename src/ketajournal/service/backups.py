"""Backups (consistent copies through the store, rotated, checked) and restores."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ketajournal.errors import StorageError, ValidationError
from ketajournal.output import check_new_file
from ketajournal.paths import backups_dir
from ketajournal.service.ports import StorePort
from ketajournal.service.transfer import TransferError

BACKUP_NAME = re.compile(r"ketajournal-backup-(\d{8}T\d{6})(?:-(\d+))?\.db")
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
) -> BackupResult:
    """A consistent, integrity-checked 0600 copy of the journal (SQLite's backup API).

    Without `out` it goes to the backups folder beside the journal as
    `ketajournal-backup-YYYYmmddTHHMMSS.db` (UTC), and only the newest `keep` (default 10)
    of those are kept. With `out`, to that file (an existing one only with `force`).
    """
    if out is not None:
        if keep is not None:
            raise ValidationError("keep", "used without --out (only the backups folder rotates)")
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
    return BackupResult(made, tuple(_rotate(folder, keep)))


def rotated_backups(folder: Path) -> list[Path]:
    """The backups `backup` made in `folder`, newest first (by the time in their names)."""
    found = []
    for path in folder.iterdir() if folder.is_dir() else ():
        match = BACKUP_NAME.fullmatch(path.name)
        if match and (path.is_symlink() or path.is_file()):
            found.append(((match.group(1), int(match.group(2) or 1)), path))
    return [path for _, path in sorted(found, reverse=True)]


def _rotate(folder: Path, keep: int) -> Iterator[Path]:
    for old in rotated_backups(folder)[keep:]:
        old.unlink(missing_ok=True)  # a link is removed, never followed
        yield old


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
    return aside
