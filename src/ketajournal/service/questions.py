"""Questions to bring to the next check-in with the care team."""

from __future__ import annotations

from uuid import UUID

from ketajournal.domain import models as m
from ketajournal.domain import rules
from ketajournal.domain import validate as v
from ketajournal.service.base import Context


class QuestionService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def add(
        self, text: str, share_level: str | m.ShareLevel = m.ShareLevel.CLINICIAN
    ) -> m.Question:
        """A question for the next check-in with whoever `share_level` names (default: the
        clinician); a private one stays out of every summary."""
        question = m.Question(
            **self._ctx.stamp(),
            text=rules.check(m.Question, "text", text, "question").strip(),
            share_level=v.choice(share_level, m.ShareLevel, "for"),
        )
        self._ctx.store.insert(question)
        return question

    def list(self, include_done: bool = False) -> list[m.Question]:
        where = None if include_done else {"done_at": None}
        return self._ctx.store.find(m.Question, where=where, order_by="created_at")

    def get(self, ref: UUID | str) -> m.Question:
        return self._ctx.resolve(m.Question, ref, "question")

    def done(self, ref: UUID | str, answer: str | None = None) -> m.Question:
        question = self.get(ref)
        return self._ctx.touch(
            question,
            done_at=self._ctx.now(),
            answer=rules.check(m.Question, "answer", answer),
        )

    def share(self, ref: UUID | str, share_level: str | m.ShareLevel) -> m.Question:
        """Changes whose check-in the question is for."""
        return self._ctx.touch(
            self.get(ref), share_level=v.choice(share_level, m.ShareLevel, "for")
        )

    def reopen(self, ref: UUID | str) -> m.Question:
        return self._ctx.touch(self.get(ref), done_at=None)
