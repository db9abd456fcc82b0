"""Times the TUI from process start to the home screen painted with the 10-year demo.

Run with the interpreter of the environment ketajournal is installed in:

    .venv/bin/python benchmarks/tui_startup.py [--pairs 15] [--keep DIR]

Side by side in one run (A B A B ...), each in a fresh process, headless:
  A: ketajournal opening the 10-year demo journal (about 10,000 entries), until the home
     screen shows the next session due (its data is loaded in a worker);
  B: a minimal Textual app with one Static, until its first screen is up.
Target (issue 4): A at most 2 x B, as the median of the pair-by-pair ratios.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD_KETAJOURNAL = """
import sys
from pathlib import Path
from ketajournal.app import KetaJournalApp
from ketajournal.screens.home import HomeScreen

async def ready(pilot):
    app = pilot.app
    while True:
        screen = app.screen
        cards = screen.query("#next-card") if isinstance(screen, HomeScreen) else []
        if cards and "Next session" in str(cards.first().render()):
            break
        await pilot.pause(0.005)
    print("READY", flush=True)
    app.exit()

KetaJournalApp(Path(sys.argv[1])).run(headless=True, size=(80, 24), auto_pilot=ready)
"""

CHILD_MINIMAL = """
from textual.app import App
from textual.widgets import Static

class Hello(App):
    def compose(self):
        yield Static("hello")

async def ready(pilot):
    await pilot.pause()
    print("READY", flush=True)
    pilot.app.exit()

Hello().run(headless=True, size=(80, 24), auto_pilot=ready)
"""


def clean_env() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE", "KETAJOURNAL_DB"):
        env.pop(name, None)
    return env


def time_until_ready(args: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=clean_env(),
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "READY":
            elapsed = time.perf_counter() - start
            break
    else:
        raise SystemExit(
            f"never ready: {' '.join(args)}\n{proc.stderr.read() if proc.stderr else ''}"
        )
    proc.wait(timeout=30)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=15)
    parser.add_argument("--keep", type=Path, help="work folder to reuse (demo journal)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="kj-bench-"))
    db = work / "kj" / "demo10.db"
    if not db.exists():
        print("writing the 10-year demo journal ...", file=sys.stderr)
        kj = str(Path(sys.executable).parent / "ketajournal")
        subprocess.run([kj, "demo", "--db", str(db), "--years", "10"], check=True, env=clean_env())
    a_args = ["-c", CHILD_KETAJOURNAL, str(db)]
    b_args = ["-c", CHILD_MINIMAL]
    for _ in range(2):  # warm-up: file cache, .pyc
        time_until_ready(a_args)
        time_until_ready(b_args)
    ta, tb, ratios = [], [], []
    for _ in range(args.pairs):
        a, b = time_until_ready(a_args), time_until_ready(b_args)
        ta.append(a)
        tb.append(b)
        ratios.append(a / b)
    ratio = statistics.median(ratios)
    print(
        f"medians of {args.pairs} pairs, whole processes, headless 80x24, run in turn (A B A B ...)"
    )
    print(f"A ketajournal home with the 10-year demo  {statistics.median(ta) * 1000:6.0f} ms")
    print(f"B minimal Textual app (one Static)        {statistics.median(tb) * 1000:6.0f} ms")
    print(
        f"ratio A/B {ratio:.2f} ({min(ratios):.2f}-{max(ratios):.2f}); target <= 2.00: "
        f"{'met' if ratio <= 2 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
