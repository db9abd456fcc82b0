"""The check-in summary: its content, its audience, and renderers that stay safe."""

from __future__ import annotations

import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from ketajournal.clock import FixedClock
from ketajournal.domain.support_guide import support_guide
from ketajournal.export.html import render_guide_html, render_html
from ketajournal.export.markdown import render_guide_markdown, render_markdown
from ketajournal.service import JournalService
from ketajournal.service.reflections import ReflectionAnswers
from ketajournal.service.summary import build_summary
from tests.cli.conftest import Invoke

HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) | cell"


@pytest.fixture
def journey(svc: JournalService, clock: FixedClock) -> JournalService:
    svc.plan.set(medication="Ketamine HCl", form="solution", prescriber="Dr. Lee")
    svc.plan.add_dose_step(100, "start low")
    svc.plan.add_phase("induction", 7)
    svc.contacts.add("Sam", "support", phone="555-0100")
    session = svc.sessions.start(125)  # differs from the plan
    svc.sessions.mark("nausea", "severe")
    clock.advance(timedelta(hours=2))
    svc.sessions.end()
    immediate = svc.reflections.due()[0]
    svc.reflections.answer(
        immediate.id,
        ReflectionAnswers(
            intensity=6,
            dissociation=4,
            mood_after=7,
            fragments="for the clinician",
            share_level="clinician",
        ),
    )
    svc.journal.add("a private thought", share_level="private")
    svc.journal.add("for the coach only", share_level="coach")
    svc.journal.add(HOSTILE, title="Evening | with a pipe", share_level="clinician")
    svc.checkins.scale("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1])
    svc.questions.add("Can we talk about the nausea?")
    clock.advance(timedelta(days=1))
    assert session.id
    return svc


def test_the_summary_answers_what_a_clinician_asks(journey: JournalService) -> None:
    s = build_summary(journey, audience="clinician")
    assert [r.taken_mg for r in s.sessions] == [125.0] and s.sessions[0].prescribed_mg == 100.0
    assert s.sessions[0].dose_differs and s.sessions[0].side_effects == (("nausea", "severe"),)
    assert s.sessions[0].intensity == 6 and s.sessions[0].mood_after == 7
    kinds = {f.kind.value for f in s.flags}
    assert {"dose-differs", "severe-side-effect", "phq9-item9"} <= kinds
    texts = [t.text for t in s.shared]
    assert "for the clinician" in texts[0] and HOSTILE in texts
    assert not any("private thought" in t or "coach only" in t for t in texts)
    assert s.open_questions == ("Can we talk about the nausea?",)
    md = render_markdown(s)
    for wanted in (
        "| Date | Dose taken / prescribed",
        "125 mg / 100 mg ⚑",
        "nausea (severe)",
        "PHQ-9 item 9 above 0",
        "Can we talk about the nausea?",
    ):
        assert wanted in md


def test_audience_and_private_text(journey: JournalService) -> None:
    coach = build_summary(journey, audience="coach")
    assert [t.text for t in coach.shared] == ["for the coach only"]
    everything = build_summary(journey, audience="coach", include_private=True)
    assert {t.text for t in everything.shared} == {"for the coach only", "a private thought"}


def test_html_escapes_what_the_person_wrote_and_loads_nothing(journey: JournalService) -> None:
    page = render_html(build_summary(journey, audience="clinician"))
    assert "<script>" not in page and "onerror=alert" not in page.replace(
        "onerror=alert(2)&gt;", ""
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page and "javascript:alert(3)" in page  # shown as text, not a link
    assert "<a " not in page and "http://" not in page.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )
    assert "<svg" in page  # the charts are inline


def test_markdown_tables_cannot_be_broken(journey: JournalService) -> None:
    an_hour_ago = journey.ctx.now() - timedelta(hours=1)
    journey.plan.add_dose_step(110, "line one\n| injected | row |", an_hour_ago)
    md = render_markdown(build_summary(journey, audience="clinician"))
    table_rows = [line for line in md.splitlines() if line.startswith("| ")]
    assert any("line one \\| injected \\| row \\|" in row for row in table_rows)
    for row in table_rows:
        assert row.replace("\\|", "").count("|") in (4, 5, 10)  # columns of the three tables
    assert "&lt;script&gt;" in md and "<script>" not in md


def test_support_guide_renders(journey: JournalService) -> None:
    guide = support_guide(journey.contacts.list())
    assert "Support person: Sam, 555-0100" in render_guide_markdown(guide)
    assert "Support person: Sam, 555-0100" in render_guide_html(guide)


def test_cli_writes_private_files_and_refuses_to_overwrite(
    journey: JournalService, invoke: Invoke, tmp_path: Path
) -> None:
    db = str(journey.store.path)
    out = tmp_path / "summary.html"
    old = os.umask(0o022)
    try:
        result = invoke(["--db", db, "export", "summary", "--format", "html", "--out", str(out)])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    before = out.read_bytes()
    again = invoke(["--db", db, "export", "summary", "--format", "html", "--out", str(out)])
    assert again.exit_code == 2 and "add --force" in again.stderr
    assert out.read_bytes() == before
    forced = invoke(["--db", db, "export", "summary", "--out", str(out), "--force"])
    assert forced.exit_code == 0 and out.read_text().startswith("# Check-in summary")
    bad = invoke(["--db", db, "export", "summary", "--format", "docx"])
    assert bad.exit_code == 2 and "format: must be md or html" in bad.stderr
    stdout = invoke(["--db", db, "export", "summary", "--for", "coach"])
    assert stdout.stdout.startswith("# Check-in summary for the coach")


def test_encrypted_summary_writes_only_ciphertext(
    journey: JournalService, invoke: Invoke, tmp_path: Path
) -> None:
    import pyrage

    secret = tmp_path / "pass.txt"
    secret.write_text("correct horse\n")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    env = {"KETAJOURNAL_EXPORT_PASSPHRASE_FILE": str(secret)}
    db = str(journey.store.path)
    result = invoke(
        ["--db", db, "export", "summary", "--encrypt", "--out", str(out_dir / "s.md")], env=env
    )
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in out_dir.iterdir()] == ["s.md.age"]  # no plaintext beside it
    sealed = (out_dir / "s.md.age").read_bytes()
    assert sealed.startswith(b"age-encryption.org/v1") and b"Check-in summary" not in sealed
    assert pyrage.passphrase.decrypt(sealed, "correct horse").startswith(b"# Check-in summary")
    refused = invoke(["--db", db, "export", "summary", "--encrypt"], env=env)
    assert refused.exit_code == 2 and "--out" in refused.stderr
