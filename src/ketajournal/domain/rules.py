"""The limits every stored record meets, declared once per record field.

`check_record` applies them. The service checks each record it writes with it (through
its store, `service.base`), and an import checks each record of the file with it, so a
record can reach the journal only within these limits, whichever way it comes. The
service also checks what is typed earlier, with words for the person; a limit changed
there and not here (or here and not there) makes its writes fail, so the two cannot
drift apart silently.

Every field has a rule by its type even when it is not named here: an instant lies in
the range every part of the journal handles (`validate.aware`), text has no NUL and no
lone surrogate and at most MAX_TEXT characters, a list at most MAX_ITEMS items.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from ketajournal.domain import models as m
from ketajournal.domain import scales, settings
from ketajournal.domain import validate as v
from ketajournal.domain.codec import Kind, fields_of
from ketajournal.errors import ValidationError

Rule = Callable[[Any, str], object]

MAX_ITEMS = 200  # items in a list field (medications, checklist items, side effects)
MAX_TAGS = 50
MAX_NOTE = 20_000
MAX_SHORT_NOTE = 2000
PREPARATION_STEPS = ("timing", "body", "setting", "support", "intention", "ratings", "dose")
RATERS = ("self", "clinician")


def between(low: int, high: int) -> Rule:
    return lambda value, name: v.rating(value, name, low, high)


def number(low: float, high: float) -> Rule:
    return lambda value, name: v.bounded_float(value, name, low, high)


def text(limit: int, *, required: bool = False) -> Rule:
    return lambda value, name: v.text(value, name, required=required, limit=limit)


def label(value: Any, name: str) -> object:
    return v.label(value, name)


def one_of(*allowed: str) -> Rule:
    def check(value: Any, name: str) -> object:
        if value not in allowed:
            raise ValidationError(name, "one of " + ", ".join(allowed), value)
        return value

    return check


def items(limit: int, each: Rule | None = None) -> Rule:
    def check(value: Any, name: str) -> object:
        if len(value) > limit:
            raise ValidationError(name, f"at most {limit} items", len(value))
        for index, item in enumerate(value):
            if each is not None:
                each(item, f"{name}[{index}]")
            elif dataclasses.is_dataclass(item):
                _check_fields(item, f"{name}[{index}].")
        return value

    return check


def _checklist_item(value: Any, name: str) -> object:
    return label(value.label, f"{name}.label")


def _tag(value: Any, name: str) -> object:
    if v.tag(value) != value:
        raise ValidationError(name, "a tag as the journal stores it (lower case, no # or @)")
    return value


RATING = between(0, 10)
SYSTOLIC, DIASTOLIC = between(50, 260), between(30, 160)
MG = v.positive_mg
NOTE = text(MAX_NOTE)

FIELDS: dict[type[Any], dict[str, Rule]] = {
    m.Plan: {
        "medication": label,
        "concentration_mg_per_ml": number(0.001, 1000),
        "prescriber": label,
        "bp_limit_systolic": SYSTOLIC,
        "bp_limit_diastolic": DIASTOLIC,
    },
    m.DoseStep: {"dose_mg": MG, "reason": text(MAX_SHORT_NOTE, required=True)},
    m.SchedulePhase: {"interval_days": between(1, 365)},
    m.Contact: {"name": label, "phone": label, "note": text(MAX_SHORT_NOTE)},
    m.Setting: {"key": label},
    m.Session: {
        "timing_checks": items(MAX_ITEMS, _checklist_item),
        "medications_today": items(MAX_ITEMS, label),
        "setting_checklist": items(MAX_ITEMS, _checklist_item),
        "support_name": label,
        "intention": text(10_000),
        "mood_before": RATING,
        "anxiety_before": RATING,
        "bp_before_systolic": SYSTOLIC,
        "bp_before_diastolic": DIASTOLIC,
        "prescribed_dose_mg": MG,
        "taken_dose_mg": MG,
        "skipped_steps": items(len(PREPARATION_STEPS), one_of(*PREPARATION_STEPS)),
    },
    m.SessionEvent: {"systolic": SYSTOLIC, "diastolic": DIASTOLIC},
    m.SideEffect: {"duration_minutes": between(0, 24 * 60)},
    m.Reflection: {
        "intensity": RATING,
        "dissociation": RATING,
        "mood_after": RATING,
        "anxiety_after": RATING,
    },
    m.JournalEntry: {
        "body": text(v.MAX_TEXT, required=True),
        "title": label,
        "tags": items(MAX_TAGS, _tag),
    },
    m.MoodCheckin: {
        "mood": RATING,
        "anxiety": RATING,
        "energy": RATING,
        "sleep_hours": number(0, 24),
        "note": NOTE,
    },
    m.ScaleResult: {"note": NOTE, "rated_by": one_of(*RATERS)},
    m.ProgressMarker: {"value": between(0, 4), "note": NOTE},
    m.Question: {"text": text(5000, required=True), "answer": NOTE},
}


# Blood pressures stored as two fields: systolic above diastolic, as `validate` requires.
BP_PAIRS: dict[type[Any], tuple[tuple[str, str], ...]] = {
    m.Plan: (("bp_limit_systolic", "bp_limit_diastolic"),),
    m.Session: (("bp_before_systolic", "bp_before_diastolic"),),
    m.SessionEvent: (("systolic", "diastolic"),),
}


def check(
    cls: type[Any], name: str, value: Any, label: str | None = None, *, required: bool = False
) -> Any:
    """One value for `cls.name`, checked by the field's declared rule (or by its type's, when
    none is declared) and named `label` in the message; returns it as it will be stored
    (empty optional text as None). What the service checks as it is typed, with the words
    a person sees. `required`: an optional field the use case needs (a dose taken)."""
    spec = next(f for f in fields_of(cls) if f.name == name)
    if value is None and spec.type.optional and not required:
        return None
    label = label or name.replace("_", " ")
    rule = FIELDS.get(cls, {}).get(name)
    if rule is not None:
        result = rule(value, label)
    elif spec.type.kind is Kind.TEXT:
        result = v.text(value, label, required=not spec.type.optional)
    elif spec.type.kind is Kind.TIME:
        result = v.aware(value, label)
    else:
        result = value
    return None if spec.type.optional and result == "" else result


def check_record(record: m.Record) -> None:
    """Raises a ValidationError naming the first field (as `field` or `field[2].label`)
    that breaks its rule; returns quietly for a record that may be stored."""
    _check_fields(record, "")
    for high, low in BP_PAIRS.get(type(record), ()):
        systolic, diastolic = getattr(record, high), getattr(record, low)
        if systolic is not None and diastolic is not None and diastolic >= systolic:
            raise ValidationError(low, f"below {high} ({systolic})", diastolic)
    if isinstance(record, m.Setting):
        settings.check_stored(record.key, record.value)
    elif isinstance(record, m.ScaleResult):
        _check_scale(record)


def _check_fields(record: Any, prefix: str) -> None:
    declared = FIELDS.get(type(record), {})
    for spec in fields_of(type(record)):
        value = getattr(record, spec.name)
        if value is None:
            continue
        where = prefix + spec.name
        rule = declared.get(spec.name)
        kind = spec.type.kind
        if kind is Kind.TIME:
            v.aware(value, where)
        elif kind is Kind.TEXT and rule is None:
            v.text(value, where, required=False)
        elif kind is Kind.LIST and rule is None:
            items(MAX_ITEMS)(value, where)
        elif kind is Kind.RECORD:
            _check_fields(value, where + ".")
        if rule is not None:
            rule(value, where)


def _check_scale(record: m.ScaleResult) -> None:
    low, high = scales.SCORE_RANGES[record.scale]
    v.rating(record.score, f"score for {record.scale}", low, high)
    if record.answers is None:
        return
    scored = scales.score_answers(record.scale, record.answers)
    if scored.score != record.score:
        raise ValidationError("score", f"the sum of the answers ({scored.score})", record.score)
    if scored.item9_positive != record.item9_positive:
        raise ValidationError("item9_positive", str(scored.item9_positive).lower())
