"""The declared limits of every record field (domain.rules): complete, met by what the
service writes, and enforced on the service's writes as on imports."""

from __future__ import annotations

import dataclasses
import typing
from datetime import UTC, datetime
from pathlib import Path
from types import NoneType, UnionType
from uuid import uuid4

import pytest

from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.domain import rules
from ketajournal.errors import ValidationError
from ketajournal.factory import open_service
from ketajournal.service import JournalService, transfer
from ketajournal.service.demo import write_demo

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _numbers(cls: type) -> list[str]:
    hints = typing.get_type_hints(cls, vars(m))
    found = []
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        if typing.get_origin(hint) in (typing.Union, UnionType):
            hint = next(a for a in typing.get_args(hint) if a is not NoneType)
        if hint in (int, float):
            found.append(f.name)
    return found


@pytest.mark.parametrize(
    "cls",
    [*transfer.RECORD_TYPES.values(), m.SideEffect],
    ids=lambda c: c.__name__,
)
def test_every_number_field_has_a_declared_range(cls: type) -> None:
    """A new number field needs its range in domain.rules, or imports could store anything."""
    undeclared = [
        name
        for name in _numbers(cls)
        if name not in rules.FIELDS.get(cls, {})
        and not (cls is m.ScaleResult and name == "score")  # by scale: rules._check_scale
    ]
    assert undeclared == [], f"{cls.__name__}: declare {undeclared} in domain/rules.py"


def test_everything_the_service_writes_meets_the_rules(db_path: Path) -> None:
    svc = open_service(db_path, FixedClock(NOW))
    try:
        write_demo(svc, years=1, seed=3)
        svc.settings.set("setting_checklist", "lamp, blanket")
        svc.settings.set("breathing_pacer", "on")
        for cls in transfer.RECORD_TYPES.values():
            for record in svc.store.find(cls):
                rules.check_record(record)
    finally:
        svc.close()


def test_the_services_writes_are_checked_by_the_same_rules(svc: JournalService) -> None:
    """Even a write that skips the service's own early checks meets the declared limits."""
    stamp = {"id": uuid4(), "created_at": NOW, "updated_at": NOW}
    long_title = m.JournalEntry(**stamp, written_at=NOW, body="text", title="t" * 201)
    with pytest.raises(ValidationError, match="title: must be at most 200 characters"):
        svc.ctx.store.insert(long_title)
    late = m.MoodCheckin(**stamp, at=datetime(2300, 1, 1, tzinfo=UTC), mood=5)
    with pytest.raises(ValidationError, match="at: must be a date and time from 1900 to 2200"):
        svc.ctx.store.insert(late)
    bad = m.Setting(**stamp, key="sip_minutes", value="banana")
    with pytest.raises(ValidationError, match="sip_minutes: must be a value like its default"):
        svc.ctx.store.insert(bad)
    assert svc.store.count(m.JournalEntry) == 0 and svc.store.count(m.Setting) == 0


def test_a_bad_setting_left_by_an_older_version_never_stops_the_app(svc: JournalService) -> None:
    stamp = {"id": uuid4(), "created_at": NOW, "updated_at": NOW}
    svc.store.insert(m.Setting(**stamp, key="sip_minutes", value="banana"))  # as once imported
    assert svc.settings.get().sip_minutes == 15  # the default, instead of a crash
