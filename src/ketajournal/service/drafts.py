"""Drafts of unsaved work: kept as it is typed, offered back, removed once saved or dropped."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from ketajournal.domain import drafts as d
from ketajournal.domain import models as m
from ketajournal.domain import scales
from ketajournal.service.base import Context


@dataclass(frozen=True, slots=True)
class Kept:
    """A journal draft as stored, and when it was last saved."""

    entry_id: UUID | None  # None: a new entry
    draft: d.JournalDraft
    saved_at: datetime


class DraftService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    # -- journal entries ------------------------------------------------------------------

    def journal(self, entry_id: UUID | None) -> Kept | None:
        """The draft of entry `entry_id` (None: of a new entry), if one is kept."""
        stored = self._ctx.store.setting(d.journal_key(entry_id))
        if stored is None or not isinstance(stored.value, dict):
            return None
        return Kept(entry_id, d.JournalDraft.from_plain(stored.value), stored.updated_at)

    def keep_journal(self, entry_id: UUID | None, draft: d.JournalDraft) -> Kept:
        """Keeps what is typed; an empty new entry keeps nothing (and drops its draft)."""
        if entry_id is None and draft.empty:
            self.drop_journal(None)
            return Kept(None, draft, self._ctx.now())
        record = self._put(d.journal_key(entry_id), draft.plain())
        return Kept(entry_id, draft, record.updated_at)

    def drop_journal(self, entry_id: UUID | None) -> None:
        self._drop(d.journal_key(entry_id))

    def journal_drafts(self) -> list[Kept]:
        """Every journal draft kept, the most recent first."""
        kept = []
        for record in self._records():
            if record.key.startswith(d.journal_key(None).removesuffix(d.NEW)):
                kept.append(
                    Kept(
                        d.entry_of(record.key),
                        d.JournalDraft.from_plain(record.value),  # type: ignore[arg-type]
                        record.updated_at,
                    )
                )
        return sorted(kept, key=lambda k: k.saved_at, reverse=True)

    # -- questionnaires -------------------------------------------------------------------

    def scale(self, kind: str | m.ScaleKind) -> list[int] | None:
        """The answers given so far to a PHQ-9 or GAD-7 not yet finished."""
        stored = self._ctx.store.setting(d.scale_key(str(kind)))
        return list(stored.value) if stored is not None and stored.value else None  # type: ignore[call-overload]

    def keep_scale(self, kind: str | m.ScaleKind, answers: list[int]) -> None:
        """Keeps the answers so far (in item order); none keeps nothing."""
        key = d.scale_key(str(kind))
        if not answers:
            self._drop(key)
            return
        count = len(scales.items_for(m.ScaleKind(str(kind))))
        self._put(key, list(answers[:count]))

    def drop_scale(self, kind: str | m.ScaleKind) -> None:
        self._drop(d.scale_key(str(kind)))

    # -- the records ----------------------------------------------------------------------

    def _put(self, key: str, value: object) -> m.Setting:
        stored = self._ctx.store.setting(key)
        if stored is None:
            record = m.Setting(key=key, value=value, **self._ctx.stamp())
            self._ctx.store.insert(record)
            return record
        return self._ctx.touch(stored, value=value)

    def _drop(self, key: str) -> None:
        stored = self._ctx.store.setting(key)
        if stored is not None:
            self._ctx.store.delete(m.Setting, stored.id)

    def _records(self) -> list[m.Setting]:
        return [
            s
            for s in self._ctx.store.find(m.Setting, order_by="updated_at", descending=True)
            if d.is_draft(s.key)
        ]
