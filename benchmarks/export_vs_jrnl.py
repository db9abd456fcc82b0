"""Times `ketajournal export data --format json` against `jrnl --export json` (jrnl 4.6).

Run with the interpreter of the environment ketajournal is installed in:

    .venv/bin/python benchmarks/export_vs_jrnl.py [--pairs 15] [--keep DIR]

It reuses `cli_vs_jrnl.py`'s setup: jrnl 4.6 in its own virtual environment (installed
once, under the work folder), the 10-year demo journal (about 10,000 entries, ~17,000
records in all) and a jrnl journal holding the same entries. Both exports write to a pipe;
whole processes are timed in turn (A B A B ...), and the median of the pair-by-pair ratios
is printed. ketajournal exports every record of every table (plan, sessions, events,
reflections, check-ins, scales, ... and the entries); jrnl exports its entries.

Target: ketajournal's export at most 0.5 x jrnl's. Two informational rows show where the
time goes: the same export called without Typer (as `ketajournal/cli/hot.py` runs the
everyday commands), and a near-empty Typer command (`settings show`), the floor of any
command that goes through the Typer command line.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cli_vs_jrnl import paired, setup_jrnl, workspace  # noqa: E402

TARGET = 0.5
NO_TYPER = (
    "import sys\n"
    "from pathlib import Path\n"
    "from ketajournal.cli.io import open_journal\n"
    "from ketajournal.service import transfer\n"
    "with open_journal(Path(sys.argv[1])) as svc:\n"
    "    sys.stdout.buffer.write(transfer.export_json(svc.store, svc.ctx.now()))\n"
)


def check_outputs(kj: list[str], jrnl: list[str], env: dict, jrnl_env: dict) -> None:
    """Both commands really export the entries (a benchmark of a failing command is void)."""
    ours = json.loads(subprocess.run(kj, env=env, capture_output=True, check=True).stdout)
    theirs = json.loads(subprocess.run(jrnl, env=jrnl_env, capture_output=True, check=True).stdout)
    records = sum(len(rows) for rows in ours["records"].values())
    print(
        f"ketajournal exports {records} records ({len(ours['records']['journal_entry'])} "
        f"entries); jrnl exports {len(theirs['entries'])} entries",
        file=sys.stderr,
    )


def main() -> None:
    args, work, kj, db, env = workspace(__doc__.split("\n")[0])
    jrnl, jrnl_env = setup_jrnl(work, db)
    export_kj = [kj, "--db", str(db), "export", "data", "--format", "json"]
    export_jrnl = [*jrnl, "--export", "json"]
    check_outputs(export_kj, export_jrnl, env, jrnl_env)

    print(f"\nmedians of {args.pairs} pairs, whole processes, run in turn (A B A B ...)")
    print(f"{'A vs B':<44} {'A':>10}    {'B':>10}")
    jrnl_run = (export_jrnl, jrnl_env, b"")
    result = paired(
        "ketajournal export data --format json / jrnl", (export_kj, env, b""), jrnl_run, args.pairs
    )
    paired(
        "  (informational) same export without Typer",
        ([sys.executable, "-c", NO_TYPER, str(db)], env, b""),
        jrnl_run,
        args.pairs,
    )
    paired(
        "  (informational) Typer alone: settings show",
        ([kj, "--db", str(db), "settings", "show"], env, b""),
        jrnl_run,
        args.pairs,
    )
    verdict = "met" if result["ratio"] <= TARGET else "MISSED"
    print(f"\ntarget (median ratio): export <= {TARGET:.2f}: {result['ratio']:.2f} {verdict}")
    print(f"\nwork folder: {work}")


if __name__ == "__main__":
    main()
