"""Tests the journal: writing, editing, deleting, paging, filtering and full-text search."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.errors import NotFoundError, ValidationError
from ketajournal.service import JournalService
from ketajournal.service.journal import fts_query
from ketajournal.service.reflections import ReflectionAnswers
from ketajournal.service.sessions import Preparation
from tests.service.conftest import run_session

# -- fts_query --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "query"),
    [
        ("calm", '"calm"'),
        ("Calm lake", '"Calm" "lake"'),
        ("calm*", '"calm"*'),
        ("a-b", '"a" "b"'),
        ('don\'t "x" AND (', '"don" "t" "x" "AND"'),
        ("NEAR(a b) OR c:", '"NEAR" "a" "b" "OR" "c"'),
        ("café naïve", '"café" "naïve"'),
        ("*calm", '"calm"'),
        ("calm**", '"calm"*'),
    ],
)
def test_fts_query_quotes_every_word(raw: str, query: str) -> None:
    assert fts_query(raw) == query


@pytest.mark.parametrize("raw", ["", "   ", "!!! ---", "*", '"" ()', "^:-"])
def test_fts_query_without_words_is_refused(raw: str) -> None:
    with pytest.raises(ValidationError) as err:
        fts_query(raw)
    assert err.value.field == "query"


# -- writing ----------------------------------------------------------------------------


def test_add_and_get_by_prefix(svc: JournalService, clock: FixedClock) -> None:
    entry = svc.journal.add(
        "Walked by the lake.",
        title=" Evening ",
        tags=["#Calm", "calm", "Walk"],
        share_level="Coach",
    )
    assert entry.body == "Walked by the lake."
    assert entry.title == "Evening"
    assert entry.tags == ("calm", "walk")
    assert entry.share_level is m.ShareLevel.COACH
    assert entry.written_at == clock.now()
    assert entry.session_id is None
    assert svc.journal.get(str(entry.id)[:8]) == entry
    assert svc.journal.get(entry.id) == entry
    assert svc.journal.tags() == ["calm", "walk"]


def test_add_linked_to_a_session(planned: JournalService, clock: FixedClock) -> None:
    session = run_session(planned, clock)
    entry = planned.journal.add("after the session", session_id=session.id)
    assert entry.session_id == session.id
    with pytest.raises(NotFoundError):
        planned.journal.add("no such session", session_id=planned.plan.require().id)
    assert planned.store.count(m.JournalEntry) == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"body": "  "}, "body"),
        ({"body": "ok", "tags": ["two words"]}, "tag"),
        ({"body": "ok", "share_level": "public"}, "share"),
        ({"body": "ok", "title": "a\nb"}, "title"),
    ],
)
def test_bad_entry_writes_nothing(
    svc: JournalService, kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as err:
        svc.journal.add(**kwargs)  # type: ignore[arg-type]
    assert err.value.field == field
    assert svc.store.count(m.JournalEntry) == 0


def test_markup_and_control_characters_are_stored_exactly(svc: JournalService) -> None:
    body = "[bold]x[/] \x1b[31mred\x1b[0m\x07 tab\there\r\nline <b>&amp;</b> 🙂"
    entry = svc.journal.add(body, title="[red]title[/red]")
    stored = svc.journal.get(entry.id)
    assert stored.body == body
    assert stored.title == "[red]title[/red]"


def test_edit_changes_only_what_is_given(svc: JournalService, clock: FixedClock) -> None:
    entry = svc.journal.add("first draft", title="Morning", tags=["calm"])
    clock.advance(timedelta(hours=1))
    edited = svc.journal.edit(str(entry.id)[:8], body="second draft", tags=["#Sleep"])
    assert edited.id == entry.id
    assert edited.body == "second draft"
    assert edited.title == "Morning"
    assert edited.tags == ("sleep",)
    assert edited.written_at == entry.written_at
    assert edited.updated_at == clock.now()
    assert svc.journal.get(entry.id) == edited

    untitled = svc.journal.edit(entry.id, title="  ", share_level="clinician")
    assert untitled.title is None
    assert untitled.share_level is m.ShareLevel.CLINICIAN
    assert svc.journal.edit(entry.id) == untitled


def test_bad_edit_changes_nothing(svc: JournalService) -> None:
    entry = svc.journal.add("keep me")
    with pytest.raises(ValidationError):
        svc.journal.edit(entry.id, body="new", share_level="public")
    assert svc.journal.get(entry.id) == entry


def test_delete_removes_it_and_its_search_text(svc: JournalService) -> None:
    keep = svc.journal.add("the lighthouse at dusk")
    gone = svc.journal.add("a lighthouse in a dream")
    assert {h.ref_id for h in svc.journal.search("lighthouse")} == {keep.id, gone.id}
    svc.journal.delete(str(gone.id)[:8])
    with pytest.raises(NotFoundError):
        svc.journal.get(gone.id)
    assert [h.ref_id for h in svc.journal.search("lighthouse")] == [keep.id]
    assert svc.journal.search("dream") == []
    with pytest.raises(NotFoundError):
        svc.journal.delete(gone.id)


def test_equally_good_hits_come_newest_first(svc: JournalService) -> None:
    """A repeated intention matches equally everywhere: the latest one leads, not 2017's."""
    written = [svc.journal.add("I am allowed to take up space.") for _ in range(3)]
    hits = svc.journal.search("allowed to take up space")
    assert [h.ref_id for h in hits] == [e.id for e in reversed(written)]


def test_edit_updates_search(svc: JournalService) -> None:
    entry = svc.journal.add("orchard")
    svc.journal.edit(entry.id, body="meadow")
    assert svc.journal.search("orchard") == []
    assert [h.ref_id for h in svc.journal.search("meadow")] == [entry.id]


# -- paging and filters -----------------------------------------------------------------


@pytest.fixture
def five(svc: JournalService, clock: FixedClock) -> list[m.JournalEntry]:
    """Five entries a day apart, oldest first, with tags and share levels."""
    now = clock.now()
    specs = [
        ("one", ["calm"], "private"),
        ("two", [], "coach"),
        ("three", ["calm", "work"], "clinician"),
        ("four", ["work"], "private"),
        ("five", ["#Calm"], "coach"),
    ]
    return [
        svc.journal.add(body, tags=tags, share_level=level, written_at=now - timedelta(days=5 - i))
        for i, (body, tags, level) in enumerate(specs)
    ]


def bodies(page: m.Page[m.JournalEntry]) -> list[str]:
    return [e.body for e in page.items]


def test_page_is_newest_first_with_has_more(svc: JournalService, five: list) -> None:
    first = svc.journal.page(limit=2)
    assert bodies(first) == ["five", "four"]
    assert (first.offset, first.has_more) == (0, True)
    second = svc.journal.page(limit=2, offset=2)
    assert bodies(second) == ["three", "two"]
    assert second.has_more is True
    last = svc.journal.page(limit=2, offset=4)
    assert bodies(last) == ["one"]
    assert last.has_more is False
    exact = svc.journal.page(limit=5)
    assert len(exact.items) == 5
    assert exact.has_more is False
    assert svc.journal.page(limit=2, offset=10).items == ()


def test_page_limit_must_be_sensible(svc: JournalService) -> None:
    with pytest.raises(ValidationError) as err:
        svc.journal.page(limit=0)
    assert err.value.field == "limit"


def test_page_filters_by_tag(svc: JournalService, five: list) -> None:
    assert bodies(svc.journal.page(tag="#Calm")) == ["five", "three", "one"]
    assert bodies(svc.journal.page(tag="work")) == ["four", "three"]
    assert bodies(svc.journal.page(tag="nothing")) == []


def test_page_filters_by_share_levels(svc: JournalService, five: list) -> None:
    assert bodies(svc.journal.page(share_levels=["coach", "clinician"])) == ["five", "three", "two"]
    assert bodies(svc.journal.page(share_levels=[m.ShareLevel.PRIVATE])) == ["four", "one"]
    with pytest.raises(ValidationError):
        svc.journal.page(share_levels=["public"])


def test_page_filters_by_date_range(svc: JournalService, clock: FixedClock, five: list) -> None:
    now = clock.now()
    ranged = svc.journal.page(since=now - timedelta(days=4), until=now - timedelta(days=1))
    assert bodies(ranged) == ["four", "three", "two"]  # until is exclusive
    assert bodies(svc.journal.page(since=now - timedelta(days=1))) == ["five"]
    combined = svc.journal.page(tag="calm", share_levels=["coach"], since=now - timedelta(days=2))
    assert bodies(combined) == ["five"]


# -- search -----------------------------------------------------------------------------


def test_search_finds_every_kind_of_text(planned: JournalService, clock: FixedClock) -> None:
    svc = planned
    session = svc.sessions.start(100, Preparation(intention="meet the lighthouse keeper"))
    clock.advance(timedelta(minutes=20))
    note = svc.sessions.note("a lighthouse beam, slow")
    svc.sessions.mark("nausea", text="lighthouse in a mark is not a note")
    clock.advance(timedelta(hours=2))
    svc.sessions.end(session.id)
    reflection = svc.reflections.of_kind(session.id, "immediate")
    svc.reflections.answer(reflection.id, ReflectionAnswers(fragments="the lighthouse again"))
    entry = svc.journal.add("I drew the lighthouse", title="Drawing")

    hits = {(h.kind, h.ref_id) for h in svc.journal.search("lighthouse")}
    assert hits == {
        ("intention", session.id),
        ("note", note.id),
        ("reflection", reflection.id),
        ("journal", entry.id),
    }
    [journal_hit] = svc.journal.search("drew")
    assert journal_hit.title == "Drawing"
    assert "\ue000drew\ue001" in journal_hit.snippet


def test_search_with_operators_and_punctuation_never_raises(svc: JournalService) -> None:
    entry = svc.journal.add("I don't know x and why; near or far, it was a-b testing")
    for raw in ('don\'t "x" AND (', "a-b", "NEAR(x", "x OR", "why;"):
        assert [h.ref_id for h in svc.journal.search(raw)] == [entry.id], raw
    with pytest.raises(ValidationError):
        svc.journal.search("((( ***")


def test_search_keeps_prefixes(svc: JournalService) -> None:
    calmer = svc.journal.add("a calmer morning")
    svc.journal.add("a stormy evening")
    assert [h.ref_id for h in svc.journal.search("calm*")] == [calmer.id]
    assert svc.journal.search("calm") == []
    assert [h.ref_id for h in svc.journal.search("CALMER morning")] == [calmer.id]


def test_search_needs_every_word(svc: JournalService) -> None:
    both = svc.journal.add("quiet lake")
    svc.journal.add("quiet room")
    assert [h.ref_id for h in svc.journal.search("lake quiet")] == [both.id]
    assert len(svc.journal.search("quiet")) == 2
    assert len(svc.journal.search("quiet", limit=1)) == 1
