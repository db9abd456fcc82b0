"""PDF and iCalendar exports: printable, private on disk, safe with any text."""

from __future__ import annotations

import os
import re
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ketajournal.clock import FixedClock
from ketajournal.domain.support_guide import guide_document, support_guide
from ketajournal.export.calendar import (
    CalendarEvent,
    fold,
    render_calendar,
    session_events,
    upcoming_sessions,
)
from ketajournal.export.pdf import find_unicode_font, render_pdf
from ketajournal.service import JournalService
from ketajournal.service.reflections import ReflectionAnswers
from ketajournal.service.summary import build_summary
from tests.cli.conftest import Invoke
from tests.export.reading import holds, pdf_text, words

HOSTILE = (
    "emoji 😀🧠 arabic مرحبا بالعالم hebrew שלום \x1b[2J\x07 bidi \u202egnp.exe "
    "ctl \x01\x7f\x9b tab\there cr\r\nline 𝔘𝔫𝔦 \ufffd ⚑ → — <b>**bold**</b> " + "long" * 80
)
DTSTART = re.compile(r"^DTSTART:\d{8}T\d{6}Z$")


@pytest.fixture
def journey(svc: JournalService, clock: FixedClock) -> JournalService:
    svc.plan.set(medication="Ketamine HCl", form="solution", prescriber="Dr. Lee")
    svc.plan.add_dose_step(100, "start low")
    svc.plan.add_phase("induction", 7)
    svc.contacts.add("Sam", "support", phone="555-0100", note=HOSTILE)
    svc.sessions.start(125)  # differs from the plan
    svc.sessions.mark("nausea", "severe")
    clock.advance(timedelta(hours=2))
    svc.sessions.end()
    immediate = svc.reflections.due()[0]
    svc.reflections.answer(
        immediate.id,
        ReflectionAnswers(intensity=6, dissociation=4, mood_after=7, share_level="clinician"),
    )
    svc.journal.add(HOSTILE, title=HOSTILE[:40], share_level="clinician")
    svc.checkins.mood(6)
    svc.checkins.scale("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1])
    svc.questions.add("Can we talk about the nausea? " + HOSTILE)
    clock.advance(timedelta(days=1))
    return svc


@pytest.mark.parametrize("font", ["auto", None])
def test_pdf_has_the_session_table(journey: JournalService, font: object) -> None:
    s = build_summary(journey, audience="clinician")
    data = render_pdf(s, font=font)
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    text = words(pdf_text(data))
    for wanted in (
        "125 mg / 100 mg (differs)",
        "nausea (severe)",
        "Blood pressure",
        "Can we talk about the nausea?",
    ):
        assert holds(text, wanted, in_order=True), wanted


def test_pdf_headers_never_break_inside_a_word(journey: JournalService) -> None:
    """Each column is at least as wide as its longest word ("Intensity", "Dissociation")."""
    s = build_summary(journey, audience="clinician")
    lines = pdf_text(render_pdf(s)).splitlines()
    for word in ("Intensity", "dissociation", "Medications", "prescribed", "Dissociation"):
        assert any(word in line for line in lines), word
    assert not any(line.rstrip().endswith(("Intensi", "Dissoci", "Medicat")) for line in lines)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_pdf_paper_sizes(journey: JournalService, paper: str) -> None:
    data = render_pdf(build_summary(journey, audience="coach"), paper=paper, compress=False)
    box = {"a4": b"/MediaBox [0 0 595.28 841.89]", "letter": b"/MediaBox [0 0 612.00 792.00]"}
    assert data.startswith(b"%PDF") and box[paper] in data
    with pytest.raises(ValueError, match="paper"):
        render_pdf(build_summary(journey, audience="coach"), paper="tabloid")


@pytest.mark.parametrize("font", ["auto", None])
def test_pdf_survives_hostile_unicode(journey: JournalService, font: object) -> None:
    s = build_summary(journey, audience="clinician", include_private=True)
    assert render_pdf(s, font=font).startswith(b"%PDF")
    guide = guide_document(support_guide(journey.contacts.list(), journey.plan.get()))
    assert render_pdf(guide, font=font, paper="letter").startswith(b"%PDF")


def test_a_unicode_font_is_used_when_installed(journey: JournalService) -> None:
    if find_unicode_font() is None:
        pytest.skip("no DejaVu font on this system")
    data = render_pdf(build_summary(journey, audience="clinician"), compress=False)
    assert b"DejaVu" in data


def test_cli_pdf_is_private_and_needs_out(
    journey: JournalService, invoke: Invoke, tmp_path: Path
) -> None:
    db = str(journey.store.path)
    out = tmp_path / "summary.pdf"
    old = os.umask(0o022)
    try:
        result = invoke(
            [
                "--db",
                db,
                "export",
                "summary",
                "--format",
                "pdf",
                "--out",
                str(out),
                "--paper",
                "letter",
            ]
        )
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_bytes().startswith(b"%PDF")
    again = invoke(["--db", db, "export", "summary", "--format", "pdf", "--out", str(out)])
    assert again.exit_code == 2 and "add --force" in again.stderr
    to_terminal = invoke(["--db", db, "export", "summary", "--format", "pdf"])
    assert to_terminal.exit_code == 2 and to_terminal.stdout == ""
    assert "--out" in to_terminal.stderr and len(to_terminal.stderr.strip().splitlines()) == 1
    bad = invoke(["--db", db, "export", "summary", "--format", "pdf", "--paper", "a3"])
    assert bad.exit_code == 2 and "paper: must be a4 or letter" in bad.stderr
    guide = tmp_path / "guide.pdf"
    ok = invoke(["--db", db, "export", "support-guide", "--format", "pdf", "--out", str(guide)])
    assert ok.exit_code == 0, ok.stderr
    assert stat.S_IMODE(guide.stat().st_mode) == 0o600
    assert guide.read_bytes().startswith(b"%PDF")


def _check_ics(text: str) -> list[str]:
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")[:-1]
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    for line in lines:
        assert len(line.encode("utf-8")) <= 75, line
    unfolded: list[str] = []
    for line in lines:
        if line.startswith(" "):
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    assert unfolded.count("BEGIN:VEVENT") == unfolded.count("END:VEVENT")
    for line in unfolded:
        if line.startswith("DTSTART"):
            assert DTSTART.match(line), line
    return unfolded


def test_calendar_escapes_folds_and_is_stable() -> None:
    now = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    event = CalendarEvent(
        key="k", start=now, title="Check-in, with; care\nteam " + "é" * 80, description="a\\b"
    )
    text = render_calendar([event], now=now)
    unfolded = _check_ics(text)
    summary = next(line for line in unfolded if line.startswith("SUMMARY:"))
    assert summary.startswith("SUMMARY:Check-in\\, with\\; care\\nteam é")
    assert "DESCRIPTION:a\\\\b" in unfolded and "DTSTART:20260105T090000Z" in unfolded
    assert text == render_calendar([event], now=now)  # same UID, same bytes
    assert all(len(p.encode()) <= 75 for p in fold("x" * 300 + "😀" * 50))


def test_upcoming_sessions_follow_the_phases() -> None:
    now = datetime(2026, 1, 1, 12, tzinfo=UTC)
    phases = [(now - timedelta(days=30), 7), (now + timedelta(days=14), 14)]
    dates = upcoming_sessions(now + timedelta(days=1), phases, now, weeks=8)
    gaps = [(b - a).days for a, b in zip(dates, dates[1:], strict=False)]
    assert gaps[:2] == [7, 7] and set(gaps[2:]) == {14}
    overdue = upcoming_sessions(now - timedelta(days=3), phases[:1], now, weeks=1)
    assert overdue == [now]
    assert len({e.key for e in session_events(dates)}) == len(dates)


@pytest.mark.parametrize("weeks", [1, 4, 8])
def test_cli_calendar(journey: JournalService, invoke: Invoke, tmp_path: Path, weeks: int) -> None:
    db = str(journey.store.path)
    result = invoke(["--db", db, "export", "calendar", "--weeks", str(weeks)])
    assert result.exit_code == 0, result.stderr
    unfolded = _check_ics(result.stdout_bytes.decode("utf-8"))
    titles = [line for line in unfolded if line.startswith("SUMMARY:")]
    # every 7 days from the session a day ago: one a week
    assert titles.count("SUMMARY:Session due (ketajournal)") == weeks
    assert "SUMMARY:Reflection follow-up due (ketajournal)" in titles
    # Only the readable lines: UIDs are hashes of random ids and may contain any digits.
    readable = "\n".join(
        line for line in unfolded if not line.startswith(("UID:", "DTSTART", "DTSTAMP", "DTEND"))
    )
    assert "Sam" not in readable and "nausea" not in readable
    assert "125" not in readable and "arabic" not in readable
    out = tmp_path / "due.ics"
    written = invoke(["--db", db, "export", "calendar", "--out", str(out)])
    assert written.exit_code == 0 and stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
