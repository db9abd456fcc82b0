"""Tests the demo journey: deterministic for a seed and clock, and shaped like a real year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from statistics import mean

import pytest

from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.factory import open_service
from ketajournal.service.demo import SEARCH_WORD, write_demo
from tests.conftest import START

RECORD_TYPES: tuple[type[m.Record], ...] = (
    m.Plan,
    m.DoseStep,
    m.SchedulePhase,
    m.Contact,
    m.Setting,
    m.Session,
    m.SessionEvent,
    m.Reflection,
    m.JournalEntry,
    m.MoodCheckin,
    m.ScaleResult,
    m.ProgressMarker,
    m.Question,
)


@dataclass(frozen=True)
class DemoData:
    summary: dict[str, int]
    counts: dict[str, int]
    entries: list[tuple[str, str]]
    sessions: list[m.Session]
    plan: m.Plan | None
    dose_steps: list[m.DoseStep]
    phases: list[m.SchedulePhase]
    phq9: list[m.ScaleResult]
    gad7: list[m.ScaleResult]
    search_hits: int


def build(path: Path, seed: int) -> DemoData:
    svc = open_service(path, FixedClock(START))
    try:
        summary = write_demo(svc, years=1, seed=seed)
        return DemoData(
            summary=summary,
            counts={cls.__name__: svc.store.count(cls) for cls in RECORD_TYPES},
            entries=sorted((str(e.id), e.body) for e in svc.store.find(m.JournalEntry)),
            sessions=svc.sessions.history(),
            plan=svc.plan.get(),
            dose_steps=svc.plan.dose_steps(),
            phases=svc.plan.phases(),
            phq9=svc.checkins.scales("phq9"),
            gad7=svc.checkins.scales("gad7"),
            search_hits=len(svc.journal.search(SEARCH_WORD, limit=1000)),
        )
    finally:
        svc.close()


@pytest.fixture(scope="module")
def demos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, DemoData]:
    """The demo written three times: seed 7 into two databases, and seed 8."""
    root = tmp_path_factory.mktemp("demo")
    return {
        "a": build(root / "a" / "kj.db", seed=7),
        "b": build(root / "b" / "kj.db", seed=7),
        "other": build(root / "c" / "kj.db", seed=8),
    }


def test_same_seed_and_clock_give_identical_content(demos: dict[str, DemoData]) -> None:
    a, b = demos["a"], demos["b"]
    assert a.entries == b.entries
    assert a.counts == b.counts
    assert a.summary == b.summary
    assert a.sessions == b.sessions
    assert a.phq9 == b.phq9


def test_a_different_seed_differs(demos: dict[str, DemoData]) -> None:
    a, other = demos["a"], demos["other"]
    assert a.entries != other.entries
    assert {i for i, _ in a.entries}.isdisjoint({i for i, _ in other.entries})
    assert [s.intention for s in a.sessions] != [s.intention for s in other.sessions]
    assert [r.answers for r in a.phq9] != [r.answers for r in other.phq9]


def test_summary_matches_what_was_stored(demos: dict[str, DemoData]) -> None:
    a = demos["a"]
    assert a.summary["sessions"] == a.counts["Session"]
    assert a.summary["journal entries"] == a.counts["JournalEntry"]
    assert a.summary["reflections"] == a.counts["Reflection"]
    assert a.summary["scale results"] == a.counts["ScaleResult"]


def test_the_demo_has_a_plan_doses_and_sessions(demos: dict[str, DemoData]) -> None:
    a = demos["a"]
    assert a.plan is not None
    assert a.plan.form is m.MedicationForm.SOLUTION
    assert a.counts["Plan"] == 1
    assert len(a.dose_steps) >= 3
    assert [s.dose_mg for s in a.dose_steps][:3] == [100.0, 150.0, 200.0]
    assert [p.phase for p in a.phases][:2] == [m.Phase.INDUCTION, m.Phase.MAINTENANCE]
    assert len(a.sessions) >= 20
    assert all(s.sip_started_at is not None for s in a.sessions)
    assert a.counts["Contact"] == 4
    assert a.counts["Reflection"] > 0 and a.counts["ProgressMarker"] > 0


def test_about_a_thousand_journal_entries(demos: dict[str, DemoData]) -> None:
    a = demos["a"]
    assert a.counts["JournalEntry"] == 1000
    assert 5 <= a.search_hits <= 20  # the benchmark word is in ~1% of entries


def test_scales_every_two_weeks_with_item9_at_intake_only(demos: dict[str, DemoData]) -> None:
    a = demos["a"]
    assert len(a.phq9) == len(a.gad7) >= 24
    for results in (a.phq9, a.gad7):
        gaps = {later.at - earlier.at for earlier, later in zip(results, results[1:], strict=False)}
        assert gaps == {timedelta(days=14)}
    assert [r.at for r in a.phq9] == [r.at for r in a.gad7]
    assert a.phq9[0].item9_positive is True
    assert a.phq9[0].answers is not None and a.phq9[0].answers[8] > 0
    assert not any(r.item9_positive for r in a.phq9[1:])
    assert not any(r.item9_positive for r in a.gad7)


@pytest.mark.parametrize("scale", ["phq9", "gad7"])
def test_scores_improve(demos: dict[str, DemoData], scale: str) -> None:
    results = getattr(demos["a"], scale)
    quarter = len(results) // 4
    first = mean(r.score for r in results[:quarter])
    last = mean(r.score for r in results[-quarter:])
    assert last < first
