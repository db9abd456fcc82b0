"""Export, import, backup and restore (service.transfer) and the store operations they use."""

from __future__ import annotations

import copy
import csv
import dataclasses
import io
import json
import os
import shutil
import stat
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.domain.codec import to_plain as plain
from ketajournal.errors import NotFoundError, StorageError, ValidationError
from ketajournal.factory import open_service
from ketajournal.service import JournalService, backups, importing, transfer
from ketajournal.service.demo import write_demo
from ketajournal.service.transfer import RECORD_TYPES, TransferError
from ketajournal.storage.dbapi import sqlite as sqlite3  # the one SQLite in this process
from ketajournal.storage.records import INSERT_ORDER, TABLE
from ketajournal.storage.schema import HEAD_REVISION
from ketajournal.storage.store import open_store

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CLASSES = tuple(RECORD_TYPES.values())


# -- helpers --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An empty journal and a one-year demo journal, made once (creating one costs ~1 s)."""
    folder = tmp_path_factory.mktemp("templates")
    empty, demo = folder / "empty.db", folder / "demo.db"
    open_store(empty, NOW).close()
    shutil.copy(empty, demo)
    svc = open_service(demo, FixedClock(NOW))
    write_demo(svc, years=1, seed=5)
    svc.settings.set("sip_minutes", 12)
    svc.close()
    return {"empty": empty, "demo": demo}


@pytest.fixture
def journal(templates: dict[str, Path], tmp_path: Path) -> Callable[..., JournalService]:
    """Opens a fresh copy of a template."""
    opened: list[JournalService] = []

    def make(kind: str = "empty", name: str | None = None):
        folder = tmp_path / "journals"
        folder.mkdir(mode=0o700, exist_ok=True)
        path = folder / (name or f"{kind}-{len(opened)}.db")
        shutil.copy(templates[kind], path)
        os.chmod(path, 0o600)
        svc = JournalService(open_store(path, NOW), FixedClock(NOW))
        opened.append(svc)
        return svc

    yield make
    for svc in opened:
        svc.close()


def contents(svc: JournalService) -> dict[str, list[dict[str, Any]]]:
    """Every record of every table, as plain data, sorted by id."""
    found = svc.store.plain_records(CLASSES)
    return {t: sorted(found[c], key=lambda r: r["id"]) for t, c in RECORD_TYPES.items()}


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (search index included), straight from SQLite."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not r[0].startswith("sqlite_")
        ]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    finally:
        conn.close()


def export_bytes(svc: JournalService) -> bytes:
    return transfer.export_json(svc.store, svc.ctx.now())


def document(svc: JournalService) -> dict[str, Any]:
    return json.loads(export_bytes(svc))


def import_doc(svc: JournalService, doc: dict[str, Any]) -> importing.ImportSummary:
    return importing.import_json(svc.store, json.dumps(doc).encode(), "test.json")


# -- the tables, the references and the plain form match the schema ------------------------


def test_record_types_are_the_schema_tables_parents_first() -> None:
    assert list(RECORD_TYPES.items()) == [(TABLE[c], c) for c in INSERT_ORDER]


def test_plain_records_are_the_domain_records_as_plain_data(journal) -> None:
    svc = journal("demo")
    records = svc.store.plain_records(CLASSES)
    assert set(records) == set(CLASSES)
    for cls in CLASSES:
        from_domain = sorted((plain(r) for r in svc.store.find(cls)), key=lambda r: r["id"])
        assert sorted(records[cls], key=lambda r: r["id"]) == from_domain, cls
        assert len(records[cls]) == svc.store.count(cls)
    assert records[m.JournalEntry] and records[m.Setting]


def test_plain_times_match_isoformat_with_and_without_microseconds(journal) -> None:
    svc = journal()
    whole = svc.journal.add("whole seconds", written_at=NOW)
    fraction = svc.journal.add("fraction", written_at=NOW + timedelta(microseconds=250))
    rows = {r["id"]: r for r in svc.store.plain_records([m.JournalEntry])[m.JournalEntry]}
    assert rows[str(whole.id)]["written_at"] == "2026-03-02T09:00:00+00:00"
    assert rows[str(fraction.id)]["written_at"] == "2026-03-02T09:00:00.000250+00:00"


# -- export ---------------------------------------------------------------------------------


def test_export_document_holds_every_table_and_every_field(journal) -> None:
    svc = journal("demo")
    doc = document(svc)
    assert doc["format"] == "ketajournal-export"
    assert doc["schema"] == HEAD_REVISION
    assert doc["exported_at"] == "2026-03-02T09:00:00+00:00"
    assert list(doc["records"]) == list(RECORD_TYPES)
    for table, cls in RECORD_TYPES.items():
        names = [f.name for f in dataclasses.fields(cls)]
        assert len(doc["records"][table]) == svc.store.count(cls), table
        for row in doc["records"][table]:
            assert list(row) == names
    entry = doc["records"]["journal_entry"][0]
    assert entry["written_at"].endswith("+00:00") and isinstance(entry["tags"], list)
    assert entry["share_level"] in {s.value for s in m.ShareLevel}


def test_export_json_is_one_line_with_terminal_controls_escaped(journal) -> None:
    svc = journal()
    body = "a\x7fb\x9bc\u202ed é \x1b[2J"
    svc.journal.add(body)
    data = export_bytes(svc)
    assert data.endswith(b"\n") and data.count(b"\n") == 1
    text = data.decode("utf-8")
    for char in ("\x7f", "\x9b", "\u202e", "\x1b"):
        assert char not in text
    assert "é" in text  # readable text stays readable
    assert json.loads(text)["records"]["journal_entry"][0]["body"] == body


# -- import: round trips ----------------------------------------------------------------------


def test_demo_round_trip_is_equal_record_for_record(journal) -> None:
    source, target = journal("demo"), journal()
    summary = importing.import_json(target.store, export_bytes(source), "demo.json")
    assert contents(target) == contents(source)
    assert summary.total("added") == sum(source.store.count(c) for c in CLASSES)
    assert summary.total("updated") == summary.total("unchanged") == 0
    assert dump(target.store.path)["search_index"] == dump(source.store.path)["search_index"]
    assert target.journal.search("zephyr") == source.journal.search("zephyr")
    assert target.store.integrity_problems() == []


def test_importing_the_same_file_twice_changes_nothing(journal) -> None:
    source, target = journal("demo"), journal()
    data = export_bytes(source)
    importing.import_json(target.store, data, "demo.json")
    before = dump(target.store.path)
    summary = importing.import_json(target.store, data, "demo.json")
    assert dump(target.store.path) == before
    assert summary.total("added") == summary.total("updated") == 0
    assert summary.total("unchanged") == sum(source.store.count(c) for c in CLASSES)
    assert not summary.changed
    assert "0 added, 0 updated" in summary.line()


def test_importing_into_the_journal_it_came_from_changes_nothing(journal) -> None:
    svc = journal("demo")
    before = dump(svc.store.path)
    summary = importing.import_json(svc.store, export_bytes(svc), "self.json")
    assert dump(svc.store.path) == before
    assert summary.total("unchanged") == sum(svc.store.count(c) for c in CLASSES)


def test_the_later_updated_at_wins_both_ways(journal) -> None:
    source, target = journal(), journal()
    older = source.journal.add("first words", title="One")
    newer = source.journal.add("second words", title="Two")
    importing.import_json(target.store, export_bytes(source), "a.json")
    # The file has a later edit of `older`; the journal has a later edit of `newer`.
    source.clock.advance(timedelta(hours=1))  # type: ignore[attr-defined]
    source.journal.edit(older.id, body="first words, edited in the file")
    target.clock.advance(timedelta(hours=2))  # type: ignore[attr-defined]
    target.journal.edit(newer.id, body="second words, edited in the journal")
    summary = importing.import_json(target.store, export_bytes(source), "b.json")
    assert target.journal.get(older.id).body == "first words, edited in the file"
    assert target.journal.get(newer.id).body == "second words, edited in the journal"
    assert summary.counts["journal_entry"] == {"added": 0, "updated": 1, "unchanged": 0, "kept": 1}
    assert "1 updated" in summary.line() and "1 kept" in summary.line()
    hits = target.journal.search("edited")
    assert {h.ref_id for h in hits} == {older.id, newer.id}  # the search index followed


def test_a_setting_made_under_another_id_is_matched_by_key(journal) -> None:
    source, target = journal(), journal()
    target.settings.set("sip_minutes", 20)
    source.clock.advance(timedelta(minutes=5))  # type: ignore[attr-defined]
    source.settings.set("sip_minutes", 12)  # later, in another journal: another id
    summary = importing.import_json(target.store, export_bytes(source), "s.json")
    assert target.settings.get().sip_minutes == 12
    assert target.store.count(m.Setting) == 1
    assert summary.counts["setting"]["updated"] == 1
    again = importing.import_json(target.store, export_bytes(source), "s.json")
    assert again.counts["setting"] == {"added": 0, "updated": 0, "unchanged": 1, "kept": 0}


def test_references_may_point_into_the_journal(journal) -> None:
    target = journal()
    plan = target.plan.set(form="solution")
    step = {
        "id": str(uuid4()),
        "created_at": "2026-03-02T09:00:00+00:00",
        "updated_at": "2026-03-02T09:00:00+00:00",
        "plan_id": str(plan.id),
        "effective_at": "2026-03-01T10:00:00-05:00",  # any offset; stored in UTC
        "dose_mg": 100,
        "reason": "first dose",
    }
    doc = {
        "format": "ketajournal-export",
        "schema": HEAD_REVISION,
        "records": {"dose_step": [step]},
    }
    summary = import_doc(target, doc)
    assert summary.counts["dose_step"]["added"] == 1
    stored = target.plan.dose_steps()[0]
    assert stored.effective_at == datetime(2026, 3, 1, 15, 0, tzinfo=UTC)
    assert stored.dose_mg == 100.0


# -- import: a property over any content ------------------------------------------------------

_ANY_CHAR = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
_any_text = st.text(_ANY_CHAR, min_size=1, max_size=200).filter(lambda s: s.strip())
_long_text = st.builds(lambda s, n: s * n, _any_text, st.integers(500, 3000))
_line = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="\x00\n\r"),
    min_size=1,
    max_size=200,
).filter(lambda s: s.strip())
_tag = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp"), exclude_characters=",#@"),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() and not any(c.isspace() for c in s))


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    body=st.one_of(_any_text, _long_text),
    title=st.one_of(st.none(), _line),
    tags=st.lists(_tag, max_size=4),
    note=st.one_of(st.none(), _any_text),
    question=_any_text,
    contact=_line,
    mood=st.integers(0, 10),
    sleep=st.one_of(st.none(), st.floats(0, 24, allow_nan=False)),
)
def test_any_content_survives_export_and_import_unchanged(
    templates: dict[str, Path],
    tmp_path_factory: pytest.TempPathFactory,
    body: str,
    title: str | None,
    tags: list[str],
    note: str | None,
    question: str,
    contact: str,
    mood: int,
    sleep: float | None,
) -> None:
    folder = tmp_path_factory.mktemp("prop")
    paths = [folder / "a.db", folder / "b.db"]
    for path in paths:
        shutil.copy(templates["empty"], path)
    stores = [open_store(p, NOW) for p in paths]
    source, target = (JournalService(s, FixedClock(NOW)) for s in stores)  # type: ignore[arg-type]
    try:
        try:
            entry = source.journal.add(body, title=title, tags=tags)
            source.checkins.mood(mood, sleep_hours=sleep, note=note)
            source.questions.add(question)
            source.contacts.add(contact, "support", note=note)
            source.plan.set(form="troche", notes=note)
        except ValidationError:
            assume(False)
        importing.import_json(target.store, export_bytes(source), "p.json")
        assert contents(target) == contents(source)
        assert target.journal.get(entry.id).body == body
        assert target.journal.get(entry.id).title == entry.title
        again = importing.import_json(target.store, export_bytes(source), "p.json")
        assert not again.changed
    finally:
        source.close()
        target.close()


# -- import: bad files write nothing and name the problem ---------------------------------------


def _first(doc: dict[str, Any], table: str) -> dict[str, Any]:
    return doc["records"][table][0]


def _set(table: str, name: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        _first(doc, table)[name] = value

    return change


def _set_setting(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        _first(doc, "setting").update(key=key, value=value)

    return change


def _drop_plans(doc: dict[str, Any]) -> None:
    doc["records"]["plan"] = []


BAD_DOCUMENTS: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    (
        "format marker",
        lambda d: d.update(format="jrnl"),
        "import: format: must be \"ketajournal-export\" (got 'jrnl')",
    ),
    (
        "newer schema",
        lambda d: d.update(schema="9002_future"),
        f"import: schema: must be {HEAD_REVISION} or older (the file is from a newer "
        "ketajournal, schema 9002_future; upgrade ketajournal to import it)",
    ),
    (
        "unknown table",
        lambda d: d["records"].update(diary=[]),
        "import: 'diary': must be a known table (plan, dose_step,",
    ),
    (
        "unknown field",
        _set("journal_entry", "mood", 3),
        "import: journal_entry #1 (id ",
    ),
    ("unknown field named", _set("journal_entry", "mood", 3), "mood: must be a field of"),
    ("bad enum", _set("journal_entry", "share_level", "everyone"), "share_level: must be one of"),
    ("naive time", _set("journal_entry", "written_at", "2026-03-01T10:00:00"), "written_at: must"),
    ("dangling reference", _drop_plans, "dose_step #1 (id "),
    ("dangling field", _drop_plans, "plan_id: must be the id of a plan in the file or the"),
    ("mood of 11", _set("mood_checkin", "mood", 11), "mood: must be a whole number from 0 to 10"),
    ("missing field", lambda d: _first(d, "journal_entry").pop("body"), "body: must be present"),
    ("bad id", _set("question", "id", "not-a-uuid"), "question #1: id: must be a UUID"),
    ("text as number", _set("journal_entry", "body", 5), "body: must be text (got 5)"),
    ("bool as int", _set("plan", "bp_required", 1), "bp_required: must be true or false"),
    ("dose of 0", _set("dose_step", "dose_mg", 0), "dose_mg: must be a number of mg"),
    (
        "nested field",
        _set("session", "timing_checks", [{"label": "ok"}, {"label": 3}]),
        "timing_checks[1].label: must be text (got 3)",
    ),
    (
        "duplicate id",
        lambda d: d["records"]["question"].append(copy.deepcopy(_first(d, "question"))),
        "id: must be unique in the file (also question #1)",
    ),
    # The same limits as the service's own writes (domain.rules), settings by their rules.
    ("setting as text", _set_setting("sip_minutes", "banana"), "sip_minutes: must be a value"),
    ("setting of 0", _set_setting("sip_minutes", 0), "sip_minutes: must be from 1 to 60"),
    ("breathing < 0", _set_setting("breathe_in_seconds", -4), "breathe_in_seconds: must be from"),
    ("unknown setting", _set_setting("volume", 3), "setting: must be one of sip_minutes"),
    ("long title", _set("journal_entry", "title", "t" * 5000), "title: must be at most 200"),
    (
        "100,000 tags",
        _set("journal_entry", "tags", [f"t{i}" for i in range(100_000)]),
        "tags: must be at most 50 items",
    ),
    ("tag as typed", _set("journal_entry", "tags", ["#Calm"]), "tags[0]: must be a tag as"),
    (
        "two running",
        lambda d: [r.update(status="running") for r in d["records"]["session"][:2]],
        "session: must leave at most one session running",
    ),
    (
        "year 9999",
        _set("journal_entry", "written_at", "9999-12-31T23:00:00+00:00"),
        "written_at: must be a date and time from 1900 to 2200",
    ),
    (
        "year 999",
        _set("mood_checkin", "created_at", "0999-01-01T00:00:00+00:00"),
        "created_at: must be a date and time from 1900 to 2200",
    ),
    (
        "year 1 west",
        _set("question", "updated_at", "0001-01-01T00:00:00-05:00"),
        "updated_at: must be a date and time from 1900 to 2200",
    ),
    ("NUL in text", _set("question", "text", "a\x00b"), "text: must be text without NUL"),
    ("lone surrogate", _set("question", "text", "a\ud800b"), "text: must be valid UTF-8 text"),
    (
        "many side effects",
        _set("reflection", "side_effects", [{"sensation": "nausea", "severity": "mild"}] * 201),
        "side_effects: must be at most 200",
    ),
    (
        "side effect duration",
        _set(
            "reflection",
            "side_effects",
            [{"sensation": "nausea", "severity": "mild", "duration_minutes": 5000}],
        ),
        "side_effects[0].duration_minutes: must be a whole number from 0 to 1440",
    ),
    ("rated by", _set("scale_result", "rated_by", "neighbour"), "rated_by: must be one of self"),
    (
        "phq9 item 9 hidden",
        lambda d: [
            r.update(
                scale="phq9", item9_positive=False, answers=[0] * 8 + [1], score=1, band="minimal"
            )
            for r in d["records"]["scale_result"][:1]
        ],
        "item9_positive: must be true",
    ),
]


@pytest.mark.parametrize(
    ("change", "expected"), [c[1:] for c in BAD_DOCUMENTS], ids=[c[0] for c in BAD_DOCUMENTS]
)
def test_a_bad_document_writes_nothing_and_names_the_problem(
    journal, change: Callable[[dict[str, Any]], None], expected: str
) -> None:
    source, target = journal("demo"), journal()
    target.journal.add("already here")
    doc = document(source)
    change(doc)
    before = dump(target.store.path)
    with pytest.raises(TransferError) as caught:
        import_doc(target, doc)
    message = str(caught.value)
    assert expected in message, message
    assert "\n" not in message
    assert message.startswith("import: ")
    assert dump(target.store.path) == before


def test_the_problem_names_table_position_id_and_field(journal) -> None:
    source, target = journal("demo"), journal()
    doc = document(source)
    row = doc["records"]["journal_entry"][11]
    row["written_at"] = "last tuesday"
    with pytest.raises(TransferError) as caught:
        import_doc(target, doc)
    assert str(caught.value) == (
        f"import: journal_entry #12 (id {row['id'][:8]}…): written_at: "
        "must be an ISO 8601 time (got 'last tuesday')"
    )
    assert target.store.count(m.Plan) == 0  # the plan before it was not written either


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"{not json", "import: must be a JSON document (line 1, column 2:"),
        (b"\xff\xfe", "import: must be a JSON file in UTF-8"),
        (b"[1, 2]", "import: must be a JSON object"),
        (
            b'{"format": "ketajournal-export", "schema": "0001_initial", "records": {"plan": '
            b'[{"concentration_mg_per_ml": NaN}]}}',
            "NaN is not a JSON number",
        ),
        (b'{"format": "ketajournal-export", "schema": "0001_initial"}', "import: records: must"),
    ],
)
def test_files_that_are_not_exports_are_refused(journal, data: bytes, expected: str) -> None:
    target = journal()
    before = dump(target.store.path)
    with pytest.raises(TransferError) as caught:
        importing.import_json(target.store, data, "x.json")
    assert expected in str(caught.value)
    assert dump(target.store.path) == before


# -- the store's batch write is all or nothing -------------------------------------------------


def test_write_batch_writes_everything_or_nothing(journal) -> None:
    svc = journal()
    stamp = {"created_at": NOW, "updated_at": NOW}
    question = m.Question(id=uuid4(), text="kept", **stamp)
    svc.store.insert(question)
    changed = dataclasses.replace(question, text="changed")
    new = m.Question(id=uuid4(), text="new", **stamp)
    missing = m.Question(id=uuid4(), text="not there", **stamp)
    before = dump(svc.store.path)
    with pytest.raises(NotFoundError):
        svc.store.write_batch([new], [changed, missing])
    assert dump(svc.store.path) == before
    with pytest.raises(StorageError, match="nothing was written"):
        svc.store.write_batch([new, dataclasses.replace(new, text="same id")], [])
    assert dump(svc.store.path) == before
    svc.store.write_batch([new], [changed])
    assert svc.store.get(m.Question, question.id) == changed
    assert svc.store.get(m.Question, new.id) == new


# -- CSV ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        (None, ""),
        (True, "true"),
        (2.5, "2.5"),
        (["calm", "=x"], '["calm", "=x"]'),
        ([{"label": "-x", "done": False}], '[{"label": "-x", "done": false}]'),
    ],
)
def test_csv_cells_are_neutralised_for_spreadsheets(value: Any, cell: str) -> None:
    assert transfer.csv_cell(value) == cell


def test_csv_tables_have_field_headers_and_read_back(journal) -> None:
    svc = journal("demo")
    svc.journal.add("=1+1", title='=HYPERLINK("x")', tags=["calm"])
    tables = transfer.export_csv_tables(svc.store)
    assert list(tables) == [f"{t}.csv" for t in RECORD_TYPES]
    for table, cls in RECORD_TYPES.items():
        rows = list(csv.reader(io.StringIO(tables[f"{table}.csv"].decode("utf-8"), newline="")))
        assert rows[0] == [f.name for f in dataclasses.fields(cls)]
        assert len(rows) - 1 == svc.store.count(cls)
    entries = list(csv.DictReader(io.StringIO(tables["journal_entry.csv"].decode(), newline="")))
    mine = [e for e in entries if e["body"] == "'=1+1"]
    assert mine and mine[0]["title"] == '\'=HYPERLINK("x")' and mine[0]["tags"] == '["calm"]'


# -- backups --------------------------------------------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.usefixtures("umask_022")
def test_backups_rotate_keeping_the_newest_n(journal) -> None:
    svc = journal("demo")
    clock: FixedClock = svc.clock  # type: ignore[assignment]
    folder = svc.store.path.parent / "backups"
    made = [backups.backup(svc.store, clock.now(), keep=3)]
    assert _mode(folder) == 0o700
    other = folder / "my-own-copy.db"
    other.write_bytes(b"not ours")
    # A backup made before a migration rotates with the others (it holds deleted text too).
    premigration = folder / "pre-migration-0001_initial-20200101T000000.db"
    premigration.write_bytes(b"an old backup")
    clock.advance(timedelta(minutes=1))
    for _ in range(4):
        made.append(backups.backup(svc.store, clock.now(), keep=3))
        clock.advance(timedelta(minutes=1))
    assert made[0].path.name == "ketajournal-backup-20260302T090000.db"
    assert backups.rotated_backups(folder) == [r.path for r in made[:1:-1]]
    assert made[2].removed == (premigration,)
    assert made[3].removed == (made[0].path,) and made[4].removed == (made[1].path,)
    assert other.exists()  # other files in the folder are never rotated
    assert all(_mode(r.path) == 0o600 for r in made[2:]) and _mode(folder) == 0o700
    same_second = backups.backup(svc.store, clock.now() - timedelta(minutes=1), keep=3)
    assert same_second.path.name == "ketajournal-backup-20260302T090400-2.db"
    assert backups.rotated_backups(folder)[0] == same_second.path


def test_a_backup_opens_with_the_same_records(journal) -> None:
    svc = journal("demo")
    made = backups.backup(svc.store, svc.ctx.now())
    copy_ = open_store(made.path, NOW)
    assert copy_ is not None
    try:
        assert copy_.integrity_problems() == []
        for cls in CLASSES:
            assert copy_.count(cls) == svc.store.count(cls), cls
    finally:
        copy_.close()


@pytest.mark.usefixtures("umask_022")
def test_a_backup_to_a_chosen_file_refuses_an_existing_one_and_replaces_a_link(
    journal, tmp_path: Path
) -> None:
    svc = journal("demo")
    target = tmp_path / "mine.db"
    target.write_bytes(b"precious")
    with pytest.raises(ValidationError, match="add --force"):
        backups.backup(svc.store, NOW, out=target)
    assert target.read_bytes() == b"precious"
    with pytest.raises(ValidationError, match="keep"):
        backups.backup(svc.store, NOW, out=tmp_path / "x.db", keep=2)
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"untouched")
    link = tmp_path / "link.db"
    link.symlink_to(victim)
    made = backups.backup(svc.store, NOW, out=link, force=True)
    assert not link.is_symlink() and _mode(link) == 0o600
    assert victim.read_bytes() == b"untouched"
    assert made.path == link and made.removed == ()


# -- restore ---------------------------------------------------------------------------------------


def test_restore_brings_the_backup_back_and_keeps_the_journal_aside(journal) -> None:
    svc = journal("demo")
    backup = backups.backup(svc.store, NOW).path
    saved = contents(svc)
    for entry in svc.journal.page(limit=5).items:
        svc.journal.delete(entry.id)
    svc.journal.add("written after the backup")
    changed = contents(svc)
    assert changed != saved
    aside = backups.restore(svc.store, backup, NOW)
    assert contents(svc) == saved
    assert svc.store.integrity_problems() == []
    assert svc.store.pragma("journal_mode") == "wal"
    assert aside == Path(f"{svc.store.path}.before-restore-20260302T090000")
    assert _mode(aside) == 0o600
    kept = open_store(aside, NOW)
    assert kept is not None
    try:
        assert contents(JournalService(kept, FixedClock(NOW))) == changed
    finally:
        kept.close()
    assert svc.journal.search("written after") == []
    assert backups.restore(svc.store, backup, NOW).name.endswith("T090000-2")


def test_restore_refuses_what_is_not_a_ketajournal_backup(journal, tmp_path: Path) -> None:
    svc = journal("demo")
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    newer = tmp_path / "newer.db"
    backups.backup(svc.store, NOW, out=newer)
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = '0099_future'")
    conn.commit()
    conn.close()
    damaged = tmp_path / "damaged.db"
    backups.backup(svc.store, NOW, out=damaged)
    raw = bytearray(damaged.read_bytes())
    raw[4096 * 3 : 4096 * 6] = os.urandom(4096 * 3)
    damaged.write_bytes(bytes(raw))
    cases = {
        text: "is not an SQLite database",
        other: "is an SQLite database but not a ketajournal journal",
        newer: "was written by a newer version of ketajournal (schema 0099_future)",
        damaged: "",
        tmp_path / "absent.db": "does not exist",
        svc.store.path: "not the journal itself",
    }
    before = dump(svc.store.path)
    for path, reason in cases.items():
        for attempt in (backups.check_restore, backups.restore):
            args = (svc.store, path) if attempt is backups.check_restore else (svc.store, path, NOW)
            with pytest.raises(TransferError) as caught:
                attempt(*args)  # type: ignore[operator]
            assert str(caught.value).startswith("restore: must be "), caught.value
            assert reason in str(caught.value)
    assert dump(svc.store.path) == before
    assert list(svc.store.path.parent.glob("*before-restore*")) == []
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("newer")) == [
        "newer.db"
    ]  # checking a backup leaves no -wal or -shm beside it


def test_an_export_from_schema_0001_still_imports(svc: JournalService, tmp_path: Path) -> None:
    """0002 changed only how the search index forgets: the records are the same shape."""
    svc.journal.add("from an older version", tags=["old"])
    document = json.loads(transfer.export_json(svc.store, svc.ctx.now()))
    document["schema"] = "0001_initial"
    other = open_service(tmp_path / "other" / "kj.db")
    try:
        summary = importing.import_json(other.store, json.dumps(document).encode(), "old.json")
        assert summary.total("added") == 1
        assert other.journal.page().items[0].body == "from an older version"
    finally:
        other.close()
