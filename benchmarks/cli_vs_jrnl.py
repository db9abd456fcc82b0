"""Times ketajournal's hot commands against jrnl 4.6 on the same 10,000 entries.

Run with the interpreter of the environment ketajournal is installed in:

    .venv/bin/python benchmarks/cli_vs_jrnl.py [--pairs 15] [--keep DIR]

It installs jrnl 4.6 from PyPI into its own virtual environment (once, under the work
folder), writes the 10-year demo journal (about 10,000 entries) with `ketajournal demo`,
copies the same entries into a jrnl journal, then times whole processes in turn
(A B A B ...) and prints the median of the pair-by-pair ratios. The machine is noisy, so
only ratios measured side by side in one run mean anything; no test asserts a time.

Targets (issue 3): `mood 6` and `journal add` at most 0.4 x jrnl's add; `journal search`
at most 0.35 x jrnl -contains; `plan next --json` no slower than `mood`.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

JRNL_VERSION = "4.6"
WORD = "zephyr"  # the demo puts it in ~1% of entries


def run(cmd: list[str], env: dict[str, str], stdin: bytes = b"") -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, input=stdin, env=env, capture_output=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr.decode()}")
    return elapsed


def make_venv(folder: Path) -> Path:
    python = folder / "bin" / "python"
    if python.exists():
        return python
    base = sys.executable
    if subprocess.run([base, "-m", "venv", str(folder)]).returncode != 0:
        subprocess.run([base, "-m", "venv", "--without-pip", str(folder)], check=True)
        subprocess.run([str(python), "-m", "ensurepip", "--default-pip"], check=True)
    return python


def setup_jrnl(work: Path, db: Path) -> tuple[list[str], dict[str, str]]:
    python = make_venv(work / "jrnl-venv")
    jrnl = python.parent / "jrnl"
    if not jrnl.exists():
        print(f"installing jrnl {JRNL_VERSION} ...", file=sys.stderr)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", f"jrnl=={JRNL_VERSION}"], check=True
        )
    journal = work / "jrnl" / "journal.txt"
    journal.parent.mkdir(parents=True, exist_ok=True)
    rows = (
        sqlite3.connect(db)
        .execute("SELECT written_at, title, body FROM journal_entry ORDER BY written_at")
        .fetchall()
    )
    with journal.open("w", encoding="utf-8") as handle:
        for written_at, title, body in rows:
            handle.write(f"[{written_at[:16]}] {title}\n{body}\n\n")
    config_home = work / "jrnl-config"
    (config_home / "jrnl").mkdir(parents=True, exist_ok=True)
    (config_home / "jrnl" / "jrnl.yaml").write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: true\n"
        f"indent_character: '|'\njournals:\n  default:\n    journal: {journal}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\n"
        "timeformat: '%Y-%m-%d %H:%M'\nversion: v4.6\n"
    )
    env = clean_env() | {"XDG_CONFIG_HOME": str(config_home)}
    print(f"jrnl journal: {len(rows)} entries", file=sys.stderr)
    return [str(jrnl)], env


def clean_env() -> dict[str, str]:
    env = dict(os.environ)
    # As in a normal user's shell (PYTHONUNBUFFERED doubled some timings here).
    for name in ("PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE", "KETAJOURNAL_DB"):
        env.pop(name, None)
    return env


def paired(
    label: str,
    a: tuple[list[str], dict[str, str], bytes],
    b: tuple[list[str], dict[str, str], bytes],
    pairs: int,
) -> dict[str, float]:
    for _ in range(2):  # warm-up: file cache, .pyc
        run(*a)
        run(*b)
    ta, tb, ratios = [], [], []
    for _ in range(pairs):
        x, y = run(*a), run(*b)
        ta.append(x)
        tb.append(y)
        ratios.append(x / y)
    result = {
        "a_ms": statistics.median(ta) * 1000,
        "b_ms": statistics.median(tb) * 1000,
        "ratio": statistics.median(ratios),
        "ratio_min": min(ratios),
        "ratio_max": max(ratios),
    }
    print(
        f"{label:<44} {result['a_ms']:7.0f} ms vs {result['b_ms']:7.0f} ms   "
        f"ratio {result['ratio']:.2f} ({result['ratio_min']:.2f}-{result['ratio_max']:.2f})"
    )
    return result


def workspace(description: str) -> tuple[argparse.Namespace, Path, str, Path, dict[str, str]]:
    """Parses --pairs/--keep and makes sure the 10-year demo journal exists (shared set-up)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--pairs", type=int, default=15)
    parser.add_argument("--keep", type=Path, help="work folder to reuse (jrnl venv, data)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="kj-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    kj = str(Path(sys.executable).parent / "ketajournal")
    db = work / "kj" / "demo10.db"
    env = clean_env()
    if not db.exists():
        print("writing the 10-year demo journal ...", file=sys.stderr)
        subprocess.run([kj, "demo", "--db", str(db), "--years", "10"], check=True, env=env)
    return args, work, kj, db, env


def main() -> None:
    args, work, kj, db, env = workspace(__doc__.split("\n")[0])
    jrnl, jrnl_env = setup_jrnl(work, db)
    kj_db = [kj, "--db", str(db)]

    print(f"\nmedians of {args.pairs} pairs, whole processes, run in turn (A B A B ...)")
    print(f"{'A vs B':<44} {'A':>10}    {'B':>10}")
    add_jrnl = (jrnl + ["today: Benchmark entry. A short line of text."], jrnl_env, b"")
    mood = (kj_db + ["mood", "6"], env, b"")
    results = {
        "mood": paired("ketajournal mood 6 / jrnl add", mood, add_jrnl, args.pairs),
        "add": paired(
            "ketajournal journal add (stdin) / jrnl add",
            (kj_db + ["journal", "add"], env, b"A short line of text."),
            add_jrnl,
            args.pairs,
        ),
        "search": paired(
            f"ketajournal journal search {WORD} / jrnl -contains",
            (kj_db + ["journal", "search", WORD], env, b""),
            (jrnl + ["-contains", WORD], jrnl_env, b""),
            args.pairs,
        ),
        "next": paired(
            "ketajournal plan next --json / mood 6",
            (kj_db + ["plan", "next", "--json"], env, b""),
            mood,
            args.pairs,
        ),
    }
    targets = {"mood": 0.40, "add": 0.40, "search": 0.35, "next": 1.00}
    print("\ntargets (median ratio):")
    for key, limit in targets.items():
        verdict = "met" if results[key]["ratio"] <= limit else "MISSED"
        print(f"  {key:<7} <= {limit:.2f}: {results[key]['ratio']:.2f} {verdict}")
    print(f"\nwork folder: {work}")


if __name__ == "__main__":
    main()
