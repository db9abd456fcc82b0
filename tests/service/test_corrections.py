"""Every record can be found and fixed: optional fields cleared (CLEAR), contacts, dose
steps and schedule phases changed or removed, a preparation really discarded, sessions
browsed and found from a search hit, drafts kept and dropped."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.domain.drafts import JournalDraft
from ketajournal.errors import NotFoundError, ValidationError
from ketajournal.service import JournalService
from ketajournal.service.base import CLEAR
from ketajournal.service.reflections import ReflectionAnswers
from ketajournal.service.sessions import Preparation
from tests.service.conftest import run_session

# -- clearing an optional field ------------------------------------------------------------


def test_clear_empties_optional_plan_fields_and_none_leaves_them(svc: JournalService) -> None:
    svc.plan.set(form="solution", prescriber="Dr. Lee", concentration_mg_per_ml=50, notes="n")
    kept = svc.plan.set(prescriber=None, concentration_mg_per_ml=None, notes=None)
    assert (kept.prescriber, kept.concentration_mg_per_ml, kept.notes) == ("Dr. Lee", 50.0, "n")
    cleared = svc.plan.set(prescriber=CLEAR, concentration_mg_per_ml=CLEAR, notes=CLEAR)
    assert (cleared.prescriber, cleared.concentration_mg_per_ml, cleared.notes) == (None,) * 3
    assert svc.plan.get() == cleared


def test_the_medication_cannot_be_emptied_silently(svc: JournalService) -> None:
    svc.plan.set(form="solution", medication="Ketamine HCl")
    with pytest.raises(ValidationError, match="medication: must be some text"):
        svc.plan.set(medication="")
    plan = svc.plan.get()
    assert plan is not None and plan.medication == "Ketamine HCl"


def test_a_reflection_rating_and_choice_can_be_cleared(
    svc: JournalService, clock: FixedClock
) -> None:
    svc.plan.set(form="solution")
    session = run_session(svc, clock)
    immediate = svc.reflections.of_kind(session.id, m.ReflectionKind.IMMEDIATE)
    svc.reflections.save_draft(immediate.id, ReflectionAnswers(intensity=6, mood_after=7))
    kept = svc.reflections.save_draft(immediate.id, ReflectionAnswers(mood_after=None))
    assert (kept.intensity, kept.mood_after) == (6, 7)
    cleared = svc.reflections.save_draft(immediate.id, ReflectionAnswers(intensity=CLEAR))
    assert (cleared.intensity, cleared.mood_after) == (None, 7)
    full = svc.reflections.of_kind(session.id, m.ReflectionKind.FULL)
    svc.reflections.save_draft(full.id, ReflectionAnswers(intention_touched="yes"))
    assert (
        svc.reflections.save_draft(full.id, ReflectionAnswers(intention_touched=CLEAR))
    ).intention_touched is None


def test_a_preparation_field_can_be_cleared(svc: JournalService, clock: FixedClock) -> None:
    draft = svc.sessions.prepare()
    meal = clock.now() - timedelta(hours=3)
    svc.sessions.update_draft(
        draft.id,
        Preparation(mood_before=4, last_meal_at=meal, blood_pressure=(120, 80)),
    )
    cleared = svc.sessions.update_draft(
        draft.id, Preparation(mood_before=CLEAR, last_meal_at=CLEAR, blood_pressure=CLEAR)
    )
    assert (cleared.mood_before, cleared.last_meal_at, cleared.bp_before_systolic) == (None,) * 3


def test_a_journal_entry_can_be_unlinked_from_its_session(
    svc: JournalService, clock: FixedClock
) -> None:
    svc.plan.set(form="solution")
    session = run_session(svc, clock)
    entry = svc.journal.add("after", session_id=session.id)
    assert svc.journal.edit(entry.id, session_id=None).session_id == session.id
    assert svc.journal.edit(entry.id, session_id=CLEAR).session_id is None


# -- contacts, dose steps, schedule phases ---------------------------------------------------


def test_a_contact_is_corrected_and_removed(svc: JournalService) -> None:
    sam = svc.contacts.add("Sam", "support", phone="555-0100in the next room", note="n")
    fixed = svc.contacts.edit(sam.id, phone="555-0100", note=CLEAR, role="clinician")
    assert (fixed.name, fixed.role, fixed.phone, fixed.note) == (
        "Sam",
        m.Role.CLINICIAN,
        "555-0100",
        None,
    )
    assert svc.contacts.edit(str(sam.id)[:8], phone="").phone is None  # empty text clears
    with pytest.raises(ValidationError, match="name: must be some text"):
        svc.contacts.edit(sam.id, name="  ")
    svc.contacts.remove(sam.id)
    assert svc.contacts.list() == []


def test_a_dose_step_is_corrected_and_removed(svc: JournalService, clock: FixedClock) -> None:
    svc.plan.set(form="solution")
    step = svc.plan.add_dose_step(1500, "typo")
    fixed = svc.plan.edit_dose_step(
        step.id, dose_mg=150, reason="set at intake", effective_at=clock.now() - timedelta(days=1)
    )
    assert (fixed.dose_mg, fixed.reason) == (150.0, "set at intake")
    current = svc.plan.current_dose()
    assert current is not None and current.dose_mg == 150
    with pytest.raises(ValidationError, match="dose: must be a number of mg"):
        svc.plan.edit_dose_step(step.id, dose_mg=0)
    svc.plan.remove_dose_step(step.id)
    assert svc.plan.dose_steps() == []
    with pytest.raises(NotFoundError):
        svc.plan.remove_dose_step(step.id)


def test_a_schedule_phase_is_corrected_and_removed(svc: JournalService) -> None:
    svc.plan.set(form="solution")
    phase = svc.plan.add_phase("induction", 70)
    fixed = svc.plan.edit_phase(phase.id, phase="maintenance", interval_days=14)
    assert (fixed.phase, fixed.interval_days) == (m.Phase.MAINTENANCE, 14)
    with pytest.raises(ValidationError, match="every \\(days\\)"):
        svc.plan.edit_phase(phase.id, interval_days=0)
    svc.plan.remove_phase(phase.id)
    assert svc.plan.phases() == [] and svc.plan.next_due() is None


# -- a preparation discarded for real ---------------------------------------------------------


def test_discarding_a_preparation_removes_it_and_its_intention(svc: JournalService) -> None:
    draft = svc.sessions.prepare()
    svc.sessions.update_draft(draft.id, Preparation(intention="MY CAREFUL INTENTION"))
    assert [h.kind for h in svc.journal.search("careful")] == ["intention"]
    svc.sessions.discard(draft.id)
    assert svc.journal.search("careful") == []
    with pytest.raises(NotFoundError):
        svc.sessions.get(draft.id)
    assert svc.sessions.draft() is None


def test_only_a_preparation_can_be_discarded(svc: JournalService, clock: FixedClock) -> None:
    svc.plan.set(form="solution")
    session = run_session(svc, clock)
    with pytest.raises(ValidationError, match="a preparing session"):
        svc.sessions.discard(session.id)
    assert svc.sessions.get(session.id).status is m.SessionStatus.ENDED


# -- browsing sessions, and a search hit's session ---------------------------------------------


def test_sessions_page_with_their_events_and_reflections(
    svc: JournalService, clock: FixedClock
) -> None:
    svc.plan.set(form="solution")
    first = run_session(svc, clock)
    clock.advance(timedelta(days=7))
    second = svc.sessions.start(100)
    svc.sessions.note("warm hands", session_id=second.id)
    clock.advance(timedelta(hours=2))
    svc.sessions.end(second.id)
    page = svc.sessions.page(limit=1)
    assert [r.session.id for r in page.items] == [second.id] and page.has_more
    (record,) = page.items
    assert [e.text for e in record.events if e.kind is m.EventKind.NOTE] == ["warm hands"]
    assert [r.kind for r in record.reflections] == list(m.ReflectionKind)
    older = svc.sessions.page(limit=1, offset=1)
    assert [r.session.id for r in older.items] == [first.id] and not older.has_more
    assert svc.sessions.record(str(first.id)[:8]).session.id == first.id


def test_a_search_hit_leads_to_its_session(svc: JournalService, clock: FixedClock) -> None:
    svc.plan.set(form="solution")
    session = svc.sessions.start(100, Preparation(intention="meet the lighthouse"))
    svc.sessions.note("the lighthouse hums", session_id=session.id)
    clock.advance(timedelta(hours=2))
    svc.sessions.end(session.id)
    full = svc.reflections.of_kind(session.id, m.ReflectionKind.FULL)
    svc.reflections.save_draft(full.id, ReflectionAnswers(insights="a lighthouse, again"))
    entry = svc.journal.add("lighthouse in my journal")
    hits = {h.kind: h for h in svc.journal.search("lighthouse")}
    assert set(hits) == {"intention", "note", "reflection", "journal"}
    for kind in ("intention", "note", "reflection"):
        found = svc.sessions.of_hit(hits[kind])
        assert found is not None and found.id == session.id, kind
    assert svc.sessions.of_hit(hits["journal"]) is None
    assert hits["journal"].ref_id == entry.id


# -- drafts -------------------------------------------------------------------------------------


def test_journal_drafts_are_kept_listed_and_dropped(svc: JournalService, clock: FixedClock) -> None:
    entry = svc.journal.add("as written")
    assert svc.drafts.journal(None) is None
    svc.drafts.keep_journal(None, JournalDraft(body="new, half written", tags="calm"))
    clock.advance(timedelta(minutes=1))
    svc.drafts.keep_journal(entry.id, JournalDraft(body="as written, and more"))
    kept = svc.drafts.journal_drafts()
    assert [k.entry_id for k in kept] == [entry.id, None]  # the most recent first
    new = svc.drafts.journal(None)
    assert new is not None and new.draft.body == "new, half written"
    assert new.draft.tag_list() == ["calm"]
    svc.drafts.keep_journal(None, JournalDraft())  # emptied: nothing to keep
    assert svc.drafts.journal(None) is None
    svc.drafts.drop_journal(entry.id)
    assert svc.drafts.journal_drafts() == []
    assert svc.journal.get(entry.id).body == "as written"  # the entry itself is untouched
    assert svc.settings.get().theme == "ketajournal-calm"  # drafts are not settings


def test_questionnaire_answers_are_kept_until_finished(svc: JournalService) -> None:
    svc.drafts.keep_scale("phq9", [1, 2, 1])
    assert svc.drafts.scale("phq9") == [1, 2, 1] and svc.drafts.scale("gad7") is None
    with pytest.raises(ValidationError, match="answers from 0 to 3"):
        svc.drafts.keep_scale("phq9", [1, 4])
    assert svc.drafts.scale("phq9") == [1, 2, 1]
    svc.drafts.drop_scale("phq9")
    assert svc.drafts.scale("phq9") is None


def test_drafts_travel_with_a_whole_export(svc: JournalService, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ketajournal.factory import open_service
    from ketajournal.service import transfer
    from ketajournal.service.importing import import_json

    svc.drafts.keep_journal(None, JournalDraft(body="unfinished"))
    svc.drafts.keep_scale("gad7", [0, 1])
    data = transfer.export_json(svc.store, svc.ctx.now())
    other = open_service(tmp_path / "other" / "kj.db", svc.clock)
    try:
        import_json(other.store, data, "export.json")
        kept = other.drafts.journal(None)
        assert kept is not None and kept.draft.body == "unfinished"
        assert other.drafts.scale("gad7") == [0, 1]
    finally:
        other.close()
