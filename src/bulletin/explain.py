"""explain: a bulletin sentence by sentence, each with the figures it states, their values and
where they came from (a data path, or a derivation and its rounding), for statisticians who
check a release before it is published (`bulletin explain`). Reads the text the engine renders;
never formats a figure itself."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

from bulletin import spellout
from bulletin.compute import Facts
from bulletin.html import markdown_to_html
from bulletin.locales import babel_locale
from bulletin.pipeline import Rendering, markdown_text
from bulletin.project import Project
from bulletin.provenance import CLOSE, OPEN, Figure, marks_in, strip_marks

TEXT_COLUMN = 24
"""Where the provenance of a figure starts, after its text."""

_BLOCKS = {"h1", "h2", "h3", "h4", "p", "li", "blockquote"}
# A sentence ends with . ! ? (and a closing quote), then a space; or with 。！？ in Chinese.
_SENTENCE_END = re.compile(
    r"(?<=[.!?])\s+(?=\S)|(?<=[.!?][\"”’)])\s+(?=\S)|(?<=[。！？])(?![”’）])|(?<=[。！？][”’）])"
)


@dataclass(frozen=True)
class Sentence:
    text: str
    figures: tuple[Figure, ...]


class _Blocks(HTMLParser):
    """The text of each heading, paragraph and list item of a body this package made."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._text: list[str] = []

    def _flush(self) -> None:
        text = " ".join("".join(self._text).split())
        if strip_marks(text).strip():
            self.blocks.append(text)
        self._text = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        self._text.append(data)


def sentences_of(block: str, language: str | None = None) -> list[str]:
    """A paragraph's sentences. A figure is never cut (its markers stay with their sentence),
    and in ``language`` a period that ends a digit ordinal (German "am 23. April") or one of
    CLDR's abbreviated magnitudes ("18,57 Mrd. Yuan") ends no sentence.

    >>> sentences_of("Growth was 5.3%. It rose by 0.3 points. “Quoted.” Next")
    ['Growth was 5.3%.', 'It rose by 0.3 points.', '“Quoted.”', 'Next']
    >>> sentences_of("同比增长5.3%。比上年高0.3个百分点。")
    ['同比增长5.3%。', '比上年高0.3个百分点。']
    >>> sentences_of("Am 23. April: 18,57 Mrd. Yuan, im 1. Quartal. Danach.", "de")
    ['Am 23. April: 18,57 Mrd. Yuan, im 1. Quartal.', 'Danach.']
    """
    parts = [part.strip() for part in _SENTENCE_END.split(block) if part and part.strip()]
    continued = _no_end_before(language)
    sentences: list[str] = []
    for part in parts:
        if sentences and (_open_figure(sentences[-1]) or continued(sentences[-1])):
            sentences[-1] += " " + part
        else:
            sentences.append(part)
    return sentences


def _open_figure(text: str) -> bool:
    """Whether ``text`` ends inside a figure's markers (its text had a period in it)."""
    return text.rfind(OPEN) > text.rfind(CLOSE)


@functools.cache
def _no_end_before(language: str | None) -> Callable[[str], bool]:
    """Whether a piece ends with a period that, in ``language``, ends no sentence: one after
    a digit where the language writes ordinals "5." (CLDR's rule-based ordinals), or one of
    the language's abbreviated magnitude words (CLDR's compact patterns: Mio., Mrd.)."""
    if language is None:
        return lambda text: False
    locale = babel_locale(language)
    words = {
        re.sub(r"'([^']*)'", r"\1", str(pattern.pattern)).replace("0", "").strip()
        for forms in locale.compact_decimal_formats.values()
        for patterns in forms.values()
        for pattern in patterns.values()
    }
    abbreviations = tuple(sorted(w for w in words if w.endswith(".") and len(w) > 1))
    digit_ordinal = spellout.ordinal_digits(5, str(locale)) == "5."

    def continued(text: str) -> bool:
        plain = strip_marks(text)
        if digit_ordinal and re.search(r"\d\.$", plain):
            return True
        return plain.endswith(abbreviations) if abbreviations else False

    return continued


def explain(facts: Facts, language: str, project: Project) -> list[Sentence]:
    """Every sentence of the bulletin in ``language`` (title and headings included), each with
    the figures it states, in order."""
    rendering = Rendering.start(facts, language, project)
    with rendering.fmt.marking() as figures:
        marked = markdown_text(rendering)
    parser = _Blocks()
    parser.feed(str(markdown_to_html(marked)))
    parser.close()
    return [
        Sentence(strip_marks(sentence), tuple(figures[i] for i in marks_in(sentence)))
        for block in parser.blocks
        for sentence in sentences_of(block, language)
    ]


def width(text: str) -> int:
    """Columns on a terminal: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def figure_line(figure: Figure) -> str:
    """``  5.3%                    indicators.value_added.value = 5.3``."""
    gap = max(2, TEXT_COLUMN - width(figure.text))
    return f"  {figure.text}{' ' * gap}{figure.explanation()}"


def format_sentences(sentences: list[Sentence], every: bool = False) -> str:
    """The sentences that state figures (``every``: all of them), each followed by its
    figures, one per line; a blank line between sentences."""
    parts = []
    for sentence in sentences:
        if sentence.figures or every:
            parts.append("\n".join([sentence.text, *map(figure_line, sentence.figures)]))
    return "\n\n".join(parts) + "\n"
