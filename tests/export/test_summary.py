"""The check-in summary: its content, its audience, and renderers that stay safe."""

from __future__ import annotations

import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from ketajournal.clock import FixedClock
from ketajournal.domain.support_guide import guide_document, support_guide
from ketajournal.export.html import render_html
from ketajournal.export.markdown import render_markdown
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
    md = render_markdown(build_summary(journey, audience="clinician"))
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings[:3] == [
        "## Needs attention",
        "## Questions for the clinician",
        "## At a glance",
    ]
    attention = md.split("## Needs attention")[1].split("## Questions")[0]
    for wanted in (
        "**Thoughts of death or self-harm (PHQ-9 item 9):** answered 1 (several days)",
        "**Severe side effect:** severe nausea during the session of",
        "**Dose differed from the plan:** session of",
        "took 125 mg; the plan said 100 mg",
    ):
        assert wanted in attention
    assert attention.index("PHQ-9 item 9") < attention.index("Severe side effect")
    for wanted in (
        "| When | Days since last | Dose taken / prescribed",
        "125 mg / 100 mg (differs)",
        "nausea (severe)",
        "- Can we talk about the nausea?",
        "> Fragments: for the clinician",
    ):
        assert wanted in md
    assert "private thought" not in md and "coach only" not in md


def test_audience_and_private_text(journey: JournalService) -> None:
    coach = render_markdown(build_summary(journey, audience="coach"))
    assert "for the coach only" in coach
    assert "private thought" not in coach and "for the clinician" not in coach
    everything = render_markdown(build_summary(journey, audience="coach", include_private=True))
    assert "for the coach only" in everything and "a private thought" in everything
    assert "private, included at the person's request" in everything
    assert "for the clinician" not in everything


def test_the_coach_sees_no_clinical_facts_unless_the_person_adds_them(
    journey: JournalService,
) -> None:
    coach = render_markdown(build_summary(journey, audience="coach"))
    for clinical in ("125 mg", "Blood pressure", "PHQ-9", "item 9", "nausea (severe)"):
        assert clinical not in coach
    assert "Can we talk about the nausea?" not in coach  # a question for the clinician
    added = render_markdown(build_summary(journey, audience="coach", include_clinical=True))
    assert "## Clinical details, added by the person" in added
    assert "125 mg / 100 mg (differs)" in added and "PHQ-9 item 9" in added


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


def test_markdown_tables_cannot_be_broken(journey: JournalService) -> None:
    an_hour_ago = journey.ctx.now() - timedelta(hours=1)
    journey.plan.add_dose_step(110, "line one\n| injected | row |", an_hour_ago)
    md = render_markdown(build_summary(journey, audience="clinician"))
    table_rows = [line for line in md.splitlines() if line.startswith("| ")]
    assert any("line one \\| injected \\| row \\|" in row for row in table_rows)
    widths = {}
    for row in table_rows:
        widths.setdefault(len(widths), row.replace("\\|", "").count("|"))
    heads = [i for i, line in enumerate(md.splitlines()) if line.startswith("|---")]
    lines = md.splitlines()
    for head in heads:  # every row of a table has as many cells as its header
        columns = lines[head].count("|")
        row = head + 1
        while row < len(lines) and lines[row].startswith("| "):
            assert lines[row].replace("\\|", "").count("|") == columns, lines[row]
            row += 1
    assert "&lt;script&gt;" in md and "<script>" not in md
    assert "\\[x\\](javascript:alert(3))" in md  # never a link


def test_shared_text_is_capped_newest_first(journey: JournalService, clock: FixedClock) -> None:
    for n in range(25):
        clock.advance(timedelta(minutes=1))
        journey.journal.add(f"numbered entry {n}", share_level="clinician")
    md = render_markdown(build_summary(journey, audience="clinician"))
    appendix = md.split("## Written for the clinician")[1]
    assert "Newest first: 20 texts; 7 older left out (add --all-text" in appendix
    assert appendix.index("numbered entry 24") < appendix.index("numbered entry 5")
    assert "numbered entry 4" not in appendix
    everything = render_markdown(build_summary(journey, audience="clinician", all_text=True))
    assert "numbered entry 0" in everything and "left out" not in everything


def test_support_guide_renders(journey: JournalService) -> None:
    guide = guide_document(support_guide(journey.contacts.list(), country="GB"))
    md, page = render_markdown(guide), render_html(guide)
    for text in (md, page):
        assert "Support person: Sam, 555-0100" in text
        assert "Samaritans: 116 123" in text and "Emergency: 999" in text
        assert "onto their side" in text and "after-hours" in text


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
    assert stdout.stdout.startswith("# Check-in summary for the integration coach")


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
