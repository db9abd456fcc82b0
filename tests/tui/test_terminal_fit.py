"""Every screen fits a real terminal: 80x24 (the smallest), 200x60, ANSI themes, 16 colours.

At 80x24 the essential keys must stay on the footer on every screen (f1 help with the
crisis guidance, ctrl+l to hide), and each screen's own essentials must be on screen.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.factory import open_service
from ketajournal.service.demo import write_demo
from tests.pty_run import run_in_terminal
from tests.tui.conftest import footer_line, screen_text, settle

NOW = datetime(2026, 11, 27, 19, 30, tzinfo=UTC)

# target for app.action_go -> text that must be visible on that screen
SCREENS = {
    "home": "Prepare for a session",
    "plan": "never suggests a dose",
    "prepare": "Step 1 of 8",
    "journal": "Search everything you wrote",
    "checkin": "How are you right now?",
    "progress": "Mood",
    "questions": "Questions for your next check-in",
    "support": "Who to call",
    "export": "Save as",
}


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("fit") / "demo.db"
    svc = open_service(db, FixedClock(NOW - timedelta(hours=1)))
    write_demo(svc, years=1)
    svc.close()
    return db


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo.db"
    shutil.copy(demo_template, copy)
    return copy


@pytest.mark.parametrize(
    ("size", "theme"),
    [((80, 24), "ketajournal-calm"), ((200, 60), "ketajournal-calm"),
     ((80, 24), "ansi-dark"), ((200, 60), "ansi-light")],
    ids=["80x24", "200x60", "80x24-ansi-dark", "200x60-ansi-light"],
)  # fmt: skip
async def test_every_screen_fits(demo: Path, size: tuple[int, int], theme: str) -> None:
    app = KetaJournalApp(demo, FixedClock(NOW))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.theme = theme
        for target, essential in SCREENS.items():
            app.action_go(target)
            await settle(pilot)
            text = screen_text(app)
            assert essential in text, (target, text)
            footer = footer_line(text)
            assert "f1 Help" in footer and "^l Hide" in footer, (target, footer)
            assert app.is_running and app.return_code is None
            app.action_go("home")
            await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
async def test_a_running_session_fits(demo: Path, size: tuple[int, int]) -> None:
    svc = open_service(demo, FixedClock(NOW - timedelta(minutes=38)))
    svc.sessions.start(175)
    svc.close()
    app = KetaJournalApp(demo, FixedClock(NOW))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Experience" in text
        footer = footer_line(text)
        for key in ("n Note", "m Mark", "e End", "f1 Help", "^l Hide"):
            assert key in footer, (key, footer)


SGR = re.compile(rb"\x1b\[([0-9;:]*)m")


@pytest.mark.slow
def test_sixteen_colour_terminal(demo: Path) -> None:
    """TERM=xterm: the real app draws with the 16 basic colours only, and quits cleanly."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLORTERM", "KETAJOURNAL_DB")}
    env.update(TERM="xterm", COLUMNS="80", LINES="24")
    code, shown = run_in_terminal(
        [sys.executable, "-m", "ketajournal", "--db", str(demo)],
        env,
        [("Prepare for a session", b"\x11")],  # then ctrl+q
    )
    assert code == 0 and "Prepare for a session" in shown
    seen = shown.encode()
    codes = SGR.findall(seen)
    assert codes
    extended = [c for c in codes if b"38;" in c or b"48;" in c]
    assert extended == [], extended[:5]
