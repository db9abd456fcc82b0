"""Questions for the care team (added from anywhere) and the support-person guide."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.domain.support_guide import support_guide
from ketajournal.factory import open_service
from ketajournal.screens.plan import PlanScreen
from ketajournal.screens.questions import QuestionsScreen
from ketajournal.screens.support_guide import SupportGuideScreen
from tests.tui.conftest import screen_text, seed, settle


def _questions(db_path: Path, clock: FixedClock, include_done: bool = False) -> list[str]:
    svc = open_service(db_path, clock)
    found = [q.text for q in svc.questions.list(include_done=include_done)]
    svc.close()
    return found


async def test_add_a_question_from_anywhere_and_tick_it_off(
    db_path: Path, clock: FixedClock
) -> None:
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t")  # on another screen entirely
        await settle(pilot)
        await pilot.press("f3", *"Can we move to Saturdays? [b]", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert _questions(db_path, clock) == ["Can we move to Saturdays? [b]"]
        await app.run_action("go('questions')")
        await settle(pilot)
        assert isinstance(app.screen, QuestionsScreen)
        assert "Can we move to Saturdays? [b]" in screen_text(app)
        clock.advance(timedelta(minutes=1))  # added later: listed second
        await pilot.press("a", *"Is the nausea normal?", "enter")
        await settle(pilot)
        assert "Is the nausea normal?" in screen_text(app)
        await pilot.press("space")  # tick off the first one
        await settle(pilot)
        assert "Can we move to Saturdays?" not in screen_text(app)
        await pilot.press("h")  # answered ones too
        await settle(pilot)
        assert "Can we move to Saturdays?" in screen_text(app)
    assert _questions(db_path, clock) == ["Is the nausea normal?"]
    assert len(_questions(db_path, clock, include_done=True)) == 2


async def test_support_guide_lists_the_contacts(db_path: Path, clock: FixedClock) -> None:
    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SupportGuideScreen)
        text = screen_text(app)
        assert "For the person in the next room" in text
        assert "Support person: Sam, 555-0100" in text
        await pilot.press("end")  # the page scrolls: how to help, and when to call
        await settle(pilot)
        text = screen_text(app)
        assert "When to call for help" in text


def test_support_guide_puts_an_emergency_line_first_when_none_is_recorded() -> None:
    guide = support_guide([])
    who = next(s for s in guide.sections if s.title == "Who to call")
    assert who.lines[0].startswith("Emergency: your local emergency number")
    assert who.lines[-1].startswith("Care team after hours: none recorded")
    british = next(s for s in support_guide([], country="GB").sections if s.title == "Who to call")
    assert british.lines[0] == "Emergency: 999"
    assert british.lines[-1] == "Crisis line: Samaritans: 116 123 (free, any time)"
