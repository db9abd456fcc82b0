"""The free journal: write, edit, delete, page through, filter and search entries."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from ketajournal.domain import models as m
from ketajournal.domain import rules
from ketajournal.domain import validate as v
from ketajournal.errors import ValidationError
from ketajournal.service.base import Cleared, Context, change

_WORD = re.compile(r"\w+\*?", re.UNICODE)


def fts_query(raw: str) -> str:
    """Turns what a person types into a safe FTS5 query: every word must match.

    Words are quoted, so FTS5 operators or stray punctuation in the input cannot cause a
    syntax error; a trailing `*` keeps prefix search (`calm*`).
    """
    terms = []
    for word in _WORD.findall(raw):
        prefix = word.endswith("*")
        core = word.rstrip("*")
        if core:
            terms.append(f'"{core}"' + ("*" if prefix else ""))
    if not terms:
        raise ValidationError("query", "at least one word to search for")
    return " ".join(terms)


class JournalEntries:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def add(
        self,
        body: str,
        *,
        title: str | None = None,
        tags: Sequence[str] = (),
        share_level: str | m.ShareLevel = m.ShareLevel.PRIVATE,
        session_id: UUID | None = None,
        written_at: datetime | None = None,
    ) -> m.JournalEntry:
        entry = m.JournalEntry(
            **self._ctx.stamp(),
            written_at=v.aware(written_at, "at") if written_at else self._ctx.now(),
            body=rules.check(m.JournalEntry, "body", body),
            title=rules.check(m.JournalEntry, "title", title if title and title.strip() else None),
            tags=tuple(dict.fromkeys(v.tag(t) for t in tags)),
            share_level=v.choice(share_level, m.ShareLevel, "share"),
            session_id=self._session_id(session_id),
        )
        self._ctx.store.insert(entry)
        return entry

    def edit(
        self,
        ref: UUID | str,
        *,
        body: str | None = None,
        title: str | None = None,
        tags: Sequence[str] | None = None,
        share_level: str | m.ShareLevel | None = None,
        session_id: UUID | Cleared | None = None,
    ) -> m.JournalEntry:
        """Changes the fields given: None leaves a field as it is; an empty title or CLEAR
        as the session removes it."""
        entry = self.get(ref)
        changes: dict[str, object] = {}
        if body is not None:
            changes["body"] = rules.check(m.JournalEntry, "body", body)
        if title is not None:
            changes["title"] = rules.check(m.JournalEntry, "title", title.strip() or None)
        if tags is not None:
            changes["tags"] = tuple(dict.fromkeys(v.tag(t) for t in tags))
        if share_level is not None:
            changes["share_level"] = v.choice(share_level, m.ShareLevel, "share")
        change(changes, "session_id", session_id, self._session_id)
        return self._ctx.touch(entry, **changes) if changes else entry

    def delete(self, ref: UUID | str) -> None:
        """Deletes the entry and its text from the search index and the files."""
        self._ctx.store.delete(m.JournalEntry, self.get(ref).id)

    def get(self, ref: UUID | str) -> m.JournalEntry:
        return self._ctx.resolve(m.JournalEntry, ref, "journal entry")

    def page(
        self,
        *,
        limit: int = 50,
        offset: int = 0,
        tag: str | None = None,
        share_levels: Sequence[str | m.ShareLevel] | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> m.Page[m.JournalEntry]:
        """Newest first; fetches one row more than asked to know whether more follow."""
        v.rating(limit, "limit", 1, 10_000)
        levels = (
            None
            if share_levels is None
            else [v.choice(s, m.ShareLevel, "share").value for s in share_levels]
        )
        rows = self._ctx.store.find(
            m.JournalEntry,
            time_field="written_at",
            since=v.maybe_aware(since, "since"),
            until=v.maybe_aware(until, "until"),
            order_by="written_at",
            descending=True,
            limit=limit + 1,
            offset=offset,
            tag=v.tag(tag) if tag else None,
            share_levels=levels,
        )
        return m.Page(items=tuple(rows[:limit]), offset=offset, has_more=len(rows) > limit)

    def search(self, query: str, limit: int = 50, offset: int = 0) -> list[m.SearchHit]:
        """Full-text search over journal entries, reflections, intentions and session notes."""
        return self._ctx.store.search(fts_query(query), limit=limit, offset=offset)

    def tags(self) -> list[str]:
        seen: dict[str, None] = {}
        for entry in self._ctx.store.find(m.JournalEntry, order_by="written_at", descending=True):
            for tag in entry.tags:
                seen.setdefault(tag)
        return list(seen)

    def _session_id(self, session_id: UUID | None) -> UUID | None:
        if session_id is None:
            return None
        return self._ctx.resolve(m.Session, session_id, "session").id
