"""Sync through a folder: records, edits and deletes travel; concurrent edits keep both
texts; the plan stays one; bad, cut or foreign files are skipped with one line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.domain.sync import CONFLICT_TAG
from ketajournal.errors import ValidationError
from ketajournal.service import JournalService
from ketajournal.service.sync import SyncError
from ketajournal.service.sync_folder import new_identity
from tests.sync.support import START, bodies, files_in, journal, records, tick


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "Sync"
    path.mkdir()
    return path


@pytest.fixture
def pair(tmp_path: Path, folder: Path) -> tuple[JournalService, JournalService, FixedClock]:
    clock = FixedClock(START)
    a, b = journal(tmp_path, "laptop", clock), journal(tmp_path, "desktop", clock)
    a.sync.init(folder, tmp_path / "sync.key", name="laptop")
    b.sync.join(folder, (tmp_path / "sync.key").read_text(), name="desktop")
    yield a, b, clock
    a.close()
    b.close()


def both(a: JournalService, b: JournalService) -> None:
    a.sync.run()
    b.sync.run()
    a.sync.run()


def test_writes_edits_and_deletes_reach_the_other_computer(pair) -> None:
    a, b, clock = pair
    entry = a.journal.add("a walk by the river", title="Tuesday", tags=["walk"])
    both(a, b)
    assert bodies(b) == {str(entry.id): "a walk by the river"}
    tick(clock)
    b.journal.edit(entry.id, body="a long walk by the river")
    both(a, b)
    assert bodies(a) == {str(entry.id): "a long walk by the river"}
    assert records(a) == records(b)


def test_a_delete_removes_the_record_and_its_search_text_on_the_other(pair) -> None:
    a, b, clock = pair
    entry = a.journal.add("the word pelican only here")
    both(a, b)
    assert [h.ref_id for h in b.journal.search("pelican")] == [entry.id]
    tick(clock)
    a.journal.delete(entry.id)
    both(a, b)
    assert bodies(b) == {}
    assert b.journal.search("pelican") == []
    assert records(a) == records(b)
    # the delete travels as a tombstone: an older copy of the entry never brings it back
    a.sync.run()
    assert bodies(b) == {}


def test_concurrent_edits_keep_the_losing_text_as_a_conflict_copy(pair) -> None:
    a, b, clock = pair
    entry = a.journal.add("first words", title="Morning")
    both(a, b)
    tick(clock)
    a.journal.edit(entry.id, body="laptop words")
    tick(clock)
    b.journal.edit(entry.id, body="desktop words")  # newer: wins
    both(a, b)
    assert records(a) == records(b)
    found = {e.body: e for e in a.store.find(m.JournalEntry)}
    assert set(found) == {"laptop words", "desktop words"}
    assert found["desktop words"].id == entry.id
    copy = found["laptop words"]
    assert copy.title == "Conflict copy: Morning" and CONFLICT_TAG in copy.tags


def test_an_edit_concurrent_with_a_delete_is_kept(pair) -> None:
    a, b, clock = pair
    entry = a.journal.add("keep me")
    both(a, b)
    tick(clock)
    b.journal.edit(entry.id, body="kept words")
    tick(clock)
    a.journal.delete(entry.id)  # newer: wins, but the edit's text stays
    both(a, b)
    assert records(a) == records(b)
    assert list(bodies(a).values()) == ["kept words"]
    assert entry.id not in {e.id for e in a.store.find(m.JournalEntry)}


def test_the_plan_stays_one_plan_and_settings_one_per_key(pair) -> None:
    a, b, clock = pair
    a.plan.set(form="solution", notes="laptop plan")
    a.plan.add_dose_step(100, "start")
    tick(clock)
    b.plan.set(form="troche", notes="desktop plan")
    b.plan.add_dose_step(150, "raised")
    a.settings.set("sip_minutes", 12)
    tick(clock)
    b.settings.set("sip_minutes", 14)
    both(a, b)
    for svc in (a, b):
        plans = svc.store.find(m.Plan)
        assert len(plans) == 1 and plans[0].notes == "desktop plan"
        steps = svc.plan.dose_steps()
        assert sorted(s.dose_mg for s in steps) == [100, 150]
        assert {s.plan_id for s in steps} == {plans[0].id}
        assert svc.settings.get().sip_minutes == 14
        assert len(svc.store.find(m.Setting, where={"key": "sip_minutes"})) == 1
    assert records(a) == records(b)


def test_import_keeps_one_plan(tmp_path: Path) -> None:
    from ketajournal.service.importing import import_json
    from ketajournal.service.transfer import export_json

    clock = FixedClock(START)
    a, b = journal(tmp_path, "a", clock), journal(tmp_path, "b", clock)
    a.plan.set(form="solution", notes="from a")
    a.plan.add_dose_step(100, "start")
    tick(clock)
    b.plan.set(form="troche", notes="from b")
    kept = b.plan.get()
    import_json(b.store, export_json(a.store, START), "a.json")
    plans = b.store.find(m.Plan)
    assert [p.id for p in plans] == [kept.id]
    assert plans[0].notes == "from b"  # the journal's plan is newer
    assert [s.plan_id for s in b.plan.dose_steps()] == [kept.id]


def _bundle(folder: Path, svc: JournalService) -> Path:
    device = svc.sync.state()["device"]
    return sorted((folder / "ketajournal-sync" / "devices" / device).glob("0*.age"))[-1]


@pytest.mark.parametrize("damage", ["truncated", "tampered"])
def test_a_cut_or_changed_bundle_is_skipped_with_one_line_and_retried(pair, folder, damage) -> None:
    a, b, _ = pair
    a.journal.add("arrives whole or not at all")
    a.journal.add("second")
    a.sync.run()
    path = _bundle(folder, a)
    whole = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(whole[: len(whole) // 2])
    else:
        path.write_bytes(whole[:-40] + bytes([whole[-40] ^ 1]) + whole[-39:])
    report = b.sync.run()
    assert bodies(b) == {}
    assert len(report.refused) == 1
    assert "does not open with this journal's sync key" in report.refused[0]
    assert "\n" not in report.refused[0]
    assert b.sync.status().refused == tuple(report.refused)
    path.write_bytes(whole)  # the sync tool finishes the copy
    assert b.sync.run().refused == []
    assert sorted(bodies(b).values()) == ["arrives whole or not at all", "second"]


def test_a_bundle_sealed_with_another_key_is_skipped(pair, tmp_path, folder) -> None:
    a, b, _ = pair
    other = journal(tmp_path, "stranger")
    elsewhere = tmp_path / "Elsewhere"
    elsewhere.mkdir()
    other.journal.add("not yours")
    other.sync.init(elsewhere, tmp_path / "other.key")
    device = other.sync.state()["device"]
    source = elsewhere / "ketajournal-sync" / "devices" / device
    target = folder / "ketajournal-sync" / "devices" / device
    target.mkdir()
    (target / "00000001.age").write_bytes((source / "00000001.age").read_bytes())
    report = b.sync.run()
    assert bodies(b) == {}
    assert len(report.refused) == 1 and device[:8] in report.refused[0]
    # and the key of another journal cannot join this one
    shutil.rmtree(target)
    third = journal(tmp_path, "third")
    with pytest.raises(ValidationError, match="sync key: must be the key"):
        third.sync.join(folder, (tmp_path / "other.key").read_text())
    assert not third.sync.configured()
    other.close()
    third.close()


def test_a_bundle_from_a_newer_schema_is_refused_and_stops_that_device(pair, folder) -> None:
    from ketajournal.domain.sync import FORMAT
    from ketajournal.service.sync_folder import SyncFolder

    a, b, _ = pair
    a.journal.add("from this version")
    a.sync.run()
    state = a.sync.state()
    sealed = SyncFolder(folder, state["key"], state["device"])
    future = {
        "format": FORMAT,
        "schema": "0099_future",
        "device": state["device"],
        "seq": 2,
        "deps": {},
        "changes": [{"kind": "hologram", "ident": "x"}],
    }
    sealed.write(sealed.bundle(state["device"], 2), future)
    sealed.write(sealed.bundle(state["device"], 3), {**future, "schema": state_head(a), "seq": 3,
                                                     "changes": []})  # fmt: skip
    report = b.sync.run()
    assert list(bodies(b).values()) == ["from this version"]  # bundle 1 applied
    assert len(report.refused) == 1
    assert "is from a newer ketajournal (schema 0099_future" in report.refused[0]
    assert b.sync.status().devices  # the device is still listed
    assert json_positions(b)[state["device"]] == 1  # stopped before 2, so 3 waits too


def state_head(svc: JournalService) -> str:
    return svc.store.head_revision


def json_positions(svc: JournalService) -> dict[str, int]:
    import json

    return json.loads(svc.sync.state()["positions"])


def test_a_snapshot_lets_a_new_computer_skip_the_history_and_bundles_are_pruned(
    pair, tmp_path, folder
) -> None:
    a, b, clock = pair
    for n in range(5):
        a.journal.add(f"entry {n}")
        a.sync.run()
        tick(clock)
    doomed = a.journal.add("deleted before the snapshot")
    a.journal.delete(doomed.id)
    a.sync.run()
    b.sync.run()  # b has applied everything a wrote
    device = a.sync.state()["device"]
    own = folder / "ketajournal-sync" / "devices" / device
    before = sorted(p.name for p in own.glob("0*.age"))
    assert len(before) == 6
    report = a.sync.run(snapshot=True)
    assert report.snapshot and report.pruned == 6
    assert sorted(p.name for p in own.glob("*.age")) == ["snapshot-00000006.age", "status.age"]
    c = journal(tmp_path, "new laptop", clock)
    c.sync.join(folder, (tmp_path / "sync.key").read_text(), name="new")
    assert records(c) == records(a) == records(b)
    # a device whose progress is unknown keeps every bundle
    a.journal.add("after the snapshot")
    (folder / "ketajournal-sync" / "devices" / c.sync.state()["device"] / "status.age").unlink()
    assert a.sync.run(snapshot=True).pruned == 0
    c.close()


def test_no_journal_text_title_tag_or_name_is_readable_in_the_folder(pair, folder) -> None:
    a, b, _ = pair
    canary = "zqxcanary"
    a.journal.add(f"{canary} body", title=f"{canary} title", tags=[f"{canary}tag"])
    a.contacts.add(f"{canary} Name", "support", note=f"{canary} note")
    a.plan.set(form="solution", notes=f"{canary} notes")
    a.questions.add(f"{canary} question")
    both(a, b)
    assert canary in str(records(b))  # it did travel
    found = files_in(folder)
    a.sync.run(snapshot=True)
    found += files_in(folder)
    assert {p.name for p in found} >= {"00000001.age", "status.age", "snapshot-00000001.age"}
    for path in found:
        if path.exists():
            data = path.read_bytes()
            assert canary.encode() not in data and canary.encode("utf-16-le") not in data, path


def test_sync_works_on_an_encrypted_journal(tmp_path: Path, folder: Path) -> None:
    from ketajournal.factory import change_encryption

    clock = FixedClock(START)
    a = journal(tmp_path, "plain", clock)
    a.journal.add("from the plain journal")
    a.sync.init(folder, tmp_path / "sync.key")
    path = tmp_path / "secret" / "kj.db"
    journal(tmp_path, "secret", clock).close()
    change_encryption(path, None, "correct horse battery")
    b = journal(tmp_path, "secret", clock, key="correct horse battery")
    b.sync.join(folder, (tmp_path / "sync.key").read_text())
    b.journal.add("from the encrypted journal")
    b.sync.run()
    a.sync.run()
    assert records(a) == records(b)
    assert b"AGE-SECRET-KEY" not in path.read_bytes()  # the key is inside, encrypted
    a.close()
    b.close()


def test_set_up_mistakes_are_one_line_and_change_nothing(tmp_path: Path, folder: Path) -> None:
    a = journal(tmp_path, "a")
    with pytest.raises(SyncError, match="not set up"):
        a.sync.run()
    with pytest.raises(ValidationError, match="FOLDER: must be a folder your sync tool carries"):
        a.sync.init(tmp_path / "missing" / "deeper", tmp_path / "k")
    assert not (tmp_path / "k").exists()
    (tmp_path / "k").write_text("x")
    with pytest.raises(ValidationError, match="--key-out: must be a new file"):
        a.sync.init(folder, tmp_path / "k")  # never over an existing file
    assert not a.sync.configured() and list(folder.iterdir()) == []
    with pytest.raises(SyncError, match="holds no synced journal"):
        a.sync.join(folder, new_identity())
    with pytest.raises(ValidationError, match="sync key: must be an age secret key"):
        a.sync.join(folder, "hunter2")
    assert not a.sync.configured()
    a.close()


def test_a_journal_restored_from_a_backup_syncs_on_as_a_new_computer(pair, tmp_path) -> None:
    from ketajournal.service.backups import restore

    a, b, clock = pair
    backup = tmp_path / "before.db"
    a.store.backup_to(backup)
    old_device = a.sync.state()["device"]
    tick(clock)
    a.journal.add("sent after the backup")
    both(a, b)
    restore(a.store, backup, clock.now())
    assert bodies(a) == {} and a.sync.state()["device"] != old_device
    report = a.sync.run()
    assert report.refused == []
    # its own change sent since the backup comes back from the folder; nothing is reused
    assert list(bodies(a).values()) == ["sent after the backup"]
    a.journal.add("after the restore")
    a.sync.run()
    b.sync.run()
    assert records(a) == records(b)


def test_drafts_stay_on_the_computer_they_were_typed_on(pair) -> None:
    from ketajournal.domain.drafts import JournalDraft

    a, b, _ = pair
    a.drafts.keep_journal(None, JournalDraft(body="half a thought on the laptop"))
    b.drafts.keep_journal(None, JournalDraft(body="the desktop's own draft"))
    a.journal.add("a saved entry")
    both(a, b)
    assert [k.draft.body for k in b.drafts.journal_drafts()] == ["the desktop's own draft"]
    assert [k.draft.body for k in a.drafts.journal_drafts()] == ["half a thought on the laptop"]
    a.drafts.drop_journal(None)
    both(a, b)
    assert [k.draft.body for k in b.drafts.journal_drafts()] == ["the desktop's own draft"]
    changes, _ = a.store.sync_changes(None)
    assert len(changes) == 1 and all(not c["ident"].startswith("draft:") for c in changes)


def test_a_reflection_edited_on_both_keeps_the_losing_text_as_an_entry(pair) -> None:
    from ketajournal.service.reflections import ReflectionAnswers

    a, b, clock = pair
    a.plan.set(form="solution")
    a.plan.add_dose_step(100, "start")
    session = a.sessions.start(100)
    tick(clock)
    a.sessions.end(session.id)
    full = a.reflections.of_kind(session.id, "full")
    both(a, b)
    tick(clock)
    a.reflections.answer(full.id, ReflectionAnswers(insights="the laptop's insight"))
    tick(clock)
    b.reflections.answer(full.id, ReflectionAnswers(insights="the desktop's insight"))
    both(a, b)
    assert records(a) == records(b)
    assert a.reflections.get(full.id).insights == "the desktop's insight"
    copies = [e for e in a.store.find(m.JournalEntry) if CONFLICT_TAG in e.tags]
    assert [c.body for c in copies] == ["Insights: the laptop's insight"]
    assert copies[0].session_id == session.id


@pytest.mark.parametrize("newer", ["delete", "edit"])
def test_a_record_edited_on_one_and_deleted_on_the_other_keeps_the_edit(pair, newer) -> None:
    a, b, clock = pair
    contact = a.contacts.add("Sam", "support", phone="555-0100")
    both(a, b)
    first, second = (b, a) if newer == "delete" else (a, b)
    tick(clock)
    if first is b:
        b.contacts.edit(contact.id, phone="555-0199")
        tick(clock)
        a.contacts.remove(contact.id)
    else:
        a.contacts.remove(contact.id)
        tick(clock)
        b.contacts.edit(contact.id, phone="555-0199")
    both(a, b)
    assert records(a) == records(b)
    assert [c.phone for c in a.contacts.list()] == ["555-0199"]


def test_whether_sync_is_set_up_is_read_without_the_sync_service(
    tmp_path: Path, folder: Path
) -> None:
    """The app asks on every start and quit; most journals never sync, so the answer comes
    from the stored state without loading the sync modules."""
    svc = journal(tmp_path, "laptop")
    try:
        assert not svc.sync_configured() and not svc.sync.configured()
        svc.sync.init(folder, tmp_path / "sync.key", name="laptop")
        assert svc.sync_configured() and svc.sync.configured()
    finally:
        svc.close()
    code = (
        "import sys; from pathlib import Path; from ketajournal.factory import open_service\n"
        f"svc = open_service(Path({str(tmp_path / 'fresh' / 'kj.db')!r}))\n"
        "print(svc.sync_configured(), 'ketajournal.service.sync' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]
