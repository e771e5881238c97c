"""The same templates with different data must still say the right thing, in both languages."""

from decimal import Decimal as D

import pytest

from bulletin.errors import DataError


def set_growth(doc, section, value):
    doc[section]["growth"] = D(value)
    doc.pop("published", None)  # restated figures would (rightly) no longer agree


def paragraph(text: str, start: str) -> str:
    """The paragraph of the bulletin that starts with ``start``."""
    return next(p for p in text.split("\n\n") if p.startswith(start))


def test_sample_headline(doc, render):
    assert (
        "increased by 5.3% year on year, 0.3 percentage points higher than the full-year rate "
        "for 2023."
    ) in render(doc, "en")
    assert "同比增长5.3%，比2023年全年增速高0.3个百分点。" in render(doc, "zh-CN")


def test_decline_and_lower_than_benchmark(doc, render):
    set_growth(doc, "value_added", "-1.1")
    en, zh = render(doc, "en"), render(doc, "zh-CN")
    assert (
        "decreased by 1.1% year on year, 6.1 percentage points lower than the full-year rate" in en
    )
    assert "同比下降1.1%，比2023年全年增速低6.1个百分点" in zh
    assert "increased by -" not in en and "增长-" not in zh


def test_zero_growth_is_unchanged(doc, render):
    set_growth(doc, "value_added", "0.0")
    en, zh = render(doc, "en"), render(doc, "zh-CN")
    assert "was unchanged from a year earlier, 5 percentage points lower" in en
    assert "同比持平，比2023年全年增速低5个百分点" in zh


def test_same_as_previous_year(doc, render):
    set_growth(doc, "value_added", "5.0")
    assert "the same as the full-year rate for 2023" in render(doc, "en")
    assert "与2023年全年增速持平" in render(doc, "zh-CN")


def test_slower_than_earlier_and_gap_widened(doc, render):
    set_growth(doc, "value_added", "3.5")  # Jan–Feb 4.8 → Q1 3.5; national 7.0 → 6.1
    en, zh = render(doc, "en"), render(doc, "zh-CN")
    assert (
        "the province's slowed by 1.3 percentage points, widening the gap with the national "
        "rate from 2.2 to 2.6 percentage points."
    ) in en
    assert "全省工业增速比1—2月回落1.3个百分点，与全国差距由2.2个百分点扩大至2.6个百分点。" in zh


def test_ahead_of_national_rate_uses_lead(doc, render):
    set_growth(doc, "value_added", "8.0")
    en = render(doc, "en")
    assert "widening its lead over the national rate from 2.2 to 1.9 percentage points" not in en
    assert "the gap with the national rate" not in paragraph(en, "In March")
    assert "lead over the national rate" in paragraph(en, "In March")


def test_all_cities_growing(doc, render):
    doc["cities"][10]["growth"] = D("0.4")  # Panjin, the one decline
    doc.pop("published")
    en, zh = render(doc, "en"), render(doc, "zh-CN")
    assert "## Industrial value added grew in all 14 cities" in en
    assert "By city, industrial value added grew in all 14 cities." in en
    assert "## 14个市工业增加值全部实现正增长" in zh
    assert "分地区看，14个市工业增加值全部实现正增长。" in zh


def test_no_city_growing(doc, render):
    for city in doc["cities"]:
        city["growth"] = D("-0.5")
    doc.pop("published")
    en, zh = render(doc, "en"), render(doc, "zh-CN")
    assert "grew in none of the 14 cities." in en
    assert "14个市工业增加值均未实现正增长" in zh
    assert "outpaced" not in en and "高于全国和全省" not in zh
    assert "Double-digit" not in en and "两位数" not in zh


def test_exactly_one_city_growing(doc, render):
    for city in doc["cities"]:
        city["growth"] = D("-0.5")
    doc["cities"][5]["growth"] = D("12.0")  # Dandong
    doc.pop("published")
    en, zh = render(doc, "en"), render(doc, "zh-CN")
    assert (
        "By city, Dandong was the only one of the 14 cities where industrial value added grew."
        in en
    )
    assert "In 1 city, growth outpaced" in en
    assert "Dandong recorded double-digit growth." in en
    assert "14个市中仅丹东工业增加值实现正增长。" in zh
    assert "丹东实现两位数增长。" in zh


def test_no_double_digit_city_leaves_the_sentence_out(doc, render):
    for city in doc["cities"]:
        if city["growth"] >= 10:
            city["growth"] = D("9.9")
    doc.pop("published")
    en, zh = render(doc, "en"), render(doc, "zh-CN")
    cities_en = paragraph(en, "By city")
    assert "ouble-digit" not in cities_en and cities_en.endswith("provincial average.")
    cities_zh = paragraph(zh, "分地区看")
    assert "两位数" not in cities_zh and cities_zh.endswith("平均水平。")


def test_rank_first(doc, render):
    doc["industrial_investment"]["national_rank"] = 1
    assert "ranking first in the country" in render(doc, "en")
    assert "居全国第一位" in render(doc, "zh-CN")


def test_respectively_and_mixed_signs(doc, render):
    en, zh = render(doc, "en"), render(doc, "zh-CN")
    assert "grew by 4.4%, 2.9%, 1.6% and 20.9% year on year respectively" in en
    assert "同比分别增长4.4%、2.9%、1.6%和20.9%" in zh
    doc["major_industries"][1]["growth"] = D("-2.9")
    en, zh = render(doc, "en"), render(doc, "zh-CN")
    assert "respectively" not in en and "分别" not in zh
    assert (
        "equipment manufacturing grew by 4.4%, petrochemicals fell by 2.9%, metallurgy grew "
        "by 1.6% and consumer goods grew by 20.9%"
    ) in en
    assert "装备制造增长4.4%、石化下降2.9%、冶金增长1.6%和消费品增长20.9%" in zh


def test_share_change_downwards(doc, render):
    doc["industrial_investment"]["share_a_year_earlier"] = D("48.0")
    doc.pop("published")
    assert "46.8% of the province's fixed asset investment, down 1.2 percentage points" in render(
        doc, "en"
    )
    assert "比上年同期下降1.2个百分点" in render(doc, "zh-CN")


def test_below_national_rate(doc, render):
    doc["profits"]["national_growth"] = D("30.0")
    doc.pop("published")
    assert "up 24.0% year on year and 6 percentage points below the national rate" in (
        render(doc, "en")
    )
    assert "同比增长24.0%，低于全国6个百分点" in render(doc, "zh-CN")


def test_all_sectors_growing(doc, render):
    doc["industry_groups"]["growing"] = 40
    doc.pop("published")
    assert "Value added grew in all 40 major industrial sectors." in render(doc, "en")
    assert "40个工业大类行业增加值全部实现增长。" in render(doc, "zh-CN")


def test_published_mismatch_is_reported(doc):
    from bulletin.compute import check_published, compute
    from bulletin.loading import parse_dataset

    doc["published"]["value_added.gap_after"] = D("0.9")
    facts = compute(parse_dataset(doc, "test"))
    problems = check_published(facts, facts.dataset.published)
    assert len(problems) == 1
    assert "published as 0.9 but the data gives 0.8" in problems[0].what


def test_count_above_whole_is_rejected(doc):
    from bulletin.loading import parse_dataset

    doc["profits"]["industry_groups"]["fast_growing"] = 30
    with pytest.raises(DataError, match=r"fast_growing \(30\) is larger than growing \(25\)"):
        parse_dataset(doc, "test")
