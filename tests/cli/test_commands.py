"""Every command against a fresh journal (and the 1-year demo), checked by reading back."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ketajournal.cli import app
from ketajournal.domain import models as m
from ketajournal.factory import open_service
from tests.cli.conftest import Invoke
from tests.cli.support import Journal, ids, run_process


@pytest.fixture
def kj(invoke: Invoke, tmp_path: Path) -> Journal:
    return Journal(invoke, tmp_path / "journal" / "kj.db")


def _now() -> datetime:
    return datetime.now(UTC)


def _close(a: str | None, b: datetime, tolerance: timedelta = timedelta(minutes=2)) -> bool:
    assert a is not None
    return abs(datetime.fromisoformat(a) - b) < tolerance


def _local_yesterday(hour: int) -> datetime:
    day = datetime.now().astimezone().date() - timedelta(days=1)
    return datetime.combine(day, time(hour, 0)).astimezone().astimezone(UTC)


def _planned(kj: Journal, *, dose: str = "100") -> None:
    kj.ok("plan", "set", "--form", "solution", "--concentration", "50")
    kj.ok("plan", "dose", dose, "--reason", "as the clinician set", "--effective", "-10d")


# -- plan -----------------------------------------------------------------------------------


def test_plan_set_dose_schedule_show(kj: Journal) -> None:
    result = kj.ok(
        "plan", "set", "--medication", "Ketamine HCl", "--form", "troche",
        "--concentration", "100", "--prescriber", "Dr. Lee", "--bp-required",
    )  # fmt: skip
    assert "Plan saved: Ketamine HCl (troche)" in result.stderr
    assert result.stdout == ""
    kj.ok("plan", "dose", "150", "--reason", "first dose", "--effective", "-14d")
    kj.ok("plan", "dose", "200mg", "--reason", "step up after review", "--effective", "-2d")
    kj.ok("plan", "schedule", "--every", "7", "--start", "-14d")
    kj.ok("plan", "schedule", "--every", "14", "--phase", "maintenance", "--start", "-1d")

    shown = kj.json("plan", "show")
    plan = shown["plan"]
    assert (plan["medication"], plan["form"], plan["concentration_mg_per_ml"]) == (
        "Ketamine HCl",
        "troche",
        100.0,
    )
    assert plan["prescriber"] == "Dr. Lee" and plan["bp_required"] is True
    assert [(s["dose_mg"], s["reason"]) for s in shown["dose_steps"]] == [
        (150.0, "first dose"),
        (200.0, "step up after review"),
    ]
    assert _close(shown["dose_steps"][1]["effective_at"], _now() - timedelta(days=2))
    assert shown["current_dose_mg"] == 200.0
    assert [(p["phase"], p["interval_days"]) for p in shown["schedule"]] == [
        ("induction", 7),
        ("maintenance", 14),
    ]

    human = kj.ok("plan", "show").stdout
    assert "Ketamine HCl (troche, 100 mg/mL)" in human
    assert "prescriber     Dr. Lee" in human
    assert "current dose   200 mg" in human and "blood pressure asked for" in human
    assert "step up after review" in human
    assert "maintenance every 14 days" in human

    kj.ok("plan", "set", "--no-bp-required")  # changes one field, keeps the rest
    plan = kj.json("plan", "show")["plan"]
    assert plan["bp_required"] is False and plan["medication"] == "Ketamine HCl"


def test_plan_show_and_next_before_anything_is_recorded(kj: Journal) -> None:
    assert "No plan recorded yet" in kj.ok("plan", "show").stdout
    assert kj.json("plan", "next") is None
    assert "No schedule recorded yet" in kj.ok("plan", "next").stdout


def test_plan_next_follows_the_schedule_and_the_last_session(kj: Journal) -> None:
    _planned(kj)
    kj.ok("plan", "schedule", "--every", "7", "--start", "-3d")
    due = kj.json("plan", "next")
    assert set(due) == {
        "due_at",
        "overdue",
        "phase",
        "interval_days",
        "last_session_at",
        "days_until",
    }
    assert _close(due["due_at"], _now() - timedelta(days=3))
    assert due["overdue"] is True and due["days_until"] == -3
    assert (due["phase"], due["interval_days"], due["last_session_at"]) == ("induction", 7, None)
    assert "overdue by 3 days" in kj.ok("plan", "next").stdout

    kj.ok("session", "start", "--dose", "100", "--at", "-1d")
    kj.ok("session", "end")
    due = kj.json("plan", "next")
    assert _close(due["last_session_at"], _now() - timedelta(days=1))
    assert _close(due["due_at"], _now() + timedelta(days=6))
    assert due["overdue"] is False and due["days_until"] == 6
    assert "in 6 days" in kj.ok("plan", "next").stdout


# -- contacts -------------------------------------------------------------------------------


def test_contact_add_list_remove(kj: Journal) -> None:
    added = kj.ok("contact", "add", "Dr. Rivera", "--role", "clinician", "--phone", "555-0101")
    rivera = kj.short_id(added)
    kj.ok("contact", "add", "Sam", "--role", "support", "--note", "weekday evenings")
    contacts = kj.json("contact", "list")
    assert [(c["name"], c["role"], c["phone"], c["note"]) for c in contacts] == [
        ("Dr. Rivera", "clinician", "555-0101", None),
        ("Sam", "support", None, "weekday evenings"),
    ]
    assert contacts[0]["id"].startswith(rivera)
    human = kj.ok("contact", "list").stdout.splitlines()
    assert len(human) == 2
    assert human[0].startswith(rivera) and "clinician" in human[0] and "555-0101" in human[0]

    assert "Contact removed" in kj.ok("contact", "remove", rivera).stderr
    assert [c["name"] for c in kj.json("contact", "list")] == ["Sam"]
    kj.ok("contact", "remove", contacts[1]["id"])  # the full id works too
    assert kj.json("contact", "list") == []


# -- sessions -------------------------------------------------------------------------------


def test_session_from_start_to_end(kj: Journal) -> None:
    _planned(kj)
    kj.ok("contact", "add", "Sam Rivera", "--role", "support")
    contact = kj.json("contact", "list")[0]
    started = kj.ok(
        "session", "start", "--dose", "100", "--support", "sam rivera", "--last-meal", "-5h",
        "--mood", "4", "--anxiety", "6", "--bp", "128/84", "--intention-file", "-",
        input="To meet the fear kindly\n",
    )  # fmt: skip
    session_id = started.stdout.strip()
    assert len(session_id) == 36  # the full id, for scripts
    assert f"Session {session_id[:8]} started" in started.stderr

    assert "Note saved" in kj.ok("session", "note", input="colours like a lake\n").stderr
    assert (
        "Marked nausea (moderate)"
        in kj.ok("session", "mark", "nausea", "--severity", "moderate").stderr
    )
    kj.ok("session", "mark", "dizziness")
    severe = kj.ok("session", "mark", "headache", "--severity", "severe")
    assert "call your care team" in severe.stderr
    kj.ok("session", "bp", "130/85")
    assert "experience phase" in kj.ok("session", "phase").stderr
    assert "rest phase" in kj.ok("session", "phase", "rest").stderr
    assert "ended after" in kj.ok("session", "end").stderr

    shown = kj.json("session", "show", session_id[:8])
    assert set(shown) == {"session", "events", "reflections"}
    s = shown["session"]
    assert s["id"] == session_id and s["status"] == "ended"
    assert (s["support_contact_id"], s["support_name"]) == (contact["id"], "Sam Rivera")
    assert s["intention"].strip() == "To meet the fear kindly"
    assert (s["mood_before"], s["anxiety_before"]) == (4, 6)
    assert (s["bp_before_systolic"], s["bp_before_diastolic"]) == (128, 84)
    assert (s["taken_dose_mg"], s["prescribed_dose_mg"]) == (100.0, 100.0)
    assert s["recorded_after"] is False
    assert _close(s["last_meal_at"], _now() - timedelta(hours=5))
    assert s["sip_started_at"] <= s["experience_started_at"] <= s["rest_started_at"]
    assert s["rest_started_at"] <= s["ended_at"]
    events = [
        (e["kind"], e["text"] or e["sensation"] or e["phase"], e["severity"], e["systolic"])
        for e in shown["events"]
    ]
    assert events == [
        ("phase", "sip", None, None),
        ("note", "colours like a lake", None, None),
        ("mark", "nausea", "moderate", None),
        ("mark", "dizziness", "mild", None),
        ("mark", "headache", "severe", None),
        ("blood-pressure", None, None, 130),
        ("phase", "experience", None, None),
        ("phase", "rest", None, None),
    ]
    assert [(r["kind"], r["status"]) for r in shown["reflections"]] == [
        ("immediate", "due"),
        ("full", "due"),
        ("week", "due"),
        ("month", "due"),
    ]

    human = kj.ok("session", "show", session_id).stdout
    for expected in (
        f"session {session_id} (ended)",
        "taken 100 mg, prescribed 100 mg",
        "mood 4, anxiety 6",
        "support   Sam Rivera",
        "intention To meet the fear kindly",
        "colours like a lake",
        "nausea (moderate)",
        "blood pressure 130/85",
        "phase: rest",
        "reflection immediate due",
    ):
        assert expected in human, expected

    listed = kj.json("session", "list")
    assert ids(listed) == [session_id]
    line = kj.ok("session", "list").stdout.splitlines()
    assert len(line) == 1 and line[0].startswith(session_id[:8]) and "ended" in line[0]


def test_session_with_support_who_is_not_a_contact(kj: Journal) -> None:
    session_id = kj.ok("session", "start", "--dose", "80", "--support", "Grandma").stdout.strip()
    s = kj.json("session", "show", session_id)["session"]
    assert (s["support_contact_id"], s["support_name"]) == (None, "Grandma")
    assert s["prescribed_dose_mg"] is None and s["status"] == "running"


def test_a_session_recorded_after_the_fact(kj: Journal) -> None:
    _planned(kj)
    started = kj.ok("session", "start", "--dose", "120", "--at", "yesterday 18:00")
    session_id = started.stdout.strip()
    assert "will be flagged" in started.stderr  # 120 taken, 100 prescribed: recorded as given
    kj.ok(
        "session", "note", "--session", session_id[:8], "--at", "yesterday 19:00",
        input="wrote this down afterwards",
    )  # fmt: skip
    kj.ok("session", "end", "--at", "yesterday 20:00")
    shown = kj.json("session", "show", session_id)
    s = shown["session"]
    assert s["recorded_after"] is True and s["status"] == "ended"
    assert datetime.fromisoformat(s["sip_started_at"]) == _local_yesterday(18)
    assert datetime.fromisoformat(s["ended_at"]) == _local_yesterday(20)
    assert (s["taken_dose_mg"], s["prescribed_dose_mg"]) == (120.0, 100.0)
    note = [e for e in shown["events"] if e["kind"] == "note"]
    assert datetime.fromisoformat(note[0]["at"]) == _local_yesterday(19)
    assert "differs from plan" in kj.ok("session", "list").stdout


def _ended_session_with_marks(kj: Journal) -> str:
    session_id = kj.ok("session", "start", "--dose", "100").stdout.strip()
    kj.ok("session", "mark", "nausea", "--severity", "moderate")
    kj.ok("session", "mark", "nausea", "--severity", "severe")
    kj.ok("session", "mark", "nausea", "--severity", "mild")
    kj.ok("session", "mark", "headache")
    kj.ok("session", "end")
    return session_id


def test_reflect_fills_ratings_fragments_and_the_full_reflection(kj: Journal) -> None:
    session_id = _ended_session_with_marks(kj)
    text = (
        "only loose words\n\n"
        "## Insights\nI am allowed to rest\n\n"
        "## Integration step\nA walk every morning\n"
    )
    result = kj.ok(
        "reflect", "--intensity", "7", "--dissociation", "5", "--mood", "6", "--anxiety", "2",
        "--share", "coach", input=text,
    )  # fmt: skip
    assert "ratings and full reflection" in result.stderr
    reflections = {r["kind"]: r for r in kj.json("session", "show", session_id)["reflections"]}
    now = reflections["immediate"]
    assert now["status"] == "done"
    assert (now["intensity"], now["dissociation"], now["mood_after"], now["anxiety_after"]) == (
        7,
        5,
        6,
        2,
    )
    assert now["fragments"] == "only loose words" and now["share_level"] == "coach"
    # The side effects marked during the session, the worst mark of each, are pre-filled.
    assert now["side_effects"] == [
        {"sensation": "nausea", "severity": "severe", "duration_minutes": None},
        {"sensation": "headache", "severity": "mild", "duration_minutes": None},
    ]
    full = reflections["full"]
    assert full["status"] == "done" and full["share_level"] == "coach"
    assert full["insights"] == "I am allowed to rest"
    assert full["integration_step"] == "A walk every morning"
    assert (reflections["week"]["status"], reflections["month"]["status"]) == ("due", "due")


def test_reflect_plain_text_becomes_fragments(kj: Journal) -> None:
    session_id = _ended_session_with_marks(kj)
    kj.ok("reflect", session_id[:8], "--intensity", "3", input="blue\nwarm hands\n")
    reflections = {r["kind"]: r for r in kj.json("session", "show", session_id)["reflections"]}
    assert reflections["immediate"]["fragments"] == "blue\nwarm hands"
    assert reflections["immediate"]["intensity"] == 3
    assert reflections["full"]["status"] == "due" and reflections["full"]["insights"] is None


def test_reflect_ratings_only(kj: Journal) -> None:
    session_id = _ended_session_with_marks(kj)
    kj.ok("reflect", "--no-text", "--mood", "8", input="ignored\n## Insights\nignored")
    immediate = kj.json("session", "show", session_id)["reflections"][0]
    assert immediate["kind"] == "immediate" and immediate["mood_after"] == 8
    assert immediate["fragments"] is None


# -- check-ins ------------------------------------------------------------------------------


def test_mood_with_every_option(kj: Journal) -> None:
    result = kj.ok(
        "mood", "6", "--anxiety", "3", "--sleep", "7.5", "--energy", "4", "--note-file", "-",
        "--at", "-2h", input="slept well, calm morning\n",
    )  # fmt: skip
    assert "Mood 6/10 logged" in result.stderr and result.stdout == ""
    kj.ok("mood", "9")
    svc = open_service(kj.path)
    try:
        first, second = svc.checkins.moods()
    finally:
        svc.close()
    assert (first.mood, first.anxiety, first.sleep_hours, first.energy) == (6, 3, 7.5, 4)
    assert first.note is not None and first.note.strip() == "slept well, calm morning"
    assert abs(first.at - (_now() - timedelta(hours=2))) < timedelta(minutes=2)
    assert (second.mood, second.anxiety, second.note) == (9, None, None)


def test_mood_note_from_a_file(kj: Journal, tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("from a file", encoding="utf-8")
    kj.ok("mood", "4", "--note-file", str(note))
    svc = open_service(kj.path)
    try:
        assert [c.note for c in svc.checkins.moods()] == ["from a file"]
    finally:
        svc.close()


def test_scale_phq9_with_answers(kj: Journal) -> None:
    assert (
        kj.ok("scale", "phq9", "--answers", "1,1,1,1,1,1,1,1,0").stdout == "PHQ9 score 8 (mild)\n"
    )
    result = kj.json("scale", "PHQ-9", "--answers", "3, 3, 3, 3, 3, 3, 0, 0, 0")
    assert (result["scale"], result["score"], result["band"]) == ("phq9", 18, "moderately severe")
    assert result["answers"] == [3, 3, 3, 3, 3, 3, 0, 0, 0]
    assert (result["rated_by"], result["item9_positive"]) == ("self", False)


def test_scale_item_by_item_from_piped_stdin(kj: Journal) -> None:
    result = kj.ok("scale", "gad7", input="0\n1\n2\n3\n0\n1\n2\n")
    assert result.stdout == "GAD7 score 9 (mild)\n"
    result = kj.ok("scale", "phq9", "--json", input="1\n1\n1\n1\n1\n0\n0\n0\n0\n")
    document = json.loads(result.stdout)
    assert document["score"] == 5 and document["answers"] == [1, 1, 1, 1, 1, 0, 0, 0, 0]
    assert document["band"] == "mild"


def test_clinician_scales_take_a_score(kj: Journal) -> None:
    assert kj.ok("scale", "madrs", "--score", "20").stdout == "MADRS score 20\n"
    cadss = kj.json("scale", "cadss", "--score", "5", "--at", "-1d")
    assert (cadss["scale"], cadss["score"], cadss["answers"], cadss["rated_by"]) == (
        "cadss",
        5,
        None,
        "clinician",
    )
    svc = open_service(kj.path)
    try:
        stored = [(r.scale.value, r.score, r.rated_by) for r in svc.checkins.scales()]
    finally:
        svc.close()
    assert sorted(stored) == [("cadss", 5, "clinician"), ("madrs", 20, "clinician")]


# -- journal --------------------------------------------------------------------------------


def test_journal_add_list_show_search_delete(kj: Journal, tmp_path: Path) -> None:
    session_id = kj.ok("session", "start", "--dose", "100").stdout.strip()
    kj.ok("session", "end")
    lake = kj.short_id(
        kj.ok(
            "journal", "add", "--title", "Lake", "--tag", "calm", "--tag", "#Nature",
            "--share", "coach", "--session", session_id[:8], input="calm morning by the lake\n",
        )
    )  # fmt: skip
    body = tmp_path / "entry.md"
    body.write_text("a stormy afternoon, then quiet", encoding="utf-8")
    storm = kj.short_id(kj.ok("journal", "add", "--file", str(body), "--at", "-3d"))
    kj.ok("journal", "add", "--tag", "calm", "--at", "-10d", input="the first week")

    page = kj.json("journal", "list")
    assert set(page) == {"entries", "has_more"} and page["has_more"] is False
    entries = page["entries"]
    assert [e["body"] for e in entries] == [
        "calm morning by the lake",
        "a stormy afternoon, then quiet",
        "the first week",
    ]
    first = entries[0]
    assert first["id"].startswith(lake)
    assert (first["title"], first["tags"], first["share_level"], first["session_id"]) == (
        "Lake",
        ["calm", "nature"],
        "coach",
        session_id,
    )
    assert entries[1]["id"].startswith(storm) and entries[1]["share_level"] == "private"

    def bodies(*options: str) -> list[str]:
        return [e["body"] for e in kj.json("journal", "list", *options)["entries"]]

    assert bodies("--tag", "calm") == ["calm morning by the lake", "the first week"]
    assert bodies("--share", "coach") == ["calm morning by the lake"]
    assert bodies("--since", "-5d") == [
        "calm morning by the lake",
        "a stormy afternoon, then quiet",
    ]
    assert bodies("--until", "-1d") == ["a stormy afternoon, then quiet", "the first week"]
    limited = kj.json("journal", "list", "--limit", "1")
    assert len(limited["entries"]) == 1 and limited["has_more"] is True

    lines = kj.ok("journal", "list").stdout.splitlines()
    assert len(lines) == 3 and lines[0].startswith(lake)
    assert "Lake" in lines[0] and "#calm #nature" in lines[0]

    shown = kj.ok("journal", "show", lake).stdout
    assert shown.startswith("Lake\n") and "share: coach  #calm #nature" in shown
    assert shown.endswith("calm morning by the lake\n")
    assert kj.json("journal", "show", lake) == first

    found = kj.ok("journal", "search", "lake").stdout.splitlines()
    assert len(found) == 1 and found[0].startswith(lake)
    assert "journal" in found[0] and "«lake»" in found[0] and "\x1b" not in found[0]
    hits = kj.json("journal", "search", "storm*")
    assert [(h["kind"], h["id"]) for h in hits] == [("journal", entries[1]["id"])]
    assert "«stormy»" in hits[0]["snippet"]

    assert "Entry deleted" in kj.ok("journal", "delete", lake, "--yes").stderr
    gone = kj("journal", "show", lake)
    assert gone.exit_code == 2 and "no record" in gone.stderr
    assert kj.json("journal", "search", "lake") == []
    missing = kj.ok("journal", "search", "lake")
    assert missing.stdout == "" and "No matches." in missing.stderr
    assert len(kj.json("journal", "list")["entries"]) == 2


def test_journal_delete_asks_unless_yes(kj: Journal) -> None:
    entry = kj.short_id(kj.ok("journal", "add", input="keep me"))
    refused = kj("journal", "delete", entry)
    assert refused.exit_code == 2 and "--yes" in refused.stderr
    assert len(kj.json("journal", "list")["entries"]) == 1


def test_search_finds_intentions_and_session_notes(kj: Journal) -> None:
    session_id = kj.ok(
        "session", "start", "--dose", "100", "--intention-file", "-", input="meet the tide"
    ).stdout.strip()
    kj.ok("session", "note", input="the tide came in slowly")
    kj.ok("session", "end")
    hits = kj.json("journal", "search", "tide")
    assert sorted(h["kind"] for h in hits) == ["intention", "note"]
    assert session_id in ids(hits)


# -- questions and settings -----------------------------------------------------------------


def test_question_add_list_done(kj: Journal) -> None:
    first = kj.short_id(kj.ok("question", "add", input="Can we talk about the nausea?\n"))
    kj.ok("question", "add", input="Is a lower dose possible?")
    lines = kj.ok("question", "list").stdout.splitlines()
    assert lines == [
        f"[ ] {first}  clinician  Can we talk about the nausea?",
        lines[1],
    ] and lines[1].endswith("Is a lower dose possible?")
    assert "ticked off" in kj.ok("question", "done", first).stderr
    open_ = kj.json("question", "list")
    assert [q["text"] for q in open_] == ["Is a lower dose possible?"]
    every = kj.json("question", "list", "--all")
    assert every[0]["id"].startswith(first) and every[0]["done_at"] is not None
    assert kj.ok("question", "list", "--all").stdout.startswith(f"[x] {first}")


def test_settings_show_and_set(kj: Journal) -> None:
    assert kj.json("settings", "show")["sip_minutes"] == 15
    assert "Setting saved: sip_minutes" in kj.ok("settings", "set", "sip_minutes", "12").stderr
    kj.ok("settings", "set", "breathing_pacer", "on")
    kj.ok("settings", "set", "setting_checklist", "Quiet room, Tea, Blanket")
    settings = kj.json("settings", "show")
    assert settings["sip_minutes"] == 12 and settings["breathing_pacer"] is True
    assert settings["setting_checklist"] == ["Quiet room", "Tea", "Blanket"]
    human = kj.ok("settings", "show").stdout
    assert "sip_minutes                  12\n" in human
    assert "setting_checklist            Quiet room, Tea, Blanket" in human


def test_the_journal_can_come_from_the_environment(invoke: Invoke, tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    assert invoke(["mood", "5"], env={"KETAJOURNAL_DB": str(db)}).exit_code == 0
    result = invoke(["journal", "add"], input="from the env", env={"KETAJOURNAL_DB": str(db)})
    assert result.exit_code == 0
    svc = open_service(db)
    try:
        assert [c.mood for c in svc.checkins.moods()] == [5]
        assert svc.store.count(m.JournalEntry) == 1
    finally:
        svc.close()


@pytest.mark.slow
def test_quick_commands_as_real_processes(tmp_path: Path) -> None:
    """`main()` runs mood, journal add/search and plan next without Typer: same results."""
    db = str(tmp_path / "kj.db")
    assert run_process("--db", db, "mood", "7", "--anxiety", "2").returncode == 0
    added = run_process("--db", db, "journal", "add", "--tag", "calm", input=b"quiet harbour")
    assert added.returncode == 0 and b"Entry saved" in added.stderr
    search = run_process("--db", db, "journal", "search", "harbour", "--json")
    assert search.returncode == 0
    assert [h["kind"] for h in json.loads(search.stdout)] == ["journal"]
    assert json.loads(run_process("--db", db, "plan", "next", "--json").stdout) is None
    svc = open_service(Path(db))
    try:
        assert [c.anxiety for c in svc.checkins.moods()] == [2]
        assert [e.tags for e in svc.journal.page().items] == [("calm",)]
    finally:
        svc.close()


# -- the 1-year demo ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    db = root / "demo.db"
    env = {"XDG_DATA_HOME": str(root / "data"), "KETAJOURNAL_DB": str(root / "real.db")}
    result = CliRunner().invoke(app, ["demo", "--db", str(db)], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return db


@pytest.fixture
def demo(demo_template: Path, invoke: Invoke, tmp_path: Path) -> Iterator[Journal]:
    copy = tmp_path / "demo.db"
    shutil.copy(demo_template, copy)
    yield Journal(invoke, copy)


def test_demo_read_commands(demo: Journal) -> None:
    plan = demo.json("plan", "show")
    assert plan["plan"]["form"] == "solution" and len(plan["dose_steps"]) >= 2
    assert plan["current_dose_mg"] == plan["dose_steps"][-1]["dose_mg"]
    due = demo.json("plan", "next")
    assert due is not None and due["last_session_at"] is not None
    sessions = demo.json("session", "list")
    assert len(sessions) == 20  # the default limit; the demo has more
    every = demo.json("session", "list", "--limit", "1000")
    assert len(every) > 20 and every[:20] == sessions
    assert sessions == sorted(sessions, key=lambda s: s["sip_started_at"], reverse=True)
    shown = demo.json("session", "show", sessions[0]["id"][:8])
    assert shown["session"]["id"] == sessions[0]["id"] and shown["events"]
    assert {r["kind"] for r in shown["reflections"]} <= {"immediate", "full", "week", "month"}
    assert sessions[0]["id"][:8] in demo.ok("session", "list").stdout
    page = demo.json("journal", "list", "--limit", "5")
    assert len(page["entries"]) == 5 and page["has_more"] is True
    assert demo.ok("journal", "show", page["entries"][0]["id"][:8]).stdout
    assert demo.json("journal", "search", "zephyr")
    assert len(demo.ok("journal", "list", "--since", "-7d").stdout.splitlines()) >= 1
    assert demo.json("contact", "list") and demo.ok("contact", "list").stdout
    demo.ok("question", "list", "--all")
    demo.ok("settings", "show")
    assert demo.json("doctor")["problems"] == []


def test_demo_write_commands(demo: Journal) -> None:
    before = len(demo.json("journal", "list", "--limit", "10000")["entries"])
    entry = demo.short_id(demo.ok("journal", "add", "--tag", "demo", input="a new page"))
    assert len(demo.json("journal", "list", "--limit", "10000")["entries"]) == before + 1
    assert demo.json("journal", "show", entry)["body"] == "a new page"
    demo.ok("mood", "7", "--anxiety", "2")
    demo.ok("scale", "gad7", "--answers", "0,0,1,0,0,1,0")
    session_id = demo.ok("session", "start", "--dose", "100").stdout.strip()
    demo.ok("session", "note", input="on the demo journal")
    demo.ok("session", "end")
    demo.ok("reflect", "--intensity", "4", input="soft")
    assert demo.json("session", "list", "--limit", "1")[0]["id"] == session_id
    assert demo.json("plan", "next")["last_session_at"] is not None
    demo.ok("journal", "delete", entry, "--yes")
    assert demo.json("journal", "search", "demo journal")  # the session note still is
