"""Shared helpers for the privacy tests: a canary written through every kind of record,
and a byte search over files."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ketajournal.domain import models as m
from ketajournal.service import JournalService
from ketajournal.service.reflections import ReflectionAnswers
from ketajournal.service.sessions import Preparation

CANARY = "zebracanary"  # one word: the FTS5 index would hold it as a term too


def write_canary_everywhere(svc: JournalService, canary: str = CANARY) -> None:
    """The canary in every kind of record a person can type text into."""
    svc.plan.set(
        medication=f"ketamine {canary}", form="solution", prescriber=f"Dr {canary}",
        notes=f"plan notes {canary}",
    )  # fmt: skip
    svc.plan.add_dose_step(100, f"start {canary}")
    svc.plan.add_phase(m.Phase.INDUCTION, 7)
    contact = svc.contacts.add(f"Sam {canary}", "support", phone=f"555 {canary}",
                               note=f"note {canary}")  # fmt: skip
    session = svc.sessions.start(
        100,
        Preparation(
            intention=f"intention {canary}",
            support_contact_id=contact.id,
            support_name=f"Sam {canary}",
            medications_today=[f"pill {canary}"],
        ),
    )
    svc.sessions.note(f"session note {canary}")
    svc.sessions.mark("nausea", "mild", text=f"mark {canary}")
    svc.sessions.end()
    reflection = svc.reflections.for_session(session.id)[0]
    svc.reflections.answer(
        reflection.id,
        ReflectionAnswers(
            fragments=f"fragments {canary}", insights=f"insight {canary}",
            emotions=f"emotion {canary}", images_memories=f"image {canary}",
            what_was_hard=f"hard {canary}", integration_step=f"step {canary}",
        ),
    )  # fmt: skip
    svc.journal.add(f"journal body {canary}", title=f"title {canary}", tags=[canary])
    svc.checkins.mood(6, note=f"mood {canary}")
    svc.checkins.scale("phq9", [0] * 9, note=f"phq {canary}")
    svc.checkins.marker("openness", 3, note=f"marker {canary}")
    svc.questions.add(f"question {canary}")
    svc.settings.set("setting_checklist", f"lamp {canary}, blanket")


def files_containing(folder: Path, needle: str) -> list[Path]:
    """Every file under `folder` whose bytes hold the needle (UTF-8 or UTF-16)."""
    found = []
    patterns = (needle.encode(), needle.encode("utf-16-le"))
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            if any(p in data for p in patterns):
                found.append(path)
    return found


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
