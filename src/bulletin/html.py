"""html: turns a rendered bulletin into one standalone HTML page (CSS inlined, charts as inline
SVG, no external requests); never imports WeasyPrint."""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import markdown
from markupsafe import Markup

from bulletin.charts import Bar, Reference, bar_chart
from bulletin.compute import AnyFacts, Facts
from bulletin.errors import BulletinError
from bulletin.fonts import FAMILIES
from bulletin.verbalize import Verbalizer

STYLESHEET = "assets/bulletin.css"

# A line break next to a CJK character or full-width punctuation is not a space in Chinese.
_CJK = r"[\u2e80-\u9fff\u3000-\u303f\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
_CJK_SOFT_BREAK = re.compile(rf"(?<={_CJK})[ \t]*\n[ \t]*(?=\S)|(?<=\S)[ \t]*\n[ \t]*(?={_CJK})")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")

# What python-markdown may produce from our templates; anything else means markup slipped in
# from data or a catalog, and the page is refused rather than published.
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
class Charts:
    """Chart builders for the page template; the template supplies translated labels."""

    facts: AnyFacts
    fmt: Verbalizer

    def _description(self, title: str, bars: list[Bar]) -> str:
        return f"{title}: " + self.fmt.list(f"{b.label} {b.text}" for b in bars)

    def cities(self, title: str, province: str, national: str) -> Markup:
        if not isinstance(self.facts, Facts):
            raise BulletinError("the city chart belongs to a provincial bulletin")
        va = self.facts.value_added
        members = sorted(self.facts.cities.members, key=lambda m: m.rate.value, reverse=True)
        bars = [
            Bar(
                self._name(m.name),
                m.rate.value,
                self.fmt.percent(m.rate.value),
                highlight=m.rate.value >= 10,
            )
            for m in members
        ]
        references = (
            Reference(province, va.rate.value),
            Reference(national, self.facts.dataset.value_added.national_growth),
        )
        return bar_chart(
            "chart-cities", title, self._description(title, bars), bars, references, self._fonts()
        )

    def industries(self, title: str) -> Markup:
        bars = [
            Bar(self._name(m.name), m.rate.value, self.fmt.percent(m.rate.value))
            for m in self.facts.major_industries
        ]
        return bar_chart(
            "chart-industries", title, self._description(title, bars), bars, (), self._fonts()
        )

    def _fonts(self) -> str:
        """SVG text does not inherit the page's font stack in every renderer: name it."""
        families = FAMILIES.get(self.fmt.family, FAMILIES[""])
        return ", ".join(f"'{f}'" for f in families) + ", sans-serif"

    def _name(self, text: Any) -> str:
        value = text.get(self.fmt.language)
        return str(value) if value is not None else ""


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
