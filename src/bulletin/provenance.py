"""provenance: where each figure of a bulletin came from. A `Figure` is one number as a bulletin
shows it, with the data path it was read from (``indicators.value_added.value``) or the
derivation that computed it (``indicators.value_added.value − indicators.value_added.earlier.
previous_year.value``) and the rounding applied. For HTML, the verbalizer wraps each figure's
text in marker characters that carry the figure's index through Jinja, the catalogs and
python-markdown; `replace_marks` turns them into ``<data>`` elements at the end, and
`strip_marks` removes them wherever plain text is wanted. No files, no locale, no markup
other than the ``<data>`` element.

Paths name the field that holds the number in the long form of the data format: a short form
(``national: 13.4``, ``press_conference: 3``) stands for ``{value: …}``, so its path ends in
``.value`` too (``indicators.industrial_investment.benchmarks.national.value``).

>>> f = Figure("points", Decimal("0.3"), "0.3 percentage points",
...            derivation="indicators.a.value − indicators.b.value",
...            exact=Decimal("0.3"), decimals=1, absolute=True, number="0.3")
>>> f.explanation()
'indicators.a.value − indicators.b.value = 0.3 (rounded to 1 decimal)'
>>> Figure("points", Decimal("2.3"), "2.3", derivation="a − b", exact=Decimal("-2.25"),
...        decimals=1, absolute=True, number="2.3").explanation()
'a − b = -2.25 → -2.3 (rounded half up to 1 decimal; shown without its sign)'
>>> Figure("percent", Decimal("5.3"), "5.3%").explanation()
'source unknown = 5.3'
>>> strip_marks(mark(0, "5.3%") + " and " + mark(12, "6.1%"))
'5.3% and 6.1%'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import escape

from bulletin.numbers import round_half_up

# Unicode noncharacters, which the standard reserves for a program's internal use: never
# text, so a marker cannot be confused with anything a data file or a catalog says (and data
# text that contains one is refused when the data is read).
OPEN, SEP, CLOSE = "\ufdd0", "\ufdd1", "\ufdd2"
MARKER_CHARACTERS = OPEN + SEP + CLOSE
_MARK = re.compile(f"{OPEN}(\\d+){SEP}([^{MARKER_CHARACTERS}]*){CLOSE}")
_ANY_MARKER = re.compile(f"[{MARKER_CHARACTERS}]")
_MARKER_HEAD = re.compile(f"{OPEN}\\d+{SEP}")
_MARKER_IN_TAG = re.compile(f"<[^>]*[{MARKER_CHARACTERS}]")
_STYLE = re.compile(r"<style\b.*?</style>", re.DOTALL)

# Around a passage shown in the source language because its translation is missing (with
# --allow-untranslated): in the page it becomes <span lang="en" class="untranslated">.
FOREIGN_OPEN, FOREIGN_CLOSE = "\ufdd3", "\ufdd4"
_FOREIGN = re.compile(f"[{FOREIGN_OPEN}{FOREIGN_CLOSE}]")
_FOREIGN_IN_TAG = re.compile(r"<[^>]*>|<title>.*?</title>", re.DOTALL)

DATA_ATTRIBUTES = ("value", "data-source", "data-derivation", "title")
"""The only attributes of a ``<data>`` element, and the only way one reaches a page."""


class MarkError(ValueError):
    """A marker that cannot be turned into a ``<data>`` element (a bug, or tampering)."""


@dataclass(frozen=True)
class Figure:
    """A figure as a bulletin shows it: what it is, its value once rounded, its text, and where
    it came from (a data path or a derivation; neither when a template passed a bare number)."""

    kind: str  # percent, points, money (yuan), mass (tons), count, rank, number
    value: Decimal  # rounded as shown; amounts in base units (yuan, tons): `bulletin check`
    text: str
    source: str | None = None  # the data path of the number: indicators.value_added.value
    derivation: str | None = None  # how it was computed from the data
    exact: Decimal | None = None  # before rounding, signed, in the data's unit
    decimals: int | None = None  # rounded half up to this many decimals; None: as published
    absolute: bool = False  # shown without its sign (the words say the direction)
    number: str = ""  # the number the text states, in the data's unit: "5.3", "185.7", "13"
    unit: str = ""  # the data's unit where it is not percent, points or a count: 亿元

    @property
    def known(self) -> bool:
        return self.source is not None or self.derivation is not None

    @property
    def origin(self) -> str:
        return self.derivation or self.source or "source unknown"

    def explanation(self) -> str:
        """Where the figure came from, in one line: ``path = 5.3`` or ``a − b = 0.3 (rounded to
        1 decimal)``."""
        exact = self.value if self.exact is None else self.exact
        unit = f" {self.unit}" if self.unit else ""
        text = f"{self.origin} = {plain_number(exact)}{unit}"
        notes = []
        if self.decimals is not None:
            rounded = round_half_up(exact, -self.decimals)
            places = "a whole number" if self.decimals == 0 else f"{self.decimals} decimal"
            places += "s" if self.decimals > 1 else ""
            if rounded == exact:
                notes.append(f"rounded to {places}")
            else:
                text += f" → {plain_number(rounded)}{unit}"
                notes.append(f"rounded half up to {places}")
        if self.absolute and exact < 0:
            notes.append("shown without its sign")
        return text + (f" ({'; '.join(notes)})" if notes else "")


def plain_number(value: Decimal, places: int = 6) -> str:
    """A number for a reader of provenance: as computed, cut after ``places`` decimals.

    >>> plain_number(Decimal("71.69811320754716981132075472")), plain_number(Decimal("1E+1"))
    ('71.698113…', '10')
    """
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -places:
        return f"{value.quantize(Decimal(1).scaleb(-places)):f}…"
    return f"{value:f}" if isinstance(exponent, int) and exponent < 0 else f"{int(value)}"


def mark(index: int, text: str) -> str:
    """A figure's text wrapped in markers that carry its index."""
    return f"{OPEN}{index}{SEP}{text}{CLOSE}"


def tag_foreign(html: str, language: str) -> str:
    """Passages marked as shown in the source language become ``<span lang=…>``; in tags,
    attributes and the title, where no element may go, the markers are dropped.

    >>> print(tag_foreign('<p title="\ufdd3x\ufdd4">a \ufdd3Growth\ufdd4</p>', "en"))
    <p title="x">a <span lang="en" class="untranslated">Growth</span></p>
    """
    html = _FOREIGN_IN_TAG.sub(lambda m: _FOREIGN.sub("", m[0]), html)
    opening = f'<span lang="{language}" class="untranslated">'
    return html.replace(FOREIGN_OPEN, opening).replace(FOREIGN_CLOSE, "</span>")


def strip_marks(text: str) -> str:
    """The text without markers (for Markdown, titles, metadata and plain text)."""
    return _FOREIGN.sub("", _ANY_MARKER.sub("", _MARKER_HEAD.sub("", text)))


def marks_in(text: str) -> list[int]:
    """The indices of the figures marked in ``text``, in order."""
    return [int(m[1]) for m in _MARK.finditer(text)]


def after_marker_head(text: str) -> int:
    """Where the visible text starts, skipping a marker that opens it (for capitalizing)."""
    found = _MARKER_HEAD.match(text)
    return found.end() if found else 0


def data_element(figure: Figure, content: str) -> str:
    """``<data value=… data-source=… title=…>content</data>``; ``content`` is HTML already."""
    attributes = {
        "value": figure.number or f"{figure.value:f}",
        "data-derivation": figure.derivation,
        "data-source": None if figure.derivation else figure.source,
        "title": figure.explanation(),
    }
    inner = "".join(
        f' {name}="{escape(attributes[name])}"' for name in DATA_ATTRIBUTES if attributes[name]
    )
    return f"<data{inner}>{content}</data>"


def replace_marks(html: str, figures: Sequence[Figure]) -> str:
    """Every marked figure in an HTML page as a ``<data>`` element saying where it came from.

    Markers may stand in text only, each around exactly its figure's (escaped) text; none may
    survive. Anything else is refused rather than published.

    >>> fig = Figure("percent", Decimal("5.3"), "5.3%", source="indicators.va.value",
    ...              exact=Decimal("5.3"), number="5.3")
    >>> print(replace_marks("<p>up " + mark(0, "5.3%") + "</p>", [fig]))
    <p>up <data value="5.3" data-source="indicators.va.value" \
title="indicators.va.value = 5.3">5.3%</data></p>
    """
    if _MARKER_IN_TAG.search(html):
        raise MarkError("a figure's marker inside a tag or an attribute")
    if "<data" in _STYLE.sub("", html):  # every one on a page is made here
        raise MarkError("a <data> element that did not come from a figure")

    def element(found: re.Match[str]) -> str:
        index, content = int(found[1]), found[2]
        if index >= len(figures) or content != str(escape(figures[index].text)):
            raise MarkError(f"a marker that does not match figure {index}")
        return data_element(figures[index], content)

    result = _MARK.sub(element, html)
    if _ANY_MARKER.search(result):
        raise MarkError("a stray figure marker")
    return result
