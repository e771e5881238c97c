"""consistency: `bulletin check`. Reads a bulletin's text back, in every language and format,
and reports whatever disagrees with the data or between languages; never formats a figure
itself, and holds no table of any language.

Two kinds of check:

* The engine's own text (`check_facts`): every figure the verbalizer formatted is in the
  language's text; the figures read back from the text are exactly those formatted (a number
  typed into a translation shows up here); and every language states the same figures
  (percentages, points, amounts, counts, ranks).
* Each output, Markdown, HTML or PDF (`check_outputs`), rendered in memory or as published:
  the engine renders what the output should say from the data, and every sentence of that
  (a table row, a chart's text) must be in the output's text, whitespace aside. A sentence
  that is not is reported with the closest passage of the output and the words that differ;
  text of the output that the engine would not write is reported too. This reads direction
  words, counts, ranks and periods as well as figures, in any language.

Figures are read back with patterns built from the language's CLDR symbols (Babel: decimal and
group separators, minus and percent signs, the percent pattern, the compact magnitude words)
and from the catalog's own unit messages ("%(num)s percentage points", "%(amount)s元"), so a
new language's catalog is all `check` needs.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from babel import Locale

from bulletin.compute import Facts
from bulletin.errors import BulletinError, UsageError
from bulletin.locales import StrictTranslations, babel_locale, load_catalog
from bulletin.pipeline import (
    FORMATS,
    Document,
    Options,
    Rendering,
    build_documents,
    load_and_compute,
    markdown_text,
)
from bulletin.project import Project, find_project
from bulletin.provenance import Figure
from bulletin.style import Style
from bulletin.units import Units, units_of

if TYPE_CHECKING:
    from bulletin.pdfpool import PdfPool


# --- Differences ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """A figure that disagrees in the engine's own text of one language."""

    language: str
    kind: str
    value: Decimal
    problem: str

    def __str__(self) -> str:
        return f"{self.language}: {self.kind} {self.value.normalize():f}: {self.problem}"


@dataclass(frozen=True)
class Disagreement:
    """Something an output says that the data does not: ``source`` is the output's file name."""

    source: str
    language: str
    problem: str

    def __str__(self) -> str:
        return f"{self.source}: {self.problem}"


# --- Text: whitespace, wide characters, excerpts --------------------------------------------

# Characters that carry no text: a PDF's or an editor's soft hyphens, zero-width spaces and
# joiners, bidirectional marks, byte-order marks.
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff")
_WHITESPACE_RUN = re.compile(r"\s+")


def wide(char: str) -> bool:
    """A character that takes two columns (CJK): a line break next to one is no space."""
    return unicodedata.east_asian_width(char) in "WF"


def ignorable(char: str) -> bool:
    return char.isspace() or char in _INVISIBLE


def plain(text: str) -> str:
    """Text with its whitespace as a reader sees it: runs of whitespace are one space, none
    next to a wide character (a line break in Chinese text is not a space), none at the ends.

    >>> plain("增长\\n5.3%，比上年\\n高  0.3 个百分点"), plain(" up by\\n 5.3%\\u00ad ")
    ('增长5.3%，比上年高0.3个百分点', 'up by 5.3%')
    """
    text = "".join(c for c in text if c not in _INVISIBLE)

    def space(found: re.Match[str]) -> str:
        before = text[found.start() - 1] if found.start() else ""
        after = text[found.end()] if found.end() < len(text) else ""
        if not before or not after or wide(before) or wide(after):
            return ""
        return " "

    return _WHITESPACE_RUN.sub(space, text)


def squeezed(text: str) -> str:
    """The text without any whitespace: how outputs are compared (a line break, a wrapped
    line or a non-breaking space never counts)."""
    return "".join(c for c in text if not ignorable(c))


@dataclass(frozen=True)
class Flat:
    """A text without its whitespace, with where each remaining character stood."""

    text: str
    squeezed: str
    positions: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Flat:
        positions = tuple(i for i, c in enumerate(text) if not ignorable(c))
        return cls(text, "".join(text[i] for i in positions), positions)

    def original(self, start: int, end: int) -> str:
        """The text of ``squeezed[start:end]`` as the output has it, whitespace made plain."""
        if start >= end:
            return ""
        return plain(self.text[self.positions[start] : self.positions[end - 1] + 1])


def _columns(text: str) -> int:
    return sum(2 if wide(c) else 1 for c in text)


def shorten(text: str, limit: int = 120) -> str:
    """At most ``limit`` columns, cut with an ellipsis."""
    if _columns(text) <= limit:
        return text
    out = ""
    for char in text:
        if _columns(out + char) > limit - 1:
            break
        out += char
    return out.rstrip() + "…"


# --- Reading figures from CLDR symbols and the catalog's unit messages ------------------------


POINTS_MESSAGE = ("%(num)s percentage point", "%(num)s percentage points")
"""The message that words a percentage-point difference (`Verbalizer.points`), and its
plural."""
PAGE_MESSAGE = "Page %(page)s of %(pages)s"
"""The message of a PDF's page numbers (``templates/page.html.j2``)."""

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
_SPACES = "\\s\u00a0\u202f"


def _literal(text: str) -> str:
    """A regex for a piece of a message or pattern: whitespace may be any or none (a line
    break in a PDF, a non-breaking space), everything else as written."""
    parts: list[str] = []
    for char in text:
        if char.isspace():
            if not parts or parts[-1] != f"[{_SPACES}]*":
                parts.append(f"[{_SPACES}]*")
        elif char not in _INVISIBLE:
            parts.append(re.escape(char))
    return "".join(parts)


def _alternatives(options: Iterable[str]) -> str:
    """A regex that matches any of ``options``, the longest first (万亿 before 亿)."""
    unique = sorted({o for o in options if o}, key=len, reverse=True)
    return "(?:" + "|".join(_literal(o) for o in unique) + ")"


@dataclass(frozen=True)
class _Pattern:
    kind: str  # percent, points, or a unit's dimension (money, mass, …)
    regex: re.Pattern[str]
    magnitudes: dict[str, Decimal] = field(default_factory=dict)  # squeezed affix → factor


@dataclass(frozen=True)
class Reading:
    """One figure read from a text: what it is, its value in base units, where it stood."""

    kind: str
    value: Decimal
    start: int
    end: int


class FigureReader:
    """Reads the figures of one language back from its text, in base units: percentages,
    percentage points and amounts of every registered unit with words of its own.

    Everything it knows comes from CLDR (through Babel) and from the catalog: nothing here
    names a language.

    >>> from bulletin.locales import StrictTranslations
    >>> from bulletin.units import Unit, Units
    >>> units = Units({"元": Unit("元", "money", "元", 0, "%(amount)s yuan")})
    >>> en = FigureReader("en", StrictTranslations(), units)
    >>> sorted(en.read("profits of 18.57 billion yuan, up 24.0%, 0.3 percentage points"))
    [('money', Decimal('1.857E+10')), ('percent', Decimal('24')), ('points', Decimal('0.3'))]
    >>> sorted(FigureReader("fr", StrictTranslations(), units).read("soit 1 234,5 %"))
    [('percent', Decimal('1234.5'))]
    """

    def __init__(
        self,
        language: str,
        translations: StrictTranslations,
        units: Units,
        style: Style | None = None,
    ) -> None:
        self.language = language
        self.locale: Locale = babel_locale(language)
        symbols = self.locale.number_symbols["latn"]
        decimal, group = symbols["decimal"], symbols["group"]
        self._decimal, self._group = decimal, group
        self._minus = {symbols["minusSign"], "-", "\u2212"}
        self._percent_signs = {symbols["percentSign"], "%"}
        group_re = f"[{_SPACES}]" if group.isspace() else _literal(group)
        behind = "".join(
            f"(?<![0-9]{re.escape(s)})" for s in (decimal, group) if len(s) == 1 and s.strip()
        )
        self.number = (
            rf"(?<![0-9]){behind}(?P<sign>{_alternatives(self._minus)})?"
            rf"(?P<int>[0-9]{{1,3}}(?:{group_re}[0-9]{{3}})+(?![0-9])|[0-9]+)"
            rf"(?:{_literal(decimal)}(?P<frac>[0-9]+))?"
        )
        self.patterns: list[_Pattern] = []
        self._percent_patterns(style)
        self._message_patterns("points", message_forms(translations, *POINTS_MESSAGE), {})
        magnitudes = self._magnitudes()
        words: dict[str, set[str]] = {}
        for name in units.names():
            unit = units[name]
            if unit.words:
                words.setdefault(unit.words, set()).add(unit.dimension)
        for message, dimensions in sorted(words.items()):
            if len(dimensions) != 1:  # the same words for two dimensions: cannot tell them apart
                continue
            forms = message_forms(translations, message)
            self._message_patterns(dimensions.pop(), forms, magnitudes)

    # -- building ---------------------------------------------------------------------------

    def _percent_patterns(self, style: Style | None) -> None:
        pattern = str(self.locale.percent_formats[None].pattern).split(";")[0].replace("'", "")
        found = re.search(r"[#0-9,.]+", pattern)
        if found is not None:
            affix = f"[{_SPACES}]*{_alternatives(self._percent_signs)}"
            before, after = pattern[: found.start()], pattern[found.end() :]
            regex = (
                (affix if "%" in before else _literal(before))
                + f"[{_SPACES}]*"
                + "(?P<number>"
                + self.number
                + ")"
                + (affix if "%" in after else _literal(after))
            )
            self.patterns.append(_Pattern("percent", re.compile(regex)))
        if style is not None and style.percent:  # the house style: "{} percent"
            before, _, after = style.percent.partition("{}")
            regex = _literal(before) + "(?P<number>" + self.number + ")" + _literal(after)
            self.patterns.append(_Pattern("percent", re.compile(_bounded(regex, before, after))))

    def _magnitudes(self) -> dict[str, Decimal]:
        """CLDR's compact magnitude words of the language (亿, 万亿, billion, milliards), each
        with the power of ten it stands for."""
        found: dict[str, Decimal] = {}
        for format_type in ("short", "long"):
            try:
                formats = self.locale.compact_decimal_formats[format_type]
            except KeyError:
                continue
            for plural in formats:
                for key, pattern in formats[plural].items():
                    text = str(pattern.pattern).split(";")[0].replace("'", "")
                    zeros = re.search(r"0+", text)
                    if zeros is None or text[: zeros.start()].strip():
                        continue  # (a magnitude written before the number: not read)
                    affix = squeezed(text[zeros.end() :])
                    if affix:
                        exponent = len(str(key)) - 1 - (zeros.end() - zeros.start() - 1)
                        found.setdefault(affix, Decimal(10) ** exponent)
        return found

    def _message_patterns(
        self, kind: str, templates: Iterable[str], magnitudes: dict[str, Decimal]
    ) -> None:
        """A pattern for each form of a unit message: its placeholder becomes a number
        (with a magnitude word, for amounts), its text must be there."""
        for template in templates:
            pieces = _PLACEHOLDER.split(template.replace("%%", "%"))
            if len(pieces) != 3:  # (a message without its one placeholder: nothing to read)
                continue
            before, _, after = pieces
            if not squeezed(before + after):  # words that say nothing ("%(amount)s")
                continue
            number = "(?P<number>" + self.number + ")"
            if magnitudes:
                number += f"(?:[{_SPACES}]*(?P<magnitude>{_alternatives(magnitudes)}))?"
            regex = _literal(before) + f"[{_SPACES}]*" + number + f"[{_SPACES}]*" + _literal(after)
            self.patterns.append(
                _Pattern(kind, re.compile(_bounded(regex, before, after)), magnitudes)
            )

    # -- reading ----------------------------------------------------------------------------

    def _value(self, match: re.Match[str]) -> Decimal | None:
        digits = re.sub(r"[^0-9]", "", match["int"] or "")
        text = digits + ("." + match["frac"] if match["frac"] else "")
        try:
            value = Decimal(text)
        except InvalidOperation:
            return None
        return -value if match["sign"] else value

    def readings(self, text: str) -> list[Reading]:
        """Every figure in ``text`` with its place; where two readings overlap, the longer one
        ("0.3个百分点", points) wins over the shorter ("0.3个", items)."""
        text = plain(text)
        found: list[Reading] = []
        for pattern in self.patterns:
            for match in pattern.regex.finditer(text):
                value = self._value(match)
                if value is None:
                    continue
                if pattern.magnitudes and match["magnitude"]:
                    value *= pattern.magnitudes.get(squeezed(match["magnitude"]), Decimal(1))
                if pattern.kind == "points":
                    value = abs(value)
                found.append(Reading(pattern.kind, value.normalize(), match.start(), match.end()))
        found.sort(key=lambda r: (r.start, -(r.end - r.start)))
        chosen: list[Reading] = []
        for reading in found:
            if not chosen or reading.start >= chosen[-1].end:
                chosen.append(reading)
        return chosen

    def read(self, text: str) -> Counter[tuple[str, Decimal]]:
        """The figures a text states, as (kind, value in base units)."""
        return Counter((r.kind, r.value) for r in self.readings(text))


def message_forms(
    translations: StrictTranslations, msgid: str, plural: str | None = None
) -> list[str]:
    """Every way the catalog words a message: each of its translations, in any context and
    plural form (a unit after a magnitude word, 21 юань / 22 юаня / 25 юаней), and the source
    text and its plural, which an untranslated message shows; with the house style's terms."""
    forms = {msgid, plural or msgid}
    if translations.catalog is not None:
        for message in translations.catalog:
            ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
            if msgid not in ids or message.fuzzy:
                continue
            strings = message.string
            texts = [*ids, *(strings if isinstance(strings, tuple | list) else [strings])]
            forms.update(str(text) for text in texts if text)
    return sorted(_with_terms(form, translations.terms) for form in forms if form)


def _with_terms(text: str, terms: dict[str, str]) -> str:
    """A message with the house style's terms, as `StrictTranslations` gives it."""
    for term, replacement in terms.items():
        text = text.replace(term, replacement)
        if term[:1].islower():
            capital, replaced = (
                term[:1].upper() + term[1:],
                replacement[:1].upper() + replacement[1:],
            )
            text = text.replace(capital, replaced)
    return text


def _bounded(regex: str, before: str, after: str) -> str:
    """A message's pattern that does not start or end inside a word ("points" is not
    "point" + s); a wide character (CJK) is a word of its own."""
    if before[:1].isalnum() and not wide(before[0]):
        regex = r"(?<!\w)" + regex
    if after[-1:].isalnum() and not wide(after[-1]):
        regex += r"(?!\w)"
    return regex


@cache
def _project_reader(root: Path, language: str, style_json: str) -> FigureReader:
    project = find_project(str(root))
    style = Style.model_validate_json(style_json)
    translations = StrictTranslations(load_catalog(project, language), terms=style.terms)
    return FigureReader(language, translations, units_of(project), style)


def reader_for(rendering: Rendering) -> FigureReader:
    """The reader of a rendering's language, in its house style and catalog."""
    style = rendering.fmt.style
    translations = StrictTranslations(rendering.translations.catalog, terms=style.terms)
    return FigureReader(rendering.language, translations, units_of(rendering.project), style)


def read_figures(
    text: str, language: str, style: Style | None = None, project: Project | None = None
) -> Counter[tuple[str, Decimal]]:
    """The unit-bearing figures a text states, as (kind, value in base units), read as
    ``language`` writes them (in its house ``style``; ``"{} percent"`` reads "5.8 percent")."""
    project = project or find_project()
    style_json = (style or Style()).model_dump_json()
    return _project_reader(project.root, language, style_json).read(text)


# --- The engine's own text: figures ----------------------------------------------------------


def _stated(figures: Iterable[Figure]) -> Counter[tuple[str, Decimal]]:
    return Counter((f.kind, f.value.normalize()) for f in figures)


def check_bulletin(path: Path, languages: list[str], project: Project) -> list[Difference]:
    """Render every language's Markdown and report figures missing from, or differing in, any
    of them (`check_facts`)."""
    return check_facts(load_and_compute(path, project), languages, project)


def check_facts(facts: Facts, languages: Sequence[str], project: Project) -> list[Difference]:
    """Three checks of the engine's own text: each figure the verbalizer produced appears in
    that language's text; the figures read back from the text are those produced (a number
    typed into a translation shows up here, one lost from it too); and every language states
    the same figures, counts and ranks included."""
    produced: dict[str, list[Figure]] = {}
    differences: list[Difference] = []
    for language in languages:
        rendering = Rendering.start(facts, language, project)
        text = markdown_text(rendering)
        figures = list(rendering.fmt.figures)
        produced[language] = figures
        body = squeezed(_MARKDOWN_ESCAPE.sub(r"\1", text))  # (a figure's "[" is "\[" there)
        for figure in figures:
            if squeezed(figure.text) not in body and not figure.text.isalpha():
                differences.append(
                    Difference(
                        language,
                        figure.kind,
                        figure.value,
                        f"{figure.text!r} was formatted but is not in the text",
                    )
                )
        reader = reader_for(rendering)
        differences += _read_back(language, figures, reader.read(text), reader)
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


_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>])")


def _read_back(
    language: str,
    figures: list[Figure],
    read: Counter[tuple[str, Decimal]],
    reader: FigureReader,
) -> list[Difference]:
    """The figures read from a text against those the verbalizer produced for it, in the
    kinds it produced (a Chinese classifier after a name, 尼龙66项目, is no amount of
    projects unless the data states such amounts). A figure whose own text reads back as
    itself ("5.3%", "18.57 billion yuan") must be read exactly as often as it was produced;
    one that does not ("2.2" before "to 0.8 percentage points", a count) may explain a
    reading of the same value ("264户", households)."""
    kinds = {figure.kind for figure in figures}
    read = Counter({key: n for key, n in read.items() if key[0] in kinds})
    readable: Counter[tuple[str, Decimal]] = Counter()
    unread: Counter[Decimal] = Counter()
    for figure in figures:
        key = (figure.kind, figure.value.normalize())
        if reader.read(figure.text) == Counter({key: 1}):
            readable[key] += 1
        else:
            unread[figure.value.normalize()] += 1
    differences = []
    extra = read - readable
    for (kind, value), count in sorted(extra.items(), key=str):
        explained = min(count, unread[value])
        unread[value] -= explained
        if count > explained:
            differences.append(
                Difference(
                    language,
                    kind,
                    value,
                    f"in the text {count - explained} time(s) more than the data "
                    "gives it (typed into a translation?)",
                )
            )
    for (kind, value), count in sorted((readable - read).items(), key=str):
        differences.append(
            Difference(
                language,
                kind,
                value,
                f"in the text {count} time(s) less than the data gives it "
                "(a placeholder lost or mistyped?)",
            )
        )
    return differences


# --- The text of each format -----------------------------------------------------------------

_PROSE = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "caption", "figcaption"}
_PROSE |= {"dt", "dd", "pre", "summary", "td", "th"}
_BOUNDARIES = _PROSE | {
    "address", "article", "aside", "body", "div", "dl", "fieldset", "figure", "footer", "form",
    "header", "hr", "html", "main", "nav", "ol", "section", "table", "tbody", "tfoot", "thead",
    "ul", "br", "tr", "svg",
}  # fmt: skip
_UNSEEN = {"head", "script", "style", "template", "noscript", "title"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
_VOID |= {"track", "wbr"}


@dataclass(frozen=True)
class Unit:
    """A piece of an output's text that must be found whole: a sentence, a table row, the
    text a chart draws. ``header``: part of the title block (a PDF repeats it on every page)."""

    text: str
    header: bool = False


class _PageText(HTMLParser):
    """The text of an HTML page as a reader sees it: each sentence of a paragraph, heading,
    list item or caption; each table row; each chart's drawn text (and, with ``described``,
    its title and description, which a screen reader speaks but a PDF does not show). The head,
    scripts, styles and the hover titles of a chart's parts are not text."""

    def __init__(self, described: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.described = described
        self.language: str | None = None  # from <html lang>, for where sentences end
        self.units: list[Unit] = []
        self._text: list[str] = []
        self._unseen = 0
        self._row: list[str] | None = None
        self._svg: list[str] | None = None
        self._svg_stack: list[str] = []
        self._described: list[str] | None = None
        self._header = 0

    def _flush(self) -> None:
        text = plain("".join(self._text))
        self._text = []
        if not text:
            return
        if self._row is not None:
            self._row.append(text)
            return
        from bulletin.explain import sentences_of

        self.units += [Unit(s, self._header > 0) for s in sentences_of(text, self.language)]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.language = dict(attrs).get("lang") or None
        if tag == "body":  # (whatever a page left open in its head)
            self._unseen = 0
        if self._unseen or (tag in _UNSEEN and self._svg is None):
            if tag not in _VOID:
                self._unseen += 1
            return
        if self._svg is not None:
            if tag in ("title", "desc"):
                parent = self._svg_stack[-1] if self._svg_stack else ""
                self._described = [] if parent == "svg" and self.described else None
                if self._described is None:
                    self._unseen += 1
            self._svg_stack.append(tag)
            return
        if tag == "header":
            self._header += 1
        if tag in _BOUNDARIES:
            self._flush()
        if tag == "tr":
            self._row = []
        elif tag == "svg":
            self._svg, self._svg_stack = [], ["svg"]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._svg is None and not self._unseen and tag in _BOUNDARIES:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if self._svg is not None:
            self._end_svg_tag(tag)
            return
        if self._unseen:
            if tag in _UNSEEN:
                self._unseen -= 1
            return
        if tag in _BOUNDARIES:
            self._flush()
        if tag == "tr" and self._row is not None:
            row, self._row = self._row, None
            if row:
                self.units.append(Unit(" ".join(row), self._header > 0))
        if tag == "header" and self._header:
            self._header -= 1

    def _end_svg_tag(self, tag: str) -> None:
        assert self._svg is not None
        if tag in ("title", "desc"):
            if self._described is not None:
                text = plain("".join(self._described))
                if text:
                    self.units.append(Unit(text))
                self._described = None
            elif self._unseen:
                self._unseen -= 1
        elif tag == "text":
            self._svg.append(" ")
        while self._svg_stack:  # (forgiving: a hand-edited page may not close its tags)
            if self._svg_stack.pop() == tag:
                break
        if tag == "svg" or not self._svg_stack:
            text = plain("".join(self._svg))
            self._svg, self._svg_stack, self._unseen = None, [], 0
            if text:
                self.units.append(Unit(text))

    def handle_data(self, data: str) -> None:
        if self._described is not None:
            self._described.append(data)
        elif self._unseen:
            return
        elif self._svg is not None:
            if "text" in self._svg_stack:
                self._svg.append(data)
        else:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        self._flush()
        if self._svg:
            text = plain("".join(self._svg))
            if text:
                self.units.append(Unit(text))


def html_units(page: str, described: bool = True) -> list[Unit]:
    """What an HTML page says, piece by piece (``described``: with the charts' text
    alternatives, which a PDF does not show)."""
    parser = _PageText(described)
    parser.feed(page)
    parser.close()
    return parser.units


def markdown_units(text: str, language: str | None = None) -> list[Unit]:
    """What a Markdown bulletin says: each sentence of each block (markup and all)."""
    from bulletin.explain import sentences_of

    units = []
    for block in re.split(r"\n[ \t]*\n", text):
        units += [Unit(s) for s in sentences_of(plain(block), language)]
    return units


def _page_furniture(translations: StrictTranslations, header: Sequence[str]) -> re.Pattern[str]:
    """What a PDF prints in every page's margins, without whitespace: its page numbers (the
    catalog's "Page %(page)s of %(pages)s") and a running header repeating the title block."""
    pages = [
        "".join(
            r"[0-9]+" if i % 2 else re.escape(squeezed(piece))
            for i, piece in enumerate(_PLACEHOLDER.split(template))
            if i % 2 == 0 or piece in ("page", "pages")
        )
        for template in message_forms(translations, PAGE_MESSAGE)
    ]
    pieces = sorted({squeezed(h) for h in header if squeezed(h)}, key=len, reverse=True)
    alternatives = [*pages, *map(re.escape, pieces)]
    return re.compile("(?:" + "|".join(alternatives) + ")+")


def pdf_text(content: bytes, furniture: re.Pattern[str], name: str) -> str:
    """The text of a PDF, page after page, without what every page repeats in its margins
    (page numbers, running header), so that a sentence broken by a page reads whole."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logger = logging.getLogger("pypdf")  # (its complaints about a damaged file: the error says)
    saved = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(content))
            pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError) as e:
        raise BulletinError(f"{name}: not a readable PDF ({type(e).__name__}: {e})") from e
    finally:
        logger.setLevel(saved)
    kept = []
    for number, page in enumerate(pages):
        lines = page.splitlines()
        for k in range(min(6, len(lines)), 0, -1):  # (margin boxes are drawn after the page)
            if furniture.fullmatch(squeezed("".join(lines[-k:]))):
                del lines[-k:]
                break
        if number:  # (the first page shows the title block itself, at its top)
            for k in range(min(6, len(lines)), 0, -1):
                if furniture.fullmatch(squeezed("".join(lines[:k]))):
                    del lines[:k]
                    break
        kept.append("\n".join(lines))
    text = "\n".join(kept)  # (a ligature a font drew, "ﬁ", is two letters)
    return _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


_LIGATURES = re.compile("[\ufb00-\ufb06]")


# --- Comparing an output with what the engine would write -------------------------------------

_TOKEN = re.compile(r"[0-9]+(?:[.,'\u00a0\u202f’][0-9]+)*|[^\W\d_]+|\S")
CONTEXT = 24
"""Columns of context shown on each side of the words that differ."""
SIMILAR = 0.6
"""How alike a passage must be to a missing sentence to be reported as what became of it."""


def _tokens(text: str) -> list[tuple[int, int]]:
    """Words, numbers and marks of a text (a wide character is a word of its own)."""
    spans = []
    for found in _TOKEN.finditer(text):
        start, end = found.span()
        if any(wide(c) for c in found.group()):
            spans += [(i, i + 1) for i in range(start, end)]
        else:
            spans.append((start, end))
    return spans


def _excerpt(text: str, start: int, end: int) -> str:
    """``text[start:end]`` with some context, ellipses where cut."""
    left, right = start, end
    while left > 0 and _columns(text[left - 1 : start]) <= CONTEXT:
        left -= 1
    while right < len(text) and _columns(text[end : right + 1]) <= CONTEXT:
        right += 1
    while 0 < left < start and not text[left - 1].isspace() and not wide(text[left]):
        left += 1  # (not in the middle of a word)
    while end < right < len(text) and not text[right].isspace() and not wide(text[right - 1]):
        right -= 1
    return ("…" if left > 0 else "") + text[left:right].strip() + ("…" if right < len(text) else "")


@dataclass(frozen=True)
class WordDiff:
    """How a passage differs from the sentence expected: the differing words, and excerpts of
    both around them."""

    changes: list[tuple[str, str]]
    expected: str
    found: str


def word_diff(expected: str, found: str) -> WordDiff:
    """The words that differ between two versions of a sentence.

    >>> d = word_diff("grew in 13 of the 14 cities", "grew in 12 of the 14 cities")
    >>> d.changes, d.expected, d.found
    ([('13', '12')], 'grew in 13 of the 14 cities', 'grew in 12 of the 14 cities')
    >>> word_diff("增速比1—2月加快0.5个百分点", "增速比1—2月回落0.5个百分点").changes
    [('加快', '回落')]
    """
    a_spans, b_spans = _tokens(expected), _tokens(found)
    a = [expected[s:e] for s, e in a_spans]
    b = [found[s:e] for s, e in b_spans]
    changes: list[tuple[str, str]] = []
    first: tuple[int, int] | None = None
    last: tuple[int, int] = (0, 0)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        old = expected[a_spans[i1][0] : a_spans[i2 - 1][1]] if i2 > i1 else ""
        new = found[b_spans[j1][0] : b_spans[j2 - 1][1]] if j2 > j1 else ""
        changes.append((old, new))
        if first is None:
            first = (i1, j1)
        last = (i2, j2)
    if first is None:
        return WordDiff([], shorten(expected), shorten(found))

    def around(text: str, spans: list[tuple[int, int]], i: int, j: int) -> str:
        start = spans[i][0] if i < len(spans) else len(text)
        end = spans[j - 1][1] if j > i else start
        return _excerpt(text, start, end)

    return WordDiff(
        changes,
        around(expected, a_spans, first[0], last[0]),
        around(found, b_spans, first[1], last[1]),
    )


def _closest(key: str, text: str, lo: int, hi: int) -> tuple[int, int, float] | None:
    """The passage of ``text[lo:hi]`` most like ``key`` (both without whitespace): its span
    and how alike they are (0 to 1)."""
    if lo >= hi:
        return None
    matcher = SequenceMatcher(None, text, key, autojunk=False)
    anchor = matcher.find_longest_match(lo, hi, 0, len(key))
    if anchor.size == 0:
        return None
    begin = max(lo, anchor.a - anchor.b - len(key) // 2)
    window = text[begin : min(hi, anchor.a - anchor.b + len(key) + len(key) // 2)]
    least = 1 if len(key) < 12 else 3
    blocks = [
        b
        for b in SequenceMatcher(None, window, key, autojunk=False).get_matching_blocks()
        if b.size >= least or b.a + begin == anchor.a
    ]
    if not blocks:
        return None
    head, tail = blocks[0], blocks[-1]
    start = max(lo, begin + head.a - head.b)
    end = min(hi, begin + tail.a + tail.size + (len(key) - tail.b - tail.size))
    ratio = SequenceMatcher(None, text[start:end], key, autojunk=False).ratio()
    return start, end, ratio


MOSTLY = 10
"""An output that lacks more sentences than this, and more than half of them, is reported in
one line: it is another bulletin, or in another language."""
SNAP = 4
"""A passage found this close to the edge of the text the engine would not write takes all of
it (a changed sentence is reported whole, not as a sentence and a few stray letters)."""


def _where_it_went(key: str, flat: Flat, runs: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Where a sentence that is not in an output went: the passage most like it among the
    text the engine would not write (``runs``, widened by the sentence's length so that a
    passage partly covered by other sentences is found too), or None if nothing is alike."""
    best: tuple[float, int, int] | None = None
    for run_start, run_end in runs:
        lo, hi = max(0, run_start - len(key)), min(len(flat.squeezed), run_end + len(key))
        found = _closest(key, flat.squeezed, lo, hi)
        if found is None:
            continue
        start, end, ratio = found
        overlap = min(end, run_end) - max(start, run_start)
        if overlap <= 0 or ratio < SIMILAR or (best is not None and ratio <= best[0]):
            continue
        if 0 <= start - run_start <= SNAP:
            start = run_start
        if 0 <= run_end - end <= SNAP:
            end = run_end
        best = (ratio, start, end)
    return None if best is None else (best[1], best[2])


def compare(
    source: str,
    language: str,
    expected: Sequence[Unit],
    found_text: str,
    reader: FigureReader | None = None,
) -> list[Disagreement]:
    """What an output (its text ``found_text``) says otherwise than the engine would
    (``expected``): each expected sentence must be in it, whitespace aside, as often as the
    engine writes it; text of the output that the engine would not write is reported when it
    holds a word or a number. When both agree sentence for sentence, the figures read from
    each must agree too (a sentence repeated with its figures)."""
    flat = Flat.of(found_text)
    keys = list(dict.fromkeys(squeezed(u.text) for u in expected if squeezed(u.text)))
    everything = "\n".join(squeezed(u.text) for u in expected)
    covered = bytearray(len(flat.squeezed))
    for key in keys:
        start = flat.squeezed.find(key)
        while start >= 0:
            covered[start : start + len(key)] = b"\x01" * len(key)
            start = flat.squeezed.find(key, start + 1)
    runs = _uncovered(covered)
    absent = [u.text for u in expected if squeezed(u.text) not in flat.squeezed]
    absent = list(dict.fromkeys(a for a in absent if squeezed(a)))
    if len(absent) > max(MOSTLY, len(keys) // 2):  # (sentence by sentence would say nothing)
        return [
            Disagreement(
                source,
                language,
                f"{len(absent)} of the {len(keys)} sentences the data gives are not in it "
                "(another bulletin, language or data file?); the first: "
                f'"{shorten(absent[0])}"',
            )
        ]
    problems: list[Disagreement] = []
    accounted: list[tuple[int, int]] = []
    for unit in dict.fromkeys(u.text for u in expected):
        key = squeezed(unit)
        if not key:
            continue
        wanted, present = everything.count(key), flat.squeezed.count(key)
        if present >= wanted:
            continue
        if present:
            problems.append(
                Disagreement(
                    source,
                    language,
                    f'"{shorten(unit)}" is there {present} time(s); the data gives it {wanted}',
                )
            )
            continue
        found = _where_it_went(key, flat, runs)
        if found is None:
            problems.append(Disagreement(source, language, f'expected "{shorten(unit)}": missing'))
            continue
        start, end = found
        accounted.append((start, end))
        diff = word_diff(plain(unit), flat.original(start, end))
        words = "; ".join(f"{old or '∅'} → {new or '∅'}" for old, new in diff.changes)
        problems.append(
            Disagreement(
                source,
                language,
                f'expected "{diff.expected}" found "{diff.found}"'
                + (f" ({words})" if words else ""),
            )
        )
    for start, end in accounted:
        covered[start:end] = b"\x01" * (end - start)
    for start, end in _uncovered(covered):
        text = flat.original(start, end)
        if re.search(r"\w", text):
            problems.append(
                Disagreement(source, language, f'says what the data does not: "{shorten(text)}"')
            )
    if not problems and reader is not None:
        wanted_figures = reader.read("\n".join(u.text for u in expected))
        read = reader.read(found_text)
        for (kind, value), count in sorted((read - wanted_figures).items(), key=str):
            problems.append(
                Disagreement(
                    source,
                    language,
                    f"{kind} {value:f} is stated {count} time(s) more than the data gives it",
                )
            )
        for (kind, value), count in sorted((wanted_figures - read).items(), key=str):
            problems.append(
                Disagreement(
                    source,
                    language,
                    f"{kind} {value:f} is stated {count} time(s) less than the data gives it",
                )
            )
    return problems


def _uncovered(covered: bytearray) -> list[tuple[int, int]]:
    runs, start = [], None
    for i, flag in enumerate(covered):
        if not flag and start is None:
            start = i
        elif flag and start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(covered)))
    return runs


# --- Outputs: in memory or published -----------------------------------------------------------


@dataclass(frozen=True)
class Output:
    """One output to check: its file name, language, format and bytes."""

    name: str
    language: str
    format: str
    content: bytes


def output_name(stem: str, language: str, fmt: str) -> str:
    """The name `bulletin generate` gives an output (`Document.file_name`)."""
    return Document(language, fmt, b"").file_name(stem)


def find_outputs(
    paths: Sequence[Path], stem: str, languages: Sequence[str], formats: Sequence[str]
) -> list[Output]:
    """The outputs named, or found in the folders named, as ``<name>.<lang>.<format>``. In a
    folder, those of the data file (``<stem>.<lang>.<format>``) in ``languages`` and
    ``formats``; a file named must say its language (one of ``languages``) and format the
    same way."""
    outputs: list[Output] = []
    for path in paths:
        if path.is_dir():
            found = [
                path / output_name(stem, language, fmt)
                for language in languages
                for fmt in formats
                if (path / output_name(stem, language, fmt)).is_file()
            ]
            if not found:
                raise UsageError(
                    f"{path}: no outputs of {stem} in it ({stem}.<language>.<format> for "
                    f"{', '.join(languages)} in {', '.join(formats)})"
                )
            outputs += [_read_output(p, p.name[len(stem) + 1 :].split(".")[0]) for p in found]
        elif path.is_file():
            parts = path.name.rsplit(".", 2)
            if len(parts) != 3 or parts[2] not in FORMATS:
                raise UsageError(
                    f"{path}: not an output of bulletin generate (named "
                    f"<name>.<language>.<format>, the format one of {', '.join(FORMATS)})"
                )
            if parts[1] not in languages:
                raise UsageError(
                    f"{path}: its language {parts[1]!r} is not one checked here "
                    f"({', '.join(languages)}; see --lang and the data's release.languages)"
                )
            outputs.append(_read_output(path, parts[1]))
        else:
            raise UsageError(f"{path}: no such file or folder")
    unique = {(o.name, o.language, o.format): o for o in outputs}
    return list(unique.values())


def _read_output(path: Path, language: str) -> Output:
    fmt = path.suffix.removeprefix(".")
    try:
        content = path.read_bytes()
    except OSError as e:
        raise UsageError(f"{path}: cannot be read ({e.strerror or e})") from e
    return Output(path.name, language, fmt, content)


def _decoded(output: Output) -> str:
    try:
        return output.content.decode("utf-8")
    except UnicodeDecodeError as e:
        raise BulletinError(f"{output.name}: not UTF-8 text ({e.reason} at byte {e.start})") from e


@dataclass(frozen=True)
class _Expected:
    """What the engine writes in one language: its Markdown, its HTML page and the readers."""

    markdown: str
    page: str
    reader: FigureReader
    lookups: StrictTranslations


def _expected(
    facts: Facts, language: str, project: Project, documents: Sequence[Document]
) -> _Expected:
    rendering = Rendering.start(facts, language, project)
    content = {d.format: d.content for d in documents if d.language == language}
    style = rendering.fmt.style
    lookups = StrictTranslations(rendering.translations.catalog, terms=style.terms)
    return _Expected(
        content["md"].decode("utf-8"),
        content["html"].decode("utf-8"),
        reader_for(rendering),
        lookups,
    )


def check_output(output: Output, expected: _Expected) -> list[Disagreement]:
    """One output against what the engine writes for its language and format (a Markdown or
    HTML file byte for byte the engine's says what it says)."""
    engines = {"md": expected.markdown, "html": expected.page}.get(output.format)
    if engines is not None and output.content == engines.encode("utf-8"):
        return []
    if output.format == "md":
        units = markdown_units(expected.markdown, output.language)
        text = _decoded(output)
    elif output.format == "html":
        units = html_units(expected.page)
        text = "\n".join(u.text for u in html_units(_decoded(output)))
    else:
        units = html_units(expected.page, described=False)
        furniture = _page_furniture(expected.lookups, [u.text for u in units if u.header])
        text = pdf_text(output.content, furniture, output.name)
    return compare(output.name, output.language, units, text, expected.reader)


@dataclass(frozen=True)
class Checked:
    """What `check_outputs` found: the disagreements, the outputs it checked, and per language
    the messages that had no translation (English was shown for them)."""

    disagreements: list[Disagreement]
    outputs: list[Output]
    untranslated: dict[str, tuple[str, ...]]


def check_outputs(
    facts: Facts,
    stem: str,
    languages: Sequence[str],
    formats: Sequence[str],
    project: Project,
    outputs: Sequence[Output] | None = None,
    pool: PdfPool | None = None,
) -> Checked:
    """Each output against what the engine writes from the data: the ``outputs`` given (as
    published), or, without them, every language × format rendered in memory now. A message
    without a translation is shown in English, as `generate --allow-untranslated` does (and
    said in `Checked.untranslated`): missing translations are `validate`'s to refuse."""
    options = Options(allow_untranslated=True)
    if outputs is None:
        documents = build_documents(
            facts, list(languages), list(dict.fromkeys(["md", "html", *formats])), project,
            options, pool,
        )  # fmt: skip
        outputs = [
            Output(output_name(stem, d.language, d.format), d.language, d.format, d.content)
            for d in documents
            if d.format in formats
        ]
    else:
        wanted = list(dict.fromkeys(o.language for o in outputs))
        documents = build_documents(facts, wanted, ["md", "html"], project, options)
    problems: list[Disagreement] = []
    cache: dict[str, _Expected] = {}
    for output in outputs:
        if output.language not in cache:
            cache[output.language] = _expected(facts, output.language, project, documents)
        problems += check_output(output, cache[output.language])
    untranslated = {d.language: d.untranslated for d in documents if d.untranslated}
    return Checked(problems, list(outputs), untranslated)
