"""consistency: checks that every language of a bulletin states the same figures, by reading
the rendered text back; never formats figures itself."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from bulletin.pipeline import Rendering, load_and_compute, markdown_text
from bulletin.project import Project
from bulletin.provenance import Figure
from bulletin.style import Style

# How each language writes the figures that carry units, to read them back from the text.
# Values are scaled to a common base (per cent, points, yuan, tons) for comparison.
MAGNITUDES = {
    "万亿": 10**12,
    "亿": 10**8,
    "万": 10**4,
    "trillion": 10**12,
    "billion": 10**9,
    "million": 10**6,
    "": 1,
}
READERS: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    "en": [
        ("percent", re.compile(r"(-?\d[\d,]*(?:\.\d+)?)%")),
        ("points", re.compile(r"(\d+(?:\.\d+)?) percentage points?")),
        ("points", re.compile(r"(\d+(?:\.\d+)?) to (?=\d+(?:\.\d+)? percentage points)")),
        ("money", re.compile(r"(-?\d[\d,]*(?:\.\d+)?) ?(trillion|billion|million|) yuan")),
        ("mass", re.compile(r"(-?\d[\d,]*(?:\.\d+)?) ?(trillion|billion|million|) tons")),
    ],
    "zh": [
        ("percent", re.compile(r"(-?\d+(?:\.\d+)?)%")),
        ("points", re.compile(r"(\d+(?:\.\d+)?)个百分点")),
        ("money", re.compile(r"(-?\d+(?:\.\d+)?)(万亿|亿|万|)元")),
        ("mass", re.compile(r"(-?\d+(?:\.\d+)?)(万亿|亿|万|)吨")),
    ],
}
CHECKED_KINDS = ("percent", "points", "money", "mass")


@dataclass(frozen=True)
class Difference:
    language: str
    kind: str
    value: Decimal
    problem: str

    def __str__(self) -> str:
        return f"{self.language}: {self.kind} {self.value.normalize():f}: {self.problem}"


_NUMBER = r"(-?\d[\d,]*(?:\.\d+)?)"


def readers_for(language: str, style: Style | None = None) -> list[tuple[str, re.Pattern[str]]]:
    """How ``language`` writes figures, in the house style (``percent: "{} percent"`` reads
    "5.8 percent" where the language would write "5.8%")."""
    readers = READERS.get(language.split("-")[0], [])
    if style is None or not style.percent:
        return readers
    pattern = re.escape(style.percent).replace(re.escape("{}"), _NUMBER) + r"(?!\w)"
    return [("percent", re.compile(pattern))] + [r for r in readers if r[0] != "percent"]


def read_figures(
    text: str, language: str, style: Style | None = None
) -> Counter[tuple[str, Decimal]]:
    """The unit-bearing figures a text states, as (kind, value in base units)."""
    readers = readers_for(language, style)
    found: Counter[tuple[str, Decimal]] = Counter()
    if not readers:
        return found
    for kind, pattern in readers:
        for match in pattern.finditer(text):
            number = Decimal(match.group(1).replace(",", ""))
            if kind in ("money", "mass"):
                number *= MAGNITUDES[match.group(2)]
            if kind == "points":
                number = abs(number)
            found[(kind, number.normalize())] += 1
    return found


def _stated(figures: list[Figure]) -> Counter[tuple[str, Decimal]]:
    return Counter((f.kind, f.value.normalize()) for f in figures if f.kind in CHECKED_KINDS)


def check_bulletin(path: Path, languages: list[str], project: Project) -> list[Difference]:
    """Render every language and report figures missing from, or differing in, any of them.

    Three checks: each figure the verbalizer produced appears in that language's text; the
    figures produced are the same in every language; and the figures read back from each text
    are exactly those produced (a number typed into a translation by hand shows up here).
    """
    facts = load_and_compute(path, project)
    produced: dict[str, list[Figure]] = {}
    differences: list[Difference] = []
    for language in languages:
        rendering = Rendering.start(facts, language, project)
        text = markdown_text(rendering)
        figures = list(rendering.fmt.figures)
        produced[language] = figures
        body = re.sub(r"\s+", "", text)
        for figure in figures:
            if re.sub(r"\s+", "", figure.text) not in body and not figure.text.isalpha():
                differences.append(
                    Difference(
                        language,
                        figure.kind,
                        figure.value,
                        f"{figure.text!r} was formatted but is not in the text",
                    )
                )
        stated, read = _stated(figures), read_figures(text, language, rendering.fmt.style)
        if language.split("-")[0] in READERS:
            for (kind, value), count in (read - stated).items():
                differences.append(
                    Difference(
                        language,
                        kind,
                        value,
                        f"in the text {count} time(s) more than the data "
                        "gives it (typed into a translation?)",
                    )
                )
            for (kind, value), count in (stated - read).items():
                differences.append(
                    Difference(
                        language,
                        kind,
                        value,
                        f"in the text {count} time(s) less than the data "
                        "gives it (a placeholder lost or mistyped?)",
                    )
                )
    reference_language = languages[0]
    reference = _stated(produced[reference_language])
    for language in languages[1:]:
        other = _stated(produced[language])
        for (kind, value), _ in (reference - other).items():
            differences.append(
                Difference(language, kind, value, f"stated in {reference_language} but not here")
            )
        for (kind, value), _ in (other - reference).items():
            differences.append(
                Difference(language, kind, value, f"stated here but not in {reference_language}")
            )
    return differences
