"""Times sync of the 10-year demo journal between two journals, as whole processes.

Run with the interpreter of the environment ketajournal is installed in:

    .venv/bin/python benchmarks/sync_ten_years.py [--pairs 9] [--keep DIR]

It reuses `cli_vs_jrnl.py`'s set-up (the 10-year demo journal). The first sync: a copy of
the demo journal runs `sync init` (sending every record) and an empty journal runs
`sync join` (receiving them all). Then, pair by pair: `journal add` of one entry on the
first journal, its `sync` (sending that entry) and the second journal's `sync`
(receiving it), with the medians and the median of the ratios of each sync to the
`journal add` printed.

Target (issue 17): an incremental sync at most 2 times `journal add`.
"""

from __future__ import annotations

import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cli_vs_jrnl import run, workspace  # noqa: E402

RATIO = 2.0


def main() -> None:
    args, work, kj, db, env = workspace(__doc__.split("\n")[0])
    place = work / "sync"
    shutil.rmtree(place, ignore_errors=True)
    folder = place / "Sync"
    folder.mkdir(parents=True)
    laptop, desktop, key = place / "laptop" / "kj.db", place / "desktop" / "kj.db", place / "key"
    laptop.parent.mkdir(mode=0o700)
    shutil.copy2(db, laptop)
    send_all = run(
        [kj, "--db", str(laptop), "sync", "init", str(folder), "--key-out", str(key)], env
    )
    join = [kj, "--db", str(desktop), "sync", "join", str(folder), "--key-file", str(key)]
    receive_all = run(join, env)
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    size = sum(p.stat().st_size for p in files) / 1e6
    print(f"\nfirst sync of the 10-year demo ({len(files)} files, {size:.1f} MB in the folder)")
    print(f"  sync init (sends every record)       {send_all:7.2f} s")
    print(f"  sync join (an empty journal takes it) {receive_all:7.2f} s")

    add = [kj, "--db", str(laptop), "journal", "add"]
    send = [kj, "--db", str(laptop), "sync"]
    receive = [kj, "--db", str(desktop), "sync"]
    for _ in range(2):  # warm-up: file cache, .pyc
        run(add, env, b"Warm-up entry.")
        run(send, env)
        run(receive, env)
    t_add, t_send, t_receive = [], [], []
    for _ in range(args.pairs):
        t_add.append(run(add, env, b"A short line of text."))
        t_send.append(run(send, env))
        t_receive.append(run(receive, env))
    ms = statistics.median
    print(f"\nincremental: one new entry, medians of {args.pairs} rounds, whole processes")
    print(f"  journal add                    {ms(t_add) * 1000:7.0f} ms")
    worst = 0.0
    for label, times in (("sync (sends it)", t_send), ("sync (receives it)", t_receive)):
        ratios = [t / a for t, a in zip(times, t_add, strict=True)]
        worst = max(worst, ms(ratios))
        print(
            f"  {label:<30} {ms(times) * 1000:7.0f} ms   ratio to journal add "
            f"{ms(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f})"
        )
    verdict = "met" if worst <= RATIO else "MISSED"
    print(f"\nincremental sync / journal add: {worst:.2f} (target <= {RATIO:g}): {verdict}")
    print(f"work folder: {work}")


if __name__ == "__main__":
    main()
