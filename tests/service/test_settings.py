"""Tests settings: defaults, coercion of typed values, ranges and unknown keys."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.errors import ValidationError
from ketajournal.service import JournalService
from ketajournal.service.settings import DEFAULT_SETTING_CHECKLIST, Settings


def test_defaults(svc: JournalService) -> None:
    settings = svc.settings.get()
    assert settings == Settings()
    assert settings.sip_minutes == 15
    assert settings.full_reflection_after_hours == 18
    assert settings.followup_week_days == 7
    assert settings.followup_month_days == 30
    assert settings.breathing_pacer is False
    assert settings.setting_checklist == DEFAULT_SETTING_CHECKLIST


@pytest.mark.parametrize(
    ("key", "raw", "value"),
    [
        ("breathing_pacer", "on", True),
        ("breathing_pacer", "YES", True),
        ("reduce_motion", "off", False),
        ("reduce_motion", True, True),
        ("sip_minutes", "20", 20),
        ("sip_minutes", 60, 60),
        ("meal_gap_hours", "3.5", 3.5),
        ("meal_gap_hours", 0, 0.0),
        ("theme", "  ketajournal-dark ", "ketajournal-dark"),
        ("setting_checklist", "Quiet room, Eye mask,, ", ("Quiet room", "Eye mask")),
        ("setting_checklist", ["Blanket"], ("Blanket",)),
    ],
)
def test_set_coerces(svc: JournalService, key: str, raw: object, value: object) -> None:
    returned = svc.settings.set(key, raw)
    assert getattr(returned, key) == value
    assert type(getattr(returned, key)) is type(value)
    assert getattr(svc.settings.get(), key) == value


def test_set_twice_updates_the_one_record(svc: JournalService, clock: FixedClock) -> None:
    svc.settings.set("sip_minutes", "20")
    clock.advance(timedelta(minutes=1))
    svc.settings.set("sip_minutes", "25")
    assert svc.settings.get().sip_minutes == 25
    assert svc.store.count(m.Setting) == 1
    assert svc.settings.get().experience_minutes == 120  # others keep their defaults


@pytest.mark.parametrize(
    ("key", "raw"),
    [
        ("sip_minutes", 0),
        ("sip_minutes", "61"),
        ("sip_minutes", "abc"),
        ("followup_month_days", 6),
        ("meal_gap_hours", "nan"),
        ("meal_gap_hours", 24.5),
        ("breathing_pacer", "maybe"),
        ("breathing_pacer", 2),
        ("theme", "   "),
        ("setting_checklist", " , "),
        ("setting_checklist", ["x" * 81]),
    ],
)
def test_bad_values_are_refused_and_not_stored(svc: JournalService, key: str, raw: object) -> None:
    with pytest.raises(ValidationError) as err:
        svc.settings.set(key, raw)
    assert err.value.field == key
    assert svc.store.count(m.Setting) == 0
    assert svc.settings.get() == Settings()


def test_unknown_key_is_refused(svc: JournalService) -> None:
    with pytest.raises(ValidationError) as err:
        svc.settings.set("dose_mg", 100)
    assert err.value.field == "setting"
    assert "sip_minutes" in err.value.allowed
    assert svc.store.count(m.Setting) == 0


def test_setting_checklist_fills_the_next_preparation(svc: JournalService) -> None:
    svc.settings.set("setting_checklist", "Candle, Water")
    draft = svc.sessions.prepare()
    assert [item.label for item in draft.setting_checklist] == ["Candle", "Water"]
    assert not any(item.done for item in draft.setting_checklist)
