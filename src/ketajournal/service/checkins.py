"""Check-ins between sessions: mood, the PHQ-9 and GAD-7, clinician scores, progress markers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from ketajournal.domain import models as m
from ketajournal.domain import rules, scales
from ketajournal.domain import validate as v
from ketajournal.errors import ValidationError
from ketajournal.service.base import Context

_SKEW = timedelta(minutes=1)  # clocks of two machines may differ a little


class CheckinService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def mood(
        self,
        mood: int,
        *,
        anxiety: int | None = None,
        sleep_hours: float | None = None,
        energy: int | None = None,
        note: str | None = None,
        at: datetime | None = None,
    ) -> m.MoodCheckin:
        record = m.MoodCheckin(
            **self._ctx.stamp(),
            at=self._when(at),
            mood=rules.check(m.MoodCheckin, "mood", mood),
            anxiety=rules.check(m.MoodCheckin, "anxiety", anxiety),
            sleep_hours=rules.check(m.MoodCheckin, "sleep_hours", sleep_hours, "sleep (hours)"),
            energy=rules.check(m.MoodCheckin, "energy", energy),
            note=rules.check(m.MoodCheckin, "note", note),
        )
        self._ctx.store.insert(record)
        return record

    def moods(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> list[m.MoodCheckin]:
        return self._ctx.store.find(
            m.MoodCheckin,
            time_field="at",
            since=v.maybe_aware(since, "since"),
            until=v.maybe_aware(until, "until"),
            order_by="at",
        )

    def scale(
        self,
        kind: str | m.ScaleKind,
        answers: Sequence[int],
        *,
        note: str | None = None,
        at: datetime | None = None,
    ) -> m.ScaleResult:
        """Scores and stores a self-rated PHQ-9 or GAD-7."""
        scale = v.choice(kind, m.ScaleKind, "scale")
        if scale not in (m.ScaleKind.PHQ9, m.ScaleKind.GAD7):
            raise ValidationError(
                "scale", "phq9 or gad7 (clinician scales take a score)", scale.value
            )
        scored = scales.score_answers(scale, tuple(answers))
        record = m.ScaleResult(
            **self._ctx.stamp(),
            at=self._when(at),
            scale=scale,
            score=scored.score,
            answers=tuple(answers),
            band=scored.band,
            item9_positive=scored.item9_positive,
            rated_by="self",
            note=rules.check(m.ScaleResult, "note", note),
        )
        self._ctx.store.insert(record)
        return record

    def clinician_score(
        self,
        kind: str | m.ScaleKind,
        score: int,
        *,
        at: datetime | None = None,
        note: str | None = None,
    ) -> m.ScaleResult:
        """A MADRS or CADSS total as the clinician gave it; no items are stored or shown."""
        scale = v.choice(kind, m.ScaleKind, "scale")
        if scale not in scales.CLINICIAN_RANGES:
            raise ValidationError(
                "scale", "madrs or cadss for a clinician-rated score", scale.value
            )
        low, high = scales.CLINICIAN_RANGES[scale]
        record = m.ScaleResult(
            **self._ctx.stamp(),
            at=self._when(at),
            scale=scale,
            score=v.rating(score, f"{scale.value} score", low, high),
            rated_by="clinician",
            note=rules.check(m.ScaleResult, "note", note),
        )
        self._ctx.store.insert(record)
        return record

    def scales(
        self,
        kind: str | m.ScaleKind | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[m.ScaleResult]:
        where = {"scale": v.choice(kind, m.ScaleKind, "scale")} if kind else None
        return self._ctx.store.find(
            m.ScaleResult,
            where=where,
            time_field="at",
            since=v.maybe_aware(since, "since"),
            until=v.maybe_aware(until, "until"),
            order_by="at",
        )

    def marker(
        self,
        kind: str | m.MarkerKind,
        value: int,
        *,
        note: str | None = None,
        at: datetime | None = None,
    ) -> m.ProgressMarker:
        record = m.ProgressMarker(
            **self._ctx.stamp(),
            at=self._when(at),
            marker=v.choice(kind, m.MarkerKind, "progress marker"),
            value=rules.check(m.ProgressMarker, "value", value, "progress marker value"),
            note=rules.check(m.ProgressMarker, "note", note),
        )
        self._ctx.store.insert(record)
        return record

    def markers(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> list[m.ProgressMarker]:
        return self._ctx.store.find(
            m.ProgressMarker,
            time_field="at",
            since=v.maybe_aware(since, "since"),
            until=v.maybe_aware(until, "until"),
            order_by="at",
        )

    def _when(self, at: datetime | None) -> datetime:
        now = self._ctx.now()
        when = v.aware(at, "at") if at else now
        if when > now + _SKEW:
            raise ValidationError("at", "a time that is not in the future")
        return when
