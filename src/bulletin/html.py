"""html: turns a rendered bulletin into one standalone HTML page (CSS inlined, charts as inline
SVG, no external requests); never imports WeasyPrint."""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

import markdown
from markupsafe import Markup

from bulletin.charts import Bar, Reference, bar_chart
from bulletin.compute import Facts
from bulletin.derive import (
    DeriveError,
    Difference,
    Value,
    condition,
    members_as_values,
    resolve,
)
from bulletin.errors import BulletinError
from bulletin.fonts import families
from bulletin.kinds import Chart, Page
from bulletin.locales import SOURCE_LANGUAGE, babel_locale
from bulletin.periods import Period
from bulletin.provenance import Figure, MarkError, replace_marks, strip_marks, tag_foreign
from bulletin.templating import PAGE_TEMPLATE, capfirst
from bulletin.verbalize import Verbalizer

if TYPE_CHECKING:
    from bulletin.pipeline import Rendering

STYLESHEET = "assets/bulletin.css"

# A line break next to a CJK character or full-width punctuation is not a space in Chinese.
_CJK = r"[\u2e80-\u9fff\u3000-\u303f\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
_CJK_SOFT_BREAK = re.compile(rf"(?<={_CJK})[ \t]*\n[ \t]*(?=\S)|(?<=\S)[ \t]*\n[ \t]*(?={_CJK})")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")

# What python-markdown may produce from our templates; anything else means markup slipped in
# from data or a catalog, and the page is refused rather than published. (A figure's <data>
# element is made afterwards, from its marker, by `provenance.replace_marks`, with only the
# attributes `provenance.DATA_ATTRIBUTES`; one in the Markdown is refused here.)
ALLOWED_TAGS = {"h1", "h2", "h3", "h4", "p", "strong", "em", "ul", "ol", "li", "br", "blockquote"}


def join_cjk_lines(text: str) -> str:
    """Remove soft line breaks that touch a CJK character (they would render as spaces).

    >>> join_cjk_lines("同比增长\\n5.3%，\\n比上年\\n\\n下一段 next\\nline")
    '同比增长5.3%，比上年\\n\\n下一段 next\\nline'
    """
    paragraphs = _PARAGRAPH_BREAK.split(text)
    separators = _PARAGRAPH_BREAK.findall(text)
    joined = [_CJK_SOFT_BREAK.sub("", p) for p in paragraphs]
    out = joined[0]
    for separator, paragraph in zip(separators, joined[1:], strict=True):
        out += separator + paragraph
    return out


class _TagCheck(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS or attrs:
            self.bad.append(f"<{tag}{''.join(f' {k}' for k, _ in attrs)}>")


def markdown_to_html(text: str) -> Markup:
    """Markdown body → HTML; refuses any tag or attribute our templates never produce."""
    html = markdown.markdown(join_cjk_lines(text), extensions=["smarty"], output_format="html")
    check = _TagCheck()
    check.feed(html)
    if check.bad:
        raise BulletinError(
            "refusing to publish markup that did not come from the templates: "
            + ", ".join(sorted(set(check.bad)))
            + " (data and catalogs may hold text only)"
        )
    return Markup(html)


def markdown_inline(text: str) -> Markup:
    """One line of Markdown (a title) → inline HTML, with the same check as the body.

    >>> str(markdown_inline(r"Growth in \\*Dalian\\* &amp; **more**"))
    'Growth in *Dalian* &amp; <strong>more</strong>'
    """
    block = str(markdown_to_html(text))
    return Markup(block.removeprefix("<p>").removesuffix("</p>"))


_TAG = re.compile(r"<[^>]*>")
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)


def plain_text(fragment: Markup) -> str:
    """The text of HTML that this module made (no comments or scripts in it), unescaped.

    >>> plain_text(Markup("Growth in *Dalian* &amp; <strong>more</strong>"))
    'Growth in *Dalian* & more'
    """
    return html_lib.unescape(_TAG.sub("", str(fragment)))


def first_paragraph_text(body: Markup) -> str:
    """The text of the first paragraph of a body this module made."""
    match = _FIRST_PARAGRAPH.search(str(body))
    return plain_text(Markup(match.group(1))) if match else ""


@dataclass(frozen=True)
class TableRow:
    """One row of the key-figure table, as its kind declares it and the data gives it."""

    label: str  # a catalog message (context "table") with ``variables``
    variables: dict[str, str]
    value: Value
    benchmark: Value | None

    @property
    def difference(self) -> Difference | None:
        return None if self.benchmark is None else Difference(self.value, self.benchmark)


@dataclass(frozen=True)
class PageBlocks:
    """The table and charts a kind's ``page:`` declares, built from the data for the page
    template; a row or chart whose data the release does not give is left out."""

    facts: Facts
    fmt: Verbalizer
    value: Callable[[str], Any]

    @property
    def spec(self) -> Page:
        return self.facts.kind.spec.page

    def _find(self, reference: str | None) -> Value | None:
        if reference is None:
            return None
        try:
            found = resolve(reference, self.facts.dataset)
        except DeriveError:
            return None
        return found if isinstance(found, Value) else None

    def rows(self) -> list[TableRow]:
        """The table's rows whose data the release gives."""
        table = self.spec.table
        if table is None:
            return []
        rows = []
        for row in table.rows:
            value = self._find(row.value)
            if value is None:
                continue
            variables = {}
            if row.amount is not None:
                level = self._find(row.amount)
                if level is None:
                    continue
                variables["amount"] = self.fmt.amount(level)
            rows.append(TableRow(row.label, variables, value, self._find(row.benchmark)))
        return rows

    def charts(self) -> list[Chart]:
        """The declared charts whose breakdown the release gives."""
        return [c for c in self.spec.charts if c.bars in self.facts.dataset.breakdowns]

    def period_of(self, chart: Chart) -> Period:
        return members_as_values(chart.bars, self.facts.dataset)[0].period

    def chart(self, index: int, chart: Chart, title: str, legends: list[str]) -> Markup:
        """One chart as inline SVG; ``title`` and ``legends`` come translated."""
        members = list(members_as_values(chart.bars, self.facts.dataset))
        if chart.order in ("desc", "asc"):
            members.sort(key=lambda m: m.value, reverse=chart.order == "desc")
        highlight = condition(chart.highlight, self.facts.dataset) if chart.highlight else None
        bars = []
        for m in members:
            text, figure = self._plain_percent(m)
            bars.append(
                Bar(
                    capfirst(self._name(m.name)),
                    m.value,
                    text,
                    highlight=bool(highlight and highlight(m.value)),
                    figure=figure,
                )
            )
        references = tuple(
            Reference(legend, found.value, self._plain_percent(found)[1])
            for legend, ref in zip(legends, chart.references, strict=True)
            if (found := self._find(ref.value)) is not None
        )
        description = f"{title}: " + self.fmt.list(f"{b.label} {b.text}" for b in bars)
        return bar_chart(f"chart-{index}", title, description, bars, references, self._fonts())

    def _plain_percent(self, value: Value) -> tuple[str, Figure]:
        """A value for SVG text, which holds no markup: plain, with where it came from."""
        with self.fmt.unmarked():
            text = self.fmt.percent(value)
        return text, self.fmt.figures[-1]

    def legend_value(self, reference: str) -> str:
        found = self._find(reference)
        return self._plain_percent(found)[0] if found is not None else ""

    def _fonts(self) -> str:
        """SVG text does not inherit the page's font stack in every renderer: name it."""
        return ", ".join(f"'{f}'" for f in families(self.fmt.language)) + ", sans-serif"

    def _name(self, text: Any) -> str:
        value = text.get(self.fmt.language) if text is not None else None
        return str(value) if value is not None else ""


def assemble_page(rendering: Rendering, markdown_source: str, font_file: Path | None) -> str:
    """The standalone page: the page template around the Markdown body made HTML, with the
    stylesheet inlined, the kind's table and charts, and plain-text metadata. The title block
    is the page's own, so the Markdown's is dropped.

    The narrative is rendered again with each figure marked (`Verbalizer.marking`), and must
    say exactly what ``markdown_source`` says; at the end every marked figure becomes a
    ``<data>`` element that names its source (`provenance.replace_marks`)."""
    from bulletin import __version__
    from bulletin.fonts import user_font
    from bulletin.pipeline import markdown_text

    title_line = markdown_source.split("\n\n", 1)[0]
    if not title_line.startswith("# "):
        raise BulletinError(f"{rendering.template_name} must start with a '# ' title line")
    stylesheet = rendering.project.template_file(STYLESHEET, rendering.facts.kind.folder)
    css = stylesheet.read_text(encoding="utf-8")
    font = user_font(font_file)
    font_face = (
        f'@font-face {{ font-family: "bulletin-user-font"; src: url("{font.path.as_uri()}"); }}\n'
        'html, html[lang] { font-family: "bulletin-user-font", sans-serif; }'
        if font
        else ""
    )
    with rendering.fmt.marking() as figures:  # each figure's text carries its index
        marked = markdown_text(rendering)
        if strip_marks(marked) != markdown_source:
            raise BulletinError(
                f"{rendering.template_name}: the HTML's text differs from the Markdown's (does a "
                "template decide something by a figure's formatted text?)"
            )
        body = marked.split("\n\n", 2)[2]
        body_html = markdown_to_html(body)
        title = markdown_inline(rendering.title())
        page = rendering.render(
            PAGE_TEMPLATE,
            title=title,
            title_text=strip_marks(plain_text(title)),
            subject=first_sentence(strip_marks(first_paragraph_text(body_html))),
            body=body_html,
            css=Markup(css),
            font_face=Markup(font_face),
            page=PageBlocks(rendering.facts, rendering.fmt, rendering.value),
            page_numbers=page_number_content,
            version=__version__,
            untranslated=tuple(rendering.translations.missing),
            language_name=babel_locale(rendering.language).get_display_name(SOURCE_LANGUAGE),
        )
    try:
        return tag_foreign(replace_marks(page, figures), SOURCE_LANGUAGE)
    except MarkError as e:
        raise BulletinError(f"refusing to publish the page: {e}") from e


def first_sentence(paragraph: str) -> str:
    """The PDF's subject: the first sentence of the body's first paragraph.

    >>> first_sentence("Growth was 5.3%. It rose."), first_sentence("同比增长5.3%。比上年高。")
    ('Growth was 5.3%.', '同比增长5.3%。')
    """
    match = re.match(r"(.+?(?:\.(?=\s|$)|。))", paragraph)
    return match.group(1) if match else paragraph[:200]


def page_number_content(template: str) -> Markup:
    """A translated "Page %(page)s of %(pages)s" as a CSS ``content`` value with counters.

    >>> str(page_number_content("第 %(page)s 页 / 共 %(pages)s 页"))
    '"第 " counter(page) " 页 / 共 " counter(pages) " 页"'
    """
    parts = re.split(r"(%\((?:page|pages)\)s)", template)
    tokens = []
    for part in parts:
        if part == "%(page)s":
            tokens.append("counter(page)")
        elif part == "%(pages)s":
            tokens.append("counter(pages)")
        elif part:
            text = part.replace("\\", "\\\\").replace('"', '\\"')
            tokens.append('"' + re.sub(r"[<>{};\n]", "", text) + '"')
    return Markup(" ".join(tokens))
