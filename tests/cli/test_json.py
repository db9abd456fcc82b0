"""Every --json command prints one JSON document, and only that, with stable field names."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Invoke
from tests.cli.support import Journal, module_invoke, run_process

RECORD = {"id", "created_at", "updated_at"}
PLAN = RECORD | {
    "medication",
    "form",
    "concentration_mg_per_ml",
    "prescriber",
    "bp_required",
    "bp_limit_systolic",
    "bp_limit_diastolic",
    "first_session_supervised",
    "notes",
}
DOSE_STEP = RECORD | {"plan_id", "effective_at", "dose_mg", "reason"}
SCHEDULE_PHASE = RECORD | {"plan_id", "phase", "interval_days", "starts_at"}
NEXT_DUE = {"due_at", "overdue", "phase", "interval_days", "last_session_at", "days_until"}
CONTACT = RECORD | {"name", "role", "phone", "note"}
SESSION = RECORD | {
    "status",
    "planned_at",
    "timing_checks",
    "last_meal_at",
    "medications_today",
    "setting_checklist",
    "support_contact_id",
    "support_name",
    "intention",
    "mood_before",
    "anxiety_before",
    "bp_before_systolic",
    "bp_before_diastolic",
    "prescribed_dose_mg",
    "taken_dose_mg",
    "skipped_steps",
    "recorded_after",
    "sip_started_at",
    "experience_started_at",
    "rest_started_at",
    "ended_at",
}
EVENT = RECORD | {
    "session_id",
    "at",
    "kind",
    "text",
    "sensation",
    "severity",
    "phase",
    "systolic",
    "diastolic",
}
REFLECTION = RECORD | {
    "session_id",
    "kind",
    "status",
    "due_at",
    "answered_at",
    "snoozed_until",
    "share_level",
    "intensity",
    "dissociation",
    "mood_after",
    "anxiety_after",
    "side_effects",
    "fragments",
    "intention_touched",
    "insights",
    "emotions",
    "images_memories",
    "what_was_hard",
    "integration_step",
    "insight_in_life",
    "integration_step_happened",
}
SIDE_EFFECT = {"sensation", "severity", "duration_minutes"}
ENTRY = RECORD | {"written_at", "body", "title", "tags", "share_level", "session_id"}
HIT = {"kind", "id", "title", "snippet"}
QUESTION = RECORD | {"text", "done_at", "answer", "share_level"}
SETTINGS = {
    "sip_minutes",
    "sip_cue_minutes",
    "experience_minutes",
    "meal_gap_hours",
    "bp_prompt_minutes",
    "full_reflection_after_hours",
    "followup_week_days",
    "followup_month_days",
    "breathe_in_seconds",
    "breathe_out_seconds",
    "breathing_pacer",
    "reduce_motion",
    "theme",
    "country",
    "setting_checklist",
}
DOCTOR = {
    "encrypted",
    "backups",
    "plain_backups",
    "loose_files",
    "notes",
    "fixed",
    "database",
    "created",
    "files",
    "schema",
    "journal_mode",
    "synchronous",
    "foreign_keys",
    "integrity",
    "counts",
    "problems",
    "synced_folder",
}
SCALE = RECORD | {"at", "scale", "score", "answers", "band", "item9_positive", "rated_by", "note"}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    kj = Journal(module_invoke(), tmp_path_factory.mktemp("json") / "kj.db")
    kj.ok("plan", "set", "--form", "solution", "--concentration", "50", "--prescriber", "Dr. L")
    kj.ok("plan", "dose", "100", "--reason", "first dose", "--effective", "-20d")
    kj.ok("plan", "schedule", "--every", "7", "--start", "-20d")
    kj.ok("contact", "add", "Sam", "--role", "support", "--phone", "555-0100")
    session = kj.ok(
        "session", "start", "--dose", "100", "--support", "Sam", "--intention-file", "-",
        "--at", "-2h", input="rest by the lake",
    ).stdout.strip()  # fmt: skip
    kj.ok("session", "note", input="the lake is bright")
    kj.ok("session", "mark", "nausea", "--severity", "moderate")
    kj.ok("session", "bp", "125/80")
    kj.ok("session", "end")
    kj.ok("reflect", "--intensity", "5", input="lake\n## Insights\nslow down")
    entry = kj.short_id(kj.ok("journal", "add", "--title", "Lake", "--tag", "calm", input="lake"))
    kj.ok("question", "add", input="Ask about the lake dreams")
    return kj.path, {"session": session, "entry": entry}


@pytest.fixture
def kj(template: tuple[Path, dict[str, str]], invoke: Invoke, tmp_path: Path) -> Journal:
    copy = tmp_path / "kj.db"
    shutil.copy(template[0], copy)
    return Journal(invoke, copy)


@pytest.fixture
def ids(template: tuple[Path, dict[str, str]]) -> dict[str, str]:
    return template[1]


def one_document(stdout: str | bytes) -> Any:
    """The whole of stdout is exactly one JSON document (json.loads refuses extra data)."""
    text = stdout.decode() if isinstance(stdout, bytes) else stdout
    assert text.endswith("\n") and text.strip(), repr(text)
    return json.loads(text)


def is_utc(value: str | None) -> bool:
    return value is None or datetime.fromisoformat(value).utcoffset().total_seconds() == 0  # type: ignore[union-attr]


def run_json(kj: Journal, *args: str, input: str | None = None) -> Any:  # noqa: A002
    result = kj(*args, "--json", input=input)
    assert result.exit_code == 0, result.stderr
    return one_document(result.stdout)


def test_plan_show(kj: Journal) -> None:
    document = run_json(kj, "plan", "show")
    assert set(document) == {"plan", "dose_steps", "schedule", "current_dose_mg"}
    assert set(document["plan"]) == PLAN
    assert [set(s) for s in document["dose_steps"]] == [DOSE_STEP]
    assert [set(p) for p in document["schedule"]] == [SCHEDULE_PHASE]
    assert document["current_dose_mg"] == 100.0
    assert is_utc(document["dose_steps"][0]["effective_at"])


def test_plan_next(kj: Journal) -> None:
    document = run_json(kj, "plan", "next")
    assert set(document) == NEXT_DUE
    assert isinstance(document["overdue"], bool) and isinstance(document["days_until"], int | float)
    assert is_utc(document["due_at"]) and is_utc(document["last_session_at"])


def test_contact_list(kj: Journal) -> None:
    document = run_json(kj, "contact", "list")
    assert [set(c) for c in document] == [CONTACT]


def test_session_list(kj: Journal) -> None:
    document = run_json(kj, "session", "list")
    assert [set(s) for s in document] == [SESSION]
    assert [set(item) for item in document[0]["setting_checklist"]][:1] == [{"label", "done"}]
    assert all(is_utc(document[0][k]) for k in ("sip_started_at", "ended_at", "created_at"))


def test_session_show(kj: Journal, ids: dict[str, str]) -> None:
    document = run_json(kj, "session", "show", ids["session"])
    assert set(document) == {"session", "events", "reflections"}
    assert set(document["session"]) == SESSION
    assert {e["kind"] for e in document["events"]} == {"phase", "note", "mark", "blood-pressure"}
    assert all(set(e) == EVENT for e in document["events"])
    assert [r["kind"] for r in document["reflections"]] == ["immediate", "full", "week", "month"]
    assert all(set(r) == REFLECTION for r in document["reflections"])
    assert [set(x) for x in document["reflections"][0]["side_effects"]] == [SIDE_EFFECT]


def test_journal_list(kj: Journal) -> None:
    document = run_json(kj, "journal", "list")
    assert set(document) == {"entries", "has_more"}
    assert [set(e) for e in document["entries"]] == [ENTRY]
    assert document["has_more"] is False


def test_journal_show(kj: Journal, ids: dict[str, str]) -> None:
    document = run_json(kj, "journal", "show", ids["entry"])
    assert set(document) == ENTRY and document["tags"] == ["calm"]


def test_journal_search(kj: Journal) -> None:
    document = run_json(kj, "journal", "search", "lake")
    assert {h["kind"] for h in document} == {"journal", "intention", "note", "reflection"}
    assert all(set(h) == HIT for h in document)
    assert all("«lake»" in h["snippet"] and "\ue000" not in h["snippet"] for h in document)
    assert run_json(kj, "journal", "search", "nothinglikethis") == []


def test_question_list(kj: Journal) -> None:
    assert [set(q) for q in run_json(kj, "question", "list")] == [QUESTION]
    assert [set(q) for q in run_json(kj, "question", "list", "--all")] == [QUESTION]


def test_settings_show(kj: Journal) -> None:
    assert set(run_json(kj, "settings", "show")) == SETTINGS


def test_doctor(kj: Journal) -> None:
    document = run_json(kj, "doctor")
    assert set(document) == DOCTOR
    assert set(document["schema"]) == {"current", "expected"}
    assert all(set(f) == {"label", "path", "mode", "ok"} for f in document["files"])
    assert document["created"] is False and document["problems"] == []


def test_doctor_on_a_new_journal_keeps_its_message_off_stdout(
    invoke: Invoke, tmp_path: Path
) -> None:
    result = invoke(["--db", str(tmp_path / "new.db"), "doctor", "--json"])
    assert result.exit_code == 0
    assert one_document(result.stdout)["created"] is True


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (["scale", "phq9", "--answers", "1,1,1,1,1,1,1,1,0"], None),
        (["scale", "gad7"], "1\n1\n1\n1\n1\n1\n1\n"),
        (["scale", "madrs", "--score", "22"], None),
        (["scale", "cadss", "--score", "4"], None),
    ],
    ids=repr,
)
def test_scale(kj: Journal, args: list[str], stdin: str | None) -> None:
    result = kj(*args, "--json", input=stdin)
    assert result.exit_code == 0, result.stderr
    document = one_document(result.stdout)
    assert set(document) == SCALE and document["item9_positive"] is False
    assert is_utc(document["at"])


def test_messages_go_to_stderr_not_stdout(kj: Journal) -> None:
    """Item-by-item prompts and the crisis guidance never mix with the JSON."""
    result = kj("scale", "phq9", "--json", input="0\n0\n0\n0\n0\n0\n0\n0\n1\n")
    assert result.exit_code == 0 and "988" in result.stderr
    assert one_document(result.stdout)["item9_positive"] is True
    assert "{" not in result.stderr


def test_plan_next_without_a_schedule_is_null(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["--db", str(tmp_path / "kj.db"), "plan", "next", "--json"])
    assert result.exit_code == 0 and one_document(result.stdout) is None


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [["plan", "next", "--json"], ["journal", "search", "lake", "--json"], ["doctor", "--json"]],
    ids=repr,
)
def test_one_document_from_a_real_process(kj: Journal, args: list[str]) -> None:
    proc = run_process("--db", str(kj.path), *args)
    assert proc.returncode == 0, proc.stderr
    document = one_document(proc.stdout)
    assert document
