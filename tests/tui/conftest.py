"""TUI test helpers: the real app on a real SQLite file, with a fixed clock."""

from __future__ import annotations

import contextlib
import html
import re
from pathlib import Path

import pytest
from textual import _wait
from textual.pilot import Pilot
from textual.widget import Widget
from textual.worker import WorkerCancelled, WorkerFailed, WorkerState

from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.factory import open_service
from ketajournal.screens import prepare, reflect
from ketajournal.service import JournalService

CANARY = "CANARY-7f3a"
IDLE_SLICE = 0.005  # seconds: the pilot's idle check (Textual's: 0.02); see finer_idle_checks
SETTLE_AT_MOST = 50  # rounds of `settle` (each a pilot pause, IDLE_SLICE at least)
BUSY = (WorkerState.PENDING, WorkerState.RUNNING)
QUICK_SAVE = 0.05  # seconds: the drafts' autosave delay where a test waits for it (real: 0.6)


@pytest.fixture(autouse=True)
def finer_idle_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pilot checks whether the app has gone idle every 5 ms instead of every 20.

    After each key it presses, Textual's pilot sleeps in slices (20 ms each) until a slice
    passes in which the process used almost no CPU (a twentieth of the slice): at least 40
    ms per key, in which the process does nothing. The slices stay idle checks of the same
    kind (the same share of CPU means busy), and the pilot still waits, as before, for every
    message already queued on the screen; workers are waited for by `settle`. Measured over
    the whole suite on 2 CPUs, 3 workers: 316 s -> 294 s, the same tests passing."""
    monkeypatch.setattr(_wait, "SLEEP_GRANULARITY", IDLE_SLICE)
    monkeypatch.setattr(_wait, "SLEEP_IDLE", IDLE_SLICE / 20)


@pytest.fixture
def quick_autosave(monkeypatch: pytest.MonkeyPatch) -> float:
    """The preparation and the reflection save a draft QUICK_SAVE s after a change instead
    of 0.6 s, for a test that waits for that save (`pilot.pause(QUICK_SAVE * 4)`).

    Not for a test of what saves before the delay runs out (escape, a step change): with the
    real delay the autosave cannot do that work for it. The real delay is kept honest by
    test_reflect.py::test_a_draft_saves_itself_while_typing_and_reopens_as_left."""
    monkeypatch.setattr(prepare, "SAVE_DELAY", QUICK_SAVE)
    monkeypatch.setattr(reflect, "SAVE_DELAY", QUICK_SAVE)
    return QUICK_SAVE


async def settle(pilot: Pilot[object], rounds: int = 3) -> None:
    """Waits for every worker and the messages they posted, without sleeping.

    A worker that was refused (a service call's ValidationError, say) has finished too: its
    screen reports the refusal, which is for the test to check. Each worker is waited for on
    its own, since `workers.wait_for_complete()` raises WorkerFailed for such a worker if it
    is still listed (on a busy machine it often is) and stops waiting for the others.

    At least `rounds` rounds, then more while a worker is still to start or running (a
    screen that loads in a worker started from `on_mount`: on a busy machine its worker may
    not have started by the last round, and a key pressed then lands before the load)."""
    app = pilot.app
    for done in range(1, SETTLE_AT_MOST + 1):
        for worker in list(app.workers):
            if worker.state is not WorkerState.PENDING:  # a worker never started: no wait
                with contextlib.suppress(WorkerCancelled, WorkerFailed):
                    await worker.wait()
        await pilot.pause()
        if done >= rounds and not any(w.state in BUSY for w in app.workers):
            return
    busy = [w.name for w in app.workers if w.state in BUSY]
    raise AssertionError(f"workers still starting or running after {SETTLE_AT_MOST} rounds: {busy}")


async def click(pilot: Pilot[object], target: str | Widget) -> None:
    """`pilot.click` on a button as a person clicks it: not during the press effect of the
    last click (Textual's Button ignores a click while it shows a press, 0.2 s: a quick
    second click is one press). Clicking the same button twice in a row needs the wait."""
    widget = pilot.app.screen.query_one(target) if isinstance(target, str) else target
    for _ in range(SETTLE_AT_MOST):
        if not widget.has_class("-active"):
            break
        await pilot.pause(0.02)
    await pilot.click(target)


def screen_text(app: KetaJournalApp) -> str:
    """What a person would read on screen: the screenshot's text, entities decoded."""
    svg = app.export_screenshot()
    runs = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    return html.unescape("".join(runs)).replace("\xa0", " ")


def footer_line(text: str) -> str:
    """The last line of `screen_text`: the footer with the keys."""
    return text.rstrip("\n").rsplit("\n", 1)[-1]


def seed(db_path: Path, clock: FixedClock, *, bp: bool = False) -> None:
    """A plan with a dose, a weekly schedule, and a support person and a clinician."""
    svc: JournalService = open_service(db_path, clock)
    svc.plan.set(
        medication="Ketamine HCl",
        form="solution",
        concentration_mg_per_ml=50,
        prescriber="Dr. Lee",
        bp_required=bp,
    )
    svc.plan.add_dose_step(150, "set at intake")
    svc.plan.add_phase("induction", 7)
    svc.contacts.add("Sam", "support", phone="555-0100")
    svc.contacts.add("Dr. Lee", "clinician", phone="555-0199")
    svc.close()
