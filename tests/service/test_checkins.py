"""Tests check-ins: mood, PHQ-9/GAD-7 scoring and storage, clinician scores, progress markers."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest

from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.errors import ValidationError
from ketajournal.service import JournalService


def test_mood_with_all_fields(svc: JournalService, clock: FixedClock) -> None:
    record = svc.checkins.mood(6, anxiety=3, sleep_hours=7.5, energy=5, note="walked by the lake")
    assert (record.mood, record.anxiety, record.sleep_hours, record.energy) == (6, 3, 7.5, 5)
    assert record.note == "walked by the lake"
    assert record.at == clock.now()
    assert svc.checkins.moods() == [record]


def test_mood_with_only_the_mood(svc: JournalService) -> None:
    record = svc.checkins.mood(0)
    assert record.anxiety is None and record.sleep_hours is None and record.energy is None
    assert svc.checkins.moods()[0].mood == 0


def test_moods_in_a_range(svc: JournalService, clock: FixedClock) -> None:
    now = clock.now()
    older = svc.checkins.mood(3, at=now - timedelta(days=3))
    newer = svc.checkins.mood(7, at=now - timedelta(days=1))
    assert svc.checkins.moods() == [older, newer]
    assert svc.checkins.moods(since=now - timedelta(days=2)) == [newer]
    assert svc.checkins.moods(until=now - timedelta(days=1)) == [older]  # until is exclusive


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"mood": 11}, "mood"),
        ({"mood": -1}, "mood"),
        ({"mood": 5, "sleep_hours": 25}, "sleep (hours)"),
        ({"mood": 5, "sleep_hours": -1}, "sleep (hours)"),
        ({"mood": 5, "sleep_hours": math.nan}, "sleep (hours)"),
        ({"mood": 5, "anxiety": 11}, "anxiety"),
        ({"mood": 5, "energy": 5.5}, "energy"),
    ],
)
def test_bad_mood_values_write_nothing(
    svc: JournalService, kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as err:
        svc.checkins.mood(**kwargs)  # type: ignore[arg-type]
    assert err.value.field == field
    assert svc.store.count(m.MoodCheckin) == 0


def test_checkin_in_the_future_is_refused(svc: JournalService, clock: FixedClock) -> None:
    svc.checkins.mood(5, at=clock.now() + timedelta(seconds=30))  # small clock skew is fine
    with pytest.raises(ValidationError) as err:
        svc.checkins.mood(5, at=clock.now() + timedelta(minutes=5))
    assert err.value.field == "at"
    assert svc.store.count(m.MoodCheckin) == 1


def test_phq9_is_scored_and_stored(svc: JournalService, clock: FixedClock) -> None:
    answers = [2, 2, 1, 2, 1, 1, 1, 1, 1]
    result = svc.checkins.scale("phq9", answers, note="intake")
    assert result.scale is m.ScaleKind.PHQ9
    assert result.score == 12
    assert result.band == "moderate"
    assert result.item9_positive is True
    assert result.answers == tuple(answers)
    assert result.rated_by == "self"
    assert result.at == clock.now()
    assert svc.checkins.scales("phq9") == [result]


def test_gad7_is_scored_and_stored(svc: JournalService) -> None:
    result = svc.checkins.scale(m.ScaleKind.GAD7, (3, 3, 3, 3, 3, 0, 0))
    assert (result.score, result.band, result.item9_positive) == (15, "severe", False)
    assert svc.checkins.scales("gad7") == [result]
    assert svc.checkins.scales("phq9") == []


def test_phq9_without_item9(svc: JournalService) -> None:
    result = svc.checkins.scale("PHQ9", [0] * 8 + [0])
    assert (result.score, result.band, result.item9_positive) == (0, "minimal", False)


@pytest.mark.parametrize(
    ("answers", "field"),
    [([1] * 8, "answers"), ([1] * 10, "answers"), ([1] * 8 + [4], "answers (item 9)")],
)
def test_bad_answers_write_nothing(svc: JournalService, answers: list[int], field: str) -> None:
    with pytest.raises(ValidationError) as err:
        svc.checkins.scale("phq9", answers)
    assert err.value.field == field
    assert svc.store.count(m.ScaleResult) == 0


@pytest.mark.parametrize(("kind", "score"), [("madrs", 0), ("madrs", 60), ("cadss", 92)])
def test_clinician_scores_accepted(svc: JournalService, kind: str, score: int) -> None:
    result = svc.checkins.clinician_score(kind, score, note="from the clinic")
    assert result.scale is m.ScaleKind(kind)
    assert result.score == score
    assert result.rated_by == "clinician"
    assert result.answers is None
    assert result.band is None
    assert svc.checkins.scales(kind) == [result]


@pytest.mark.parametrize(
    ("kind", "score"), [("madrs", 61), ("madrs", -1), ("cadss", 93), ("madrs", 30.5)]
)
def test_clinician_scores_out_of_range_write_nothing(
    svc: JournalService, kind: str, score: int
) -> None:
    with pytest.raises(ValidationError) as err:
        svc.checkins.clinician_score(kind, score)
    assert err.value.field == f"{kind} score"
    assert svc.store.count(m.ScaleResult) == 0


def test_clinician_scale_cannot_be_answered_item_by_item(svc: JournalService) -> None:
    with pytest.raises(ValidationError) as err:
        svc.checkins.scale("madrs", [1] * 10)
    assert err.value.field == "scale"
    with pytest.raises(ValidationError) as err:
        svc.checkins.clinician_score("phq9", 10)
    assert err.value.field == "scale"
    with pytest.raises(ValidationError) as err:
        svc.checkins.scale("beck", [1] * 9)
    assert err.value.field == "scale"
    assert svc.store.count(m.ScaleResult) == 0


def test_markers(svc: JournalService, clock: FixedClock) -> None:
    first = svc.checkins.marker("perspective", 3, note="saw it differently")
    clock.advance(timedelta(days=1))
    second = svc.checkins.marker(m.MarkerKind.HOBBIES, 0)
    assert first.marker is m.MarkerKind.PERSPECTIVE
    assert (first.value, first.note, first.reflection_id) == (3, "saw it differently", None)
    assert svc.checkins.markers() == [first, second]
    assert svc.checkins.markers(since=clock.now()) == [second]


@pytest.mark.parametrize(
    ("kind", "value", "field"),
    [
        ("perspective", 5, "progress marker value"),
        ("perspective", -1, "progress marker value"),
        ("bravery", 2, "progress marker"),
    ],
)
def test_bad_markers_write_nothing(svc: JournalService, kind: str, value: int, field: str) -> None:
    with pytest.raises(ValidationError) as err:
        svc.checkins.marker(kind, value)
    assert err.value.field == field
    assert svc.store.count(m.ProgressMarker) == 0
