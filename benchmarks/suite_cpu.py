"""Where the test suite's CPU goes: per test, its own process's CPU and that of the processes
it started and waited for (`resource.getrusage`), summed by file.

As a pytest plugin, in each worker (xdist included):

    KJ_CPU_LOG=/tmp/kj-cpu PYTHONPATH=benchmarks .venv/bin/python -m pytest -n auto -p suite_cpu

then the summary, largest first:

    .venv/bin/python benchmarks/suite_cpu.py /tmp/kj-cpu [--top 30]

Wall time per test is inflated by the other workers; CPU is what two cores have to share,
so it is the figure that says how short CI can get. (tmux servers are not counted: they are
not waited for.)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    folder = os.environ.get("KJ_CPU_LOG")
    if not folder:
        yield
        return
    own, children, wall = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN), time.time()
    yield
    row = {
        "id": item.nodeid,
        "self": _cpu(resource.RUSAGE_SELF) - own,
        "children": _cpu(resource.RUSAGE_CHILDREN) - children,
        "wall": time.time() - wall,
        "start": wall,
        "worker": os.environ.get("PYTEST_XDIST_WORKER", "main"),
    }
    Path(folder).mkdir(parents=True, exist_ok=True)
    with (Path(folder) / f"{os.getpid()}.jsonl").open("a") as log:
        log.write(json.dumps(row) + "\n")


def summary(folder: Path, top: int) -> str:
    rows: list[dict[str, Any]] = [
        json.loads(line) for path in folder.glob("*.jsonl") for line in path.open()
    ]
    by_file: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    for row in rows:
        total = by_file[row["id"].split("::")[0]]
        total[0] += row["self"]
        total[1] += row["children"]
        total[2] += row["wall"]
        total[3] += 1
    own = sum(r["self"] for r in rows)
    started = sum(r["children"] for r in rows)
    lines = [f"{len(rows)} tests: {own:.0f} CPU-s in the workers, {started:.0f} in processes"]
    lines.append(f"{'CPU-s':>7} {'own':>6} {'started':>7} {'wall':>6} {'tests':>5}  file")
    ranked = sorted(by_file.items(), key=lambda kv: -(kv[1][0] + kv[1][1]))
    for name, (mine, theirs, wall, count) in ranked[:top]:
        total = mine + theirs
        lines.append(f"{total:7.1f} {mine:6.1f} {theirs:7.1f} {wall:6.1f} {count:5.0f}  {name}")
    return "\n".join(lines + timeline(rows))


def timeline(rows: list[dict[str, Any]]) -> list[str]:
    """When each worker started its first test and finished its last, and its last tests:
    a worker that ends long before the other is time the suite's two cores were not shared."""
    timed = [r for r in rows if "start" in r]
    if not timed:
        return []
    origin = min(r["start"] for r in timed)
    workers: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in timed:
        workers[row["worker"]].append(row)
    lines = ["", "worker   first   last end  busy  (seconds from the first test)"]
    for name, own in sorted(workers.items()):
        own.sort(key=lambda r: r["start"])
        end = max(r["start"] + r["wall"] for r in own) - origin
        busy = sum(r["wall"] for r in own)
        lines.append(f"{name:8} {own[0]['start'] - origin:5.0f} {end:10.0f} {busy:5.0f}")
        for row in own[-3:]:
            lines.append(f"{'':8} {row['start'] - origin:5.0f} +{row['wall']:5.1f}  {row['id']}")
    return lines


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    print(summary(args.folder, args.top))
