"""The same templates with different data must still say the right thing, in both languages."""

from decimal import Decimal as D

import pytest

from bulletin.errors import DataError


def indicator(doc, name):
    return doc["indicators"][name]


def members(doc, breakdown):
    return doc["breakdowns"][breakdown]["members"]


def set_value(doc, name, value):
    """Change an indicator's value; restated figures would (rightly) no longer agree."""
    indicator(doc, name)["value"] = D(value)
    doc.pop("published", None)


def set_earlier(doc, name, role, value):
    indicator(doc, name)["earlier"][role]["value"] = D(value)
    doc.pop("published", None)


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
    set_value(doc, "value_added", "-1.1")
    en, zh = render(doc, "en"), render(doc, "zh-CN")
    assert (
        "decreased by 1.1% year on year, 6.1 percentage points lower than the full-year rate" in en
    )
    assert "同比下降1.1%，比2023年全年增速低6.1个百分点" in zh
    assert "increased by -" not in en and "增长-" not in zh


def test_zero_growth_is_unchanged(doc, render):
    set_value(doc, "value_added", "0.0")
    en, zh = render(doc, "en"), render(doc, "zh-CN")
    assert "was unchanged from a year earlier, 5 percentage points lower" in en
    assert "同比持平，比2023年全年增速低5个百分点" in zh


def test_same_as_previous_year(doc, render):
    set_value(doc, "value_added", "5.0")
    assert "the same as the full-year rate for 2023" in render(doc, "en")
    assert "与2023年全年增速持平" in render(doc, "zh-CN")


def test_slower_than_earlier_and_gap_widened(doc, render):
    set_value(doc, "value_added", "3.5")  # Jan–Feb 4.8 → Q1 3.5; national 7.0 → 6.1
    en, zh = render(doc, "en"), render(doc, "zh-CN")
    assert (  # both slowed: "and … too", not "while"
        "In March, the national growth rate for industry slowed by 0.9 percentage points "
        "compared with January–February, and the province's slowed by 1.3 percentage points "
        "too, widening the gap with the national rate from 2.2 to 2.6 percentage points."
    ) in en
    assert "全省工业增速比1—2月回落1.3个百分点，与全国差距由2.2个百分点扩大至2.6个百分点。" in zh


# --- the signed derivations: a gap that changes sides, a decline that narrows ----------------

# The national rate slowed from 7.0% in January–February to 6.1% in the first quarter.
EN_MARCH = (
    "In March, while the national growth rate for industry slowed by 0.9 percentage points "
    "compared with January–February, "
)
ZH_MARCH = "3月份，在全国工业增速比1—2月回落0.9个百分点的情况下，"
# When the province's rate moved the same way, English says "and … too", not "while".
EN_MARCH_ALIKE = (
    "In March, the national growth rate for industry slowed by 0.9 percentage points "
    "compared with January–February, and "
)


def march(en, zh):
    """The sentence on the latest month, in each language."""
    return paragraph(en, "In March"), paragraph(zh, "3月份")


def test_from_trailing_the_national_rate_to_leading_it(doc, render):
    # Jan–Feb: 4.8 against 7.0 (2.2 points below); Q1: 8.0 against 6.1 (1.9 points above).
    set_value(doc, "value_added", "8.0")
    en, zh = march(render(doc, "en"), render(doc, "zh-CN"))
    assert en == EN_MARCH + (
        "the province's picked up by 3.2 percentage points, going from 2.2 percentage points "
        "below the national rate to 1.9 percentage points above it."
    )
    assert zh == ZH_MARCH + (
        "全省工业增速比1—2月加快3.2个百分点，由低于全国2.2个百分点转为高于全国1.9个百分点。"
    )
    # Never a lead that "narrowed" or "widened", nor a gap: there was no lead before, and
    # there is no gap now.
    assert "lead" not in en and "gap" not in en and "narrow" not in en
    assert "幅度" not in zh and "差距" not in zh and "缩小" not in zh


def test_from_leading_the_national_rate_to_trailing_it(doc, render):
    # Jan–Feb: 8.5 against 7.0 (1.5 points above); Q1: 5.3 against 6.1 (0.8 points below).
    set_earlier(doc, "value_added", "previous_cumulative", "8.5")
    en, zh = march(render(doc, "en"), render(doc, "zh-CN"))
    assert en == EN_MARCH_ALIKE + (
        "the province's slowed by 3.2 percentage points too, going from 1.5 percentage points "
        "above the national rate to 0.8 percentage points below it."
    )
    assert zh == ZH_MARCH + (
        "全省工业增速比1—2月回落3.2个百分点，由高于全国1.5个百分点转为低于全国0.8个百分点。"
    )


def test_a_gap_of_one_point_is_singular(doc, render):
    # Jan–Feb: 8.0 against 7.0 (1 point above); Q1: 5.3 against 6.1 (0.8 points below).
    set_earlier(doc, "value_added", "previous_cumulative", "8.0")
    en, _ = march(render(doc, "en"), render(doc, "zh-CN"))
    assert en == EN_MARCH_ALIKE + (
        "the province's slowed by 2.7 percentage points too, going from 1 percentage point above "
        "the national rate to 0.8 percentage points below it."
    )


def test_drawing_level_with_the_national_rate_after_trailing_it(doc, render):
    set_value(doc, "value_added", "6.1")  # Jan–Feb 4.8 against 7.0; Q1 6.1 against 6.1
    en, zh = march(render(doc, "en"), render(doc, "zh-CN"))
    assert en == EN_MARCH + (
        "the province's picked up by 1.3 percentage points, closing a gap of 2.2 percentage "
        "points to draw level with the national rate."
    )
    assert zh == ZH_MARCH + (
        "全省工业增速比1—2月加快1.3个百分点，由低于全国2.2个百分点转为与全国持平。"
    )
    assert "narrowing" not in en and "缩小" not in zh


def test_a_decline_that_narrows(doc, render):
    # Jan–Feb −9.8% (national 7.0%), Q1 −2.4% (national 6.1%).
    set_value(doc, "value_added", "-2.4")
    set_earlier(doc, "value_added", "previous_cumulative", "-9.8")
    en, zh = render(doc, "en"), render(doc, "zh-CN")
    assert paragraph(en, "In the first quarter") == (
        "In the first quarter, the value added of industrial enterprises above designated size in "
        "the province decreased by 2.4% year on year, 7.4 percentage points lower than the "
        "full-year rate for 2023."
    )
    assert paragraph(zh, "一季度") == (
        "一季度，全省规模以上工业增加值同比下降2.4%，比2023年全年增速低7.4个百分点。"
    )
    en, zh = march(en, zh)
    assert en == EN_MARCH + (
        "the province's rate saw its decline narrow by 7.4 percentage points, narrowing the gap "
        "with the national rate from 16.8 to 8.5 percentage points."
    )
    assert zh == ZH_MARCH + (
        "全省工业增加值比1—2月降幅收窄7.4个百分点，与全国差距由16.8个百分点缩小至8.5个百分点。"
    )
    assert "picked up" not in en and "加快" not in zh


def test_a_decline_that_widens(doc, render):
    set_value(doc, "value_added", "-9.8")
    set_earlier(doc, "value_added", "previous_cumulative", "-2.4")
    en, zh = march(render(doc, "en"), render(doc, "zh-CN"))
    assert en == EN_MARCH_ALIKE + (
        "the province's rate saw its decline widen by 7.4 percentage points too, widening the gap "
        "with the national rate from 9.4 to 15.9 percentage points."
    )
    assert zh == ZH_MARCH + (
        "全省工业增加值比1—2月降幅扩大7.4个百分点，与全国差距由9.4个百分点扩大至15.9个百分点。"
    )
    assert "slowed by 7.4" not in en and "回落7.4" not in zh


def test_growth_after_decline(doc, render):
    set_earlier(doc, "value_added", "previous_cumulative", "-1.2")  # Jan–Feb −1.2%, Q1 5.3%
    en, zh = march(render(doc, "en"), render(doc, "zh-CN"))
    assert en == EN_MARCH + (
        "the province's rate turned from decline to growth, narrowing the gap with the national "
        "rate from 8.2 to 0.8 percentage points."
    )
    assert zh == ZH_MARCH + (
        "全省工业增加值比1—2月由降转增，与全国差距由8.2个百分点缩小至0.8个百分点。"
    )
    assert "picked up" not in en and "加快" not in zh


def test_decline_after_growth(doc, render):
    set_value(doc, "value_added", "-0.5")  # Jan–Feb 4.8%, Q1 −0.5%
    en, zh = march(render(doc, "en"), render(doc, "zh-CN"))
    assert en == EN_MARCH_ALIKE + (
        "the province's rate turned from growth to decline too, widening the gap with the national "
        "rate from 2.2 to 6.6 percentage points."
    )
    assert zh == ZH_MARCH + (
        "全省工业增加值比1—2月由增转降，与全国差距由2.2个百分点扩大至6.6个百分点。"
    )


@pytest.mark.parametrize(("now", "before"), [("5.3", "0.0"), ("-1.0", "0.0")])
def test_a_change_from_zero_is_no_turn(doc, render, now, before):
    set_value(doc, "value_added", now)
    set_earlier(doc, "value_added", "previous_cumulative", before)
    en, zh = march(render(doc, "en"), render(doc, "zh-CN"))
    assert "turned from" not in en
    assert "由降转增" not in zh and "由增转降" not in zh


# --- cities, industries, investment, profits --------------------------------------------------


def test_all_cities_growing(doc, render):
    members(doc, "cities")[10]["value"] = D("0.4")  # Panjin, the one decline
    doc.pop("published")
    en, zh = render(doc, "en"), render(doc, "zh-CN")
    assert "## Industrial value added grew in all 14 cities" in en
    assert "By city, industrial value added grew in all 14 cities." in en
    assert "## 14个市工业增加值全部实现正增长" in zh
    assert "分地区看，14个市工业增加值全部实现正增长。" in zh


def test_no_city_growing(doc, render):
    for city in members(doc, "cities"):
        city["value"] = D("-0.5")
    doc.pop("published")
    en, zh = render(doc, "en"), render(doc, "zh-CN")
    assert "grew in none of the 14 cities." in en
    assert "14个市工业增加值均未实现正增长" in zh
    assert "outpaced" not in en and "高于全国和全省" not in zh
    assert "Double-digit" not in en and "两位数" not in zh


def test_exactly_one_city_growing(doc, render):
    for city in members(doc, "cities"):
        city["value"] = D("-0.5")
    members(doc, "cities")[5]["value"] = D("12.0")  # Dandong
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
    for city in members(doc, "cities"):
        if city["value"] >= 10:
            city["value"] = D("9.9")
    doc.pop("published")
    en, zh = render(doc, "en"), render(doc, "zh-CN")
    cities_en = paragraph(en, "By city")
    assert "ouble-digit" not in cities_en and cities_en.endswith("provincial average.")
    cities_zh = paragraph(zh, "分地区看")
    assert "两位数" not in cities_zh and cities_zh.endswith("平均水平。")


def test_rank_first(doc, render):
    indicator(doc, "industrial_investment")["ranks"]["national"]["position"] = 1
    assert "ranking first in the country" in render(doc, "en")
    assert "居全国第一位" in render(doc, "zh-CN")


def test_respectively_and_mixed_signs(doc, render):
    en, zh = render(doc, "en"), render(doc, "zh-CN")
    assert "grew by 4.4%, 2.9%, 1.6% and 20.9% year on year respectively" in en
    assert "同比分别增长4.4%、2.9%、1.6%和20.9%" in zh
    members(doc, "major_industries")[1]["value"] = D("-2.9")
    en, zh = render(doc, "en"), render(doc, "zh-CN")
    assert "respectively" not in en and "分别" not in zh
    assert (
        "equipment manufacturing grew by 4.4%, petrochemicals fell by 2.9%, metallurgy grew "
        "by 1.6% and consumer goods grew by 20.9%"
    ) in en
    assert "装备制造增长4.4%、石化下降2.9%、冶金增长1.6%和消费品增长20.9%" in zh


def test_share_change_downwards(doc, render):
    set_earlier(doc, "industrial_investment_share", "same_period_last_year", "48.0")
    assert "46.8% of the province's fixed asset investment, down 1.2 percentage points" in render(
        doc, "en"
    )
    assert "比上年同期下降1.2个百分点" in render(doc, "zh-CN")


def test_below_national_rate(doc, render):
    indicator(doc, "profits")["growth"]["benchmarks"]["national"] = D("30.0")
    doc.pop("published")
    assert "up 24.0% year on year and 6 percentage points below the national rate" in (
        render(doc, "en")
    )
    assert "同比增长24.0%，低于全国6个百分点" in render(doc, "zh-CN")


def test_all_sectors_growing(doc, render):
    doc["tallies"]["industry_groups"]["count"] = 40
    doc.pop("published")
    assert "Value added grew in all 40 major industrial sectors." in render(doc, "en")
    assert "40个工业大类行业增加值全部实现增长。" in render(doc, "zh-CN")


def test_published_mismatch_is_reported(doc, facts_for):
    from bulletin.compute import check_published, compute
    from bulletin.loading import parse_dataset
    from bulletin.validation import kind_of

    doc["published"]["gap.after"] = D("0.9")
    with pytest.raises(DataError, match=r"published as 0.9 but the data gives -0.8"):
        facts_for(doc)
    doc["published"]["gap.after"] = D("-0.9")
    dataset = parse_dataset(doc, "test")
    facts = compute(dataset, kind_of(dataset, facts_for.project, "test"))
    problems = check_published(facts, facts.dataset.published)
    assert len(problems) == 1
    assert problems[0].where == "published.gap.after"
    assert "published as -0.9 but the data gives -0.8" in problems[0].what


def test_count_above_whole_is_rejected(doc):
    from bulletin.loading import parse_dataset

    doc["tallies"]["profit_groups"]["thresholds"][0]["count"] = 30
    with pytest.raises(
        DataError, match=r"the count above 20 \(30\) is larger than count \(25\)"
    ) as error:
        parse_dataset(doc, "test")
    assert "tallies.profit_groups" in str(error.value)


# --- the consumer-price kind: how many of the other seven categories rose, fell, held ---------


def categories(doc):
    return {m["key"]: m for m in members(doc, "categories")}


def test_prices_sample_counts_five_up_two_down(prices_doc, render):
    en, zh = render(prices_doc, "en"), render(prices_doc, "zh-CN")
    assert "Year-on-year, prices rose in five of the other seven categories and fell in two." in en
    assert "其他七大类价格同比五涨两降。" in zh


def test_prices_all_seven_categories_rise(prices_doc, render):
    found = categories(prices_doc)
    found["housing"]["value"] = D("0.2")
    found["transport"]["value"] = D("0.3")
    prices_doc.pop("published")
    en, zh = render(prices_doc, "en"), render(prices_doc, "zh-CN")
    assert paragraph(en, "Year-on-year, prices rose") == (
        "Year-on-year, prices rose in all the other seven categories. Prices of other goods and "
        "services, of education, culture and recreation, and of health care rose by 3.5 percent, "
        "1.9 percent and 1.0 percent respectively, and those of clothing, of transport and "
        "communications, of housing, and of household articles and services by 0.9 percent, "
        "0.3 percent, 0.2 percent and 0.1 percent."
    )
    assert paragraph(zh, "其他七大类") == (
        "其他七大类价格同比全部上涨。其中，其他用品及服务、教育文化娱乐、医疗保健价格分别上涨"
        "3.5%、1.9%和1.0%，衣着、交通通信、居住、生活用品及服务价格分别上涨0.9%、0.3%、0.2%和0.1%。"
    )
    assert "fell" not in paragraph(en, "Year-on-year, prices rose")
    assert "降" not in paragraph(zh, "其他七大类")


def test_prices_one_category_unchanged(prices_doc, render):
    categories(prices_doc)["housing"]["value"] = D("0.0")  # was −0.2
    prices_doc.pop("published")
    en, zh = render(prices_doc, "en"), render(prices_doc, "zh-CN")
    assert paragraph(en, "Year-on-year, prices rose") == (
        "Year-on-year, prices rose in five of the other seven categories, fell in one and were "
        "unchanged in one. Prices of other goods and services, of education, culture and "
        "recreation, and of health care rose by 3.5 percent, 1.9 percent and 1.0 percent "
        "respectively, and those of clothing and of household articles and services by 0.9 "
        "percent and 0.1 percent; prices of transport and communications fell by 3.3 percent; "
        "prices of housing were unchanged."
    )
    assert paragraph(zh, "其他七大类") == (
        "其他七大类价格同比五涨一降一平。其中，其他用品及服务、教育文化娱乐、医疗保健价格分别上涨"
        "3.5%、1.9%和1.0%，衣着、生活用品及服务价格分别上涨0.9%和0.1%；交通通信价格下降3.3%；"
        "居住价格持平。"
    )


def test_prices_published_counts_are_checked(prices_doc, facts_for):
    categories(prices_doc)["housing"]["value"] = D("0.0")  # now five up, one down, one flat
    with pytest.raises(DataError, match=r"published as 2 but the data gives 1"):
        facts_for(prices_doc)
    prices_doc["published"]["categories_down"] = 1
    prices_doc["published"]["categories_flat"] = 1
    facts = facts_for(prices_doc)
    assert (facts.categories_up.part, facts.categories_down.part) == (5, 1)
    assert facts.categories_flat.part == 1 and not facts.categories_flat.all


# --- the engine knows no kind of bulletin ---------------------------------------------------

KIND_WORDS = (
    "industry-province",
    "industry-city",
    "consumer-prices",
    "value_added",
    "cities",
    "profits",
)


def _documentation(tree) -> set[tuple[int, int]]:
    """Where the docstrings and other bare strings (attribute docs) of a module start."""
    import ast

    return {
        (node.lineno, node.col_offset)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    }


def kind_words_in_code(path, text: str) -> list[str]:
    """Each kind name or kind-specific field the code of a file uses, as "file:line: word".
    In Python, documentation (docstrings, comments) may use them as examples; names, strings
    and f-strings may not. Any other file (the preview's script and page) is code throughout."""
    import ast
    import io
    import re
    import tokenize

    pattern = re.compile(
        r"(?<![A-Za-z0-9-])(" + "|".join(map(re.escape, KIND_WORDS)) + r")(?![A-Za-z0-9-])"
    )
    if path.suffix != ".py":
        return [
            f"{path}:{number}: {m.group(1)}"
            for number, line in enumerate(text.splitlines(), 1)
            for m in pattern.finditer(line)
        ]
    documentation = _documentation(ast.parse(text))
    found = []
    ignored = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT}
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type in ignored or token.start in documentation:
            continue
        found += [f"{path}:{token.start[0]}: {m.group(1)}" for m in pattern.finditer(token.string)]
    return found


def test_the_engine_names_no_kind_and_no_kind_specific_field():
    from pathlib import Path

    source = Path(__file__).resolve().parent.parent / "src"
    files = [
        p
        for p in sorted(source.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in {".pyc", ".mo"}
    ]
    assert any(p.name == "derive.py" for p in files)
    found = [hit for p in files for hit in kind_words_in_code(p, p.read_text(encoding="utf-8"))]
    assert found == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('KIND = "industry-city"\n', ["x.py:1: industry-city"]),
        ('x = data["value_added"]\n', ["x.py:1: value_added"]),
        ("def f(cities):\n    return cities\n", ["x.py:1: cities", "x.py:2: cities"]),
        ('x = f"{a}.profits"\n', ["x.py:1: profits"]),
        ('"""Docs may say value_added."""\n# and so may comments: cities\n', []),
        ("x = capacities + nonprofits\n", []),
    ],
)
def test_the_kind_word_check_finds_code_not_documentation(text, found):
    from pathlib import Path

    assert kind_words_in_code(Path("x.py"), text) == found


# --- the city kind ---------------------------------------------------------------------------


def test_city_sample_headline_and_rank(city_doc, render):
    en, zh = render(city_doc, "en"), render(city_doc, "zh-CN")
    assert paragraph(en, "In the first quarter") == (
        "In the first quarter, the value added of industrial enterprises above designated size in "
        "Dalian increased by 2.1% year on year, 5 percentage points lower than the full-year rate "
        "for 2023 and 3 percentage points below the provincial average. Its growth rate ranked "
        "12th among the 14 cities of Liaoning."
    )
    assert paragraph(zh, "一季度") == (
        "一季度，大连规模以上工业增加值同比增长2.1%，比2023年全年增速低5个百分点，"
        "低于全省平均水平3个百分点。增速在辽宁省14个市中居第十二位。"
    )


def test_city_without_a_rank_leaves_the_rank_sentence_out(city_doc, render):
    del city_doc["indicators"]["value_added"]["ranks"]
    en, zh = render(city_doc, "en"), render(city_doc, "zh-CN")
    assert paragraph(en, "In the first quarter").endswith(
        "and 3 percentage points below the provincial average."
    )
    assert paragraph(zh, "一季度").endswith("低于全省平均水平3个百分点。")
    assert "ranked" not in en and "居第" not in zh
