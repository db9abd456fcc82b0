"""The whole journey in a real 80x24 terminal, typed as a person types, read off the screen.

The installed `ketajournal` command runs in tmux from an empty data folder: first run, the
plan, a dose, a schedule and contacts in the plan screen; the eight-step preparation; a
session with one-minute phases (set with the CLI) with a note and a side-effect mark; the
terminal closed mid-session and the app reopened straight into it; the end, the reflection,
a mood check-in and a PHQ-9, a journal entry; then the CLI's check-in summary and what the
journal holds. Run it alone with `python -m pytest tests/e2e -s` to see the step log.
"""

from __future__ import annotations

import json
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from ketajournal.clock import TEST_CLOCK_OFFSET_ENV
from tests.e2e.terminal import StepLog, Terminal, assert_shows, clean_env, process_gone

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    pytest.mark.xdist_group("terminal"),  # one real-terminal test at a time (tests/conftest.py)
]

KETAJOURNAL = Path(sys.executable).parent / "ketajournal"
SIP_LEFT = timedelta(seconds=10)  # of the one-minute sip, when the app is opened again
PHQ9_ANSWERS = (1, 1, 0, 1, 2, 1, 0, 1, 0)  # 7 of 27, mild; item 9 answered 0
BODY = "A slow, gentle day. Walked after lunch, as planned."


class Journey:
    """The person's computer: a data folder, a home, the app in a terminal, the CLI."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.db = root / "data" / "kj.db"  # the folder does not exist yet: a first run
        home = root / "home"
        self.env = {
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_STATE_HOME": str(home / ".local" / "state"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "LANG": "C.UTF-8",
        }
        self.cwd = root / "cwd"
        for folder in (home, self.cwd):
            folder.mkdir(parents=True)
        self.terminal: Terminal | None = None

    def open_app(self) -> tuple[Terminal, int]:
        self.terminal = Terminal(self.env)
        return self.terminal, self.terminal.start([KETAJOURNAL, "--db", self.db])

    def move_clock_to(self, instant: datetime) -> None:
        """Every process started from now on reads its clock as if it were `instant` now
        (never backwards): the app's own test hook, KETAJOURNAL_TEST_CLOCK_OFFSET."""
        ahead = (instant - datetime.now(UTC)).total_seconds()
        if ahead > 0:
            self.env[TEST_CLOCK_OFFSET_ENV] = f"{ahead:.3f}"

    def cli(self, *args: str | Path, ok: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [str(KETAJOURNAL), "--db", str(self.db), *map(str, args)],
            cwd=self.cwd,
            env=clean_env(self.env),
            capture_output=True,
            text=True,
            timeout=120,
        )
        if ok:
            assert result.returncode == 0, (args, result.returncode, result.stderr)
        return result

    def json(self, *args: str | Path) -> Any:
        return json.loads(self.cli(*args).stdout)


@pytest.fixture
def journey(tmp_path: Path) -> Iterator[Journey]:
    assert KETAJOURNAL.exists(), f"{KETAJOURNAL} is not installed (pip install -e '.[test]')"
    person = Journey(tmp_path)
    yield person
    if person.terminal is not None:
        person.terminal.close()


def test_the_whole_journey_in_a_real_terminal(journey: Journey) -> None:
    log = StepLog(f"e2e journey: {KETAJOURNAL} in tmux 80x24")

    with log.step("first run: the app opens on an empty data folder and greets"):
        term, pid = journey.open_app()
        home = term.wait_for("Welcome. Your private journal", "Set up your plan and contacts (t)")
        assert "No schedule recorded yet." in home and "No session recorded yet." in home
        assert "Prepare for a session  (p)" in home
        assert journey.db.exists()
        assert stat.S_IMODE(journey.db.parent.stat().st_mode) == 0o700

    with log.step("plan screen (t): medication, form, concentration, prescriber"):
        term.keys("t")
        term.wait_for("No plan recorded yet.", "never suggests a dose")
        term.type("Ketamine HCl")
        term.move_focus()
        term.keys("Enter")
        term.wait_for("Dismiss menu")  # the form's options are open
        term.keys("Down", "Enter")
        term.wait_for(re.compile(r"Form\s+▌?solution"))
        term.move_focus(into_text=True)
        term.type("50")
        term.move_focus(into_text=True)
        term.type("Dr. Lee")
        term.move_focus(times=3)  # past the blood-pressure tick and limit, to Save plan
        term.keys("Enter")
        term.wait_for("Plan saved.", "Ketamine HCl (solution, 50 mg/mL)", "Prescribed by Dr. Lee")

    with log.step("plan screen: the prescribed dose (Doses tab)"):
        term.move_focus()  # from the last button round to the tabs, then the next tab
        term.keys("Right")
        term.wait_for("No prescribed dose recorded yet.", "Record a dose change")
        term.move_focus(into_text=True)  # an empty table is not shown: straight to the dose
        term.type("150")
        term.move_focus(times=2, into_text=True)  # "from when" left empty: from now
        term.type("Starting dose set at intake")
        term.move_focus()
        term.keys("Enter")
        term.wait_for(
            "Dose change recorded: 150 mg.",
            "Current prescribed dose: 150 mg (set by your care team)",
            re.compile(r"150 mg\s+Starting dose set at intake"),
        )

    with log.step("plan screen: the schedule, every 7 days (Schedule tab)"):
        term.move_focus()
        term.keys("Right")
        term.wait_for("Add a schedule phase:")
        term.move_focus(times=2, into_text=True)  # phase (induction is chosen), every
        term.type("7")
        term.move_focus(times=2)  # "starting" left empty: from now
        term.keys("Enter")
        term.wait_for(
            "Schedule phase added: induction, every 7 days.",
            re.compile(r"induction\s+7 days"),
        )

    with log.step("plan screen: two contacts, support and clinician (Contacts tab)"):
        term.move_focus()
        term.keys("Right")
        term.wait_for("Add a contact:")
        term.move_focus(into_text=True)  # no table yet: straight to the name
        term.type("Sam")
        term.move_focus()
        term.keys("Enter")
        term.wait_for("Dismiss menu")
        term.keys("Down", "Enter")
        term.wait_for(re.compile(r"Role\s+▌?support"))
        term.move_focus(into_text=True)
        term.type("555-0100")
        term.move_focus(into_text=True)
        term.type("in the next room")
        term.move_focus()
        term.keys("Enter")
        term.wait_for("Contact added: Sam.", re.compile(r"support\s+Sam\s+555-0100"))
        term.move_focus(times=3, into_text=True)  # round to the tabs, the table, the name
        term.type("Dr. Lee")
        term.move_focus()
        term.keys("Enter")
        term.wait_for("Dismiss menu")
        term.keys("Down", "Enter")  # the role kept "support": one down is clinician
        term.wait_for(re.compile(r"Role\s+▌?clinician"))
        term.move_focus(into_text=True)
        term.type("555-0199")
        term.move_focus(times=2)
        term.keys("Enter")
        term.wait_for("Contact added: Dr. Lee.", re.compile(r"clinician\s+Dr\. Lee\s+555-0199"))
        term.keys("Escape")
        home = term.wait_for("Prescribed dose 150 mg", "Ketamine HCl", "Welcome back")
        assert_shows(home, re.compile(r"Due \w{3} \d{1,2} \w{3} \(today\)"))

    with log.step("CLI: one-minute sip and experience phases (settings set)"):
        journey.cli("settings", "set", "sip_minutes", "1")
        journey.cli("settings", "set", "experience_minutes", "1")
        settings = journey.json("settings", "show", "--json")
        assert (settings["sip_minutes"], settings["experience_minutes"]) == (1, 1)

    with log.step("preparation (p): the eight steps"):
        term.keys("p")
        term.wait_for("Step 1 of 8 · Timing", "Tick what")
        term.keys("space")
        term.move_focus()
        term.keys("space", "C-n")
        screen = term.wait_for("Step 2 of 8 · Body", "When did you last eat?")
        # A fresh preparation is not "continued" (only pre-filled with the prescribed dose).
        assert "Continuing the preparation" not in screen, screen
        term.type("-5h")
        term.move_focus(into_text=True)
        term.type("sertraline 50 mg")
        term.keys("C-n")
        term.wait_for("Step 3 of 8 · Setting", "Quiet room")
        term.keys("space")
        term.move_focus()
        term.keys("space", "C-n")
        term.wait_for("Step 4 of 8 · Support", "Sam (support)", "Dr. Lee (clinician)")
        term.keys("Enter")  # the cursor starts on the first person, Sam
        term.wait_for(re.compile(r"●\S*\s+Sam \(support\)"))
        term.keys("C-n")
        term.wait_for("Step 5 of 8 · Intention", "I am open to what comes up.")
        term.type("I am open to what comes up")
        term.keys("C-n")
        term.wait_for("Step 6 of 8 · How you feel")
        term.type("4")
        term.move_focus(into_text=True)
        term.type("6")
        term.keys("C-n")
        term.wait_for("Step 7 of 8 · Dose", "Your prescribed dose: 150 mg (set by your care team)")
        term.keys("C-n")  # the prescribed dose is already filled in
        review = term.wait_for("Step 8 of 8 · Review", "Begin session")
        assert_shows(
            review,
            *map(
                re.compile,
                (
                    r"Timing\s+2 of 4 ticked",
                    r"Medications\s+sertraline 50 mg",
                    r"Setting\s+2 of 6 ready",
                    r"Support\s+Sam",
                    r"Intention\s+I am open to what comes up",
                    r"Before\s+mood 4, anxiety 6",
                    r"Dose\s+150 mg",
                ),
            ),
        )
        assert "Differs from the prescribed" not in review

    with log.step("session: begin, a note (n) and a nausea mark (m 1 2) while sipping"):
        term.keys("Enter")  # Begin session
        term.wait_for("Sip", "minute 1 of 1", "n Note")
        term.keys("n")
        term.wait_for("A note (enter saves, escape cancels)")
        term.type("heavy arms, floating")
        term.keys("Enter")
        term.wait_for(re.compile(r"Note saved at \d\d:\d\d\."))
        term.keys("m")
        term.wait_for("What do you notice? (press a number)", "1  nausea")
        term.keys("1")
        term.wait_for("How strong is it (nausea)?", "2  moderate")
        term.keys("2")
        screen = term.wait_for(re.compile(r"Marked nausea \(moderate\) at \d\d:\d\d\."))
        assert "Sip" in screen

    with log.step("the terminal is closed mid-session: the app dies with it"):
        term.close()
        term.wait_closed(pid)
        assert process_gone(pid)
        running = journey.json("session", "list", "--json")
        assert [s["status"] for s in running] == ["running"]

    with log.step("reopened: straight back into the running session"):
        # The rest of the sip is not waited out in real time: the reopened app (and every
        # command after it) reads its clock moved on to 10 s before the sip's stored end,
        # so the experience still has to begin on its own, at that stored instant.
        (started,) = (datetime.fromisoformat(s["sip_started_at"]) for s in running)
        journey.move_clock_to(started + timedelta(minutes=1) - SIP_LEFT)
        term, pid = journey.open_app()
        screen = term.wait_for(
            re.compile(r"Sip|Experience"), "n Note", "e End", absent=["Prepare for a session"]
        )
        assert "Welcome" not in screen

    with log.step("the experience phase begins on its own after the 1-minute sip"):
        term.wait_for("Experience", "Effects commonly last 30 minutes to 2 hours", timeout=120)

    with log.step("next phase (ctrl+n): rest; end (e, y)"):
        term.keys("C-n")
        term.wait_for("Rest now. No driving today.", re.compile(r"Now: Rest at \d\d:\d\d\."))
        term.keys("e")
        term.wait_for("End the session now?", "End session (y)")
        term.keys("y")
        term.wait_for("Right after: Capture first", "150 mg taken", "Nausea")

    with log.step("reflection right after: ratings, how long the nausea lasted, fragments"):
        term.wait_for("Everything you type is saved")  # (a toast may cover the end)
        for rating in ("6", "5", "7"):
            term.type(rating)
            term.move_focus(into_text=True)
        term.type("3")
        term.move_focus(times=2, into_text=True)  # past the severity (as marked) to "lasted"
        term.type("20")
        term.move_focus(times=2, into_text=True)  # past "Add a sensation" to the few words
        term.type("warm, grandma kitchen")
        screen = term.wait_for(re.compile(r"Draft saved at \d\d:\d\d\."), "warm, grandma kitchen")
        assert_shows(
            screen,
            *map(
                re.compile,
                (
                    r"Intensity\s+6",
                    r"Dissociation\s+5",
                    r"Mood now\s+7",
                    r"Anxiety now\s+3",
                    r"Nausea.*●\S*\s+moderate.*lasted\s+20",
                ),
            ),
        )
        term.keys("C-s")
        term.wait_for("Saved. Rest now", "Welcome back")

    with log.step("check-in (c): a mood check-in"):
        term.keys("c")
        term.wait_for("How are you right now?", "No scale scores yet")
        for value in ("6", "3", "7.5", "5"):  # mood, anxiety, sleep, energy
            term.type(value)
            term.move_focus(into_text=True)
        term.type("calm after the session")
        term.keys("Enter")
        term.wait_for(
            re.compile(r"Saved at \d\d:\d\d: mood 6, anxiety 3, sleep 7\.5 h, energy 5, a note\.")
        )

    with log.step("check-in: the PHQ-9 (p), one item per screen"):
        term.keys("p")
        for number, answer in enumerate(PHQ9_ANSWERS, 1):
            term.wait_for(f"PHQ-9 · item {number} of 9")
            term.keys(str(answer))
        term.wait_for("Your PHQ-9 total: 7 of 27 · mild", "Saved. It is listed")
        term.keys("Enter")  # Done
        term.wait_for(re.compile(r"PHQ-9\s+7/27\s+mild\s+you"))
        term.keys("Escape")
        term.wait_for("Mood, last 8 weeks", "Welcome back")

    with log.step("journal (j): a new entry linked to the session, shared with the clinician"):
        term.keys("j")
        term.wait_for("No entries yet. Press n to write your first one.")
        term.keys("n")
        term.wait_for("A new entry", "Write freely.")
        term.type(BODY)  # the text comes first: the cursor starts there
        term.move_focus("BTab", into_text=True)
        term.type("First week")
        term.move_focus(times=2, into_text=True)
        term.type("rest")
        term.move_focus()
        term.keys("Enter")
        term.wait_for("Dismiss menu")
        term.keys("Down", "Down", "Enter")
        term.wait_for(re.compile(r"Share\s+▌?clinician\s+▼\s+In your clinician's summaries only"))
        term.move_focus()
        term.keys("Enter")
        term.wait_for("Dismiss menu")
        term.keys("Down", "Enter")
        term.wait_for(re.compile(r"Session\s+▌?\w{3} \d+ \w{3} \d{4}, \d\d:\d\d · 150 mg"))
        term.keys("C-s")
        term.wait_for("1 entry, newest first", "First week", "A slow, gentle day.")

    with log.step("quit (ctrl+q): the app closes its terminal"):
        term.keys("Escape")
        term.wait_for("Welcome back")
        term.keys("C-q")
        term.wait_closed(pid)

    with log.step("CLI: export summary --format md, read back"):
        summary_path = journey.root / "summary.md"
        journey.cli("export", "summary", "--format", "md", "--out", summary_path)
        assert stat.S_IMODE(summary_path.stat().st_mode) == 0o600
        summary = summary_path.read_text(encoding="utf-8")
        assert "## Sessions (1)" in summary
        prep = [line for line in summary.splitlines() if "150 mg / 150 mg" in line]
        assert len(prep) == 1, summary
        cells = [cell.strip() for cell in prep[0].strip("|").split("|")]
        # when | days since last | dose taken / prescribed | hours since meal | support |
        # medications | skipped steps
        assert (cells[2], cells[4]) == ("150 mg / 150 mg", "Sam"), cells
        during = summary.split("### During and after")[1].splitlines()[4]
        cells = [cell.strip() for cell in during.strip("|").split("|")]
        # when | intensity / dissociation | mood before -> after | anxiety before -> after |
        # side effects (severity, duration) | blood pressure
        assert cells[1:5] == ["6 / 5", "4 → 7", "6 → 3", "nausea (moderate, 20 minutes)"], cells
        assert "- **Dose:** 150 mg prescribed since " in summary
        assert "every dose in this period was taken as prescribed" in summary
        assert "| 150 mg | Starting dose set at intake |" in summary
        assert "all in one week: not enough for a trend" in summary
        assert "- **PHQ-9:** latest 7 (mild) on " in summary
        assert "It is the first result, so there is no change to report yet." in summary
        appendix = summary.split("## Written for the clinician")[1]
        assert "journal entry · First week" in appendix and BODY in appendix

    with log.step("CLI --json: what the journal holds"):
        doctor = journey.json("doctor", "--json")
        assert doctor["problems"] == [] and doctor["integrity"] == "ok"
        counts = doctor["counts"]
        assert (counts["sessions"], counts["journal entries"]) == (1, 1)
        assert (counts["mood check-ins"], counts["scale results"]) == (1, 1)
        assert (counts["contacts"], counts["dose steps"]) == (2, 1)

        plan = journey.json("plan", "show", "--json")
        assert plan["plan"]["medication"] == "Ketamine HCl" and plan["current_dose_mg"] == 150
        contacts = journey.json("contact", "list", "--json")
        assert sorted((c["name"], c["role"]) for c in contacts) == [
            ("Dr. Lee", "clinician"),
            ("Sam", "support"),
        ]

        (session,) = journey.json("session", "list", "--json")
        assert session["status"] == "ended" and session["ended_at"]
        assert (session["taken_dose_mg"], session["prescribed_dose_mg"]) == (150, 150)
        assert (session["mood_before"], session["anxiety_before"]) == (4, 6)
        assert session["support_name"] == "Sam"
        assert session["intention"] == "I am open to what comes up"
        assert session["medications_today"] == ["sertraline 50 mg"]
        # The experience began on its own one minute after the sip began, by the stored
        # clock, although the app in between was killed and started again.
        sip = datetime.fromisoformat(session["sip_started_at"])
        experience = datetime.fromisoformat(session["experience_started_at"])
        assert experience - sip == timedelta(minutes=1), (sip, experience)
        shown = journey.json("session", "show", session["id"], "--json")
        events = shown["events"]
        assert [e["text"] for e in events if e["kind"] == "note"] == ["heavy arms, floating"]
        assert [(e["sensation"], e["severity"]) for e in events if e["kind"] == "mark"] == [
            ("nausea", "moderate")
        ]
        assert [e["phase"] for e in events if e["kind"] == "phase"] == [
            "sip",
            "experience",
            "rest",
        ]
        reflections = {r["kind"]: r for r in shown["reflections"]}
        immediate = reflections["immediate"]
        assert immediate["status"] == "done"
        assert (
            immediate["intensity"],
            immediate["dissociation"],
            immediate["mood_after"],
            immediate["anxiety_after"],
        ) == (6, 5, 7, 3)
        assert immediate["fragments"] == "warm, grandma kitchen"
        assert [
            (e["sensation"], e["severity"], e["duration_minutes"])
            for e in immediate["side_effects"]
        ] == [("nausea", "moderate", 20)]

        entries = journey.json("journal", "list", "--json")["entries"]
        assert [(e["title"], e["body"], e["tags"], e["share_level"]) for e in entries] == [
            ("First week", BODY, ["rest"], "clinician")
        ]
        assert entries[0]["session_id"] == session["id"]

        records = journey.json("export", "data", "--format", "json")["records"]
        (mood,) = records["mood_checkin"]
        assert (mood["mood"], mood["anxiety"], mood["sleep_hours"], mood["energy"]) == (
            6,
            3,
            7.5,
            5,
        )
        assert mood["note"] == "calm after the session"
        (phq9,) = records["scale_result"]
        assert (phq9["scale"], phq9["score"], phq9["band"]) == ("phq9", 7, "mild")
        assert phq9["answers"] == list(PHQ9_ANSWERS) and phq9["item9_positive"] is False
