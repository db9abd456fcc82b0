"""The PHQ-9 or GAD-7, one item per screen, scored with its published bands at the end."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, ContentSwitcher, Header, OptionList, Static
from textual.widgets.option_list import Option

from ketajournal.domain import models as m
from ketajournal.domain import scales
from ketajournal.domain.crisis import crisis_guidance
from ketajournal.errors import KetaJournalError
from ketajournal.screens.autosave import DraftSaver
from ketajournal.screens.base import BaseScreen
from ketajournal.screens.confirm import ConfirmDialog
from ketajournal.screens.safety import SafetyScreen
from ketajournal.service import JournalService
from ketajournal.widgets.footer import KeyFooter

SCALE_NAME = {
    m.ScaleKind.PHQ9: "PHQ-9",
    m.ScaleKind.GAD7: "GAD-7",
    m.ScaleKind.MADRS: "MADRS",
    m.ScaleKind.CADSS: "CADSS",
}
STEMS = {m.ScaleKind.PHQ9: scales.PHQ9_STEM, m.ScaleKind.GAD7: scales.GAD7_STEM}
BANDS = {m.ScaleKind.PHQ9: scales.PHQ9_BANDS, m.ScaleKind.GAD7: scales.GAD7_BANDS}
ITEM9 = 8  # PHQ-9 item 9, thoughts of self-harm, counted from 0
CREDIT = (
    "PHQ-9 and GAD-7 were developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt "
    "Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission is "
    "required to reproduce them."
)
CREDIT_SHORT = (
    "PHQ-9, GAD-7: Drs. Spitzer, Williams, Kroenke and colleagues; educational grant, Pfizer Inc."
)
KEYS_HINT = "Press 0 to 3, or the arrows and enter. Escape: the previous item."
FLAGGED = (
    "Your answer to item 9 (thoughts of being better off dead or of hurting yourself) is "
    "flagged for your care team. Please reach out to them; F1 shows your contacts."
)


def scale_max(kind: m.ScaleKind) -> int:
    """The highest possible total of a scale."""
    if kind in scales.CLINICIAN_RANGES:
        return scales.CLINICIAN_RANGES[kind][1]
    return 3 * len(scales.items_for(kind))


def band_explanation(kind: m.ScaleKind, band: str) -> str:
    """A short, neutral sentence about a band: its range, and that it is not a diagnosis."""
    low = 0
    for upper, name in BANDS[kind]:
        if name == band:
            return (
                f"A score of {low} to {upper} is in the {band} range. Share it with your care "
                "team; it is not a diagnosis."
            )
        low = upper + 1
    return "Share your score with your care team; it is not a diagnosis."


def _finish(
    svc: JournalService, kind: m.ScaleKind, answers: list[int]
) -> tuple[m.ScaleResult, str]:
    result = svc.checkins.scale(kind, answers)
    svc.drafts.drop_scale(kind)
    return result, svc.settings.get().country


class ScaleScreen(BaseScreen[None]):
    """A self-report scale, item by item; stored once the last item is answered. The
    answers so far are kept as a draft as they are given, and offered back next time."""

    CSS_PATH = "checkin.tcss"
    HELP = (
        "A self-report questionnaire, one item at a time. Answer each item with 0 (not at all), "
        "1 (several days), 2 (more than half the days) or 3 (nearly every day), or choose with "
        "the arrows and enter. Escape or backspace goes back to the previous item to change "
        "it; on the first item it leaves. Your answers so far are kept as you go (quitting "
        "loses nothing) and offered back when you start it again; the score is saved when "
        "the last item is answered. " + CREDIT
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        *[
            Binding(str(value), f"answer({value})", label, id=f"scale.answer{value}", show=False)
            for value, label in enumerate(scales.ANSWER_CHOICES)
        ],
        Binding("escape,backspace", "back", "Back", id="scale.back"),
    ]

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = m.ScaleKind(kind)
        self.country = ""  # the person's country setting, read when the answers are saved
        self.items = scales.items_for(self.kind)  # refuses the clinician-rated scales
        self.answers: list[int | None] = [None] * len(self.items)
        self.index = 0
        self.finished = False  # every item answered: the answers are stored, or being stored
        self.result: m.ScaleResult | None = None
        self.refusal: str | None = None  # the journal refused the answers
        self.ready = False  # an earlier draft has been offered (or there was none)
        self.saver: DraftSaver[tuple[int, ...], None] = DraftSaver(
            self,
            lambda: None if self.finished or not self.ready else self._so_far(),
            lambda svc, answers: svc.drafts.keep_scale(self.kind, list(answers)),
            delay=lambda: 0.0,
        )
        self.savers = (self.saver,)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="scale-progress", markup=False)
        with ContentSwitcher(initial="scale-question", id="scale-views"):
            with Vertical(id="scale-question"):
                yield Static(STEMS[self.kind], id="scale-stem", classes="muted", markup=False)
                yield Static("", id="scale-item", markup=False)
                yield OptionList(
                    *[
                        Option(Content.assemble((f"{value}  ", "bold"), label), id=f"a{value}")
                        for value, label in enumerate(scales.ANSWER_CHOICES)
                    ],
                    id="scale-answers",
                    compact=True,
                )
                yield Static("", id="scale-previous", classes="muted", markup=False)
                yield Static(KEYS_HINT, id="scale-hint", classes="muted", markup=False)
                yield Static(CREDIT_SHORT, id="scale-credit", classes="muted", markup=False)
            with VerticalScroll(id="scale-result"):
                yield Static("", id="result-total", markup=False)
                yield Static("", id="result-explain", markup=False)
                yield Static("", id="result-flag", classes="warning", markup=False)
                yield Static("", id="result-status", classes="muted", markup=False)
                yield Button("Done", id="scale-done", variant="primary", compact=True)
        yield KeyFooter()

    @property
    def NAME(self) -> str:  # type: ignore[override]  # noqa: N802 - the base's name
        return SCALE_NAME[self.kind]

    def on_mount(self) -> None:
        self.sub_title = SCALE_NAME[self.kind]
        self.query_one("#result-flag", Static).display = False
        self.show_item(0)
        self.call(lambda svc: svc.drafts.scale(self.kind), self._offer, group="scale-draft")

    def _so_far(self) -> tuple[int, ...]:
        """The answers given, in item order, up to the first item not answered."""
        given = []
        for answer in self.answers:
            if answer is None:
                break
            given.append(answer)
        return tuple(given)

    def _offer(self, earlier: list[int] | None) -> None:
        """An unfinished questionnaire from before: continue it, or start again."""
        if not earlier:
            self.ready = True
            return
        self.saver.stored(tuple(earlier))
        name = SCALE_NAME[self.kind]

        def answered(go_on: bool | None) -> None:
            self.ready = True
            if go_on:
                self.answers[: len(earlier)] = earlier
                self.show_item(len(earlier))
                self.notify(
                    f"Continuing at item {len(earlier) + 1}; escape goes back to change an "
                    "earlier answer.",
                    markup=False,
                )
            else:
                self.saver.stored(None)
                self.call(lambda svc: svc.drafts.drop_scale(self.kind), group="scale-draft")

        self.app.push_screen(
            ConfirmDialog(
                f"You began a {name} earlier and answered {len(earlier)} of {len(self.items)} "
                "items. Continue where you left off?",
                yes="Continue",
                no="Start again",
            ),
            callback=answered,
        )

    # -- one item at a time -------------------------------------------------------------

    def show_item(self, index: int) -> None:
        self.index = max(0, min(index, len(self.items) - 1))
        answer = self.answers[self.index]
        self.query_one("#scale-item", Static).update(
            Content.assemble(
                (f"{self.index + 1}. ", "bold $accent"), (self.items[self.index], "bold")
            )
        )
        options = self.query_one("#scale-answers", OptionList)
        options.highlighted = answer  # your earlier answer, so enter keeps it
        options.focus()
        self.query_one("#scale-previous", Static).update(
            f"Your answer so far: {answer} {scales.ANSWER_CHOICES[answer]}"
            if answer is not None
            else ""
        )
        self._show_progress()

    def _show_progress(self) -> None:
        marks: list[Content | str | tuple[str, str]] = []
        for i, answer in enumerate(self.answers):
            if i == self.index and not self.finished:
                marks.append(("●", "bold $accent"))
            elif answer is not None:
                marks.append(("■", "$primary"))
            else:
                marks.append(("○", "$text-muted"))
            marks.append(" ")
        name = SCALE_NAME[self.kind]
        where = "result" if self.finished else f"item {self.index + 1} of {len(self.items)}"
        self.query_one("#scale-progress", Static).update(
            Content.assemble((name, "bold $primary"), f" · {where}   ", *marks)
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "answer" and self.finished)

    @on(OptionList.OptionSelected, "#scale-answers")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_answer(event.option_index)

    def action_answer(self, value: int) -> None:
        if self.finished:
            return
        self.answers[self.index] = value
        last = self.index == len(self.items) - 1
        if last:  # every earlier item was answered on the way here
            self.finished = True
            self.saver.stop()
            answers = [a for a in self.answers if a is not None]
            self.call(
                lambda svc: self.saver.last(svc, lambda s: _finish(s, self.kind, answers)),
                self._saved,
                group="scale-save",
                failed=self._refused,
            )
        else:
            self.saver.flush()  # kept at once: a closed terminal loses no answer

        def carry_on(_: object = None) -> None:
            if last:
                self._show_result()
            else:
                self.show_item(self.index + 1)

        if self.kind is m.ScaleKind.PHQ9 and self.index == ITEM9 and value > 0:
            # Whatever the total: contacts and crisis guidance at once, then the person goes on.
            self.app.push_screen(SafetyScreen(), callback=carry_on)
        else:
            carry_on()

    def action_back(self) -> None:
        if self.finished:
            self.app.pop_screen()
        elif self.index == 0:
            kept = bool(self._so_far())
            self.saver.flush()
            self.app.pop_screen()
            self.app.notify(
                "Left the questionnaire; your answers so far are kept for next time."
                if kept
                else "Left the questionnaire; nothing was saved.",
                markup=False,
            )
        else:
            self.show_item(self.index - 1)

    # -- the result ---------------------------------------------------------------------

    def _saved(self, saved: tuple[m.ScaleResult, str]) -> None:
        self.result, self.country = saved
        self.query_one("#result-flag", Static).update(
            f"{FLAGGED}\n\n{crisis_guidance(self.country)}"
        )
        self._show_status()

    def _refused(self, error: KetaJournalError) -> None:
        self.refusal = str(error)
        self._show_status()

    def _show_status(self) -> None:
        status = self.query_one("#result-status", Static)
        if self.refusal is not None:
            status.update(f"Not saved: {self.refusal}")
            status.set_classes("warning")
        elif self.result is not None:
            status.update("Saved. It is listed in your check-in history.")
            status.set_classes("ok")
        else:
            status.update("Saving…")
            status.set_classes("muted")

    def _show_result(self) -> None:
        scored = scales.score_answers(self.kind, tuple(a or 0 for a in self.answers))
        name = SCALE_NAME[self.kind]
        self.query_one("#result-total", Static).update(
            Content.assemble(
                (f"Your {name} total: ", "bold"),
                (f"{scored.score} of {scale_max(self.kind)}", "bold $accent"),
                (" · ", "bold"),
                (scored.band, "bold $accent"),
            )
        )
        self.query_one("#result-explain", Static).update(band_explanation(self.kind, scored.band))
        flag = self.query_one("#result-flag", Static)
        flag.update(f"{FLAGGED}\n\n{crisis_guidance(self.country)}")
        flag.display = scored.item9_positive
        self._show_status()
        self.query_one("#scale-views", ContentSwitcher).current = "scale-result"
        self._show_progress()
        self.query_one("#scale-done", Button).focus()

    @on(Button.Pressed, "#scale-done")
    def _done(self) -> None:
        self.app.pop_screen()
