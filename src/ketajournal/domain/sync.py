"""The rules of sync that need no storage: record versions, which write wins, and the
conflict copy that keeps the losing text of a concurrent edit.

A version is (hybrid logical clock, device id): compared as a tuple, so every device picks
the same winner. A version vector ({device: clock}) says which writes a state includes:
two states are concurrent when neither vector covers the other. The winner is always the
newer version (so merging in any order ends the same), and when the loser of a
concurrent edit is journal text, that text is kept as a conflict copy: a new journal
entry whose id is made from the loser's identity and version, so every device that sees
the same conflict makes the same copy.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ketajournal.domain import models as m
from ketajournal.domain.rules import MAX_TAGS
from ketajournal.domain.validate import MAX_LABEL

# The schema-independent name of a bundle format; the schema revision goes beside it.
FORMAT = "ketajournal-sync"
CONFLICT_TAG = "conflict-copy"
_NAMESPACE = uuid.UUID("5b1e3f0c-6a6f-4b7e-9a57-6b6574616a72")

TEXT_KINDS = ("journal_entry", "reflection")
# Settings that stay on the computer they were made on: drafts of unsaved work (kept as
# settings whose key starts with "draft:"); they are never versioned, sent or applied.
LOCAL_SETTING_PREFIXES = ("draft:",)

VersionVector = dict[str, int]


@dataclass(frozen=True, slots=True)
class Version:
    hlc: int
    device: str

    @property
    def key(self) -> tuple[int, str]:
        return (self.hlc, self.device)


def is_set_up(state: Mapping[str, str]) -> bool:
    """Whether a journal's sync state (storage: `sync_state`) holds the folder and key that
    `sync init` or `sync join` stored."""
    return "folder" in state and "key" in state


def ident(record: m.Record) -> str:
    """What identifies a record across devices: one plan, one setting per key, else the id."""
    if isinstance(record, m.Plan):
        return "plan"
    if isinstance(record, m.Setting):
        return record.key
    return str(record.id)


def device_local(record: m.Record) -> bool:
    return isinstance(record, m.Setting) and record.key.startswith(LOCAL_SETTING_PREFIXES)


def local_ident(kind: str, record_ident: str) -> bool:
    """The same for a setting known by its key only (a delete, a change from a bundle)."""
    return kind == "setting" and record_ident.startswith(LOCAL_SETTING_PREFIXES)


def micros(at: datetime) -> int:
    """A time as microseconds since 1970 (the physical part of the clock)."""
    delta = at - datetime(1970, 1, 1, tzinfo=at.tzinfo)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def tick(last: int, at: datetime | None) -> int:
    """The next clock value: the physical time when it is ahead, else one past the last."""
    return max(last + 1, micros(at) if at is not None else 0)


def covers(outer: VersionVector, inner: VersionVector) -> bool:
    """True when `outer` includes every write `inner` does."""
    return all(outer.get(device, -1) >= clock for device, clock in inner.items())


def merged(a: VersionVector, b: VersionVector) -> VersionVector:
    return {d: max(a.get(d, -1), b.get(d, -1)) for d in sorted(a.keys() | b.keys())}


def conflict_text(kind: str, fields: dict[str, Any] | None) -> Any:
    """The text of a record that a conflict must not lose (None for a deleted record)."""
    if fields is None:
        return None
    if kind == "journal_entry":
        return (fields.get("title"), fields.get("body"))
    return tuple(fields.get(name) for name in m.REFLECTION_TEXTS)


def conflict_copy(
    kind: str, record_ident: str, version: Version, loser: m.Record
) -> m.JournalEntry | None:
    """The journal entry that keeps `loser`'s text; its id is the same on every device."""
    copy_id = uuid.uuid5(_NAMESPACE, f"{kind}:{record_ident}:{version.hlc}:{version.device}")
    at = loser.updated_at
    stamp: dict[str, Any] = {"id": copy_id, "created_at": at, "updated_at": at}
    if isinstance(loser, m.JournalEntry):
        title = f"Conflict copy: {loser.title}" if loser.title else "Conflict copy"
        return m.JournalEntry(
            **stamp,
            written_at=loser.written_at,
            body=loser.body,
            title=title[:MAX_LABEL],
            tags=tuple(dict.fromkeys((*loser.tags[: MAX_TAGS - 1], CONFLICT_TAG))),
            share_level=loser.share_level,
            session_id=loser.session_id,
        )
    if isinstance(loser, m.Reflection):
        # The names the check-in summary gives them; imported here: only a conflict needs it.
        from ketajournal.domain.summary.texts import WRITTEN

        parts = [
            f"{label}: {getattr(loser, name)}" for name, label in WRITTEN if getattr(loser, name)
        ]
        if not parts:
            return None
        return m.JournalEntry(
            **stamp,
            written_at=loser.updated_at,
            body="\n\n".join(parts),
            title=f"Conflict copy of a {loser.kind.value} reflection"[:MAX_LABEL],
            tags=(CONFLICT_TAG,),
            share_level=loser.share_level,
            session_id=loser.session_id,
        )
    return None
