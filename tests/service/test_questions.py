"""Tests questions for the care team: add, list open ones, mark done, reopen."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.errors import ValidationError
from ketajournal.service import JournalService


def test_add_and_list_open(svc: JournalService, clock: FixedClock) -> None:
    first = svc.questions.add("  Can I take ondansetron before the session?  ")
    clock.advance(timedelta(minutes=1))
    second = svc.questions.add("Is the nausea normal?")
    assert first.text == "Can I take ondansetron before the session?"
    assert first.done_at is None
    assert svc.questions.list() == [first, second]


def test_done_hides_it_from_the_open_list(svc: JournalService, clock: FixedClock) -> None:
    first = svc.questions.add("Question one")
    second = svc.questions.add("Question two")
    clock.advance(timedelta(days=3))
    done = svc.questions.done(str(first.id)[:8], answer="Yes, 30 minutes before.")
    assert done.done_at == clock.now()
    assert done.answer == "Yes, 30 minutes before."
    assert svc.questions.list() == [second]
    assert {q.id for q in svc.questions.list(include_done=True)} == {first.id, second.id}
    assert svc.questions.get(first.id) == done


def test_reopen(svc: JournalService, clock: FixedClock) -> None:
    question = svc.questions.add("Question")
    svc.questions.done(question.id)
    assert svc.questions.list() == []
    clock.advance(timedelta(days=1))
    reopened = svc.questions.reopen(question.id)
    assert reopened.done_at is None
    assert reopened.updated_at == clock.now()
    assert [q.id for q in svc.questions.list()] == [question.id]


@pytest.mark.parametrize("empty", ["", "   ", "\n"])
def test_empty_text_writes_nothing(svc: JournalService, empty: str) -> None:
    with pytest.raises(ValidationError) as err:
        svc.questions.add(empty)
    assert err.value.field == "question"
    assert svc.store.count(m.Question) == 0
    assert svc.questions.list(include_done=True) == []
