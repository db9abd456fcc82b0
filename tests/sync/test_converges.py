"""Three journals on one machine, written, edited, deleted and synced in random orders, with
their folders copied between them by a careless sync tool (files arrive late, out of order,
half-copied and completed later): every journal ends with the same records, no text that
was written and not replaced is lost, and concurrent edits are kept as conflict copies."""

from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule

from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.factory import open_service
from tests.sync.support import START, bodies, records

DEVICES = 3
dev = st.integers(0, DEVICES - 1)


class ThreeJournals(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="kj-sync-"))
        self.clock = FixedClock(START)
        self.folders = [self.root / f"folder{i}" for i in range(DEVICES)]
        for folder in self.folders:
            folder.mkdir()
        self.svcs = [
            open_service(self.root / f"j{i}" / "kj.db", self.clock) for i in range(DEVICES)
        ]
        key = self.root / "sync.key"
        self.svcs[0].sync.init(self.folders[0], key, name="d0")
        for i in range(1, DEVICES):
            shutil.copytree(self.folders[0], self.folders[i], dirs_exist_ok=True)
            self.svcs[i].sync.join(self.folders[i], key.read_text(), name=f"d{i}")
        self.owner = {svc.sync.state()["device"]: i for i, svc in enumerate(self.svcs)}
        self.written: set[str] = set()
        self.replaced: set[str] = set()
        self.counter = 0

    def _text(self) -> str:
        self.counter += 1
        self.clock.advance(timedelta(seconds=1))
        return f"text {self.counter}"

    def _pick(self, i: int, n: int) -> m.JournalEntry | None:
        entries = sorted(self.svcs[i].store.find(m.JournalEntry), key=lambda e: str(e.id))
        return entries[n % len(entries)] if entries else None

    @rule(i=dev)
    def add(self, i: int) -> None:
        text = self._text()
        self.svcs[i].journal.add(text)
        self.written.add(text)

    @rule(i=dev, n=st.integers(0, 20))
    def edit(self, i: int, n: int) -> None:
        entry = self._pick(i, n)
        if entry is not None:
            text = self._text()
            self.svcs[i].journal.edit(entry.id, body=text)
            self.replaced.add(entry.body)
            self.written.add(text)

    @rule(i=dev, n=st.integers(0, 20))
    def delete(self, i: int, n: int) -> None:
        entry = self._pick(i, n)
        if entry is not None:
            self.clock.advance(timedelta(seconds=1))
            self.svcs[i].journal.delete(entry.id)
            self.replaced.add(entry.body)

    @rule(i=dev, minutes=st.integers(5, 20))
    def setting(self, i: int, minutes: int) -> None:
        self.clock.advance(timedelta(seconds=1))
        self.svcs[i].settings.set("sip_minutes", minutes)

    @rule(i=dev)
    def plan(self, i: int) -> None:
        self.svcs[i].plan.set(form="solution", notes=self._text())

    @rule(i=dev)
    def add_contact(self, i: int) -> None:
        self.svcs[i].contacts.add(self._text(), "support")

    @rule(i=dev, n=st.integers(0, 20), remove=st.booleans())
    def change_contact(self, i: int, n: int, remove: bool) -> None:
        """Contacts: a delete and an edit made apart keep the edit (no conflict copy)."""
        contacts = sorted(self.svcs[i].contacts.list(), key=lambda c: str(c.id))
        if contacts:
            contact = contacts[n % len(contacts)]
            if remove:
                self.clock.advance(timedelta(seconds=1))
                self.svcs[i].contacts.remove(contact.id)
            else:
                self.svcs[i].contacts.edit(contact.id, name=self._text())

    @rule(i=dev)
    def sync(self, i: int) -> None:
        self.svcs[i].sync.run()

    @rule(src=dev, dst=dev, n=st.integers(0, 50), part=st.sampled_from([None, 0.0, 0.3, 0.9]))
    def carry(self, src: int, dst: int, n: int, part: float | None) -> None:
        """The sync tool copies one file, maybe only part of it (completed by a later copy)."""
        files = self._carried(src, dst)
        if files:
            source, target = files[n % len(files)]
            data = source.read_bytes()
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data if part is None else data[: int(len(data) * part)])

    def _carried(self, src: int, dst: int) -> list[tuple[Path, Path]]:
        """Files of `src`'s folder that `dst`'s lacks or holds otherwise; never a device's
        own files in its own folder (only it writes those)."""
        found = []
        for source in sorted(self.folders[src].rglob("*.age")):
            relative = source.relative_to(self.folders[src])
            if self.owner.get(relative.parts[2]) == dst:
                continue
            target = self.folders[dst] / relative
            if not target.exists() or target.read_bytes() != source.read_bytes():
                found.append((source, target))
        return found

    def teardown(self) -> None:
        try:
            self._settle_and_check()
        finally:
            for svc in self.svcs:
                svc.close()
            shutil.rmtree(self.root, ignore_errors=True)

    def _settle_and_check(self) -> None:
        for _ in range(DEVICES + 1):  # the tool finishes every copy; everyone syncs
            for i in range(DEVICES):
                for device, owner in self.owner.items():
                    own = self.folders[owner] / "ketajournal-sync" / "devices" / device
                    for j in range(DEVICES):
                        if j != owner:
                            target = self.folders[j] / "ketajournal-sync" / "devices" / device
                            shutil.copytree(own, target, dirs_exist_ok=True)
                self.svcs[i].sync.run()
        first = records(self.svcs[0])
        for svc in self.svcs[1:]:
            assert records(svc) == first
        for svc in self.svcs:
            assert svc.sync.status().refused == ()
        kept = set(bodies(self.svcs[0]).values())
        lost = self.written - self.replaced - kept
        assert not lost, f"texts lost: {sorted(lost)}"
        assert len(self.svcs[0].store.find(m.Plan)) <= 1


@pytest.mark.slow
def test_three_journals_converge() -> None:
    run = ThreeJournals.TestCase
    run.settings = settings(
        max_examples=25,
        stateful_step_count=30,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    run().runTest()
