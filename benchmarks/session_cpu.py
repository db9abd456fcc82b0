"""Measures the CPU the session view uses while it runs, in a real terminal (tmux, 80x24).

Run with the interpreter of the environment ketajournal is installed in (tmux needed):

    .venv/bin/python benchmarks/session_cpu.py [--seconds 60]

It records a plan and starts a session in a fresh journal, opens the app in a detached
tmux terminal (the app goes straight to the running session), waits for it to settle,
then reads the process's CPU time from /proc before and after the measuring window.
Once with the breathing pacer off, once with it on. Target (issue 5): below 2% of one
core with the pacer off.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def measure(kj: str, db: Path, seconds: float, name: str) -> float:
    subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", name, "-x", "80", "-y", "24", kj, "--db", str(db)],
        check=True,
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", name], capture_output=True, text=True
            ).stdout
            if "Sip" in screen or "Experience" in screen:
                break
            time.sleep(0.2)
        else:
            raise SystemExit(f"the session view did not appear:\n{screen}")
        pid = int(
            subprocess.run(
                ["tmux", "list-panes", "-t", name, "-F", "#{pane_pid}"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()[0]
        )
        time.sleep(3)  # let start-up work finish
        before, start = cpu_seconds(pid), time.monotonic()
        time.sleep(seconds)
        used, wall = cpu_seconds(pid) - before, time.monotonic() - start
        return 100 * used / wall
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        raise SystemExit("tmux is needed (apt-get install tmux)")
    kj = str(Path(sys.executable).parent / "ketajournal")
    db = Path(tempfile.mkdtemp(prefix="kj-cpu-")) / "kj.db"
    env = {k: v for k, v in os.environ.items() if k != "KETAJOURNAL_DB"}

    def run(*cmd: str) -> None:
        subprocess.run([kj, "--db", str(db), *cmd], check=True, capture_output=True, env=env)

    run("plan", "set", "--form", "solution")
    run("plan", "dose", "100", "--reason", "benchmark")
    run("settings", "set", "sip_minutes", "60")  # stay in the sip phase, with its progress bar
    run("session", "start", "--dose", "100")
    off = measure(kj, db, args.seconds, "kj-cpu-off")
    run("settings", "set", "breathing_pacer", "on")
    on = measure(kj, db, args.seconds, "kj-cpu-on")
    print(f"session view, {args.seconds:.0f} s in tmux at 80x24, CPU as % of one core:")
    print(f"  breathing pacer off: {off:.2f}%  (target below 2%: {'met' if off < 2 else 'MISSED'})")
    print(f"  breathing pacer on:  {on:.2f}%")


if __name__ == "__main__":
    main()
