"""The steps of one sync run: receive other devices' bundles (a snapshot first when this
journal lacks the history), send this device's changes, write a snapshot, prune.

Receiving applies each device's bundles in order from where this journal stopped, each in
one transaction with the new position, and only once the bundles it was written after
(its `deps`) are applied here, so a record always arrives after the one it refers to. A
bundle that does not open stops that device for this run (one line; retried next time);
the other devices go on.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ketajournal.domain.sync import FORMAT
from ketajournal.errors import SyncDataError
from ketajournal.service.sync_folder import SNAPSHOT, STATUS, BundleError, SyncFolder

if TYPE_CHECKING:
    from ketajournal.service.sync import SyncReport

BUNDLE_CHANGES = 2000  # changes per bundle: a first sync of years is several files


def _document(folder: SyncFolder, seq: int, head: str, positions: dict[str, int]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "schema": head,
        "device": folder.device,
        "seq": seq,
        "deps": dict(positions),
    }


def _checked(doc: dict[str, Any], seq: int, shown: str) -> tuple[dict[str, int], list[Any]]:
    deps, changes = doc.get("deps"), doc.get("changes")
    if doc.get("seq") != seq or not isinstance(changes, list) or not isinstance(deps, dict):
        raise BundleError(f"{shown}: is not a complete bundle; skipped")
    if not all(isinstance(k, str) and isinstance(v, int) for k, v in deps.items()):
        raise BundleError(f"{shown}: is not a complete bundle; skipped")
    return deps, changes


def receive(
    store: Any, folder: SyncFolder, head: str, report: SyncReport, names: dict[str, str]
) -> None:
    state = store.sync_state()
    me = folder.device
    positions: dict[str, int] = json.loads(state.get("positions", "{}"))
    others = [d for d in folder.devices() if d != me]
    stopped: set[str] = set()
    applied_from: set[str] = set()

    def apply(changes: list[Any], new_positions: dict[str, int], shown: str, device: str) -> bool:
        try:
            applied = store.apply_sync(changes, {"positions": json.dumps(new_positions)})
        except SyncDataError as exc:
            report.refused.append(f"{shown}: {exc}; skipped, will retry")
            stopped.add(device)
            return False
        positions.clear()
        positions.update(new_positions)
        report.received += applied.written + applied.deleted
        report.copies += len(applied.copies)
        applied_from.add(device)
        return True

    while _snapshot_step(folder, head, positions, others, stopped, report, apply):
        pass
    progress = True
    while progress:
        progress = False
        for device in others:
            if device in stopped:
                continue
            seq = positions.get(device, 0) + 1
            path = folder.bundle(device, seq)
            if not path.exists():
                continue
            shown = f"{device[:8]}/{path.name}"
            try:
                deps, changes = _checked(folder.read(path, head), seq, shown)
            except BundleError as exc:
                report.refused.append(str(exc))
                stopped.add(device)
                continue
            if any(positions.get(d, 0) < n for d, n in deps.items() if d not in (me, device)):
                continue  # written after bundles of another device not applied here yet
            progress |= apply(changes, {**positions, device: seq}, shown, device)
        if not progress:
            progress = _snapshot_step(folder, head, positions, others, stopped, report, apply)
    for device in others:
        seq = positions.get(device, 0) + 1
        if device not in stopped and folder.bundle(device, seq).exists():
            report.refused.append(
                f"{device[:8]}/{seq:08d}.age: waits for another device's bundles, not here "
                "yet; will retry"
            )
    report.devices = sorted(names.get(d, d[:8]) for d in applied_from)


def _snapshot_step(
    folder: SyncFolder,
    head: str,
    positions: dict[str, int],
    others: list[str],
    stopped: set[str],
    report: SyncReport,
    apply: Any,
) -> bool:
    """Applies another device's newest snapshot when this journal has applied nothing yet
    (rather than replaying years of bundles), or when bundles it needs were pruned."""
    gaps = [
        d for d in others if (found := folder.numbered(d)) and found[0] > positions.get(d, 0) + 1
    ]
    if positions and not gaps:
        return False
    best: tuple[int, str, dict[str, int], list[Any]] | None = None
    for device in others:
        numbers = folder.numbered(device, SNAPSHOT)
        if device in stopped or not numbers:
            continue
        path = folder.snapshot(device, numbers[-1])
        shown = f"{device[:8]}/{path.name}"
        try:
            deps, changes = _checked(folder.read(path, head), numbers[-1], shown)
        except BundleError as exc:
            report.refused.append(str(exc))
            continue
        deps = {d: n for d, n in deps.items() if d != folder.device}
        if not any(n > positions.get(d, 0) for d, n in deps.items()):
            continue  # nothing this journal lacks
        if best is None or sum(deps.values()) > best[0]:
            best = (sum(deps.values()), device, deps, changes)
    if best is None:
        return False
    _, device, deps, changes = best
    new_positions = {d: max(positions.get(d, 0), deps.get(d, 0)) for d in positions.keys() | deps}
    return bool(apply(changes, new_positions, f"{device[:8]}/snapshot", device))


def send(store: Any, folder: SyncFolder, head: str, report: SyncReport) -> None:
    state = store.sync_state()
    exported = int(state.get("exported", "0"))
    changes, upto = store.sync_changes(exported)
    positions = json.loads(state.get("positions", "{}"))
    # Past every bundle of this device already there (a journal restored from a backup
    # must never reuse a number other devices have applied).
    seq = max([int(state.get("bundle", "0")), *folder.numbered(folder.device)])
    for start in range(0, len(changes), BUNDLE_CHANGES):
        seq += 1
        chunk = changes[start : start + BUNDLE_CHANGES]
        folder.write(folder.bundle(folder.device, seq), {
            **_document(folder, seq, head, positions), "changes": chunk,
        })  # fmt: skip
        store.set_sync_state({"bundle": str(seq)})
        report.sent += len(chunk)
        report.bundles += 1
    if upto != exported:
        store.set_sync_state({"exported": str(upto)})


def write_snapshot(store: Any, folder: SyncFolder, head: str) -> None:
    """Every record and tombstone as of this device's last bundle, in one file."""
    state = store.sync_state()
    seq = int(state.get("bundle", "0"))
    changes, _ = store.sync_changes(None)
    positions = json.loads(state.get("positions", "{}"))
    deps = {**positions, folder.device: seq}
    folder.write(
        folder.snapshot(folder.device, seq),
        {**_document(folder, seq, head, deps), "snapshot": True, "changes": changes},
        replace=True,
    )


def prune_own(folder: SyncFolder, head: str) -> int:
    """Removes this device's bundles that every other device has applied and its newest
    snapshot covers (so a new computer still has all it needs), and older snapshots."""
    me = folder.device
    snapshots = folder.numbered(me, SNAPSHOT)
    if not snapshots:
        return 0
    covered = snapshots[-1]
    for device in folder.devices():
        if device == me:
            continue
        try:
            status = folder.read(folder.devices_dir / device / STATUS, head)
            applied = int(status.get("positions", {}).get(me, 0))
        except (BundleError, AttributeError, TypeError, ValueError):
            return 0  # a device whose progress is unknown may still need every bundle
        covered = min(covered, applied)
    pruned = 0
    for seq in folder.numbered(me):
        if seq <= covered:
            folder.bundle(me, seq).unlink(missing_ok=True)
            pruned += 1
    for seq in snapshots[:-1]:
        folder.snapshot(me, seq).unlink(missing_ok=True)
    return pruned
