"""Japanese (locales/ja): the bundled bulletins render in strict mode, written as a Japanese
ministry writes statistics (前年同期比5.3％増, 0.3ポイント, 第1四半期, 全国第5位, 14市のうち13市,
185.7億元), and the PDF is set in a Japanese CJK face, never the Simplified Chinese one."""

from __future__ import annotations

import io
import re
from decimal import Decimal as D
from pathlib import Path

import pytest
from pypdf import PdfReader

from bulletin.i18n import check
from bulletin.periods import Period
from bulletin.pipeline import build_bulletin
from bulletin.project import find_project
from bulletin.verbalize import Verbalizer

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
SAMPLES = {
    "liaoning-2024q1": ROOT / "data" / "liaoning-2024q1.yaml",
    "dalian-2024q1": ROOT / "data" / "cities" / "dalian-2024q1.yaml",
    "china-2023-04": ROOT / "kinds" / "consumer-prices" / "china-2023-04.yaml",
}


@pytest.fixture(scope="module")
def ja() -> Verbalizer:
    return Verbalizer.for_language("ja", find_project(str(ROOT)))


@pytest.fixture(scope="module")
def pdf() -> bytes:
    project = find_project(str(ROOT))
    (document,) = build_bulletin(SAMPLES["liaoning-2024q1"], ["ja"], ["pdf"], project)
    return document.content


# --- the samples ----------------------------------------------------------------------------


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_each_sample_renders_in_japanese_with_every_message_translated(sample, request):
    """Strict mode (the default): a missing or fuzzy message would raise. The Markdown is
    compared with tests/golden/<sample>/ja.md (rewrite: --update-golden)."""
    (doc,) = build_bulletin(SAMPLES[sample], ["ja"], ["md"], find_project(str(ROOT)))
    assert not doc.untranslated
    text = doc.content.decode("utf-8")
    golden = GOLDEN / sample / "ja.md"
    if request.config.getoption("--update-golden"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), "rerun with --update-golden if meant"


def test_the_provincial_sample_reads_as_a_japanese_release(doc, render):
    text = render(doc, "ja")
    assert "## 14市中13市で工業付加価値がプラス成長\n" in text  # a count of a whole
    assert (
        "第1四半期、全省の一定規模以上の工業企業の付加価値は前年同期比5.3％増と、"
        "2023年通年を0.3ポイント上回る伸びとなった。"  # a period, a percent and points
    ) in text
    assert (
        "3月は、全国の工業の伸び率が1～2月と比べ0.9ポイント低下する中、全省の伸び率は1～2月と"
        "比べ0.5ポイント上昇し、全国との差は2.2ポイントから0.8ポイントに縮小した。"
    ) in text
    assert "全国を11.8ポイント上回る伸びで全国第5位となり" in text  # a rank
    assert "地域別では、14市のうち13市で工業付加価値がプラス成長となった。" in text
    assert "丹東、錦州、朝陽の3市は二桁の伸びとなった。" in text  # CLDR's ja list: 、
    assert "四大産業の付加価値が前年同期比でそれぞれ4.4％、2.9％、1.6％、20.9％増となった。" in text
    assert "利益総額は185.7億元で、前年同期比24.0％増と" in text  # CLDR's 億
    assert "総投資額2.5兆元に上る全省4,883件のプロジェクト" in text
    assert "。 " not in text and "。9市" in text  # sentences joined without a space (Jpan)


def test_the_city_and_price_samples(city_doc, prices_doc, render):
    city = render(city_doc, "ja")
    assert "伸び率は遼寧省の14市中第12位となった。" in city
    assert "一定規模以上の工業企業628社のうち、385社で生産額が増加し、その割合は61.3％" in city
    prices = render(prices_doc, "ja")
    assert prices.startswith("# 2023年4月の消費者物価、前年同月比0.1％上昇、前月比0.1％下落\n")
    assert "2023年4月の全国の消費者物価は前年同月比0.1％の上昇となった。" in prices
    assert "その他の七大費目の価格は、前年同月比で五費目が上昇、二費目が下落した。" in prices
    assert "消費者物価指数（CPI）を約0.21ポイント押し上げた。" in prices
    assert "1～4月平均では、全国の消費者物価は前年同期を1.0％上回った。" in prices


# --- the conventions of locales/ja/style.toml -----------------------------------------------


def test_a_shared_rank_and_losses_in_japanese(doc, city_doc, render):
    """A tie is 同率 before the rank (全国同率第5位); a loss is 赤字 with its size, a turn
    黒字に転じた / 赤字に転じた, a narrower loss 赤字幅は…縮小した."""
    doc["indicators"]["industrial_investment"]["ranks"]["national"]["tied"] = True
    profits = doc["indicators"]["profits"]
    profits["value"] = D("-3.2")
    profits["earlier"] = {"same_period_last_year": {"period": "2023-01..02", "value": D("-5.0")}}
    text = render(doc, "ja")
    assert "全国同率第5位となり" in text
    assert (
        "1～2月、全省の一定規模以上の工業企業の利益総額は3.2億元の赤字で、赤字幅は前年同期から"
        "1.8億元縮小した。"
    ) in text
    city_doc["indicators"]["value_added"]["ranks"]["provincial"]["tied"] = True
    city_doc["indicators"]["profits"]["earlier"]["same_period_last_year"]["value"] = D("-1.5")
    city = render(city_doc, "ja")
    assert "伸び率は遼寧省の14市中同率第12位となった。" in city
    assert "利益総額は140.1億元となり、前年同期の赤字から黒字に転じた。" in city


def test_numbers_follow_japanese_conventions(ja: Verbalizer):
    assert ja.percent(D("5.3")) == "5.3％"  # full-width sign, as 総務省統計局 prints it
    assert ja.points(D("0.3")) == "0.3ポイント" and ja.points(D("-11.8")) == "11.8ポイント"
    assert ja.count(4883) == "4,883" and ja.cardinal(3) == "3"
    assert ja.numeral(4) == "四" and ja.numeral(7) == "七"  # 四大産業, 七大費目
    assert ja.ordinal(5) == "第5" and ja.ordinal(12) == "第12"  # 全国第5位, 第12位
    assert ja.translations.missing == []


def test_amounts_keep_the_published_magnitude_in_cldr_words(ja: Verbalizer):
    assert ja.amount_of(D("185.7"), "亿元") == "185.7億元"
    assert ja.amount_of(D("2720"), "万元") == "2,720万元"
    assert ja.amount_of(D("2.5"), "万亿元") == "2.5兆元"
    assert ja.amount_of(D("79"), "万吨") == "79万トン"


def test_periods(ja: Verbalizer):
    assert ja.period(Period.parse("2024-Q1")) == "第1四半期"
    assert ja.period(Period.parse("2024-Q1"), with_year=True) == "2024年第1四半期"
    assert ja.period(Period.parse("2024-01..03")) == "1～3月"
    assert ja.period(Period.parse("2023-04"), with_year=True) == "2023年4月"
    assert ja.period(Period.parse("2023"), whole=True) == "2023年通年"


# --- the PDF and the catalog ----------------------------------------------------------------


def test_the_pdf_is_set_in_a_japanese_face_only(pdf):
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    assert names, "no fonts"
    for name in names:
        family = name.lstrip("/").partition("+")[2]
        assert "CJK-JP" in family or "CJKjp" in family or "SansJP" in family, name
    assert len(names) == 1  # one weight, as for Chinese: each CJK face costs ~150 KB
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == "ja"
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "")
    assert "前年同期比5.3％増" in text and "185.7億元" in text
    assert re.search(r"1 / \d+ ページ", text)  # the page footer


def test_the_japanese_catalog_passes_every_check():
    project = find_project(str(ROOT))
    assert [str(f) for f in check(project, ["ja"]) if "/ja/" in f.file] == []
