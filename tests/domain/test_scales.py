"""Tests PHQ-9 and GAD-7 scoring: bands at every boundary, answer checks, and item 9."""

from __future__ import annotations

import pytest

from ketajournal.domain import scales
from ketajournal.domain.models import ScaleKind
from ketajournal.errors import ValidationError

PHQ9 = ScaleKind.PHQ9
GAD7 = ScaleKind.GAD7


def answers_totalling(total: int, items: int) -> list[int]:
    """Answers (each 0-3) filling items from the first on, summing to `total`; item 9 is last."""
    out = []
    for _ in range(items):
        step = min(3, total)
        out.append(step)
        total -= step
    assert total == 0, "total too high for this many items"
    return out


PHQ9_BOUNDARIES = [
    (0, "minimal"),
    (4, "minimal"),
    (5, "mild"),
    (9, "mild"),
    (10, "moderate"),
    (14, "moderate"),
    (15, "moderately severe"),
    (19, "moderately severe"),
    (20, "severe"),
    (27, "severe"),
]
GAD7_BOUNDARIES = [
    (0, "minimal"),
    (4, "minimal"),
    (5, "mild"),
    (9, "mild"),
    (10, "moderate"),
    (14, "moderate"),
    (15, "severe"),
    (21, "severe"),
]


@pytest.mark.parametrize(("total", "band"), PHQ9_BOUNDARIES)
def test_phq9_band_boundaries(total: int, band: str) -> None:
    assert scales.band_for(PHQ9, total) == band
    scored = scales.score_answers(PHQ9, answers_totalling(total, 9))
    assert (scored.score, scored.band) == (total, band)


@pytest.mark.parametrize(("total", "band"), GAD7_BOUNDARIES)
def test_gad7_band_boundaries(total: int, band: str) -> None:
    assert scales.band_for(GAD7, total) == band
    scored = scales.score_answers(GAD7, answers_totalling(total, 7))
    assert (scored.score, scored.band) == (total, band)


@pytest.mark.parametrize(("scale", "score"), [(PHQ9, 28), (GAD7, 22), (PHQ9, -1), (GAD7, -1)])
def test_band_for_refuses_scores_outside_the_scale(scale: ScaleKind, score: int) -> None:
    with pytest.raises(ValidationError) as err:
        scales.band_for(scale, score)
    assert err.value.field == "score"


@pytest.mark.parametrize(("scale", "count"), [(PHQ9, 8), (PHQ9, 10), (GAD7, 6), (GAD7, 9)])
def test_wrong_number_of_answers_is_refused(scale: ScaleKind, count: int) -> None:
    with pytest.raises(ValidationError) as err:
        scales.score_answers(scale, [1] * count)
    assert err.value.field == "answers"
    assert err.value.exit_code == 2
    assert str(err.value).startswith("answers: must be ")
    assert f"got {count}" in str(err.value)


@pytest.mark.parametrize("bad", [4, -1, True, False, 1.0, "1", None])
def test_answer_values_outside_0_to_3_are_refused_naming_the_item(bad: object) -> None:
    answers: list[object] = [0, 1, 2, 3, 0, 1, 2, 3, 0]
    answers[4] = bad
    with pytest.raises(ValidationError) as err:
        scales.score_answers(PHQ9, answers)  # type: ignore[arg-type]
    assert err.value.field == "answers (item 5)"
    assert "0, 1, 2 or 3" in str(err.value)


def test_gad7_answer_validation_names_the_item() -> None:
    with pytest.raises(ValidationError) as err:
        scales.score_answers(GAD7, [0, 0, 0, 0, 0, 0, 4])
    assert err.value.field == "answers (item 7)"


def test_answers_may_be_a_tuple() -> None:
    assert scales.score_answers(GAD7, (3, 3, 3, 3, 3, 3, 3)).score == 21


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_phq9_item9_above_zero_is_flagged(item9: int) -> None:
    scored = scales.score_answers(PHQ9, [0] * 8 + [item9])
    assert scored.item9_positive is True
    assert scored.score == item9
    assert scored.band == "minimal"  # flagged regardless of the total


def test_phq9_item9_zero_is_not_flagged_even_with_a_severe_total() -> None:
    scored = scales.score_answers(PHQ9, [3] * 8 + [0])
    assert scored.item9_positive is False
    assert scored.band == "severe"


def test_gad7_never_flags_item9() -> None:
    assert scales.score_answers(GAD7, [3] * 7).item9_positive is False
    assert scales.score_answers(GAD7, [1] * 7).item9_positive is False


def test_item_texts_count() -> None:
    assert len(scales.PHQ9_ITEMS) == 9
    assert len(scales.GAD7_ITEMS) == 7
    assert scales.items_for(PHQ9) == scales.PHQ9_ITEMS
    assert scales.items_for(GAD7) == scales.GAD7_ITEMS
    assert len(scales.ANSWER_CHOICES) == 4
    assert "better off dead" in scales.PHQ9_ITEMS[8]


@pytest.mark.parametrize("scale", [ScaleKind.MADRS, ScaleKind.CADSS])
def test_clinician_scales_have_no_items_to_answer(scale: ScaleKind) -> None:
    with pytest.raises(ValidationError) as err:
        scales.score_answers(scale, [0] * 10)
    assert err.value.field == "scale"


def test_clinician_ranges() -> None:
    assert scales.CLINICIAN_RANGES == {ScaleKind.MADRS: (0, 60), ScaleKind.CADSS: (0, 92)}
