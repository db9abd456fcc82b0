"""Unsaved work kept while it is typed: a journal entry (new or edited), a questionnaire.

A draft is stored as a key/value record (`Setting`) whose key starts with `draft:`, so
it lives in the journal itself (encrypted with it, never in a file beside it) and needs
no table of its own. Its value is plain JSON, checked here wherever it comes from.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any
from uuid import UUID

from ketajournal.domain import validate as v
from ketajournal.errors import ValidationError

PREFIX = "draft:"
NEW = "new"  # the key of a new journal entry's draft: there is no entry id yet
SCALES = ("phq9", "gad7")


@dataclass(frozen=True, slots=True)
class JournalDraft:
    """A journal entry's fields as typed (tags as typed: words separated by commas)."""

    title: str = ""
    body: str = ""
    tags: str = ""
    share: str = "private"
    session_id: UUID | None = None

    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]

    @property
    def empty(self) -> bool:
        return not (self.title.strip() or self.body.strip() or self.tags.strip())

    def plain(self) -> dict[str, Any]:
        value = asdict(self)
        value["session_id"] = None if self.session_id is None else str(self.session_id)
        return value

    @classmethod
    def from_plain(cls, value: dict[str, Any]) -> JournalDraft:
        session = value.get("session_id")
        return cls(
            title=str(value.get("title", "")),
            body=str(value.get("body", "")),
            tags=str(value.get("tags", "")),
            share=str(value.get("share", "private")),
            session_id=None if session is None else v.uuid(session, "session"),
        )


def journal_key(entry_id: UUID | None) -> str:
    return f"{PREFIX}journal:{NEW if entry_id is None else entry_id}"


def scale_key(kind: str) -> str:
    if kind not in SCALES:
        raise ValidationError("questionnaire", "one of " + ", ".join(SCALES), kind)
    return f"{PREFIX}scale:{kind}"


def entry_of(key: str) -> UUID | None:
    """The entry a journal draft's key is for (None: a new entry)."""
    ref = key.removeprefix(f"{PREFIX}journal:")
    return None if ref == NEW else UUID(ref)


def is_draft(key: object) -> bool:
    return isinstance(key, str) and key.startswith(PREFIX)


def check(key: str, value: object) -> None:
    """Refuses a draft whose key or value is not one the app writes."""
    kind, _, ref = key.removeprefix(PREFIX).partition(":")
    if kind == "journal":
        if ref != NEW:
            v.uuid(ref, "draft")
        if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
            raise ValidationError("draft", "the fields of a journal entry")
        for name in ("title", "body", "tags", "share"):
            text = value.get(name, "")
            if not isinstance(text, str):
                raise ValidationError(f"draft {name}", "text")
            v.text(text, f"draft {name}", required=False)
        JournalDraft.from_plain(value)  # the session id, if any, is an id
    elif kind == "scale":
        scale_key(ref)
        if not isinstance(value, list) or not all(
            isinstance(a, int) and not isinstance(a, bool) and 0 <= a <= 3 for a in value
        ):
            raise ValidationError("draft", "answers from 0 to 3")
        if len(value) > 9:
            raise ValidationError("draft", "at most 9 answers")
    else:
        raise ValidationError("draft", "a journal entry or questionnaire draft", key)
