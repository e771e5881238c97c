"""Verbalizer cases beyond the doctests: signs, zero, rounding, magnitudes, both languages."""

from decimal import Decimal as D

import pytest

from bulletin.verbalize import Verbalizer


@pytest.fixture(scope="module")
def en() -> Verbalizer:
    return Verbalizer.for_language("en")


@pytest.fixture(scope="module")
def zh() -> Verbalizer:
    return Verbalizer.for_language("zh-CN")


@pytest.fixture(scope="module")
def en_rescaled() -> Verbalizer:
    return Verbalizer.for_language("en", amounts="rescale")


@pytest.fixture(scope="module")
def zh_rescaled() -> Verbalizer:
    return Verbalizer.for_language("zh-CN", amounts="rescale")


# Amounts that read the same whatever the house style: the published unit is also the one the
# size would choose.
SAME_IN_EITHER_STYLE = [
    ("185.7", "亿元", None, "18.57 billion yuan", "185.7亿元"),
    ("2.5", "万亿元", None, "2.5 trillion yuan", "2.5万亿元"),
    ("7.01", "亿元", None, "701 million yuan", "7.01亿元"),
    ("2720", "万元", None, "27.2 million yuan", "2720万元"),
    ("79", "万吨", None, "790,000 tons", "79万吨"),
    ("160", "万吨", None, "1.6 million tons", "160万吨"),
    ("686", "亿元", None, "68.6 billion yuan", "686亿元"),
    ("5000", "元", None, "5,000 yuan", "5000元"),
    ("-3.2", "亿元", None, "-320 million yuan", "-3.2亿元"),
    ("1.25", "亿元", 1, "130 million yuan", "1.3亿元"),
]


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "english", "chinese"),
    [
        *SAME_IN_EITHER_STYLE,
        # amounts: rescale — the magnitude by size, after the one rounding.
        ("0", "亿元", None, "0 yuan", "0元"),
        ("9999.95", "万元", 1, "100 million yuan", "1亿元"),
        ("9999.95", "亿元", 1, "1 trillion yuan", "1万亿元"),
        ("12345.6", "亿元", None, "1.23456 trillion yuan", "1.23456万亿元"),
        ("0.5", "万元", None, "5,000 yuan", "5000元"),
    ],
)
def test_rescaled_amounts_agree_in_both_languages(
    en_rescaled, zh_rescaled, value, unit, decimals, english, chinese
):
    assert en_rescaled.amount_of(D(value), unit, decimals) == english
    assert zh_rescaled.amount_of(D(value), unit, decimals) == chinese


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "english", "chinese"),
    [
        *SAME_IN_EITHER_STYLE,
        # amounts: published (the default) — Chinese keeps the unit the data was written in;
        # English goes no higher than that unit's magnitude (亿 → billion, 万 → million).
        ("0", "亿元", None, "0 yuan", "0亿元"),
        ("9999.95", "万元", 1, "100 million yuan", "10000.0万元"),
        ("9999.95", "亿元", 1, "1,000 billion yuan", "10000.0亿元"),
        ("12345.6", "亿元", None, "1,234.56 billion yuan", "12345.6亿元"),
        ("0.5", "万元", None, "5,000 yuan", "0.5万元"),
    ],
)
def test_published_amounts_agree_in_both_languages(en, zh, value, unit, decimals, english, chinese):
    assert en.amount_of(D(value), unit, decimals) == english
    assert zh.amount_of(D(value), unit, decimals) == chinese


@pytest.mark.parametrize(
    ("value", "english", "chinese"),
    [
        ("0.3", "0.3 percentage points", "0.3个百分点"),
        ("-0.9", "0.9 percentage points", "0.9个百分点"),
        ("2.25", "2.3 percentage points", "2.3个百分点"),
        ("2.35", "2.4 percentage points", "2.4个百分点"),  # half up, not half even
        ("0.05", "0.1 percentage points", "0.1个百分点"),
        ("1", "1 percentage point", "1个百分点"),
        ("6.0", "6 percentage points", "6个百分点"),
        ("0", "0 percentage points", "0个百分点"),
    ],
)
def test_points(en, zh, value, english, chinese):
    assert en.points(D(value)) == english
    assert zh.points(D(value)) == chinese


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        ("5.3", None, "5.3%"),
        ("24.0", None, "24.0%"),
        ("-1.1", None, "-1.1%"),
        ("0", None, "0%"),
        ("2.25", 1, "2.3%"),
        ("77.45", 1, "77.5%"),
        ("1234.5", None, "1,234.5%"),
    ],
)
def test_percent_is_the_same_in_both(en, zh, value, decimals, text):
    assert en.percent(D(value), decimals) == text
    assert zh.percent(D(value), decimals) == text.replace(",", "")


def test_counts_group_digits_only_in_english(en, zh):
    assert (en.count(4883), zh.count(4883)) == ("4,883", "4883")
    assert (en.count(0), zh.count(0)) == ("0", "0")


@pytest.mark.parametrize(
    ("n", "english", "chinese"),
    [
        (1, "first", "第一"),
        (5, "fifth", "第五"),
        (10, "tenth", "第十"),
        (11, "11th", "第十一"),
        (22, "22nd", "第二十二"),
        (33, "33rd", "第三十三"),
    ],
)
def test_ordinals(en, zh, n, english, chinese):
    assert en.ordinal(n) == english
    assert zh.ordinal(n) == chinese


def test_lists_have_no_serial_comma(en, zh):
    assert en.list(["A"]) == "A"
    assert en.list(["A", "B"]) == "A and B"
    assert zh.list(["丹东", "锦州"]) == "丹东和锦州"


def test_lists_and_sentences_keep_markup_only_when_their_parts_are_markup(en):
    from markupsafe import Markup

    assert type(en.list(["<A>", "B"])) is str  # plain text, escaped later by the template
    joined = en.list([Markup("<em>A</em>"), "<B>"])
    assert isinstance(joined, Markup) and joined == "<em>A</em> and &lt;B&gt;"
    assert en.sentences(Markup("One."), Markup("Two.")) == Markup("One. Two.")


def test_house_style_for_percentages_and_points():
    bureau = Verbalizer.for_language("en", percent="{} percent", points_singular_below_one=True)
    assert bureau.percent(D("5.8")) == "5.8 percent"
    assert bureau.percent(D("-0.1")) == "-0.1 percent"
    assert bureau.points(D("0.3")) == "0.3 percentage point"
    assert bureau.points(D("1")) == "1 percentage point"
    assert bureau.points(D("1.5")) == "1.5 percentage points"
    assert bureau.points(D("0.21"), as_published=True) == "0.21 percentage point"
    assert bureau.points(D("0.21")) == "0.2 percentage point"  # computed: one decimal at most


def test_points_as_published_keep_their_precision(en, zh):
    assert (en.points(D("0.21"), as_published=True), zh.points(D("0.21"), as_published=True)) == (
        "0.21 percentage points",
        "0.21个百分点",
    )
    assert en.points(D("-0.05"), as_published=True) == "0.05 percentage points"
