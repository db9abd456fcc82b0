"""The export screen: choose audience, range and format, preview, write the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Button, Checkbox, Header, Input, Select, TextArea

from ketajournal.domain.when import parse_when
from ketajournal.errors import ValidationError
from ketajournal.paths import documents_dir, free_name
from ketajournal.screens.base import BaseScreen
from ketajournal.screens.confirm import ConfirmDialog
from ketajournal.service import JournalService
from ketajournal.service.summary import EVERYTHING
from ketajournal.text import safe_text
from ketajournal.widgets.footer import KeyFooter
from ketajournal.widgets.form import Field, FormPane, Tick, clear_errors
from ketajournal.widgets.inert import InertInput
from ketajournal.widgets.status import StatusLine

FORMATS = [("Markdown (.md)", "md"), ("Web page (.html)", "html"), ("PDF (.pdf)", "pdf")]
AUDIENCES = [("Clinician", "clinician"), ("Coach", "coach")]


def options(svc: JournalService, form: dict[str, Any]) -> dict[str, object]:
    """The summary's options from the form, its times read against the journal's clock."""
    now = svc.ctx.now()
    since, until = form["since"], form["until"]
    return {
        "audience": form["audience"],
        "since": EVERYTHING
        if form["everything"]
        else (parse_when(since, now, "since") if since else None),
        "until": parse_when(until, now, "until", end_of_day=True) if until else None,
        "include_private": form["private"],
        "include_clinical": form["clinical"],
        "all_text": form["all_text"],
    }


def preview(svc: JournalService, form: dict[str, Any]) -> str:
    from ketajournal.export.markdown import render_markdown
    from ketajournal.service.summary import build_summary

    # Shown as plain text in the app: the words as typed, no Markdown escapes.
    return render_markdown(build_summary(svc, **options(svc, form)), escape=False)  # type: ignore[arg-type]


def write(svc: JournalService, form: dict[str, Any], out: Path, fmt: str, replace: bool) -> Path:
    from ketajournal.export import render
    from ketajournal.output import write_private
    from ketajournal.service.summary import build_summary

    rendered = render(fmt, build_summary(svc, **options(svc, form)))  # type: ignore[arg-type]
    data = rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")
    return write_private(out, data, force=replace)


class ExportScreen(BaseScreen[None]):
    NAME = "Export for your care team"
    HELP = (
        "Prepare a summary for your next check-in. Only text you marked as shared with that "
        "person is included, unless you tick 'include private text'. The coach's summary "
        "holds no doses, blood pressure or scores unless you tick that too. Files are "
        "private (0600), saved in your documents folder unless you name another place; a "
        "file that is there already is replaced only if you say so (else a new name is used)."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="export.back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with FormPane(classes="page"):
            yield Field(
                "For",
                Select(
                    AUDIENCES, value="clinician", id="audience", compact=True, allow_blank=False
                ),
            )
            yield Field(
                "Since",
                InertInput(placeholder="last check-in, or e.g. -30d", id="since", compact=True),
            )
            yield Field("Until", InertInput(placeholder="now", id="until", compact=True))
            yield Tick("Everything, from the first record", id="everything", compact=True)
            yield Tick("Include private text", id="private", compact=True)
            yield Tick(
                "For the coach: include doses, blood pressure and scores",
                id="clinical",
                compact=True,
            )
            yield Tick("Every shared text, not only the 20 newest", id="all-text", compact=True)
            yield Field(
                "Format", Select(FORMATS, value="md", id="format", compact=True, allow_blank=False)
            )
            yield Field(
                "Save as",
                InertInput(
                    value=str(documents_dir() / "check-in-summary.md"), id="out", compact=True
                ),
                also=("out",),
            )
            yield Button("Preview", id="preview", compact=True)
            yield Button("Write the file", id="write", variant="primary", compact=True)
            yield StatusLine(id="export-status")
            yield TextArea(id="export-preview", read_only=True, soft_wrap=True)
        yield KeyFooter()

    def _form(self) -> dict[str, Any]:
        return {
            "audience": str(self.query_one("#audience", Select).value),
            "since": self.query_one("#since", Input).value.strip(),
            "until": self.query_one("#until", Input).value.strip(),
            "everything": self.query_one("#everything", Tick).value,
            "private": self.query_one("#private", Tick).value,
            "clinical": self.query_one("#clinical", Tick).value,
            "all_text": self.query_one("#all-text", Tick).value,
        }

    @on(Checkbox.Changed, "#everything")
    def _everything(self, event: Checkbox.Changed) -> None:
        self.query_one("#since", Input).disabled = event.value

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        out = self.query_one("#out", Input)
        out.value = str(Path(out.value).with_suffix(f".{event.value}"))

    @on(Button.Pressed, "#preview")
    def _preview(self) -> None:
        clear_errors(self)
        form = self._form()
        self.call(lambda svc: preview(svc, form), self._previewed, group="export")

    def _previewed(self, markdown: str) -> None:
        self.query_one("#export-preview", TextArea).text = safe_text(markdown)
        self.query_one("#export-status", StatusLine).say("Preview of the Markdown version below.")

    @on(Button.Pressed, "#write")
    def _write(self) -> None:
        clear_errors(self)
        raw = self.query_one("#out", Input).value.strip()
        if not raw:
            self.problem(ValidationError("save as", "a file path"))
            return
        out = Path(raw).expanduser()
        if not (out.exists() or out.is_symlink()):
            self._write_to(out, replace=False)
            return
        other = free_name(out)

        def answered(replace: bool | None) -> None:
            if replace:
                self._write_to(out, replace=True)
            else:
                self.query_one("#out", Input).value = str(other)
                self._write_to(other, replace=False)

        self.app.push_screen(
            ConfirmDialog(
                f"{out.name} is there already. Replace it, or save this one as {other.name}?",
                yes="Replace it",
                no=f"Save as {other.name}",
            ),
            callback=answered,
        )

    def _write_to(self, out: Path, *, replace: bool) -> None:
        form, fmt = self._form(), str(self.query_one("#format", Select).value)
        self.call(lambda svc: write(svc, form, out, fmt, replace), self._written, group="export")

    def _written(self, path: Path) -> None:
        self.query_one("#export-status", StatusLine).ok(
            safe_text(f"Written to {path} (only you can read it).")
        )
