"""Data text is text: names, issuers and regions from a data file can never become markup in the
Markdown, the HTML page, the PDF or the service's answers, whatever they contain."""

from __future__ import annotations

import copy
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from bulletin.loading import parse_dataset
from bulletin.pipeline import Options, build_documents, facts_from
from bulletin.project import find_project

ROOT = Path(__file__).resolve().parent.parent

# One line each (names are single-line text); every one was markup somewhere before.
HOSTILE = [
    "<script>alert(1)</script><img src=x onerror=alert(2)>",
    "<style>main{display:none}</style><h1>OFFICIAL: industry collapsed 90%</h1>",
    '"><meta http-equiv="refresh" content="0;url=https://example.org">',
    "<iframe src=javascript:alert(3)></iframe>",
    '<svg><image href="https://example.org/x.png"/></svg>',
    '<p style="background:url(https://example.org/x)">x</p>',
    "[click](javascript:alert(4)) ![x](https://example.org/x.png)",
    "**bold** _em_ `code` # not a heading | a | table |",
    "A & B <b>bold</b> 'quoted' \"double\"",
    "--- === *** ###",
    "\\*escaped\\* and a trailing backslash \\",
]

# What the page templates themselves write; anything else came from data.
TEMPLATE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "p", "h1", "h2", "h3", "span",
    "div", "time", "main", "article", "section", "table", "caption", "thead", "tbody", "tr", "th",
    "td", "figure", "figcaption", "svg", "desc", "g", "rect", "line", "text", "strong", "em", "ul",
    "li", "data",  # (data: each figure the engine formatted, with where it came from)
}  # fmt: skip


class _Page(HTMLParser):
    """Tags, attributes and the text of every element, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(k, v or "") for k, v in attrs]
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_style:
            self.text.append(data)


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    return parser


def _with_names(doc: dict[str, Any], payload: str) -> dict[str, Any]:
    """The sample with the payload in the issuer, the region and a city's name."""
    doc = copy.deepcopy(doc)
    release = doc["release"]
    for language in ("en", "zh-CN"):
        release["issuer"][language] = f"{payload} issuer"
        release["region"][language] = f"{payload} region"
        doc["breakdowns"]["cities"]["members"][0]["name"][language] = f"{payload} city"
        doc["breakdowns"]["major_industries"]["members"][0]["name"][language] = (
            f"{payload} industry"
        )
    return doc


def _documents(doc: dict[str, Any], formats: list[str]) -> dict[tuple[str, str], bytes]:
    project = find_project(str(ROOT))
    facts = facts_from(parse_dataset(doc, "test"), "test", None, project)
    documents = build_documents(facts, ["en", "zh-CN"], formats, project, Options())
    return {(d.language, d.format): d.content for d in documents}


@pytest.mark.parametrize("payload", HOSTILE)
def test_html_page_shows_data_text_as_text(doc, payload):
    pages = _documents(_with_names(doc, payload), ["html"])
    for (language, _), content in pages.items():
        page = _parse(content.decode("utf-8"))
        assert set(page.tags) <= TEMPLATE_TAGS, (language, set(page.tags) - TEMPLATE_TAGS)
        names = {k for k, _ in page.attributes}
        assert not {n for n in names if n.startswith("on")}, names
        assert "http-equiv" not in names and "href" not in names and "src" not in names
        text = "".join(page.text)
        # Shown as typed: in the issuer line, the region and the chart's city label.
        assert f"{payload} issuer" in text
        assert f"{payload} city" in text
        # In attributes, whole and inert: the author meta is exactly the issuer.
        assert ("content", f"{payload} issuer") in page.attributes
        # The body is still there, not hidden or replaced.
        assert "5.3%" in text


@pytest.mark.parametrize("payload", HOSTILE)
def test_markdown_keeps_data_text_inert(doc, payload):
    import markdown

    outputs = _documents(_with_names(doc, payload), ["md"])
    for content in outputs.values():
        source = content.decode("utf-8")
        html = markdown.markdown(source)
        page = _parse(html)
        # Only the structure the templates write: headings, paragraphs, emphasis, lists.
        assert set(page.tags) <= {"h1", "h2", "h3", "p", "em", "strong", "ul", "li"}
        assert f"{payload} issuer" in "".join(page.text)
        assert page.tags.count("h1") == 1


def test_pdf_shows_the_issuer_as_text_and_keeps_the_body(doc):
    pypdf = pytest.importorskip("pypdf")
    import io

    payload = "<style>main{display:none}</style><h1>OFFICIAL: industry collapsed 90%</h1>"
    outputs = _documents(_with_names(doc, payload), ["pdf"])
    text = "".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(outputs["en", "pdf"])).pages
    )
    flat = " ".join(text.split())
    assert "<style>main{display:none}</style>" in flat
    assert "increased by 5.3% year on year" in flat


def test_service_answers_with_escaped_pages(doc):
    import json

    from fastapi.testclient import TestClient

    from bulletin.http import Settings, create_app

    payload = HOSTILE[0]
    from decimal import Decimal

    def plain(value: object) -> object:
        return float(value) if isinstance(value, Decimal) else str(value)

    body = json.dumps(_with_names(doc, payload), default=plain)
    with TestClient(create_app(Settings(pdf_workers=1, project_root=str(ROOT)))) as client:
        for language in ("en", "zh-CN"):
            response = client.post(
                f"/v1/bulletins?lang={language}&format=html",
                content=body,
                headers={"Content-Type": "application/json"},
            )
            assert response.status_code == 200
            page = _parse(response.text)
            assert set(page.tags) <= TEMPLATE_TAGS
            assert ("content", f"{payload} issuer") in page.attributes
