"""Tests the boundary checks: each failure names its field and never echoes private text."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone
from uuid import UUID, uuid4

import pytest

from ketajournal.domain import validate as v
from ketajournal.domain.models import MedicationForm, Severity
from ketajournal.errors import ValidationError


def test_aware_rejects_naive_datetimes() -> None:
    with pytest.raises(ValidationError) as err:
        v.aware(datetime(2026, 3, 2, 9, 0), "at")
    assert err.value.field == "at"
    assert "timezone-aware" in str(err.value)


@pytest.mark.parametrize("value", ["2026-03-02T09:00Z", date(2026, 3, 2), 1_772_442_000, None])
def test_aware_rejects_non_datetimes(value: object) -> None:
    with pytest.raises(ValidationError) as err:
        v.aware(value, "start")  # type: ignore[arg-type]
    assert err.value.field == "start"


def test_aware_converts_other_zones_to_utc() -> None:
    local = datetime(2026, 3, 2, 11, 30, tzinfo=timezone(timedelta(hours=2, minutes=30)))
    converted = v.aware(local, "at")
    assert converted.tzinfo is UTC
    assert converted == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert (converted.hour, converted.minute) == (9, 0)


def test_maybe_aware_passes_none() -> None:
    assert v.maybe_aware(None, "since") is None
    assert v.maybe_aware(datetime(2026, 1, 1, tzinfo=UTC), "since") == datetime(
        2026, 1, 1, tzinfo=UTC
    )


@pytest.mark.parametrize("ok", [0, 5, 10])
def test_rating_accepts_0_to_10(ok: int) -> None:
    assert v.rating(ok, "mood") == ok


@pytest.mark.parametrize("bad", [-1, 11, True, 5.0, "5", None])
def test_rating_refuses_out_of_range_and_non_ints(bad: object) -> None:
    with pytest.raises(ValidationError) as err:
        v.rating(bad, "mood")  # type: ignore[arg-type]
    assert err.value.field == "mood"
    assert "from 0 to 10" in str(err.value)


def test_rating_custom_bounds() -> None:
    assert v.rating(4, "marker", 0, 4) == 4
    with pytest.raises(ValidationError, match="from 0 to 4"):
        v.rating(5, "marker", 0, 4)
    assert v.maybe_rating(None, "energy") is None


@pytest.mark.parametrize("ok", [0.5, 100, 10_000])
def test_positive_mg_accepts_positive_numbers_as_float(ok: float) -> None:
    result = v.positive_mg(ok)
    assert result == ok
    assert isinstance(result, float)


@pytest.mark.parametrize("bad", [0, 0.0, -5, math.nan, math.inf, -math.inf, True, "100", 10_001])
def test_positive_mg_refuses_zero_negative_nan_inf_bool(bad: object) -> None:
    with pytest.raises(ValidationError) as err:
        v.positive_mg(bad, "dose")  # type: ignore[arg-type]
    assert err.value.field == "dose"
    assert "greater than 0" in str(err.value)


def test_bounded_float() -> None:
    assert v.bounded_float(None, "sleep", 0, 24) is None
    assert v.bounded_float(24, "sleep", 0, 24) == 24.0
    for bad in (24.1, -0.1, math.nan, True):
        with pytest.raises(ValidationError, match="from 0 to 24"):
            v.bounded_float(bad, "sleep", 0, 24)


def test_choice_accepts_members_and_normalised_values() -> None:
    assert v.choice(Severity.SEVERE, Severity, "severity") is Severity.SEVERE
    assert v.choice("  Moderate ", Severity, "severity") is Severity.MODERATE


def test_choice_lists_what_is_allowed() -> None:
    with pytest.raises(ValidationError) as err:
        v.choice("syrup", MedicationForm, "form")
    assert err.value.field == "form"
    assert err.value.allowed == "one of solution, troche, tablet, prolonged-release"
    assert str(err.value) == (
        "form: must be one of solution, troche, tablet, prolonged-release (got 'syrup')"
    )


def test_choice_message_for_a_small_enum() -> None:
    with pytest.raises(ValidationError) as err:
        v.choice("extreme", Severity, "severity")
    assert "one of mild, moderate, severe" in str(err.value)


@pytest.mark.parametrize("empty", ["", "   ", "\n\t ", None])
def test_text_refuses_empty_and_whitespace(empty: str | None) -> None:
    with pytest.raises(ValidationError) as err:
        v.text(empty, "body")
    assert err.value.field == "body"
    assert "empty" in str(err.value)


def test_text_optional_empty_gives_nothing() -> None:
    assert v.text("  ", "body", required=False) == ""
    assert v.optional_text("  ", "note") is None
    assert v.optional_text(None, "note") is None


def test_text_keeps_the_text_exactly() -> None:
    assert v.text("  two spaces  \n", "body") == "  two spaces  \n"


def test_text_never_echoes_the_text_in_the_error() -> None:
    secret = "I told no one about the lake house " * 3
    with pytest.raises(ValidationError) as too_long:
        v.text(secret, "body", limit=20)
    assert "at most 20 characters" in str(too_long.value)
    assert "lake house" not in str(too_long.value)
    assert too_long.value.got is None

    with pytest.raises(ValidationError) as nul:
        v.text("my secret\x00diary", "body")
    assert "secret" not in str(nul.value)
    assert "NUL" in str(nul.value)


@pytest.mark.parametrize("bad", [42, b"bytes", ["a"]])
def test_text_refuses_non_strings_with_a_validation_error(bad: object) -> None:
    with pytest.raises(ValidationError) as err:
        v.text(bad, "body")  # type: ignore[arg-type]
    assert err.value.field == "body"


def test_label_is_stripped_and_single_line() -> None:
    assert v.label("  Ketamine  ", "medication") == "Ketamine"
    with pytest.raises(ValidationError, match="a single line"):
        v.label("two\nlines", "name")
    with pytest.raises(ValidationError, match="at most 200"):
        v.label("x" * 201, "name")


@pytest.mark.parametrize(("raw", "tag"), [("#Calm", "calm"), ("@Work", "work"), ("sleep", "sleep")])
def test_tag_normalises(raw: str, tag: str) -> None:
    assert v.tag(raw) == tag


@pytest.mark.parametrize("bad", ["two words", "a,b", "#", "", "tab\tbed"])
def test_tag_refuses_spaces_commas_and_empty(bad: str) -> None:
    with pytest.raises(ValidationError) as err:
        v.tag(bad)
    assert err.value.field == "tag"


def test_blood_pressure() -> None:
    assert v.blood_pressure(120, 80) == (120, 80)
    with pytest.raises(ValidationError, match="systolic above diastolic"):
        v.blood_pressure(80, 80)
    with pytest.raises(ValidationError) as err:
        v.blood_pressure(300, 80)
    assert err.value.field == "blood pressure (systolic)"
    with pytest.raises(ValidationError) as err:
        v.blood_pressure(120, 20)
    assert err.value.field == "blood pressure (diastolic)"


def test_uuid() -> None:
    given = uuid4()
    assert v.uuid(given) is given
    assert v.uuid(str(given)) == given
    assert isinstance(v.uuid(str(given)), UUID)
    with pytest.raises(ValidationError) as err:
        v.uuid("not-an-id", "session")
    assert err.value.field == "session"


def test_validation_error_shape() -> None:
    err = ValidationError("dose", "a number", "x" * 100)
    assert err.exit_code == 2
    assert str(err).startswith("dose: must be a number (got 'xxxx")
    assert str(err).endswith("...)")
    assert str(ValidationError("f", "g")) == "f: must be g"
