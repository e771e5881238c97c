"""PDF output, checked structurally: text, fonts, metadata, pages, determinism, safety."""

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from bulletin import fonts
from bulletin.errors import BulletinError
from bulletin.pdf import RenderError, render_pdf
from bulletin.pipeline import Options, build_bulletin
from bulletin.project import find_project

ROOT = Path(__file__).resolve().parent.parent


def build(language: str, **options) -> bytes:
    project = find_project(str(ROOT))
    (document,) = build_bulletin(
        project.sample_data(), [language], ["pdf"], project, Options(**options)
    )
    return document.content


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return {language: build(language) for language in ("en", "zh-CN")}


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def text_of(data: bytes) -> str:
    return "".join(page.extract_text() for page in reader(data).pages).replace("\n", "")


def font_names(data: bytes) -> set[str]:
    names = set()
    for page in reader(data).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


@pytest.mark.parametrize(
    ("language", "figures"),
    [
        (
            "en",
            [
                "5.3%",
                "18.57 billion yuan",
                "790,000 tons",
                "fifth",
                "Dandong, Jinzhou and",
                "Page 1 of",
            ],
        ),
        (
            "zh-CN",
            [
                "同比增长5.3%",
                "185.7亿元",
                "79万吨",
                "居全国第五位",
                "丹东、锦州和朝阳",
                "第 1 页 / 共",
            ],
        ),
    ],
)
def test_text_holds_the_figures(pdfs, language, figures):
    text = text_of(pdfs[language]).replace(" ", "")
    for figure in figures:
        assert figure.replace(" ", "") in text


def test_chinese_is_set_in_simplified_chinese_subsets(pdfs):
    names = font_names(pdfs["zh-CN"])
    assert names, "no fonts"
    for name in names:
        tag, _, family = name.lstrip("/").partition("+")
        assert len(tag) == 6 and tag.isupper(), f"{name} is not a subset"
        assert "CJK-SC" in family or "CJKsc" in family, f"{name} is not Simplified Chinese"


def test_metadata_and_language(pdfs):
    for language, data in pdfs.items():
        pdf = reader(data)
        info = pdf.metadata
        assert info.title and info.author and info.subject
        assert info["/CreationDate"].startswith("D:20240423")
        assert pdf.trailer["/Root"]["/Lang"] == language
        assert 2 <= len(pdf.pages) <= 8
        assert "/StructTreeRoot" in pdf.trailer["/Root"]  # tagged: PDF/UA-1 by default
    assert reader(pdfs["zh-CN"]).metadata.title == "全省工业经济实现平稳开局 保持良好回升态势"


def test_sizes(pdfs):
    for data in pdfs.values():
        assert len(data) < 300_000


def test_two_runs_give_identical_bytes(pdfs):
    assert build("zh-CN") == pdfs["zh-CN"]


def test_archival_variant(pdfs):
    data = build("en", pdf_variant="pdf/a-3u")
    xmp = reader(data).xmp_metadata
    assert xmp is not None
    assert b'pdfaid:part="3"' in xmp.stream.get_data() or b"<pdfaid:part>3" in (
        xmp.stream.get_data()
    )
    assert data != pdfs["en"]


def test_unknown_variant_is_refused():
    with pytest.raises(BulletinError, match="unknown PDF variant"):
        build("en", pdf_variant="pdf/x-4")


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="file:///etc/passwd">',
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">',
        '<p style="background: url(file:///etc/passwd)">x</p>',
    ],
)
def test_the_renderer_fetches_nothing_it_was_not_given(markup):
    with pytest.raises(RenderError, match="refused to load"):
        render_pdf(f"<html lang=en><body><p>Hello</p>{markup}</body></html>")


def test_any_weasyprint_warning_is_an_error():
    with pytest.raises(RenderError, match="WeasyPrint reported problems"):
        render_pdf(
            "<html><head><style>p { colour: red }</style></head><body><p>x</p></body></html>"
        )


def test_characters_no_font_has_are_named():
    with pytest.raises(fonts.FontError) as error:
        fonts.check_coverage("增长5.3% \U0001e900", "zh-CN", None)  # an Adlam letter
    assert "U+1E900" in str(error.value) and "fonts-noto-cjk" in str(error.value)


def test_missing_font_file_is_reported(tmp_path):
    with pytest.raises(fonts.FontError, match="does not exist"):
        build("zh-CN", font=tmp_path / "missing.otf")


def test_a_chosen_font_file_is_used():
    chinese = fonts.find_font("zh-CN")
    assert chinese is not None
    data = build("zh-CN", font=chinese.path)
    assert any("CJK" in name for name in font_names(data))


# The headline figure of each bundled kind's sample, as each language states it.
HEADLINES = {
    "consumer-prices": {
        "en": "consumer prices in China rose by 0.1 percent year-on-year",
        "zh-CN": "全国居民消费价格同比上涨0.1%",
    },
    "industry-city": {
        "en": "in Dalian increased by 2.1% year on year",
        "zh-CN": "大连规模以上工业增加值同比增长2.1%",
    },
    "industry-province": {
        "en": "in the province increased by 5.3% year on year",
        "zh-CN": "全省规模以上工业增加值同比增长5.3%",
    },
}


def _bundled_kinds() -> dict[str, Path]:
    return find_project(str(ROOT)).kinds()


def test_every_bundled_kind_has_a_headline_to_check():
    assert set(HEADLINES) == set(_bundled_kinds())


@pytest.mark.parametrize("kind", sorted(_bundled_kinds()))
def test_every_bundled_kind_renders_in_every_format_and_language(kind):
    import html

    from bulletin.kinds import read_kind

    project = find_project(str(ROOT))
    sample = read_kind(kind, _bundled_kinds()[kind]).sample
    documents = build_bulletin(sample, ["en", "zh-CN"], ["md", "html", "pdf"], project)
    found = {(d.language, d.format): d.content for d in documents}
    assert set(found) == {(lang, f) for lang in ("en", "zh-CN") for f in ("md", "html", "pdf")}
    for language, headline in HEADLINES[kind].items():
        markdown = found[language, "md"].decode("utf-8")
        assert headline in " ".join(markdown.split())
        page = found[language, "html"].decode("utf-8")
        assert f'<html lang="{language}">' in page
        text = re.sub(r"</?data[^>]*>", "", page)  # (each figure names its source)
        assert headline in " ".join(html.unescape(text).split())
        pdf = found[language, "pdf"]
        assert pdf.startswith(b"%PDF-")
        assert reader(pdf).trailer["/Root"]["/Lang"] == language
        assert headline.replace(" ", "") in text_of(pdf).replace(" ", "")
