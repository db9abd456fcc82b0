"""NO_COLOR (no-color.org): on a terminal the CLI uses no colour or style codes at all."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from tests.pty_run import run_in_terminal

pytestmark = pytest.mark.slow  # real processes, each a fresh interpreter

SGR = re.compile(rb"\x1b\[[0-9;]*m")


def _in_terminal(args: list[str], env: dict[str, str]) -> bytes:
    return run_in_terminal([sys.executable, "-m", "ketajournal", *args], env)[1].encode()


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "NO_COLOR"])
def test_no_color_removes_every_style_code(tmp_path: Path, no_color: bool) -> None:
    db = tmp_path / "kj.db"
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "KETAJOURNAL_DB")}
    env["TERM"] = "xterm-256color"
    if no_color:
        env["NO_COLOR"] = "1"
    _in_terminal(["--db", str(db), "mood", "6"], env)
    import subprocess

    subprocess.run(
        [sys.executable, "-m", "ketajournal", "--db", str(db), "journal", "add", "--title", "Calm"],
        input=b"a quiet zephyr morning",
        env=env,
        check=True,
        capture_output=True,
    )
    shown = b"".join(
        _in_terminal(["--db", str(db), *args], env)
        for args in (["journal", "search", "zephyr"], ["journal", "list"], ["doctor"], ["--help"])
    )
    assert b"zephyr" in shown and b"Calm" in shown
    if no_color:
        assert SGR.findall(shown) == []
    else:  # the match and the titles are bold on a terminal: the check can see codes
        assert SGR.findall(shown)
