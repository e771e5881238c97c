"""Never a false sentence: truth properties of the consumer-price release (consumer-prices).

Hypothesis generates data across the space of what the release states (the CPI year on year,
month on month and on average; its urban/rural, food/non-food and goods/services splits; food,
tobacco and liquor with its contribution; the food items and the parts of livestock meat; the
other categories year on year and month on month), with zeros (and -0.0), ties, sign
crossings, one member, all up or all down, contributions of 0.00 and none, and figures
published at two decimals (0.50 keeps its zero) drawn often (tests/truth_prices.py). Each
release is rendered in English (the bureau's house style) and Chinese and every claim is read
back: every claim must agree with the data, every figure must be stated, both languages must
make the same claims, and no sentence may be awkward (the CPI named before it is introduced).
Examples are bounded; `benchmarks/truth_check.py --property "prices: …"` runs thousands."""

from __future__ import annotations

from typing import Any

import pytest
import truth_kinds as tk
import truth_prices as tp
from hypothesis import HealthCheck, example, given, settings

TRUTH = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def assert_true(changes: dict[str, Any]) -> tk.ts.Outcome:
    """Every claim of both languages agrees with the data and with the other language, and
    nothing is worded awkwardly."""
    outcome = tp.examine(changes)
    assert not outcome.problems and not tk.notes(outcome), tk.report(changes, outcome)
    return outcome


@TRUTH
@given(changes=tp.index())
@example(changes={})
@example(changes={"cpi": "0.0", "cpi_mom": "-0.0", "cpi_average": "0.0"})
@example(changes={"cpi_mom": "0.50", "areas_mom": ("0.50", "-0.50")})  # keeps its zero
@example(changes={"areas": ("0.0", "-0.0"), "food_and_non_food": ("0.0", "0.0")})
@example(changes={"goods_and_services": ("0.3", "0.0"), "areas_mom": ("-0.1",)})
@example(changes={"areas": ("1.0", "1.0"), "food_and_non_food_mom": ("-1.0", "-1.0")})
def test_the_index_and_its_splits_are_true(changes: dict[str, Any]) -> None:
    assert_true(changes)


PORK_AND_BEEF = (("pork", "4.0", "0.05"), ("beef", "-1.2", "-0.01"))


@TRUTH
@given(changes=tp.food())
@example(changes={"livestock_meat": PORK_AND_BEEF})  # two parts of one item
@example(changes={"food_tobacco_liquor": ("0.8", None)})  # the CPI introduced by an item
@example(changes={"livestock_meat_mom": (("mutton", "0.0", "0.00"),), "livestock_meat": None})
@example(
    changes={
        "food_tobacco_liquor": ("0.8", None),  # the index is introduced by a food item
        "food_items": (("fresh fruit", "5.3", None), ("eggs", "1.2", "0.01")),
    }
)
@example(
    changes={
        "food_tobacco_liquor": ("0.0", "0.00"),
        "food_items": (("livestock meat", "0.0", "0.00"),),
        "livestock_meat": (("pork", "-0.0", None),),
    }
)
@example(changes={"food_tobacco_liquor": ("0.8", None), "food_items": (("grain", "1.1", None),)})
def test_food_and_its_items_are_true(changes: dict[str, Any]) -> None:
    assert_true(changes)


@TRUTH
@given(changes=tp.categories())
@example(changes={"categories": (("clothing", "2.0"),), "categories_mom": (("health", "-0.0"),)})
@example(changes={"categories": tuple((k, "0.0") for k in tp.CATEGORY_KEYS)})
@example(changes={"categories": (("housing", "1.0"), ("other", "0.9"), ("clothing", "-0.0"))})
@example(changes={"categories_mom": tuple((k, "-0.1") for k in tp.CATEGORY_KEYS)})
def test_the_categories_are_true(changes: dict[str, Any]) -> None:
    assert_true(changes)


@TRUTH
@given(changes=tp.whole_space())
def test_the_whole_space_at_once(changes: dict[str, Any]) -> None:
    assert_true(changes)


@settings(TRUTH, max_examples=30)
@given(changes=tp.whole_space(places=2))
def test_figures_published_at_two_decimals(changes: dict[str, Any]) -> None:
    assert_true(changes)


# --- the awkward sentences found so far --------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "en", "zh"),
    [
        pytest.param(
            {"livestock_meat": PORK_AND_BEEF},
            "adding about 0.05 percentage point; prices of beef fell by 1.2 percent",
            "影响CPI上涨约0.05个百分点；牛肉价格下降1.2%",
            id="a-part-read-as-an-item",
        ),
        pytest.param(
            {"categories": (("clothing", "2.0"),)},
            "Year-on-year, prices rose in all the other one categories.",
            "其他一大类价格同比全部上涨。",
            id="one-other-category",
        ),
        pytest.param(
            {"food_tobacco_liquor": ("0.8", None)},
            "prices of fresh fruit rose by 5.3 percent, adding about 0.11 percentage point to "
            "the CPI;",
            "鲜果价格上涨5.3%，影响CPI上涨约0.11个百分点；",
            id="the-cpi-before-it-is-introduced",
        ),
        pytest.param(
            {
                "food_tobacco_liquor": ("0.8", None),
                "food_items": (("fresh fruit", "5.3", None), ("eggs", "1.2", "0.01")),
            },
            "prices of eggs rose by 1.2 percent, adding about 0.01 percentage point.",
            "蛋类价格上涨1.2%，影响CPI上涨约0.01个百分点。",
            id="a-contribution-to-an-index-not-named",
        ),
    ],
)
def test_the_sentences_found_are_gone(changes: dict[str, Any], en: str, zh: str) -> None:
    outcome = assert_true(changes)
    assert en not in outcome.texts["en"]
    assert zh not in outcome.texts["zh-CN"]


def test_a_one_off_category_and_a_second_part_read_as_they_should() -> None:
    outcome = assert_true({"livestock_meat": PORK_AND_BEEF, "categories": (("clothing", "2.0"),)})
    en, zh = outcome.texts["en"], outcome.texts["zh-CN"]
    assert "Prices of clothing, the other category, rose by 2.0 percent year-on-year." in en
    assert "其他大类中，衣着价格同比上涨2.0%。" in zh
    assert (
        "and within this, prices of pork rose by 4.0 percent, adding about 0.05 percentage "
        "point, and prices of beef fell by 1.2 percent, taking about 0.01 percentage point off;"
    ) in en
    assert "其中猪肉价格上涨4.0%，影响CPI上涨约0.05个百分点，牛肉价格下降1.2%，" in zh


def test_month_on_month_half_a_percent_keeps_its_zero() -> None:
    outcome = assert_true({"cpi_mom": "0.50"})
    assert "up 0.50 percent month-on-month" in outcome.texts["en"]
    assert "全国居民消费价格环比上涨0.50%。" in outcome.texts["zh-CN"]


# --- the reader reads the sample, and catches doctored sentences -------------------------------


def test_the_reader_reads_every_claim_of_the_sample() -> None:
    outcome = assert_true({})
    en, zh = (outcome.readings[language] for language in tk.ts.LANGUAGES)
    assert len(en.claims) == len(zh.claims) == 67
    assert {c.subject for c in en.claims} == {
        "title",
        "headline",
        "splits",
        "average",
        "headline mom",
        "splits mom",
        "lead",
        "food items",
        "categories",
        "lead mom",
        "food items mom",
    }


@pytest.mark.parametrize(
    ("language", "old", "new", "kind"),
    [
        ("en", "up 0.1 percent year-on-year", "down 0.1 percent year-on-year", "false"),
        ("zh-CN", "农村上涨0.1%", "农村下降0.1%", "false"),
        (
            "en",
            "those of non-food items by 0.1 percent",
            "those of non-food items by 0.2 percent",
            "false",
        ),
        ("zh-CN", "比上年同期上涨1.0%", "与上年同期持平", "false"),
        (
            "en",
            "adding about 0.21 percentage point to the consumer price index",
            "taking about 0.21 percentage point off the consumer price index",
            "false",
        ),
        ("zh-CN", "影响CPI上涨约0.11个百分点", "影响CPI上涨约0.12个百分点", "false"),
        ("en", "prices of pork rose by 4.0 percent", "prices of pork fell by 4.0 percent", "false"),
        ("zh-CN", "其他七大类价格同比五涨两降", "其他七大类价格同比四涨三降", "false"),
        ("en", "fell in two.", "fell in three.", "false"),
        (
            "zh-CN",
            "交通通信、居住价格分别下降3.3%和0.2%",
            "交通通信、居住价格分别下降0.2%和3.3%",
            "false",
        ),
        (
            "en",
            "0.9 percent and 0.1 percent; prices",
            "0.9 percent and 0.10 percent; prices",
            "false",
        ),
        ("en", "In January–April", "In January–March", "false"),
        ("zh-CN", "其中猪肉价格下降3.8%，影响CPI下降约0.05个百分点；", "", "missing"),
        (
            "en",
            "Year-on-year, prices rose in five",
            "Month-on-month, prices rose in five",
            "unread",
        ),
        ("en", "adding about 0.21 percentage point", "adding about 0.21 percentage points", "note"),
        ("zh-CN", "服务价格上涨1.0%。1—4月", "服务价格上涨1.0%，居住价格持平。1—4月", "unread"),
    ],
)
def test_a_doctored_sentence_is_caught(language: str, old: str, new: str, kind: str) -> None:
    doc = tp.document({})
    texts = {lang: tk.ts.render(doc, lang) for lang in tk.ts.LANGUAGES}
    assert old in texts[language]
    texts[language] = texts[language].replace(old, new, 1)
    outcome = tp.SPACE.examine_texts(doc, texts)
    found = {p.kind for p in outcome.problems} | ({"note"} if tk.notes(outcome) else set())
    assert kind in found, tk.report({}, outcome)
