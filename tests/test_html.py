"""The standalone HTML page: language, metadata, structure, charts, and nothing external."""

import re
from decimal import Decimal as D
from pathlib import Path

import pytest

from bulletin.errors import BulletinError
from bulletin.html import join_cjk_lines, markdown_to_html
from bulletin.loading import parse_dataset
from bulletin.pipeline import (
    Options,
    Rendering,
    build_bulletin,
    facts_from,
    html_text,
    markdown_text,
)
from bulletin.project import find_project

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    project = find_project(str(ROOT))
    documents = build_bulletin(project.sample_data(), ["en", "zh-CN"], ["html"], project)
    return {d.language: d.content.decode("utf-8") for d in documents}


def page_for(doc, language: str) -> str:
    project = find_project(str(ROOT))
    facts = facts_from(parse_dataset(doc, "test"), "test", None, project)
    rendering = Rendering.start(facts, language, project)
    return html_text(rendering, markdown_text(rendering), Options())


@pytest.mark.parametrize(
    ("language", "title", "issuer"),
    [
        (
            "en",
            "Industry gets off to a steady start and keeps up its recovery",
            "Liaoning Provincial Department of Industry and Information Technology",
        ),
        ("zh-CN", "全省工业经济实现平稳开局 保持良好回升态势", "辽宁省工业和信息化厅"),
    ],
)
def test_language_title_and_metadata(pages, language, title, issuer):
    page = pages[language]
    assert page.startswith("<!DOCTYPE html>")
    assert f'<html lang="{language}">' in page
    assert f"<title>{title}</title>" in page
    assert f'<meta name="author" content="{issuer}">' in page
    assert '<meta name="bulletin.period" content="2024-Q1">' in page
    assert '<meta name="dcterms.created" content="2024-04-23T00:00:00Z">' in page
    assert page.count("<h1>") == 1
    assert len(re.findall(r"<h2>", page)) >= 4


def test_key_figure_table(pages):
    assert "<table>" in pages["en"] and '<th scope="row">Industrial investment</th>' in pages["en"]
    # Each figure says where it came from (a data path, or a derivation and its rounding).
    assert (
        '<td class="number"><data value="25.2" data-source="indicators.industrial_investment.'
        'value" title="indicators.industrial_investment.value = 25.2">25.2</data></td>'
    ) in pages["en"]
    assert (
        '<td class="number"><data value="11.8" data-derivation="indicators.industrial_investment.'
        'value − indicators.industrial_investment.benchmarks.national.value" title="'
        "indicators.industrial_investment.value − indicators.industrial_investment.benchmarks."
        'national.value = 11.8 (rounded to 1 decimal)">+11.8</data></td>'
    ) in pages["en"]
    assert '<th scope="row">工业投资</th>' in pages["zh-CN"]
    assert "规模以上工业企业利润总额（185.7亿元）" in re.sub(r"</?data[^>]*>", "", pages["zh-CN"])


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["Industrial value added by city", "Dandong 11.2%", "Province: 5.3%"]),
        ("zh-CN", ["各市规模以上工业增加值同比增速", "丹东 11.2%", "全国：6.1%"]),
    ],
)
def test_two_svg_charts_with_text_alternatives(pages, language, words):
    page = pages[language]
    svgs = re.findall(r"<svg .*?</svg>", page, flags=re.S)
    assert len(svgs) == 2
    for svg in svgs:
        assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    for word in words:
        assert word in page
    assert page.count("<figcaption>") == 2


def test_no_external_requests(pages):
    for page in pages.values():
        assert not re.search(r"\b(src|href)=", page)
        assert "url(" not in page
        assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "https://" not in page
        assert "<style>" in page and "@page" in page and "@media print" in page


def test_page_numbers_are_in_the_document_language(pages):
    assert '"Page " counter(page) " of " counter(pages)' in pages["en"]
    assert '"第 " counter(page) " 页 / 共 " counter(pages) " 页"' in pages["zh-CN"]


def test_chinese_line_breaks_never_become_spaces():
    html = markdown_to_html("一季度，全省工业\n增加值同比增长\n5.3%。\n\nEnglish\nwraps")
    assert "全省工业增加值同比增长5.3%。" in html
    assert "English\nwraps" in html
    assert join_cjk_lines("A\nB") == "A\nB"


@pytest.mark.parametrize(
    "payload",
    [
        '<img src="file:///etc/passwd">',
        "[click](http://127.0.0.1:8000/x)",
        "<script>alert(1)</script>",
        '<a href="http://example.org">x</a>',
    ],
)
def test_markup_in_data_is_shown_as_text(doc, payload):
    dandong = doc["breakdowns"]["cities"]["members"][5]
    dandong["name"]["en"] = payload
    dandong["name"]["zh-CN"] = payload
    for language in ("en", "zh-CN"):
        page = page_for(doc, language)
        body = page.split("<body>", 1)[1]
        assert "<img" not in body and "<script" not in body and "<a " not in body
        assert not re.search(r"\b(src|href)=\"", body)


def test_markup_from_a_catalog_is_refused():
    with pytest.raises(BulletinError, match="refusing to publish markup"):
        markdown_to_html('Growth <img src="file:///etc/passwd"> was strong.')


def test_declining_city_is_drawn_left_of_zero(doc):
    doc["breakdowns"]["cities"]["members"][0]["value"] = D("-8.0")
    doc.pop("published")
    assert "-8.0%" in page_for(doc, "en")
