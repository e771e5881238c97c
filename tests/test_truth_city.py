"""Never a false sentence: truth properties of the city bulletin (industry-city).

Hypothesis generates data across the space of what the city bulletin states (value added
against 2023 and the provincial average, the rank, the major industries, the enterprises that
grew, investment against the provincial rate, profits), with ties, zeros, sign crossings, one
member and all or none of them drawn often (tests/truth_city.py). Each bulletin is rendered in
English and Chinese and every claim is read back; every claim must agree with the data, the
bulletin must state everything it should, both languages must make the same claims, and no
sentence may be awkward ("All 1 industrial enterprises"). Examples are bounded so that the file
runs in a few seconds; `benchmarks/truth_check.py --property "city: …"` runs thousands."""

from __future__ import annotations

from typing import Any

import pytest
import truth_city as tc
import truth_kinds as tk
from hypothesis import HealthCheck, example, given, settings

TRUTH = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

VA, VA_YEAR, PROV = tc.VA, tc.VA_YEAR, tc.PROV


def assert_true(changes: dict[str, Any]) -> tk.ts.Outcome:
    """Every claim of both languages agrees with the data and with the other language, and
    nothing is worded awkwardly."""
    outcome = tc.examine(changes)
    assert not outcome.problems and not tk.notes(outcome), tk.report(changes, outcome)
    return outcome


@TRUTH
@given(changes=tc.value_added())
@example(changes={})
@example(changes={VA: "7.14", VA_YEAR: "7.1", PROV: "7.06"})  # level with both, as stated
@example(changes={VA: "0.0", VA_YEAR: "-0.0", PROV: "-0.1"})
@example(changes={VA: "-2.1", VA_YEAR: "2.1", PROV: "-2.1"})
@example(changes={"rank": (1, 1)})  # a rank among one city is no rank
@example(changes={"rank": (14, 14)})
@example(changes={"rank": (3, 14, False)})
@example(changes={"rank": None})
@example(changes={"rank": (12, 14, True, True)})  # a shared rank: tied for 12th
@example(changes={"rank": (1, 2, True, True)})  # both cities tied for first
def test_value_added_claims_are_true(changes: dict[str, Any]) -> None:
    assert_true(changes)


@TRUTH
@given(changes=tc.investment_and_profits())
@example(changes={"industrial_investment": "1234.5", "industrial_investment.provincial": "-0.0"})
@example(changes={"profits": "12345.6", "profits.growth": "0.0"})
@example(changes={"profits": "0.01", "profits.growth": "-100.0"})
@example(changes={"profits": "-3.2", "profits@same_period_last_year": None})  # a loss
@example(changes={"profits": "-3.2"})  # a loss after a profit
@example(changes={"profits@same_period_last_year": "-15.0"})  # a profit after a loss
@example(changes={"profits": "-3.2", "profits@same_period_last_year": "-5.0"})  # narrowed
@example(changes={"profits": "-5.0", "profits@same_period_last_year": "-3.2"})  # widened
@example(changes={"profits": "-3.2", "profits@same_period_last_year": "-3.20"})  # the same
@example(changes={"profits": "-3.2", "profits@same_period_last_year": "0.0"})  # from nothing
@example(changes={"profits": "0.0", "profits@same_period_last_year": "-3.2"})
@example(changes={"profits.growth": None})  # no growth rate given
def test_investment_and_profits_claims_are_true(changes: dict[str, Any]) -> None:
    assert_true(changes)


@TRUTH
@given(changes=tc.members())
@example(changes={"major_industries": ("5.5",), "enterprises": (1, 1)})  # one of each
@example(changes={"major_industries": ("-5.5",), "enterprises": (1, 0)})
@example(changes={"major_industries": ("0.0", "-0.0"), "enterprises": (2001, 1)})
@example(changes={"major_industries": ("1.0", "1.0", "2.0"), "enterprises": (2000, 1999)})
@example(changes={"major_industries": ("-1.0",) * 6, "enterprises": (628, 0)})
def test_industries_and_enterprises_are_true(changes: dict[str, Any]) -> None:
    assert_true(changes)


@TRUTH
@given(changes=tc.whole_space())
def test_the_whole_space_at_once(changes: dict[str, Any]) -> None:
    assert_true(changes)


@settings(TRUTH, max_examples=40)
@given(changes=tc.whole_space(places=2))
def test_figures_published_at_two_decimals(changes: dict[str, Any]) -> None:
    assert_true(changes)


# --- the false and awkward sentences found so far ---------------------------------------------


@pytest.mark.parametrize(
    ("changes", "en", "zh"),
    [
        pytest.param(
            {"enterprises": (2001, 1)},
            "Of the 2,001 industrial enterprises above designated size, 1 (0.0%) increased "
            "their output.",
            "2001户规模以上工业企业中，1户产值实现增长，增长面达0.0%。",
            id="share-rounds-to-none",
        ),
        pytest.param(
            {"enterprises": (2000, 1999)},
            "Of the 2,000 industrial enterprises above designated size, 1,999 (100.0%) increased "
            "their output.",
            "2000户规模以上工业企业中，1999户产值实现增长，增长面达100.0%。",
            id="share-rounds-to-all",
        ),
        pytest.param(
            {"enterprises": (1, 1)},
            "All 1 industrial enterprises above designated size increased their output.",
            "1户规模以上工业企业产值全部实现增长。",
            id="all-of-one-enterprise",
        ),
        pytest.param(
            {"enterprises": (1, 0)},
            "None of the 1 industrial enterprises above designated size increased their output.",
            "1户规模以上工业企业产值均未实现增长。",
            id="none-of-one-enterprise",
        ),
        pytest.param(
            {"major_industries": ("5.5",)},
            "By industry, among the one major industries, equipment manufacturing grew by 5.5% "
            "year on year.",
            "分行业看，一大产业增加值同比：装备制造增长5.5%。",
            id="one-major-industry",
        ),
        pytest.param(
            {"rank": (1, 1)},
            "Its growth rate ranked first among the 1 cities of Liaoning.",
            "增速在辽宁省1个市中居第一位。",
            id="rank-among-one",
        ),
    ],
)
def test_the_sentences_found_are_gone(changes: dict[str, Any], en: str, zh: str) -> None:
    outcome = assert_true(changes)
    assert en not in outcome.texts["en"]
    assert zh not in outcome.texts["zh-CN"]


# A shared rank, a loss and a turn: the sentences the engine printed before it knew them, and
# what it says now. Each old one is false (a tie said as a rank of its own, a loss as negative
# profits, a growth rate of a loss or across a turn); the new ones are read back as true.
OLD_LOSS_EN = (
    "In January–February, industrial enterprises above designated size made total profits of "
    "-320 million yuan, down 6.9% year on year."
)
OLD_LOSS_ZH = "1—2月，规模以上工业企业实现利润总额-3.2亿元，同比下降6.9%。"
A_LOSS_EN = (
    "In January–February, industrial enterprises above designated size made a total loss of "
    "320 million yuan"
)
TIES_AND_LOSSES = [
    pytest.param(
        {"rank": (12, 14, True, True)},
        "Its growth rate ranked 12th among the 14 cities of Liaoning.",
        "增速在辽宁省14个市中居第十二位。",
        "Its growth rate was tied for 12th among the 14 cities of Liaoning.",
        "增速在辽宁省14个市中并列第十二位。",
        id="tied-rank",
    ),
    pytest.param(
        {"profits": "-3.2", "profits@same_period_last_year": None},
        OLD_LOSS_EN,
        OLD_LOSS_ZH,
        f"{A_LOSS_EN}.",
        "1—2月，规模以上工业企业亏损3.2亿元。",
        id="loss",
    ),
    pytest.param(
        {"profits": "-3.2"},
        OLD_LOSS_EN,
        OLD_LOSS_ZH,
        f"{A_LOSS_EN}, turning the profit of a year earlier into a loss.",
        "1—2月，规模以上工业企业亏损3.2亿元，同比由盈转亏。",
        id="profit-to-loss",
    ),
    pytest.param(
        {"profits@same_period_last_year": "-15.0"},
        "In January–February, industrial enterprises above designated size made total profits "
        "of 14.01 billion yuan, down 6.9% year on year.",
        "1—2月，规模以上工业企业实现利润总额140.1亿元，同比下降6.9%。",
        "In January–February, industrial enterprises above designated size made total profits "
        "of 14.01 billion yuan, turning the loss of a year earlier into a profit.",
        "1—2月，规模以上工业企业实现利润总额140.1亿元，同比扭亏为盈。",
        id="loss-to-profit",
    ),
    pytest.param(
        {"profits": "-3.2", "profits@same_period_last_year": "-5.0"},
        OLD_LOSS_EN,
        OLD_LOSS_ZH,
        f"{A_LOSS_EN}, 180 million yuan less than a year earlier.",
        "1—2月，规模以上工业企业亏损3.2亿元，同比减亏1.8亿元。",
        id="loss-narrowed",
    ),
    pytest.param(
        {"profits": "-3.2", "profits@same_period_last_year": "-1.4"},
        OLD_LOSS_EN,
        OLD_LOSS_ZH,
        f"{A_LOSS_EN}, 180 million yuan more than a year earlier.",
        "1—2月，规模以上工业企业亏损3.2亿元，同比增亏1.8亿元。",
        id="loss-widened",
    ),
    pytest.param(
        {"profits": "-3.2", "profits@same_period_last_year": "-3.2"},
        OLD_LOSS_EN,
        OLD_LOSS_ZH,
        f"{A_LOSS_EN}, the same as a year earlier.",
        "1—2月，规模以上工业企业亏损3.2亿元，亏损额与上年同期持平。",
        id="loss-the-same",
    ),
]


@pytest.mark.parametrize(("changes", "old_en", "old_zh", "en", "zh"), TIES_AND_LOSSES)
def test_ties_and_losses_are_said_as_such(
    changes: dict[str, Any], old_en: str, old_zh: str, en: str, zh: str
) -> None:
    outcome = assert_true(changes)
    assert old_en not in outcome.texts["en"] and old_zh not in outcome.texts["zh-CN"]
    assert en in outcome.texts["en"] and zh in outcome.texts["zh-CN"], outcome.texts


@pytest.mark.parametrize(("changes", "old_en", "old_zh", "en", "zh"), TIES_AND_LOSSES)
def test_the_old_sentences_would_be_caught(
    changes: dict[str, Any], old_en: str, old_zh: str, en: str, zh: str
) -> None:
    """The sentences as the engine printed them before, put back: the truth reader finds each
    false (a rank not shared, a growth rate of a loss or across a turn) or refuses to read it
    (a loss printed as profits with a minus sign)."""
    doc = tc.document(changes)
    texts = {lang: tk.ts.render(doc, lang) for lang in tk.ts.LANGUAGES}
    texts["en"] = texts["en"].replace(en, old_en)
    texts["zh-CN"] = texts["zh-CN"].replace(zh, old_zh)
    outcome = tc.SPACE.examine_texts(doc, texts)
    for language in tk.ts.LANGUAGES:
        assert old_en in texts["en"] and old_zh in texts["zh-CN"]
        found = {p.kind for p in outcome.problems if p.language == language}
        assert found & {"false", "unread"}, tk.report(changes, outcome)


def test_a_tie_among_one_city_is_refused() -> None:
    """A rank among one city cannot be shared: validation says where."""
    from bulletin.errors import DataError
    from bulletin.loading import parse_dataset

    doc = tc.document({"rank": (1, 1, True, True)})
    with pytest.raises(DataError) as caught:
        parse_dataset(doc, "x.yaml")
    (problem,) = caught.value.problems
    assert "indicators.value_added.ranks.provincial.tied" in str(problem)
    assert "cannot be tied" in problem.what


# --- the reader reads the sample, and catches doctored sentences -------------------------------


def test_the_reader_reads_every_claim_of_the_sample() -> None:
    outcome = assert_true({})
    en, zh = (outcome.readings[language] for language in tk.ts.LANGUAGES)
    assert len(en.claims) == len(zh.claims) == 27  # the rank: its position, and not shared
    subjects = {c.subject for c in en.claims}
    assert subjects == {
        "title",
        "headline",
        "rank",
        "industries",
        "enterprises",
        "investment",
        "profits",
    }


@pytest.mark.parametrize(
    ("language", "old", "new", "kind"),
    [
        ("en", "increased by 2.1% year on year, 5", "decreased by 2.1% year on year, 5", "false"),
        ("zh-CN", "低于全省平均水平3个百分点", "高于全省平均水平3个百分点", "false"),
        ("en", "ranked 12th among", "ranked 11th among", "false"),
        ("zh-CN", "石化下降4.4%", "石化增长4.4%", "false"),
        ("en", "385 (61.3%)", "385 (61.4%)", "false"),
        ("zh-CN", "利润总额140.1亿元", "利润总额14.01亿元", "false"),
        ("en", "14.01 billion yuan", "1.401 billion yuan", "false"),
        ("en", "down 6.9% year on year.", "up 6.9% year on year.", "false"),
        ("zh-CN", "低于全省18.7个百分点", "低于全省平均水平18.7个百分点", "unread"),
        ("en", "In January–February", "In January–March", "false"),
        ("en", " Its growth rate ranked 12th among the 14 cities of Liaoning.", "", "missing"),
        ("zh-CN", "工业投资同比增长6.5%", "工业投资同比增长6.6%", "false"),
        ("zh-CN", "增速在辽宁省14个市中居第十二位。", "", "languages"),
    ],
)
def test_a_doctored_sentence_is_caught(language: str, old: str, new: str, kind: str) -> None:
    doc = tc.document({})
    texts = {lang: tk.ts.render(doc, lang) for lang in tk.ts.LANGUAGES}
    assert old in texts[language]
    texts[language] = texts[language].replace(old, new)
    outcome = tc.SPACE.examine_texts(doc, texts)
    assert kind in {p.kind for p in outcome.problems}, tk.report({}, outcome)
