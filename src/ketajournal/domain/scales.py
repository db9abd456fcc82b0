"""Scores the self-report scales PHQ-9 and GAD-7 with their published bands.

The item texts of PHQ-9 and GAD-7 were developed by Drs. Robert L. Spitzer, Janet B.W.
Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc.; no
permission is required to reproduce, translate, display or distribute them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ketajournal.domain.models import ScaleKind
from ketajournal.errors import ValidationError

ANSWER_CHOICES: tuple[str, ...] = (
    "Not at all",
    "Several days",
    "More than half the days",
    "Nearly every day",
)

PHQ9_STEM = (
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
)
PHQ9_ITEMS: tuple[str, ...] = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself - or that you are a failure or have let yourself"
    " or your family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite -"
    " being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
)

GAD7_STEM = "Over the last 2 weeks, how often have you been bothered by the following problems?"
GAD7_ITEMS: tuple[str, ...] = (
    "Feeling nervous, anxious or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid as if something awful might happen",
)

# (upper bound inclusive, band name)
PHQ9_BANDS: tuple[tuple[int, str], ...] = (
    (4, "minimal"),
    (9, "mild"),
    (14, "moderate"),
    (19, "moderately severe"),
    (27, "severe"),
)
GAD7_BANDS: tuple[tuple[int, str], ...] = (
    (4, "minimal"),
    (9, "mild"),
    (14, "moderate"),
    (21, "severe"),
)

# Clinician-rated scales are stored as numbers only; their items are not shipped.
CLINICIAN_RANGES: dict[ScaleKind, tuple[int, int]] = {
    ScaleKind.MADRS: (0, 60),
    ScaleKind.CADSS: (0, 92),
}
# The total of every scale, self-rated (the sum of its answers) or clinician-rated.
SCORE_RANGES: dict[ScaleKind, tuple[int, int]] = {
    ScaleKind.PHQ9: (0, 27),
    ScaleKind.GAD7: (0, 21),
    **CLINICIAN_RANGES,
}


@dataclass(frozen=True, slots=True)
class ScaleScore:
    score: int
    band: str
    item9_positive: bool = False


def items_for(scale: ScaleKind) -> tuple[str, ...]:
    if scale is ScaleKind.PHQ9:
        return PHQ9_ITEMS
    if scale is ScaleKind.GAD7:
        return GAD7_ITEMS
    raise ValidationError("scale", "phq9 or gad7 to answer item by item", str(scale))


def band_for(scale: ScaleKind, score: int) -> str:
    bands = PHQ9_BANDS if scale is ScaleKind.PHQ9 else GAD7_BANDS
    for upper, name in bands:
        if 0 <= score <= upper:
            return name
    raise ValidationError("score", f"0-{bands[-1][0]}", score)


def score_answers(scale: ScaleKind, answers: tuple[int, ...] | list[int]) -> ScaleScore:
    """Scores a complete set of answers (each 0-3). PHQ-9 item 9 above 0 is flagged."""
    items = items_for(scale)
    if len(answers) != len(items):
        raise ValidationError(
            "answers", f"{len(items)} comma-separated numbers 0-3 for {scale.value}", len(answers)
        )
    for index, answer in enumerate(answers, start=1):
        if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer <= 3:
            raise ValidationError(f"answers (item {index})", "0, 1, 2 or 3", answer)
    total = sum(answers)
    item9 = scale is ScaleKind.PHQ9 and answers[8] > 0
    return ScaleScore(score=total, band=band_for(scale, total), item9_positive=item9)
