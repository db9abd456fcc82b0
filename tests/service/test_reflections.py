"""Tests reflections: when prompts are due, answering, drafts, snoozing and dismissing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.errors import ValidationError
from ketajournal.service import JournalService
from ketajournal.service.reflections import ReflectionAnswers
from tests.service.conftest import run_session

K = m.ReflectionKind


@pytest.fixture
def ended(planned: JournalService, clock: FixedClock) -> m.Session:
    return run_session(planned, clock)


def due_kinds(svc: JournalService) -> list[m.ReflectionKind]:
    return [r.kind for r in svc.reflections.due()]


def test_due_follows_the_clock(
    planned: JournalService, clock: FixedClock, ended: m.Session
) -> None:
    svc = planned
    assert due_kinds(svc) == [K.IMMEDIATE]  # due exactly at the end
    clock.advance(timedelta(hours=18) - timedelta(seconds=1))
    assert due_kinds(svc) == [K.IMMEDIATE]
    clock.advance(timedelta(seconds=1))
    assert due_kinds(svc) == [K.IMMEDIATE, K.FULL]
    clock.advance(timedelta(days=7))
    assert due_kinds(svc) == [K.IMMEDIATE, K.FULL, K.WEEK]
    clock.advance(timedelta(days=30))
    assert due_kinds(svc) == [K.IMMEDIATE, K.FULL, K.WEEK, K.MONTH]
    assert svc.reflections.due(now=ended.ended_at) == svc.reflections.due()[:1]


def test_answer_marks_done_and_stores_the_answers(
    planned: JournalService, clock: FixedClock, ended: m.Session
) -> None:
    svc = planned
    immediate = svc.reflections.of_kind(ended.id, "immediate")
    clock.advance(timedelta(minutes=10))
    effect = m.SideEffect(
        sensation=m.Sensation.NAUSEA, severity=m.Severity.MILD, duration_minutes=20
    )
    done = svc.reflections.answer(
        immediate.id,
        ReflectionAnswers(
            intensity=7,
            dissociation=5,
            mood_after=6,
            anxiety_after=3,
            side_effects=[effect],
            fragments="blue light, the lake",
            share_level="Coach",
        ),
    )
    assert done.status is m.ReflectionStatus.DONE
    assert done.answered_at == clock.now()
    assert (done.intensity, done.dissociation, done.mood_after, done.anxiety_after) == (7, 5, 6, 3)
    assert done.side_effects == (effect,)
    assert done.fragments == "blue light, the lake"
    assert done.share_level is m.ShareLevel.COACH
    assert svc.reflections.get(immediate.id) == done
    assert K.IMMEDIATE not in due_kinds(svc)


def test_full_reflection_and_follow_up_fields(
    planned: JournalService, clock: FixedClock, ended: m.Session
) -> None:
    svc = planned
    clock.advance(timedelta(days=8))
    full = svc.reflections.answer(
        svc.reflections.of_kind(ended.id, K.FULL).id,
        ReflectionAnswers(
            intention_touched="partly",
            insights="rest is part of the work",
            emotions="relief",
            images_memories="grandma's kitchen",
            what_was_hard="the start",
            integration_step="call my sister",
        ),
    )
    assert full.intention_touched is m.IntentionTouched.PARTLY
    assert (full.insights, full.integration_step) == ("rest is part of the work", "call my sister")
    week = svc.reflections.answer(
        svc.reflections.of_kind(ended.id, K.WEEK).id,
        ReflectionAnswers(insight_in_life="I rested on Sunday", integration_step_happened=True),
    )
    assert (week.insight_in_life, week.integration_step_happened) == ("I rested on Sunday", True)


def test_answer_stores_progress_markers_linked_to_the_reflection(
    planned: JournalService, clock: FixedClock, ended: m.Session
) -> None:
    svc = planned
    clock.advance(timedelta(days=7))
    week = svc.reflections.of_kind(ended.id, K.WEEK)
    done = svc.reflections.answer(
        week.id,
        ReflectionAnswers(markers={"openness": 3, m.MarkerKind.HOBBIES: 0, "perspective": 4}),
    )
    markers = svc.checkins.markers()
    assert {(x.marker, x.value) for x in markers} == {
        (m.MarkerKind.OPENNESS, 3),
        (m.MarkerKind.HOBBIES, 0),
        (m.MarkerKind.PERSPECTIVE, 4),
    }
    assert all(x.reflection_id == done.id for x in markers)
    assert all(x.at == clock.now() for x in markers)


@pytest.mark.parametrize(
    "markers", [{"openness": 5}, {"openness": -1}, {"bravery": 2}, {"openness": 2, "hobbies": 9}]
)
def test_bad_markers_write_nothing(
    planned: JournalService, ended: m.Session, markers: dict[str, int]
) -> None:
    svc = planned
    immediate = svc.reflections.of_kind(ended.id, K.IMMEDIATE)
    with pytest.raises(ValidationError) as err:
        svc.reflections.answer(immediate.id, ReflectionAnswers(intensity=5, markers=markers))
    assert err.value.field.startswith("progress marker")
    assert svc.reflections.get(immediate.id) == immediate  # still due, nothing stored
    assert svc.store.count(m.ProgressMarker) == 0


def test_save_draft_keeps_it_open(
    planned: JournalService, clock: FixedClock, ended: m.Session
) -> None:
    svc = planned
    immediate = svc.reflections.of_kind(ended.id, K.IMMEDIATE)
    draft = svc.reflections.save_draft(immediate.id, ReflectionAnswers(fragments="half a thought"))
    assert draft.status is m.ReflectionStatus.DRAFT
    assert draft.answered_at is None
    assert draft.fragments == "half a thought"
    assert [r.id for r in svc.reflections.due()] == [immediate.id]

    draft = svc.reflections.save_draft(immediate.id, ReflectionAnswers(intensity=4))
    assert (draft.fragments, draft.intensity, draft.status) == (
        "half a thought",
        4,
        m.ReflectionStatus.DRAFT,
    )
    done = svc.reflections.answer(immediate.id, ReflectionAnswers())
    assert done.status is m.ReflectionStatus.DONE
    assert done.fragments == "half a thought"


def test_snooze_hides_it_until_the_time_passes(
    planned: JournalService, clock: FixedClock, ended: m.Session
) -> None:
    svc = planned
    immediate = svc.reflections.of_kind(ended.id, K.IMMEDIATE)
    until = clock.now() + timedelta(hours=2)
    snoozed = svc.reflections.snooze(immediate.id, until)
    assert (snoozed.status, snoozed.snoozed_until) == (m.ReflectionStatus.SNOOZED, until)
    assert svc.reflections.due() == []
    clock.advance(timedelta(hours=2) - timedelta(seconds=1))
    assert svc.reflections.due() == []
    clock.advance(timedelta(seconds=1))
    assert [r.id for r in svc.reflections.due()] == [immediate.id]


def test_snooze_must_be_in_the_future(
    planned: JournalService, clock: FixedClock, ended: m.Session
) -> None:
    svc = planned
    immediate = svc.reflections.of_kind(ended.id, K.IMMEDIATE)
    with pytest.raises(ValidationError) as err:
        svc.reflections.snooze(immediate.id, clock.now())
    assert err.value.field == "until"
    assert svc.reflections.get(immediate.id) == immediate


def test_dismiss_removes_it_from_due(
    planned: JournalService, clock: FixedClock, ended: m.Session
) -> None:
    svc = planned
    clock.advance(timedelta(days=1))
    full = svc.reflections.of_kind(ended.id, K.FULL)
    dismissed = svc.reflections.dismiss(full.id)
    assert dismissed.status is m.ReflectionStatus.DISMISSED
    assert due_kinds(svc) == [K.IMMEDIATE]


def test_answered_and_dismissed_prompts_stay_closed(
    planned: JournalService, clock: FixedClock, ended: m.Session
) -> None:
    svc = planned
    clock.advance(timedelta(days=1))
    immediate = svc.reflections.of_kind(ended.id, K.IMMEDIATE)
    full = svc.reflections.of_kind(ended.id, K.FULL)
    svc.reflections.answer(immediate.id, ReflectionAnswers(intensity=5))
    svc.reflections.dismiss(full.id)
    assert svc.reflections.due() == []
    clock.advance(timedelta(days=40))
    assert due_kinds(svc) == [K.WEEK, K.MONTH]

    for ref in (immediate.id, full.id):
        with pytest.raises(ValidationError):
            svc.reflections.save_draft(ref, ReflectionAnswers(fragments="late"))
        with pytest.raises(ValidationError):
            svc.reflections.snooze(ref, clock.now() + timedelta(hours=1))
    with pytest.raises(ValidationError):
        svc.reflections.answer(full.id, ReflectionAnswers(fragments="late"))
    # a done prompt may be answered again (to correct it)
    again = svc.reflections.answer(immediate.id, ReflectionAnswers(intensity=6))
    assert again.intensity == 6


@pytest.mark.parametrize("level", ["public", "everyone", ""])
def test_share_level_validation(planned: JournalService, ended: m.Session, level: str) -> None:
    svc = planned
    immediate = svc.reflections.of_kind(ended.id, K.IMMEDIATE)
    with pytest.raises(ValidationError) as err:
        svc.reflections.answer(immediate.id, ReflectionAnswers(share_level=level))
    assert err.value.field == "share"
    assert "private, coach, clinician" in str(err.value)
    assert svc.reflections.get(immediate.id) == immediate


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        (ReflectionAnswers(intensity=11), "intensity"),
        (ReflectionAnswers(mood_after=-1), "mood after"),
        (ReflectionAnswers(anxiety_after=True), "anxiety after"),  # type: ignore[arg-type]
        (ReflectionAnswers(fragments="a\x00b"), "fragments"),
        (ReflectionAnswers(what_was_hard="a\x00b"), "what was hard"),
        (ReflectionAnswers(intention_touched="maybe"), "intention touched"),
        (
            ReflectionAnswers(
                side_effects=[m.SideEffect(sensation="giddy", severity="mild")]  # type: ignore[arg-type]
            ),
            "sensation",
        ),
        (
            ReflectionAnswers(
                side_effects=[
                    m.SideEffect(sensation="nausea", severity="mild", duration_minutes=-5)  # type: ignore[arg-type]
                ]
            ),
            "duration (minutes)",
        ),
    ],
)
def test_bad_answers_write_nothing(
    planned: JournalService, ended: m.Session, answers: ReflectionAnswers, field: str
) -> None:
    svc = planned
    immediate = svc.reflections.of_kind(ended.id, K.IMMEDIATE)
    for call in (svc.reflections.answer, svc.reflections.save_draft):
        with pytest.raises(ValidationError) as err:
            call(immediate.id, answers)
        assert err.value.field == field
    assert svc.reflections.get(immediate.id) == immediate


def test_side_effects_given_as_text_are_normalised(
    planned: JournalService, ended: m.Session
) -> None:
    svc = planned
    immediate = svc.reflections.of_kind(ended.id, K.IMMEDIATE)
    effect = m.SideEffect(sensation="Nausea", severity="SEVERE")  # type: ignore[arg-type]
    done = svc.reflections.answer(immediate.id, ReflectionAnswers(side_effects=[effect]))
    assert done.side_effects == (
        m.SideEffect(sensation=m.Sensation.NAUSEA, severity=m.Severity.SEVERE),
    )


def test_reflections_are_scheduled_once(planned: JournalService, ended: m.Session) -> None:
    svc = planned
    again = svc.reflections.schedule_for(ended)
    assert len(again) == 4
    assert svc.store.count(m.Reflection) == 4
    assert svc.reflections.get(str(again[0].id)[:8]) == again[0]
