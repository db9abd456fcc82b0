"""The command line of the check-in summary and of what feeds it: limits, readers, country."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Invoke
from tests.cli.support import Journal, assert_one_line_error, snapshot


@pytest.fixture
def kj(invoke: Invoke, tmp_path: Path) -> Journal:
    journal = Journal(invoke, tmp_path / "kj.db")
    journal.ok("plan", "set", "--form", "solution", "--medication", "Ketamine HCl")
    journal.ok("plan", "dose", "100", "--reason", "start low", "--effective", "-30d")
    journal.ok("plan", "schedule", "--every", "7", "--start", "-30d")
    return journal


def test_the_care_teams_blood_pressure_limit(kj: Journal) -> None:
    kj.ok("plan", "set", "--bp-limit", "150 / 95")
    plan = kj.json("plan", "show")["plan"]
    assert (plan["bp_limit_systolic"], plan["bp_limit_diastolic"]) == (150, 95)
    assert "blood pressure not asked for; limit 150/95" in kj.ok("plan", "show").stdout
    kj.ok("plan", "set", "--bp-limit", "none")
    plan = kj.json("plan", "show")["plan"]
    assert (plan["bp_limit_systolic"], plan["bp_limit_diastolic"]) == (None, None)


@pytest.mark.parametrize(
    ("value", "field", "allowed"),
    [
        ("150", "bp-limit", "SYS/DIA, for example 120/80"),
        ("150/ninety", "bp-limit", "SYS/DIA"),
        ("300/95", "blood pressure (systolic)", "from 50 to 260"),
        ("90/150", "blood pressure", "systolic above diastolic"),
    ],
)
def test_a_wrong_limit_is_one_line_and_writes_nothing(
    kj: Journal, value: str, field: str, allowed: str
) -> None:
    before = snapshot(kj.path)
    result = kj("plan", "set", "--bp-limit", value)
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, field, allowed)
    assert snapshot(kj.path) == before


def test_each_question_is_for_one_reader(kj: Journal) -> None:
    said = kj.ok("question", "add", input="Is the nausea expected?").stderr
    assert said.startswith("Question added (for the clinician): ")
    said = kj.ok("question", "add", "--for", "coach", input="How do I keep the walks going?")
    assert said.stderr.startswith("Question added (for the coach): ")
    said = kj.ok("question", "add", "--for", "PRIVATE", input="Am I doing this right?").stderr
    assert said.startswith("Question added (kept private): ")
    found = {q["text"]: q["share_level"] for q in kj.json("question", "list")}
    assert found == {
        "Is the nausea expected?": "clinician",
        "How do I keep the walks going?": "coach",
        "Am I doing this right?": "private",
    }
    clinician = kj.ok("export", "summary").stdout
    coach = kj.ok("export", "summary", "--for", "coach").stdout
    assert "Is the nausea expected?" in clinician and "Is the nausea expected?" not in coach
    assert "keep the walks going" in coach and "keep the walks going" not in clinician
    assert "doing this right" not in clinician + coach
    with_private = kj.ok("export", "summary", "--for", "coach", "--include-private").stdout
    assert "Am I doing this right?" in with_private
    before = snapshot(kj.path)
    result = kj("question", "add", "--for", "friend", input="x")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "for", "one of private, coach, clinician")
    assert snapshot(kj.path) == before


def test_the_country_names_its_crisis_line(kj: Journal) -> None:
    kj.ok("settings", "set", "country", "gb")
    assert kj.json("settings", "show")["country"] == "GB"
    guide = kj.ok("export", "support-guide").stdout
    assert "Emergency: 999" in guide and "Samaritans: 116 123" in guide
    before = snapshot(kj.path)
    result = kj("settings", "set", "country", "XX")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "country", "a country code with a known crisis line")
    assert snapshot(kj.path) == before


def test_session_start_records_only_the_medications_given(kj: Journal) -> None:
    kj.ok("session", "start", "--dose", "100", "--med", "sertraline 50 mg", "--med", "ondansetron")
    kj.ok("session", "end")
    kj.ok("session", "start", "--dose", "100", "--at", "now")
    kj.ok("session", "end")
    sessions = kj.json("session", "list")
    meds = sorted(tuple(s["medications_today"]) for s in sessions)
    assert meds == [(), ("sertraline 50 mg", "ondansetron")]
    assert all(s["support_name"] is None for s in sessions)


def test_everything_and_every_text(kj: Journal) -> None:
    for n in range(23):
        kj.ok("journal", "add", "--share", "clinician", "--at", f"-{40 + n}d", input=f"entry {n}")
    recent = kj.ok("export", "summary").stdout  # the last 30 days: none of them
    assert "entry 0" not in recent
    everything = kj.ok("export", "summary", "--since", "all").stdout
    assert "entry 0" in everything and "3 older left out (add --all-text" in everything
    assert "entry 22" not in everything  # the oldest
    every_text = kj.ok("export", "summary", "--since", "all", "--all-text").stdout
    assert "entry 22" in every_text and "left out" not in every_text
    bad = kj("export", "summary", "--since", "the beginning")
    assert bad.exit_code == 2 and len(bad.stderr.splitlines()) == 1
    assert bad.stderr.startswith("ketajournal: since: must be")


def test_a_day_given_as_until_is_in_the_range(kj: Journal) -> None:
    """`--until 2026-01-05` holds the 5th (a day alone ends a range at its end), so a
    summary of one day is `--since D --until D`, and its header names the days it holds."""
    kj.ok("journal", "add", "--share", "clinician", "--at", "2026-01-05T10:00", input="cnryfifth")
    one_day = kj.ok("export", "summary", "--since", "2026-01-05", "--until", "2026-01-05").stdout
    assert "2026-01-05 to 2026-01-05 (1 day)" in one_day
    assert "cnryfifth" in one_day
    before = kj.ok("export", "summary", "--since", "2026-01-01", "--until", "2026-01-04").stdout
    assert "2026-01-01 to 2026-01-04 (4 days)" in before and "cnryfifth" not in before
    listed = kj.json("journal", "list", "--until", "2026-01-05")["entries"]
    assert [e["body"] for e in listed] == ["cnryfifth"]
    assert kj.json("journal", "list", "--until", "2026-01-04")["entries"] == []
    at_noon = kj.ok("export", "summary", "--since", "2026-01-05T12:00", "--until", "2026-01-06")
    assert "2026-01-05 12:00 to 2026-01-06 (2 days)" in at_noon.stdout
    assert "cnryfifth" not in at_noon.stdout
