"""Each summary holds exactly the text its reader may read, in Markdown, HTML and PDF.

A distinct canary goes into every text field of every record kind, at every share level,
and each reader's summary is read back in all three formats (the PDF's text extracted):
what the reader may read is there, and nothing else is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from itertools import product

import pytest

from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.export.html import render_html
from ketajournal.export.markdown import render_markdown
from ketajournal.export.pdf import render_pdf
from ketajournal.service import JournalService
from ketajournal.service.reflections import ReflectionAnswers
from ketajournal.service.sessions import Preparation
from ketajournal.service.summary import build_summary
from tests.export.reading import html_text, markdown_text, pdf_text, words

LEVELS = ("private", "coach", "clinician")
# Three sessions, so every kind of reflection meets every level once, each apart from the
# level of the session's next-day reflection (which the session's own text follows).
SESSIONS = (
    {"full": "private", "immediate": "coach", "week": "clinician"},
    {"full": "coach", "immediate": "clinician", "week": "private"},
    {"full": "clinician", "immediate": "private", "week": "coach"},
)
FULL_FIELDS = ("insights", "emotions", "images_memories", "what_was_hard", "integration_step")


def canary(*parts: str) -> str:
    return "cnry" + "".join(p.replace("_", "").replace("-", "") for p in parts)


@dataclass(frozen=True)
class Canary:
    word: str
    level: str | None  # the share level it carries; None: a clinical fact, not shared text
    clinical: bool = False  # shown where the summary is clinical (a fact of the plan or session)
    never: bool = False  # in no summary at all


def written(svc: JournalService, clock: FixedClock) -> list[Canary]:
    """The journal: every text field of every record kind, each with its own canary."""
    found: list[Canary] = []
    add = found.append
    svc.plan.set(
        medication=canary("plan", "medication"),
        form="solution",
        prescriber=canary("plan", "prescriber"),
        notes=canary("plan", "notes"),
    )
    add(Canary(canary("plan", "medication"), None, clinical=True))
    add(Canary(canary("plan", "prescriber"), None, clinical=True))
    add(Canary(canary("plan", "notes"), None, never=True))
    svc.plan.add_dose_step(100, canary("dose", "reason"), clock.now() - timedelta(days=1))
    add(Canary(canary("dose", "reason"), None, clinical=True))
    svc.plan.add_phase("induction", 7, clock.now() - timedelta(days=1))
    contact = svc.contacts.add(
        canary("contact", "name"), "clinician", phone="555 0100", note=canary("contact", "note")
    )
    add(Canary(canary("contact", "name"), None, never=True))
    add(Canary(canary("contact", "note"), None, never=True))
    assert contact
    svc.settings.set("setting_checklist", [canary("setting", "checklist")])
    add(Canary(canary("setting", "checklist"), None, never=True))

    for index, levels in enumerate(SESSIONS):
        tag = str(index)
        draft = svc.sessions.prepare()
        svc.sessions.update_draft(
            draft.id,
            Preparation(
                intention=canary("session", "intention", tag),
                medications_today=[canary("session", "medication", tag)],
                support_name=canary("session", "support", tag),
                timing_checks=[m.ChecklistItem(label=canary("session", "timing", tag))],
            ),
        )
        add(Canary(canary("session", "intention", tag), levels["full"]))
        add(Canary(canary("session", "medication", tag), None, clinical=True))
        add(Canary(canary("session", "support", tag), None, clinical=True))
        add(Canary(canary("session", "timing", tag), None, never=True))
        add(Canary(canary("setting", "checklist"), None, never=True))
        session = svc.sessions.begin(draft.id, 100)
        clock.advance(timedelta(minutes=20))
        svc.sessions.note(canary("session", "note", tag))
        svc.sessions.mark("other", "mild", text=canary("session", "mark", tag))
        add(Canary(canary("session", "note", tag), levels["full"]))
        add(Canary(canary("session", "mark", tag), levels["full"]))
        clock.advance(timedelta(hours=2))
        svc.sessions.end(session.id)
        immediate = svc.reflections.of_kind(session.id, "immediate")
        svc.reflections.answer(
            immediate.id,
            ReflectionAnswers(
                fragments=canary("immediate", "fragments", tag), share_level=levels["immediate"]
            ),
        )
        add(Canary(canary("immediate", "fragments", tag), levels["immediate"]))
        clock.advance(timedelta(days=1))
        full = svc.reflections.of_kind(session.id, "full")
        texts = {name: canary("full", name, tag) for name in FULL_FIELDS}
        svc.reflections.answer(
            full.id, ReflectionAnswers(share_level=levels["full"], intention_touched="yes", **texts)
        )
        found += [Canary(word, levels["full"]) for word in texts.values()]
        clock.advance(timedelta(days=6))
        week = svc.reflections.of_kind(session.id, "week")
        svc.reflections.answer(
            week.id,
            ReflectionAnswers(
                insight_in_life=canary("week", "insight", tag),
                integration_step_happened=True,
                share_level=levels["week"],
            ),
        )
        add(Canary(canary("week", "insight", tag), levels["week"]))
        now = clock.now()
        svc.store.insert(
            m.ProgressMarker(
                **svc.ctx.stamp(),
                at=now,
                marker=m.MarkerKind.OPENNESS,
                value=3,
                note=canary("marker", "note", tag),
                reflection_id=week.id,
            )
        )
        add(Canary(canary("marker", "note", tag), levels["week"]))
        clock.advance(timedelta(hours=1))

    svc.checkins.marker("hobbies", 2, note=canary("marker", "alone"))
    add(Canary(canary("marker", "alone"), "private"))
    for level in LEVELS:
        svc.journal.add(
            canary("journal", "body", level),
            title=canary("journal", "title", level),
            tags=[canary("journal", "tag", level)],
            share_level=level,
        )
        add(Canary(canary("journal", "body", level), level))
        add(Canary(canary("journal", "title", level), level))
        add(Canary(canary("journal", "tag", level), level))
        svc.questions.add(canary("question", level), share_level=level)
        add(Canary(canary("question", level), level))
    done = svc.questions.add(canary("question", "done"))
    svc.questions.done(done.id, answer=canary("question", "answer"))
    add(Canary(canary("question", "done"), "clinician", never=True))
    add(Canary(canary("question", "answer"), None, never=True))
    svc.checkins.mood(6, note=canary("mood", "note"))
    add(Canary(canary("mood", "note"), None, never=True))
    svc.checkins.clinician_score("madrs", 12, note=canary("scale", "note"))
    add(Canary(canary("scale", "note"), None, never=True))
    clock.advance(timedelta(hours=1))
    return found


def may_read(item: Canary, audience: str, private: bool, clinical: bool) -> bool:
    """The rule, restated here on purpose (not imported), so that the test can fail."""
    if item.never:
        return False
    if item.level is None:
        return item.clinical and (audience == "clinician" or clinical)
    return item.level == audience or (private and item.level == "private")


READERS = [("clinician", private, False) for private in (False, True)] + [
    ("coach", private, clinical) for private, clinical in product((False, True), repeat=2)
]


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory) -> tuple[JournalService, list[Canary]]:
    from ketajournal.factory import open_service
    from tests.conftest import START

    clock = FixedClock(START)
    svc = open_service(tmp_path_factory.mktemp("canary") / "kj.db", clock)
    return svc, written(svc, clock)


@pytest.mark.parametrize(("audience", "private", "clinical"), READERS)
def test_each_summary_holds_exactly_the_texts_its_reader_may_read(
    journal: tuple[JournalService, list[Canary]], audience: str, private: bool, clinical: bool
) -> None:
    svc, canaries = journal
    doc = build_summary(
        svc,
        audience=audience,
        since="all",
        include_private=private,
        include_clinical=clinical,
        all_text=True,
    )
    formats = {
        "md": words(markdown_text(render_markdown(doc))),
        "html": words(html_text(render_html(doc))),
        "pdf": words(pdf_text(render_pdf(doc))),
    }
    assert len({c.word for c in canaries}) >= 60  # every kind, every field, every level
    for name, seen in formats.items():
        present = {c.word for c in canaries if c.word in seen}
        expected = {c.word for c in canaries if may_read(c, audience, private, clinical)}
        assert present == expected, (name, sorted(present ^ expected))


@pytest.mark.parametrize(("audience", "clinical"), [("clinician", False), ("coach", True)])
def test_private_text_shown_at_the_persons_request_says_so_wherever_it_stands(
    journal: tuple[JournalService, list[Canary]], audience: str, clinical: bool
) -> None:
    """Above the "Written for" section too: a private question, integration step, intention
    or insight is marked private on its own line, and themes say private tags are counted."""
    svc, canaries = journal
    doc = build_summary(
        svc,
        audience=audience,
        since="all",
        include_private=True,
        include_clinical=clinical,
        all_text=True,
    )
    before_texts = render_markdown(doc).split("\n## Written for", 1)[0]
    private = [c.word for c in canaries if c.level == "private" and not c.never]
    lines = [line for line in before_texts.splitlines() if any(w in line for w in private)]
    assert lines, "no private text above the written texts: the test would prove nothing"
    for line in lines:
        label = line
        for word in (c.word for c in canaries):  # a canary's own name may hold "private"
            label = label.replace(word, "")
        assert "private" in label.lower(), line
    if audience == "coach":
        assert "shared with the coach and of private ones" in before_texts
