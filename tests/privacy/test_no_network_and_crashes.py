"""No network, ever, in the real processes; and a crash never shows local variables.

The app and the commands run as real processes with a `sitecustomize` that refuses every
network socket and name lookup (and records any attempt in a file), so a dependency that
phoned home at import or at run time would fail these tests.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.pty_run import run_in_terminal

pytestmark = pytest.mark.slow  # real processes, each a fresh interpreter

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

GUARD = textwrap.dedent(
    """
    import os, socket

    def _refuse(what):
        with open(os.environ["KJ_NETWORK_LOG"], "a") as log:
            log.write(what + "\\n")
        raise OSError("network access refused by the test guard: " + what)

    _real = socket.socket

    class _Guarded(_real):
        def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
            fam = socket.AF_INET if family == -1 else family
            if fileno is None and fam in (socket.AF_INET, socket.AF_INET6):
                _refuse("socket family %s" % fam)
            super().__init__(family, type, proto, fileno)

    socket.socket = _Guarded
    for _name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        setattr(socket, _name, lambda *a, _n=_name, **k: _refuse(_n))
    """
)


@pytest.fixture
def guarded_env(tmp_path: Path) -> dict[str, str]:
    site = tmp_path / "guard"
    site.mkdir()
    (site / "sitecustomize.py").write_text(GUARD)
    log = tmp_path / "network.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KETAJOURNAL_")}
    env.update(
        PYTHONPATH=str(site),
        KJ_NETWORK_LOG=str(log),
        HOME=str(tmp_path / "home"),
        XDG_DATA_HOME=str(tmp_path / "home" / "data"),
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        TERM="xterm-256color",
    )
    return env


def _readme_cli_block() -> str:
    text = (ROOT / "README.md").read_text()
    start = text.index("## The command line")
    return re.search(r"```sh\n(.*?)```", text[start:], re.S).group(1)  # type: ignore[union-attr]


def test_the_guard_really_refuses(guarded_env: dict[str, str], tmp_path: Path) -> None:
    code = "import urllib.request; urllib.request.urlopen('http://example.com', timeout=1)"
    proc = subprocess.run([sys.executable, "-c", code], env=guarded_env, capture_output=True)
    assert proc.returncode != 0
    assert Path(guarded_env["KJ_NETWORK_LOG"]).read_text()


def test_every_command_of_the_readme_runs_offline(
    guarded_env: dict[str, str], tmp_path: Path
) -> None:
    """The README's command-line tour, top to bottom, as written, with no network."""
    work = tmp_path / "work"
    work.mkdir()
    script = work / "tour.sh"
    script.write_text("set -euo pipefail\n" + _readme_cli_block())
    env = dict(guarded_env, KETAJOURNAL_DB=str(work / "data" / "kj.db"))
    phq9 = "0\n1\n0\n1\n0\n0\n1\n0\n0\n"  # `scale phq9` asks item by item
    proc = subprocess.run(
        ["bash", str(script)], cwd=work, env=env, input=phq9, capture_output=True,
        text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    assert not Path(guarded_env["KJ_NETWORK_LOG"]).exists()
    assert (work / "summary.html").exists() and (work / "everything.json").exists()
    # and the privacy commands, with passphrase files
    (work / "pw").write_text("offline passphrase\n")
    for args in (["encrypt"], ["mood", "5"], ["backup"], ["doctor"], ["decrypt"]):
        named = (
            {"KETAJOURNAL_PASSPHRASE_FILE": str(work / "pw")}
            if args != ["encrypt"]
            else {"KETAJOURNAL_NEW_PASSPHRASE_FILE": str(work / "pw")}
        )
        done = subprocess.run(
            ["ketajournal", *args], cwd=work, env=dict(env, **named), capture_output=True,
            text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, (args, done.stderr)
    assert not Path(guarded_env["KJ_NETWORK_LOG"]).exists()


def test_the_app_runs_offline(guarded_env: dict[str, str], tmp_path: Path) -> None:
    db = tmp_path / "kj.db"
    code, output = run_in_terminal(
        [str(BIN / "ketajournal"), "--db", str(db)], guarded_env, [("Welcome", b"\x11")]
    )
    assert code == 0, output[-2000:]
    assert not Path(guarded_env["KJ_NETWORK_LOG"]).exists()


CRASHING_APP = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from textual.app import App
    from ketajournal import app as appmod

    class Crashing(appmod.KetaJournalApp):
        CSS_PATH = Path(appmod.__file__).parent / "app.tcss"

        def on_keta_journal_app_opened(self, message):
            super().on_keta_journal_app_opened(message)
            journal_text = "SECRET" + "CANARY in a local variable"
            self.call_later(self.boom, journal_text)

        def boom(self, journal_text):
            entry_body = journal_text
            raise RuntimeError("a bug in a screen")

    if sys.argv[2] == "textual-default":  # the control: Textual's own crash report
        Crashing._fatal_error = App._fatal_error
    appmod.KetaJournalApp = Crashing
    sys.exit(appmod.run_app(Path(sys.argv[1])))
    """
)


@pytest.mark.parametrize("variant", ["ketajournal", "textual-default"])
def test_an_app_crash_shows_no_local_variables(
    guarded_env: dict[str, str], tmp_path: Path, variant: str
) -> None:
    script = tmp_path / "crash.py"
    script.write_text(CRASHING_APP)
    code, output = run_in_terminal(
        [sys.executable, str(script), str(tmp_path / "kj.db"), variant], guarded_env, []
    )
    assert "RuntimeError" in output and "a bug in a screen" in output
    if variant == "textual-default":  # proves this test can see locals when they are shown
        assert "SECRETCANARY" in output.replace("\r\n", "").replace("\n", "")
        return
    assert "SECRETCANARY" not in output.replace("\r\n", "").replace("\n", "")
    assert code == 1  # a crash is never a success


CRASHING_CLI = textwrap.dedent(
    """
    import sys
    import ketajournal.factory

    def open_service(*args, **kwargs):
        journal_text = "SECRET" + "CANARY in a local variable"
        raise RuntimeError("a bug while opening")

    ketajournal.factory.open_service = open_service
    sys.argv = ["ketajournal", *sys.argv[1:]]
    from ketajournal.cli import main
    main()
    """
)


@pytest.mark.parametrize(
    "args", [["mood", "5"], ["settings", "show"]], ids=["quick-path", "typer-path"]
)
def test_a_command_crash_shows_no_local_variables(
    guarded_env: dict[str, str], tmp_path: Path, args: list[str]
) -> None:
    script = tmp_path / "crash_cli.py"
    script.write_text(CRASHING_CLI)
    for terminal in (False, True):  # Rich draws a different traceback on a terminal
        argv = [sys.executable, str(script), "--db", str(tmp_path / "kj.db"), *args]
        if terminal:
            code, output = run_in_terminal(argv, guarded_env, [])
        else:
            proc = subprocess.run(argv, env=guarded_env, capture_output=True, text=True)
            code, output = proc.returncode, proc.stdout + proc.stderr
        assert code == 1, output
        assert "a bug while opening" in output
        assert "SECRETCANARY" not in output.replace("\r\n", "").replace("\n", "")
