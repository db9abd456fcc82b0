"""A table of records with a form under it: add one, change one, or remove one after asking.

Enter on a row puts the record into the form ("Save changes"); escape or Cancel leaves
it; d (or Delete) on a row asks, then removes it. The screen that holds the tab gives the
service calls; this widget runs them through the screen's `call`, so a refusal shows at
its field like every other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar
from uuid import UUID

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, DataTable, Input, Select, Static

from ketajournal.text import safe_text
from ketajournal.widgets.form import Field, FormPane, clear_errors

R = TypeVar("R")
Values = dict[str, Any]  # widget id -> what it holds (text stripped; a Select's value or None)


@dataclass(frozen=True)
class RecordKind(Generic[R]):
    """What one tab lists and how it is written."""

    key: str  # for widget ids: "#dose-table", "#save-dose", "#remove-dose"
    name: str  # "dose change", "schedule phase", "contact"
    columns: tuple[str, ...]
    cells: Callable[[R], tuple[str, ...]]
    fill: Callable[[R], Values]  # a record's values, to change it in the form
    save: Callable[[Any, Values, UUID | None], str]  # (svc, values, id or None) -> what was done
    remove: Callable[[Any, UUID], str]  # (svc, id) -> what was done
    describe: Callable[[R], str]  # the record in a sentence, to ask before removing it
    ident: Callable[[R], UUID]


class RecordTab(FormPane, Generic[R]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d,delete", "remove", "Remove", id="record.remove", show=False),
        Binding("escape", "cancel", "Cancel changes", id="record.cancel", show=False),
    ]

    @dataclass
    class Changed(Message):
        """A record was added, changed or removed: the screen reloads and says `done`."""

        done: str

    def __init__(
        self, kind: RecordKind[R], title: str, fields: Sequence[Field], **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.kind = kind
        self._title = title
        self._fields = list(fields)
        self.records: list[R] = []
        self.editing: UUID | None = None

    def compose(self) -> ComposeResult:
        key = self.kind.key
        yield DataTable(
            cursor_type="row", zebra_stripes=True, classes="record-table", id=f"{key}-table"
        )
        yield Static(self._title, classes="card-title record-title", markup=False)
        yield from self._fields
        with Horizontal(classes="record-buttons"):
            yield Button(f"Add {self.kind.name}", classes="record-save", variant="primary",
                         compact=True, id=f"save-{key}")  # fmt: skip
            yield Button("Cancel", classes="record-cancel", compact=True, id=f"cancel-{key}")
            yield Button("Remove…", classes="record-remove", variant="warning", compact=True,
                         id=f"remove-{key}")  # fmt: skip

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*self.kind.columns)
        self._editing(None)

    @property
    def table(self) -> DataTable[Any]:
        return self.query_one(DataTable)

    def show(self, records: Sequence[R]) -> None:
        """Lists `records`, every cell inert text (DataTable would read a str as markup)."""
        self.records = list(records)
        table = self.table
        row = table.cursor_row
        table.clear()
        for record in self.records:
            cells = (Text(safe_text(cell)) for cell in self.kind.cells(record))
            table.add_row(*cells, key=str(self.kind.ident(record)))
        table.display = bool(self.records)
        if self.records:
            table.move_cursor(row=min(row, len(self.records) - 1))
        if self.editing is not None and all(self.kind.ident(r) != self.editing for r in records):
            self._editing(None)

    def values(self) -> Values:
        found: Values = {}
        for widget in self.query("Input, Select"):
            if widget.id is None:
                continue
            if isinstance(widget, Input):
                found[widget.id] = widget.value.strip()
            elif isinstance(widget, Select):
                found[widget.id] = None if widget.value is Select.NULL else widget.value
        return found

    def _set(self, values: Values) -> None:
        for widget_id, value in values.items():
            widget = self.query_one(f"#{widget_id}")
            if isinstance(widget, Input):
                widget.value = safe_text(str(value or ""))
            elif isinstance(widget, Select):
                widget.value = Select.NULL if value is None else value

    def _editing(self, record: R | None) -> None:
        clear_errors(self)
        self.editing = None if record is None else self.kind.ident(record)
        save = self.query_one(".record-save", Button)
        save.label = f"Add {self.kind.name}" if record is None else "Save changes"
        self.query_one(".record-cancel").display = record is not None
        self.query_one(".record-remove").display = record is not None
        self.query_one(".record-title", Static).update(
            self._title if record is None else f"Change this {self.kind.name}:"
        )

    # -- the person's actions ---------------------------------------------------------------

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        record = self._current()
        if record is None:
            return
        self._editing(record)
        self._set(self.kind.fill(record))
        self._fields[0].query("Input, Select").first().focus()

    @on(Button.Pressed, ".record-save")
    def _save(self, event: Button.Pressed) -> None:
        event.stop()
        values, editing = self.values(), self.editing
        self._screen().call(
            lambda svc: self.kind.save(svc, values, editing),
            self._saved,
            group=f"record-{self.kind.name}",
        )

    def _saved(self, done: str) -> None:
        for widget in self.query(Input):
            widget.value = ""
        self._editing(None)
        self.post_message(self.Changed(done))

    @on(Button.Pressed, ".record-cancel")
    def action_cancel(self) -> None:
        if self.editing is None:
            self.app.pop_screen()  # escape with nothing being changed: back, as elsewhere
            return
        for widget in self.query(Input):
            widget.value = ""
        self._editing(None)
        self.table.focus()

    @on(Button.Pressed, ".record-remove")
    def _remove_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        record = next((r for r in self.records if self.kind.ident(r) == self.editing), None)
        if record is not None:
            self._ask_remove(record)

    def action_remove(self) -> None:
        if self.screen.focused is self.table and (record := self._current()) is not None:
            self._ask_remove(record)

    def _ask_remove(self, record: R) -> None:
        from ketajournal.screens.confirm import ConfirmDialog

        ident = self.kind.ident(record)

        def answered(yes: bool | None) -> None:
            if yes:
                self._screen().call(
                    lambda svc: self.kind.remove(svc, ident),
                    self._saved,
                    group=f"record-{self.kind.name}",
                )

        self.app.push_screen(
            ConfirmDialog(
                f"Remove {self.kind.describe(record)}? This cannot be undone.",
                yes="Remove",
                no="Keep",
            ),
            callback=answered,
        )

    def _current(self) -> R | None:
        row = self.table.cursor_row
        return self.records[row] if self.records and 0 <= row < len(self.records) else None

    def _screen(self) -> Any:
        """The screen holding the tab: a BaseScreen, whose `call` runs service calls."""
        return self.screen
