"""A health report of the journal: paths, file modes, schema, SQLite settings, integrity."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ketajournal.domain import models as m
from ketajournal.errors import KetaJournalError

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


class HealthStore(Protocol):
    path: Path
    encrypted: bool
    read_only: str | None  # why the journal could only be opened read only (a full disk)

    def schema_revision(self) -> str | None: ...
    def pragma(self, name: str) -> object: ...
    def integrity_problems(self) -> list[str]: ...
    def count(self, cls: type[m.Record]) -> int: ...
    def check_backup(self, path: Path) -> str: ...

    @property
    def head_revision(self) -> str: ...


@dataclass(frozen=True, slots=True)
class FileCheck:
    label: str
    path: Path
    mode: int | None  # None: the file does not exist (fine for -wal/-shm)
    expected: int

    @property
    def ok(self) -> bool:
        return self.mode is None or self.mode & ~self.expected == 0

    @property
    def mode_text(self) -> str:
        return "absent" if self.mode is None else f"{self.mode:04o}"


@dataclass(frozen=True, slots=True)
class HealthReport:
    db_path: Path
    files: tuple[FileCheck, ...]
    schema_revision: str | None
    head_revision: str
    journal_mode: str
    synchronous: str
    foreign_keys: bool
    integrity: tuple[str, ...]  # empty when all is well
    counts: tuple[tuple[str, int], ...]
    backups: tuple[Path, ...]
    encrypted: bool = False
    plain_backups: tuple[Path, ...] = ()  # backups that are not encrypted
    loose: tuple[Path, ...] = ()  # files in the data folder that are not the journal's
    # backups the journal's passphrase does not open (or that are encrypted beside a plain
    # journal), each with the reason: left by an interrupted encrypt or passphrase change
    other_key_backups: tuple[tuple[Path, str], ...] = ()
    read_only: str | None = None
    synced_by: tuple[str, Path] | None = None  # (sync tool, its folder) holding the journal

    @property
    def notes(self) -> list[str]:
        """Things worth knowing that are not wrong in themselves."""
        found = []
        if self.loose and not self.encrypted:
            found.append(
                f"{len(self.loose)} other file(s) beside the journal (exports, copies?): "
                + ", ".join(p.name for p in self.loose[:5])
            )
        if self.backups:
            found.append(
                f"{len(self.backups)} backup(s) keep the journal as it was when each was made, "
                "text deleted since included; `ketajournal backup --prune` replaces them with "
                "one fresh backup"
            )
        return found

    @property
    def problems(self) -> list[str]:
        found = [
            f"{c.label} {c.path} is mode {c.mode_text}; it should be {c.expected:04o}"
            f" (chmod {c.expected:o} '{c.path}')"
            for c in self.files
            if not c.ok
        ]
        if self.schema_revision != self.head_revision:
            found.append(f"schema is {self.schema_revision}, expected {self.head_revision}")
        if self.read_only is not None:  # then the connection's own settings do not apply
            found.append(
                f"the journal could only be opened read only: {self.read_only.split(': ', 1)[-1]}"
            )
        else:
            if self.journal_mode != "wal":
                found.append(f"journal mode is {self.journal_mode}, expected wal")
            if not self.foreign_keys:
                found.append("foreign keys are off")
        found.extend(f"integrity: {p}" for p in self.integrity)
        if self.synced_by is not None:
            tool, root = self.synced_by
            found.append(
                f"the journal is inside {root}, a folder {tool} syncs: two computers writing it, "
                "or a half-copied -wal file, can corrupt it. Move it out (quit the app; move "
                f"{self.db_path.name} with its -wal and -shm files to a folder no sync tool "
                "carries, then point --db or KETAJOURNAL_DB at it) and keep computers in step "
                "with `ketajournal sync` (README: Two computers)"
            )
        if self.encrypted:
            found.extend(
                f"backup {p} is NOT encrypted, beside an encrypted journal (delete it, or run "
                "`ketajournal decrypt` then `encrypt` to encrypt it too)"
                for p in self.plain_backups
            )
            found.extend(
                f"{p} beside the encrypted journal may hold journal text in clear "
                "(move or delete it)"
                for p in self.loose
            )
        found.extend(
            f"{p} is the journal as it was before an encrypt, decrypt or passphrase change an "
            "older version did not finish (in clear, if it was being encrypted); the journal "
            "is whole without it: delete it"
            for p in self.loose
            if p.name.startswith(f".{self.db_path.name}.old-")
        )
        state = "the journal's passphrase" if self.encrypted else "this plain journal"
        found.extend(
            f"backup {p} does not open with {state} ({why}); it is left from an interrupted "
            "encrypt or passphrase change: run that command again with the same new "
            "passphrase to finish, or delete the backup"
            for p, why in self.other_key_backups
        )
        return found


_SYNC = {0: "off", 1: "normal", 2: "full", 3: "extra"}
_COUNTED: tuple[tuple[str, type[m.Record]], ...] = (
    ("sessions", m.Session),
    ("session events", m.SessionEvent),
    ("reflections", m.Reflection),
    ("journal entries", m.JournalEntry),
    ("mood check-ins", m.MoodCheckin),
    ("scale results", m.ScaleResult),
    ("progress markers", m.ProgressMarker),
    ("questions", m.Question),
    ("contacts", m.Contact),
    ("dose steps", m.DoseStep),
)


def check(store: HealthStore) -> HealthReport:
    db = store.path
    backups_dir = db.parent / "backups"
    files = [
        FileCheck("folder", db.parent, _mode(db.parent), PRIVATE_DIR),
        FileCheck("database", db, _mode(db), PRIVATE_FILE),
        FileCheck("wal", Path(f"{db}-wal"), _mode(Path(f"{db}-wal")), PRIVATE_FILE),
        FileCheck("shm", Path(f"{db}-shm"), _mode(Path(f"{db}-shm")), PRIVATE_FILE),
    ]
    backups: list[Path] = []
    if backups_dir.is_dir():
        files.append(FileCheck("backups", backups_dir, _mode(backups_dir), PRIVATE_DIR))
        backups = sorted(p for p in backups_dir.iterdir() if p.is_file())
        files += [FileCheck("backup", p, _mode(p), PRIVATE_FILE) for p in backups]
    marker = db.with_name(db.name + ".keyring")
    if marker.exists():
        files.append(FileCheck("keyring", marker, _mode(marker), PRIVATE_FILE))
    return HealthReport(
        db_path=db,
        files=tuple(files),
        schema_revision=store.schema_revision(),
        head_revision=store.head_revision,
        journal_mode=str(store.pragma("journal_mode")).lower(),
        synchronous=_SYNC.get(int(str(store.pragma("synchronous"))), "unknown"),
        foreign_keys=bool(store.pragma("foreign_keys")),
        integrity=tuple(store.integrity_problems()),
        counts=tuple((label, store.count(cls)) for label, cls in _COUNTED),
        backups=tuple(backups),
        encrypted=store.encrypted,
        plain_backups=tuple(p for p in backups if _is_plain_sqlite(p)),
        loose=tuple(_loose_files(db)),
        other_key_backups=tuple(_other_key(store, backups)),
        read_only=getattr(store, "read_only", None),
        synced_by=synced_by(db),
    )


# What each sync tool leaves in the folders it manages (names in a folder), and the
# folders some tools own by name.
_MARKERS = (
    ("Syncthing", (".stfolder",)),
    ("Dropbox", (".dropbox", ".dropbox.cache")),
    ("Nextcloud", (".nextcloudsync.log", ".owncloudsync.log", ".sync_*.db", "._sync_*.db")),
    ("ketajournal sync", ("ketajournal-sync",)),
)
_NAMED = (("iCloud Drive", "Mobile Documents"), ("iCloud Drive", "iCloud Drive"))


def synced_by(db: Path) -> tuple[str, Path] | None:
    """The sync tool whose folder holds the journal, and that folder, when one does."""
    for folder in db.absolute().parents:
        for tool, names in _MARKERS:
            for name in names:
                try:
                    if any(folder.glob(name)) if "*" in name else (folder / name).exists():
                        return tool, folder
                except OSError:
                    continue
        for tool, name in _NAMED:
            if folder.name == name:
                return tool, folder
        if folder.name == "OneDrive" or folder.name.startswith("OneDrive - "):
            return "OneDrive", folder
    return None


def _other_key(store: HealthStore, backups: list[Path]) -> list[tuple[Path, str]]:
    """Backups (`*.db`, not links) the journal's key does not open, with the reason."""
    found = []
    for path in backups:
        if path.suffix != ".db" or path.is_symlink() or _is_plain_sqlite(path):
            continue  # plain ones are reported (beside an encrypted journal) as such
        try:
            store.check_backup(path)
        except KetaJournalError as exc:
            found.append((path, str(exc).split(": ", 1)[-1]))
    return found


def fix_modes(report: HealthReport) -> list[Path]:
    """Tightens every checked file and folder to its private mode; returns what changed.
    Nothing is moved or deleted."""
    changed = []
    for c in report.files:
        if c.mode is not None and not c.ok and not c.path.is_symlink():
            os.chmod(c.path, c.expected)
            changed.append(c.path)
    return changed


_SQLITE_HEADER = b"SQLite format 3\x00"
_OURS = ("", "-wal", "-shm", "-journal", ".keyring")


def _is_plain_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(16) == _SQLITE_HEADER
    except OSError:
        return False


def _loose_files(db: Path) -> list[Path]:
    """Files in the journal's folder that are not the journal: in the default data folder
    everything else; in a folder of the person's own, only what ketajournal leaves (its
    temporary and replaced files, `ketajournal-*` copies)."""
    from ketajournal.paths import data_dir

    folder = db.parent
    own_folder = folder.resolve() == data_dir().resolve()
    known = {db.name + suffix for suffix in _OURS}
    found = []
    for path in sorted(folder.iterdir()):
        if path.name in known or not path.is_file():
            continue
        ours = path.name.startswith((f".{db.name}.", "ketajournal-"))
        if own_folder or ours:
            found.append(path)
    return found


def _mode(path: Path) -> int | None:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return None
