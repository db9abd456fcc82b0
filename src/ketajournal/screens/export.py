"""The export screen: choose audience, range and format, preview, write the file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Footer, Header, Input, Select, Static, TextArea

from ketajournal.domain.when import parse_when
from ketajournal.errors import KetaJournalError, ValidationError
from ketajournal.service.summary import EVERYTHING
from ketajournal.text import safe_text
from ketajournal.widgets.form import Field, FormPane, Tick
from ketajournal.widgets.inert import InertInput

if TYPE_CHECKING:
    from ketajournal.app import KetaJournalApp

FORMATS = [("Markdown (.md)", "md"), ("Web page (.html)", "html"), ("PDF (.pdf)", "pdf")]
AUDIENCES = [("Clinician", "clinician"), ("Coach", "coach")]


class ExportScreen(Screen[None]):
    HELP = (
        "Prepare a summary for your next check-in. Only text you marked as shared with that "
        "person is included, unless you tick 'include private text'. The coach's summary "
        "holds no doses, blood pressure or scores unless you tick that too. Files are "
        "private (0600) and never replace an existing file."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="export.back"),
    ]

    @dataclass
    class Previewed(Message):
        markdown: str

    @dataclass
    class Written(Message):
        path: Path

    @dataclass
    class Problem(Message):
        error: str

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
                InertInput(value=str(Path.cwd() / "check-in-summary.md"), id="out", compact=True),
            )
            yield Button("Preview", id="preview", compact=True)
            yield Button("Write the file", id="write", variant="primary", compact=True)
            yield Static("", id="export-status", markup=False)
            yield TextArea(id="export-preview", read_only=True, soft_wrap=True)
        yield Footer()

    def _options(self) -> dict[str, object]:
        app: KetaJournalApp = self.app  # type: ignore[assignment]
        now = app.svc.ctx.now()
        since = self.query_one("#since", Input).value.strip()
        until = self.query_one("#until", Input).value.strip()
        everything = self.query_one("#everything", Tick).value
        return {
            "audience": str(self.query_one("#audience", Select).value),
            "since": EVERYTHING
            if everything
            else (parse_when(since, now, "since") if since else None),
            "until": parse_when(until, now, "until") if until else None,
            "include_private": self.query_one("#private", Tick).value,
            "include_clinical": self.query_one("#clinical", Tick).value,
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
        try:
            self._build(self._options(), None, "md")
        except KetaJournalError as exc:
            self.post_message(self.Problem(str(exc)))

    @on(Button.Pressed, "#write")
    def _write(self) -> None:
        try:
            options = self._options()
            out = self.query_one("#out", Input).value.strip()
            if not out:
                raise ValidationError("save as", "a file path")
            self._build(
                options, Path(out).expanduser(), str(self.query_one("#format", Select).value)
            )
        except KetaJournalError as exc:
            self.post_message(self.Problem(str(exc)))

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _build(self, options: dict[str, object], out: Path | None, fmt: str) -> None:
        from ketajournal.export import render
        from ketajournal.service.summary import build_summary

        app: KetaJournalApp = self.app  # type: ignore[assignment]
        try:
            report = build_summary(app.svc, **options)  # type: ignore[arg-type]
            if out is None:
                from ketajournal.export.markdown import render_markdown

                # Shown as plain text in the app: the words as typed, no Markdown escapes.
                self.post_message(self.Previewed(render_markdown(report, escape=False)))
                return
            from ketajournal.output import write_private

            rendered = render(fmt, report)
            data = rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")
            self.post_message(self.Written(write_private(out, data)))
        except KetaJournalError as exc:
            self.post_message(self.Problem(str(exc)))

    def on_export_screen_previewed(self, message: Previewed) -> None:
        self.query_one("#export-preview", TextArea).text = safe_text(message.markdown)
        self._status("Preview of the Markdown version below.", "muted")

    def on_export_screen_written(self, message: Written) -> None:
        self._status(f"Written to {message.path} (only you can read it).", "ok")

    def on_export_screen_problem(self, message: Problem) -> None:
        self._status(message.error, "warning")

    def _status(self, text: str, style: str) -> None:
        status = self.query_one("#export-status", Static)
        status.update(safe_text(text))
        status.set_classes(style)
