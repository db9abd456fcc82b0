"""TUI test helpers: the real app on a real SQLite file, with a fixed clock."""

from __future__ import annotations

import asyncio
import contextlib
import html
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from time import monotonic, process_time

import pytest
import textual.app
import textual.pilot
from textual import _wait, events
from textual.app import App
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot
from textual.widget import Widget
from textual.worker import WorkerCancelled, WorkerFailed, WorkerState

from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.factory import open_service
from ketajournal.screens import prepare, reflect
from ketajournal.service import JournalService

CANARY = "CANARY-7f3a"
IDLE_SLICE = 0.002  # seconds: a look of the pilot's idle check (Textual's: 0.02); see wait_for_idle
IDLE_CPU = 0.00025  # seconds of CPU a slice may use and still count as idle
SETTLE_AT_MOST = 50  # rounds of `settle` (each a pilot pause, IDLE_SLICE at least)
BUSY = (WorkerState.PENDING, WorkerState.RUNNING)
QUICK_SAVE = 0.05  # seconds: the drafts' autosave delay where a test waits for it (real: 0.6)


@pytest.fixture(autouse=True)
def finer_idle_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pilot's idle check (`wait_for_idle`, after every key and in every `pause`) looks
    every 2 ms instead of every 20, and only trusts a look it was not kept from.

    Textual's check sleeps a 20 ms slice at a time until one passes in which the process
    used almost no CPU (a twentieth of the slice): at least one whole slice asleep per
    key, most of a typing test's time (typing an entry: 3,300 slices). See `wait_for_idle`.
    The pilot still waits, as before, for every message already queued on the screen, and
    `settle` for the workers. Also one wait fewer per key (`_press_keys`)."""
    monkeypatch.setattr(_wait, "wait_for_idle", wait_for_idle)
    monkeypatch.setattr(textual.pilot, "wait_for_idle", wait_for_idle)
    monkeypatch.setattr(textual.app, "wait_for_idle", wait_for_idle)
    monkeypatch.setattr(App, "_press_keys", _press_keys)


async def wait_for_idle(min_sleep: float = IDLE_SLICE, max_sleep: float = 1) -> None:
    """Textual's `textual._wait.wait_for_idle` with a finer slice, and surer of what it saw.

    Idle: a slice (IDLE_SLICE) in which the process used under IDLE_CPU of CPU time (a
    quarter of a millisecond; Textual's: a twentieth of its slice, 1 ms). A slice that
    lasted over twice as long as asked is never idle: the process may have been kept off a
    busy CPU for it (other workers, on 2 CPUs), and then it used no CPU without having
    finished anything. Textual's check, with its 20 ms slice, trusts such a slice."""
    start = monotonic()
    while True:
        cpu, slept_from = process_time(), monotonic()
        await asyncio.sleep(IDLE_SLICE)
        now = monotonic()
        if now - start >= max_sleep:
            return
        quiet = process_time() - cpu < IDLE_CPU
        on_time = now - slept_from < 2 * IDLE_SLICE
        if now - start > min_sleep and quiet and on_time:
            return


async def _press_keys(app: App[object], keys: Iterable[str]) -> None:
    """Textual's `App._press_keys` (8.2), which `pilot.press` calls, with one wait fewer.

    After each key Textual waits for idle, then for any animation to finish, then for idle
    again. With no animation running the second wait only sleeps: the process was just seen
    idle, and nothing has run since. Typed text waited two idle checks per character, most
    of a typing test's time spent asleep. Here the second wait follows an animation only."""
    driver = app._driver
    assert driver is not None
    for key in keys:
        if key.startswith("wait:"):
            _, wait_ms = key.split(":")
            await asyncio.sleep(float(wait_ms) / 1000)
            await app._animator.wait_until_complete()
            continue
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        original_key = REPLACED_KEYS.get(key, key)
        char: str | None
        try:
            char = unicodedata.lookup(_get_unicode_name_from_key(original_key))
        except KeyError:
            char = key if len(key) == 1 else None
        key_event = events.Key(key, char)
        key_event.set_sender(app)
        driver.send_message(key_event)
        await _wait.wait_for_idle(0)
        if not app._animator._complete_event.is_set():  # an animation is running
            await app._animator.wait_until_complete()
            await _wait.wait_for_idle(0)


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
