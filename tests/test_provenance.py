"""Every figure traceable: each number the engine formats knows where it came from (a data path
or a derivation and its rounding). The HTML carries it in ``<data>`` elements, checked here
against the data file itself, read independently of the engine; the Markdown stays as it was;
`bulletin explain` lists it sentence by sentence; and none of it opens a way for markup."""

from __future__ import annotations

import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from bulletin.cli import main
from bulletin.errors import BulletinError, DataError
from bulletin.explain import width
from bulletin.html import markdown_to_html
from bulletin.loading import _DecimalLoader, parse_dataset
from bulletin.numbers import round_half_up
from bulletin.pipeline import (
    Options,
    Rendering,
    build_bulletin,
    build_documents,
    facts_from,
    markdown_text,
)
from bulletin.project import find_project
from bulletin.provenance import MARKER_CHARACTERS, Figure, MarkError, mark, replace_marks
from bulletin.units import units_of
from bulletin.verbalize import Verbalizer

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "liaoning-2024q1.yaml"
CITY_SAMPLE = ROOT / "data" / "cities" / "dalian-2024q1.yaml"
PRICES_SAMPLE = ROOT / "kinds" / "consumer-prices" / "china-2023-04.yaml"
SAMPLES = {"liaoning": SAMPLE, "dalian": CITY_SAMPLE, "china-cpi": PRICES_SAMPLE}
LANGUAGES = ("en", "zh-CN")


# --- the data file, read on its own ---------------------------------------------------------


def read_document(path: Path) -> dict[str, Any]:
    """A data file as written (numbers as Decimal, as published)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_DecimalLoader)


_SEGMENT = re.compile(r"([a-z0-9_]+)(?:\[(\d+)\])?")


def lookup(document: dict[str, Any], path: str) -> tuple[Decimal, dict[str, Any]]:
    """The number at ``path`` in a data file as written, and the mapping that holds it; a short
    form (``national: 13.4``) stands for ``{value: 13.4}``."""
    node: Any = document
    parent: dict[str, Any] = {}
    for segment in path.split("."):
        found = _SEGMENT.fullmatch(segment)
        assert found, f"{path}: {segment!r} is not a field name"
        name, index = found[1], found[2]
        if name == "value" and not isinstance(node, dict):
            continue  # the short form: the number itself
        assert isinstance(node, dict) and name in node, f"{path}: no {name!r} in the data"
        parent, node = node, node[name]
        if index is not None:
            parent, node = node[int(index)], node[int(index)]
    assert isinstance(node, int | Decimal), f"{path} is not a number: {node!r}"
    holder = node if isinstance(node, dict) else parent
    return Decimal(node), holder


_COMPARE = {
    ">": lambda a, b: a > b,
    "≥": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    "≤": lambda a, b: a <= b,
    "=": lambda a, b: a == b,
}


def _operand(document: dict[str, Any], text: str) -> Decimal:
    if re.fullmatch(r"-?\d+(?:\.\d+)?", text):
        return Decimal(text)
    return evaluate(document, text)


def evaluate(document: dict[str, Any], expression: str) -> Decimal:
    """A derivation as provenance states it, computed from the data file."""
    expression = expression.strip()
    if found := re.fullmatch(r"min\((\d+), (.+)\)", expression):
        return min(Decimal(found[1]), evaluate(document, found[2]))
    if found := re.fullmatch(r"count\(([\w.\[\]]+)(?: where (.+))?\)", expression):
        members = document
        for name in found[1].split("."):
            members = members[name]
        assert isinstance(members, list)
        conditions = []
        for clause in (found[2] or "").split(" and ") if found[2] else []:
            field, symbol, operand = clause.split(" ", 2)
            assert field == "value"
            conditions.append((_COMPARE[symbol], _operand(document, operand)))
        values = [Decimal(m["value"]) for m in members]
        return Decimal(sum(all(test(v, limit) for test, limit in conditions) for v in values))
    if " × 100 ÷ " in expression:
        part, whole = expression.split(" × 100 ÷ ")
        return evaluate(document, part) * 100 / evaluate(document, whole)
    if " − " in expression:
        a, b = expression.split(" − ")
        return evaluate(document, a) - evaluate(document, b)
    return lookup(document, expression)[0]


# --- the page ---------------------------------------------------------------------------------


class _Traced(HTMLParser):
    """Every ``<data>`` element (attributes and text) and every traced SVG group of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.data: list[tuple[dict[str, str], str]] = []
        self.groups: list[dict[str, str]] = []
        self._open: dict[str, str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "data":
            assert self._open is None, "a <data> inside another"
            self._open, self._text = {k: v or "" for k, v in attrs}, []
        elif tag == "g" and attrs:
            self.groups.append({k: v or "" for k, v in attrs})

    def handle_endtag(self, tag: str) -> None:
        if tag == "data" and self._open is not None:
            self.data.append((self._open, "".join(self._text)))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)


def _rounding(title: str) -> int | None:
    if "rounded to a whole number" in title:
        return 0
    found = re.search(r"rounded (?:half up )?to (\d+) decimals?", title)
    return int(found[1]) if found else None


def _number_in(text: str) -> Decimal | None:
    found = re.search(r"[-+]?\d[\d,]*(?:\.\d+)?", text)
    return Decimal(found[0].replace(",", "").lstrip("+")) if found else None


@pytest.fixture(scope="module")
def pages() -> dict[tuple[str, str], str]:
    project = find_project(str(ROOT))
    found = {}
    for name, path in SAMPLES.items():
        for doc in build_bulletin(path, list(LANGUAGES), ["html"], project):
            found[name, doc.language] = doc.content.decode("utf-8")
    return found


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_every_figure_in_the_html_names_a_source_that_gives_its_number(pages, sample, language):
    document = read_document(SAMPLES[sample])
    project = find_project(str(ROOT))
    units, fmt = units_of(project), Verbalizer.for_language(language, project)
    traced = _Traced()
    traced.feed(pages[sample, language])
    assert len(traced.data) > 15
    ways = set()
    for attributes, text in traced.data:
        assert set(attributes) <= {"value", "data-source", "data-derivation", "title"}
        source, derivation = attributes.get("data-source"), attributes.get("data-derivation")
        assert bool(source) != bool(derivation), attributes
        where = source or derivation or ""
        assert attributes["title"].startswith(f"{where} = "), attributes
        exact = lookup(document, where)[0] if source else evaluate(document, where)
        # The title states the data's own number, with its sign, before any rounding.
        stated_exact = re.match(rf"{re.escape(where)} = (-?[\d.]+)(…)?", attributes["title"])
        assert stated_exact, attributes
        if stated_exact[2]:
            assert exact.quantize(Decimal("1e-6")) == Decimal(stated_exact[1]), attributes
        else:
            assert exact == Decimal(stated_exact[1]), attributes
        decimals = _rounding(attributes["title"])
        expected = exact if decimals is None else round_half_up(exact, -decimals)
        shown = Decimal(attributes["value"])
        # The number shown is the figure, rounded as stated; the words carry its sign.
        assert shown in (expected, abs(expected)), (attributes, exact)
        if shown != expected:
            assert "shown without its sign" in attributes["title"]
        stated = _number_in(text)
        unit = lookup(document, source)[1].get("unit") if source else None
        if unit and unit != "percent" and stated is not None:  # 18.57 billion yuan = 185.7亿元
            from bulletin.consistency import read_figures

            (((_, in_base),),) = [list(read_figures(text, language))]
            assert in_base == units[unit].to_base(shown).normalize(), (text, attributes)
            ways.add("amount")
        elif stated is not None:
            assert stated == shown, (text, attributes)
            ways.add("digits")
        else:  # a number in words: fifth, four, 第五, 四
            n = int(shown)
            assert text in {fmt.ordinal(n), fmt.cardinal(n), fmt.numeral(n)}, (text, attributes)
            ways.add("words")
    assert ways == {"amount", "digits", "words"} or sample != "liaoning", ways


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_chart_values_name_their_source(pages, sample):
    document = read_document(SAMPLES[sample])
    traced = _Traced()
    traced.feed(pages[sample, "en"])
    assert traced.groups
    for group in traced.groups:
        value = lookup(document, group["data-source"])[0]
        assert value is not None


def test_the_headline_in_html(pages):
    page = pages["liaoning", "en"]
    assert (
        '<data value="5.3" data-source="indicators.value_added.value" '
        'title="indicators.value_added.value = 5.3">5.3%</data>'
    ) in page
    assert (
        '<data value="0.3" data-derivation="indicators.value_added.value − '
        'indicators.value_added.earlier.previous_year.value" title="indicators.value_added.value'
        ' − indicators.value_added.earlier.previous_year.value = 0.3 (rounded to 1 decimal)">'
        "0.3 percentage points</data>"
    ) in page


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_every_formatted_figure_knows_where_it_came_from(sample):
    project = find_project(str(ROOT))
    facts = facts_from(parse_dataset(read_document(SAMPLES[sample]), "test"), "test", None, project)
    for language in LANGUAGES:
        rendering = Rendering.start(facts, language, project)
        markdown_text(rendering)
        unknown = [f.text for f in rendering.fmt.figures if not f.known]
        assert not unknown, (language, unknown)


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_markdown_is_the_same_with_or_without_html_and_has_no_markers(sample):
    project = find_project(str(ROOT))
    alone = build_bulletin(SAMPLES[sample], list(LANGUAGES), ["md"], project)
    together = build_bulletin(SAMPLES[sample], list(LANGUAGES), ["md", "html"], project)
    assert [d.content for d in alone] == [d.content for d in together if d.format == "md"]
    for doc in together:
        text = doc.content.decode("utf-8")
        assert not set(text) & set(MARKER_CHARACTERS), (doc.language, doc.format)
        if doc.format == "md":
            assert "<data" not in text


def test_a_bare_number_is_recorded_as_of_unknown_source():
    fmt = Verbalizer.for_language("en", find_project(str(ROOT)))
    assert fmt.percent(Decimal("5.3")) == "5.3%"
    figure = fmt.figures[-1]
    assert not figure.known and figure.explanation() == "source unknown = 5.3"
    with fmt.marking() as figures:
        marked = fmt.percent(Decimal("-1.25"), 1, absolute=True)
    assert replace_marks(marked, figures) == (
        '<data value="1.3" title="source unknown = -1.25 → -1.3 (rounded half up to 1 decimal; '
        'shown without its sign)">1.3%</data>'
    )


def test_an_amount_without_its_sign_records_it_as_percent_does():
    """A loss is said in words with its size: fmt.amount(v, absolute=True) writes 3.2亿元 for
    -3.2亿元 and records, like fmt.percent(..., absolute=True), the signed figure it came from,
    shown without its sign; its value is the size (what `bulletin check` reads back)."""
    from bulletin.derive import Difference, Value
    from bulletin.periods import Period

    project = find_project(str(ROOT))
    period = Period.parse("2024-01..02")
    loss = Value(Decimal("-3.2"), "亿元", "level", period, "indicators.profits")
    before = Value(Decimal("-5.0"), "亿元", "level", period, "indicators.profits.earlier.x")
    zh, en = (Verbalizer.for_language(lang, project) for lang in ("zh-CN", "en"))
    assert zh.amount(loss, absolute=True) == "3.2亿元"
    assert en.amount(loss, absolute=True) == "320 million yuan"
    assert zh.amount(loss) == "-3.2亿元"  # (a table's figure keeps its sign)
    figure = en.figures[0]
    assert (figure.value, figure.number, figure.absolute, figure.exact) == (
        Decimal("3.2E+8"),
        "3.2",
        True,
        Decimal("-3.2"),
    )
    assert figure.explanation() == "indicators.profits.value = -3.2 亿元 (shown without its sign)"
    with en.marking() as figures:
        marked = en.amount(Difference(before, loss), absolute=True)
    assert replace_marks(marked, figures) == (
        '<data value="1.8" data-derivation="indicators.profits.earlier.x.value − '
        'indicators.profits.value" title="indicators.profits.earlier.x.value − '
        'indicators.profits.value = -1.8 亿元 (shown without its sign)">180 million yuan</data>'
    )


# --- bulletin explain -------------------------------------------------------------------------

HEADLINE = {
    "en": [
        "In the first quarter, the value added of industrial enterprises above designated size in "
        "the province increased by 5.3% year on year, 0.3 percentage points higher than the "
        "full-year rate for 2023.",
        "  5.3%                    indicators.value_added.value = 5.3",
        "  0.3 percentage points   indicators.value_added.value − "
        "indicators.value_added.earlier.previous_year.value = 0.3 (rounded to 1 decimal)",
    ],
    "zh-CN": [
        "一季度，全省规模以上工业增加值同比增长5.3%，比2023年全年增速高0.3个百分点。",
        "  5.3%                    indicators.value_added.value = 5.3",
        "  0.3个百分点             indicators.value_added.value − "
        "indicators.value_added.earlier.previous_year.value = 0.3 (rounded to 1 decimal)",
    ],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_explain_lists_each_sentence_with_its_figures(language):
    result = CliRunner().invoke(
        main, ["--project", str(ROOT), "explain", str(SAMPLE), "--lang", language]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    first = lines.index(HEADLINE[language][0])
    assert lines[first : first + 3] == HEADLINE[language]
    rank = "fifth" if language == "en" else "第五"
    pad = " " * (24 - width(rank))
    assert f"  {rank}{pad}indicators.industrial_investment.ranks.national.position = 5" in lines
    assert (
        "tallies.industry_groups.count × 100 ÷ tallies.industry_groups.of = 77.5 "
        "(rounded to 1 decimal)"
    ) in result.output


def test_explain_states_rounding_and_sign():
    result = CliRunner().invoke(main, ["--project", str(ROOT), "explain", str(CITY_SAMPLE)])
    assert result.exit_code == 0, result.output
    assert (
        "  61.3%                   tallies.enterprises.count × 100 ÷ tallies.enterprises.of = "
        "61.305732… → 61.3 (rounded half up to 1 decimal)"
    ) in result.output.splitlines()
    assert "= -4.4 (shown without its sign)" in result.output


def test_explain_fails_on_a_figure_of_unknown_source(bundled_copy):
    facts_j2 = bundled_copy.root / "kinds" / "industry-province" / "facts.j2"
    text = facts_j2.read_text(encoding="utf-8")
    traced = 'fmt.percent(data("industrial_investment_share"))'
    assert traced in text
    facts_j2.write_text(
        text.replace(traced, 'fmt.percent(data("industrial_investment_share").value)'),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["explain"])
    assert result.exit_code == 1
    assert "  46.8%                   source unknown = 46.8" in result.output
    assert "1 figure(s) of unknown source" in result.output


# --- no way in for markup ---------------------------------------------------------------------


def test_a_name_with_marker_characters_is_refused(doc):
    forged = "\ufdd00\ufdd1Dandong\ufdd2"
    doc["breakdowns"]["cities"]["members"][5]["name"]["en"] = forged
    with pytest.raises(DataError, match="noncharacter"):
        parse_dataset(doc, "test")


@pytest.mark.parametrize(
    "payload",
    [
        '<data value="99" data-source="figures.x" title="forged">9.9%</data>',
        "<script>alert(1)</script>",
        '"><data title="x">',
    ],
)
def test_markup_in_names_never_becomes_a_data_element(doc, payload):
    dandong = doc["breakdowns"]["cities"]["members"][5]
    dandong["name"] = dict.fromkeys(doc["release"]["languages"], payload)
    doc["release"]["issuer"] = dict.fromkeys(doc["release"]["languages"], payload)
    project = find_project(str(ROOT))
    facts = facts_from(parse_dataset(doc, "test"), "test", None, project)
    for document in build_documents(facts, list(LANGUAGES), ["html"], project, Options()):
        page = document.content.decode("utf-8")
        traced = _Traced()
        traced.feed(page)
        assert "<script" not in page
        for attributes, _text in traced.data:
            assert attributes.get("title") != "forged" and attributes.get("title") != "x"
            assert "data-source" in attributes or "data-derivation" in attributes


def test_a_data_element_from_a_catalog_is_refused():
    with pytest.raises(BulletinError, match="refusing to publish markup"):
        markdown_to_html('Growth of <data value="9" title="forged">9%</data>.')


def test_markers_out_of_place_are_refused():
    figure = Figure("percent", Decimal("5.3"), "5.3%", source="a.value", number="5.3")
    with pytest.raises(MarkError, match="inside a tag"):
        replace_marks(f'<p title="{mark(0, "5.3%")}">x</p>', [figure])
    with pytest.raises(MarkError, match="does not match"):
        replace_marks(f"<p>{mark(0, '6.1%')}</p>", [figure])
    with pytest.raises(MarkError, match="does not match"):
        replace_marks(f"<p>{mark(1, '5.3%')}</p>", [figure])
    with pytest.raises(MarkError, match="stray"):
        replace_marks("<p>5.3%\ufdd2</p>", [figure])
    with pytest.raises(MarkError, match="did not come from a figure"):
        replace_marks(f'<p><data title="x">1</data>{mark(0, "5.3%")}</p>', [figure])
