"""The quick commands run without Typer and behave exactly like their Typer twins."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ketajournal.cli.hot import SPECS, parse
from tests.cli.conftest import Invoke


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["mood", "6"], (("mood",), None, {"value": "6"})),
        (
            ["--db", "x.db", "mood", "6", "--anxiety=2"],
            (("mood",), "x.db", {"value": "6", "anxiety": "2"}),
        ),
        (["--db=x.db", "plan", "next", "--json"], (("plan", "next"), "x.db", {"json": True})),
        (
            ["journal", "add", "--tag", "a", "--tag", "b", "--title", "T"],
            (("journal", "add"), None, {"tag": ["a", "b"], "title": "T"}),
        ),
        (
            ["journal", "search", "calm", "--limit", "5"],
            (("journal", "search"), None, {"query": "calm", "limit": "5"}),
        ),
        (["mood", "6", "--at", "-2h"], (("mood",), None, {"value": "6", "at": "-2h"})),
        (["export", "data"], (("export", "data"), None, {})),
        (
            ["export", "data", "--format", "json", "--out", "x.json", "--force"],
            (("export", "data"), None, {"format": "json", "out": "x.json", "force": True}),
        ),
    ],
)
def test_parse_recognises_quick_command_lines(argv: list[str], expected: tuple) -> None:
    assert parse(argv) == expected


@pytest.mark.parametrize(
    "argv",
    [
        ["mood"],  # missing N
        ["mood", "6", "--help"],
        ["mood", "-1"],  # a dash positional: Typer's own message
        ["mood", "6", "7"],
        ["mood", "6", "--anxiety"],  # missing value
        ["mood", "6", "--anxiety", "1", "--anxiety", "2"],
        ["mood", "6", "--frobnicate", "1"],
        ["journal", "add", "text as an argument"],
        ["journal", "list"],
        ["plan", "show"],
        ["--version"],
        [],
        ["export", "data", "--encrypt", "--out", "x.json"],
        ["export", "data", "--help"],
    ],
)
def test_parse_defers_everything_else_to_typer(argv: list[str]) -> None:
    assert parse(argv) is None


def _run(db: Path, *args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    code = (
        "import sys; from ketajournal.cli import main\n"
        "try:\n    main()\nfinally:\n"
        "    sys.stderr.write('MODULES:' + ','.join(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('typer', 'textual', 'sqlmodel', 'sqlalchemy', 'rich')"
        " or m == 'ketajournal.service.sync')))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, "--db", str(db), *args],
        input=stdin,
        capture_output=True,
        env={k: v for k, v in os.environ.items() if k != "KETAJOURNAL_DB"},
        timeout=60,
    )


@pytest.mark.slow
def test_quick_commands_load_neither_typer_nor_the_storage_stack(tmp_path: Path) -> None:
    """Nor sync: the everyday commands never sync, and its modules cost them a tenth."""
    db = tmp_path / "kj.db"
    assert (
        subprocess.run(
            [sys.executable, "-m", "ketajournal", "--db", str(db), "doctor"], capture_output=True
        ).returncode
        == 0
    )
    for args, stdin in (
        (("mood", "6"), b""),
        (("journal", "add"), b"a quiet day"),
        (("journal", "search", "quiet"), b""),
        (("plan", "next", "--json"), b""),
        (("export", "data"), b""),
    ):
        proc = _run(db, *args, stdin=stdin)
        assert proc.returncode == 0, proc.stderr
        loaded = proc.stderr.decode().rsplit("MODULES:", 1)[1]
        assert loaded == "", f"{args} loaded {loaded}"


@pytest.mark.slow
def test_quick_command_errors_are_one_line_and_write_nothing(tmp_path: Path) -> None:
    db = tmp_path / "kj.db"
    subprocess.run(
        [sys.executable, "-m", "ketajournal", "--db", str(db), "doctor"],
        check=True,
        capture_output=True,
    )
    for args in (("mood", "11"), ("mood", "abc"), ("mood", "5", "--at", "tomorrow")):
        proc = _run(db, *args)
        assert proc.returncode == 2
        message = proc.stderr.decode().rsplit("MODULES:", 1)[0]
        assert message.count("\n") == 1 and message.startswith("ketajournal: ")
    assert _run(db, "journal", "search", "anything").returncode == 0
    proc = _run(db, "journal", "list", "--json")  # through Typer
    assert json.loads(proc.stdout)["entries"] == []


@pytest.mark.slow
def test_hot_and_typer_paths_agree(invoke: Invoke, tmp_path: Path) -> None:
    hot_db, typer_db = tmp_path / "hot.db", tmp_path / "typer.db"
    for db in (hot_db, typer_db):
        invoke(["--db", str(db), "plan", "set", "--form", "solution"])
        invoke(["--db", str(db), "plan", "schedule", "--every", "7"])
    assert _run(hot_db, "journal", "add", "--tag", "calm", stdin=b"a zephyr day").returncode == 0
    assert (
        invoke(
            ["--db", str(typer_db), "journal", "add", "--tag", "calm"], input="a zephyr day"
        ).exit_code
        == 0
    )
    hot = _run(hot_db, "journal", "search", "zephyr", "--json")
    typer = invoke(["--db", str(typer_db), "journal", "search", "zephyr", "--json"])
    strip = lambda hits: [{k: v for k, v in h.items() if k != "id"} for h in hits]  # noqa: E731
    assert strip(json.loads(hot.stdout)) == strip(json.loads(typer.stdout)) != []
    hot_next = json.loads(_run(hot_db, "plan", "next", "--json").stdout)
    typer_next = json.loads(invoke(["--db", str(typer_db), "plan", "next", "--json"]).stdout)
    assert hot_next.keys() == typer_next.keys()
    assert hot_next["days_until"] == typer_next["days_until"] == 0


@pytest.mark.slow
def test_export_data_json_is_one_document_on_both_paths(invoke: Invoke, tmp_path: Path) -> None:
    db = tmp_path / "kj.db"
    invoke(["--db", str(db), "plan", "set", "--form", "solution"])
    invoke(["--db", str(db), "journal", "add", "--tag", "calm"], input="a zephyr day")
    hot = _run(db, "export", "data")
    assert hot.returncode == 0, hot.stderr
    typer = invoke(["--db", str(db), "export", "data", "--format", "json"])
    drop = lambda doc: {k: v for k, v in doc.items() if k != "exported_at"}  # noqa: E731
    assert drop(json.loads(hot.stdout)) == drop(json.loads(typer.stdout))
    assert json.loads(hot.stdout)["records"]["journal_entry"][0]["body"] == "a zephyr day"
    # csv and any other format go through the full command line (its checks and messages)
    proc = _run(db, "export", "data", "--format", "xml")
    assert proc.returncode == 2
    assert "format" in proc.stderr.decode() and "typer" in proc.stderr.decode()
    # --out on the quick path: a private new file, and an existing one is refused
    target = tmp_path / "all.json"
    assert _run(db, "export", "data", "--out", str(target)).returncode == 0
    assert target.stat().st_mode & 0o777 == 0o600
    before = target.read_bytes()
    again = _run(db, "export", "data", "--out", str(target))
    assert again.returncode == 2 and "--force" in again.stderr.decode()
    assert target.read_bytes() == before


@pytest.mark.parametrize("words", list(SPECS), ids=" ".join)
def test_the_quick_grammar_is_a_part_of_typers(words: tuple[str, ...]) -> None:
    """Every option the quick path reads is an option of the Typer command of the same
    name, of the same kind (a value, a flag, repeatable); its positional arguments are
    Typer's. An option Typer has and the quick path lacks sends the line to Typer."""
    import typer
    from typer._click.core import Context  # Typer's own (vendored) Click

    from ketajournal.cli.root import app

    group = typer.main.get_command(app)
    ctx = Context(group)
    command: Any = group
    for word in words:
        command = command.get_command(ctx, word)
    assert command is not None
    positional, valued, flags, repeatable = SPECS[words]
    arguments = tuple(p.name for p in command.params if p.param_type_name == "argument")
    options = [p for p in command.params if p.param_type_name == "option"]
    assert arguments == positional
    typer_valued = {name for p in options if not p.is_flag for name in p.opts}
    typer_flags = {name for p in options if p.is_flag for name in p.opts}
    typer_repeatable = {name for p in options if p.multiple for name in p.opts}
    assert valued <= typer_valued, valued - typer_valued
    assert flags <= typer_flags, flags - typer_flags
    assert repeatable == typer_repeatable & (valued | flags)
