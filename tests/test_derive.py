"""derive: every derivation on small datasets made here, with signs kept and provenance named."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest

from bulletin.derive import (
    DERIVATIONS,
    DeriveError,
    GapChange,
    Movement,
    checkable,
    resolve,
)
from bulletin.vocabulary import Dataset

NAMES = {"en": "x", "zh-CN": "x"}


def dataset(**sections: Any) -> Dataset:
    document = {
        "release": {
            "kind": "any",
            "region": NAMES,
            "issuer": NAMES,
            "period": "2024-Q1",
            "published": "2024-04-20",
        },
        **sections,
    }
    return Dataset.model_validate(document, context={"languages": ("en", "zh-CN")})


def va(now: str, before: str, national_now: str, national_before: str) -> Dataset:
    return dataset(
        indicators={
            "va": {
                "value": D(now),
                "earlier": {"cum": {"period": "2024-01..02", "value": D(before)}},
                "benchmarks": {
                    "national": {"value": D(national_now), "earlier": {"cum": D(national_before)}}
                },
            }
        }
    )


def derive(name: str, args: Any, data: Dataset) -> Any:
    return DERIVATIONS[name](args, data)


def test_references_resolve_with_their_paths_and_periods():
    data = va("5.3", "4.8", "6.1", "7.0")
    assert resolve("va", data).path == "indicators.va"
    national_then = resolve("va.national@cum", data)
    assert national_then.value == D("7.0")
    assert national_then.path == "indicators.va.benchmarks.national.earlier.cum"
    assert str(national_then.period) == "2024-01..02"  # the indicator's earlier period
    with pytest.raises(DeriveError, match="no benchmark 'provincial'"):
        resolve("va.provincial", data)
    with pytest.raises(DeriveError, match="no earlier value 'previous_year'"):
        resolve("va@previous_year", data)
    with pytest.raises(DeriveError, match="no indicator called 'nope'"):
        resolve("nope", data)


@pytest.mark.parametrize(
    ("now", "before", "national_now", "national_before", "change", "behind"),
    [
        ("5.3", "4.8", "6.1", "7.0", GapChange.NARROWED, True),  # the reference release
        ("5.3", "4.8", "8.0", "7.0", GapChange.WIDENED, True),
        ("8.0", "4.8", "6.1", "7.0", GapChange.REVERSED, False),  # trailing → leading
        ("5.0", "8.0", "6.1", "7.0", GapChange.REVERSED, True),  # leading → trailing
        ("6.1", "4.8", "6.1", "7.0", GapChange.CLOSED, False),
        ("6.0", "7.0", "6.1", "7.0", GapChange.OPENED, True),
        ("9.0", "8.0", "7.1", "7.0", GapChange.WIDENED, False),
        ("7.5", "8.0", "6.9", "7.0", GapChange.NARROWED, False),
        ("7.0", "8.0", "6.0", "7.0", GapChange.UNCHANGED, False),
        ("7.0", "7.0", "7.0", "7.0", GapChange.LEVEL, False),
    ],
)
def test_gap_keeps_the_side_of_the_benchmark(
    now, before, national_now, national_before, change, behind
):
    gap = derive(
        "gap",
        {"of": "va", "benchmark": "national", "since": "cum"},
        va(now, before, national_now, national_before),
    )
    assert gap.change == change
    assert gap.behind == behind
    assert gap.after.value == D(now) - D(national_now)  # signed, never abs()
    assert gap.before.value == D(before) - D(national_before)


@pytest.mark.parametrize(
    ("now", "before", "movement"),
    [
        ("5.3", "4.8", Movement.FASTER),
        ("4.8", "5.3", Movement.SLOWER),
        ("5.3", "5.3", Movement.SAME),
        ("-2.4", "-9.8", Movement.DECLINE_NARROWED),
        ("-9.8", "-2.4", Movement.DECLINE_WIDENED),
        ("1.0", "-2.0", Movement.TURNED_TO_GROWTH),
        ("0.5", "0", Movement.FASTER),  # from zero: rose, not a turn
        ("-1.0", "2.0", Movement.TURNED_TO_DECLINE),
        ("-0.5", "0", Movement.SLOWER),
        ("0", "2.0", Movement.SLOWER),
        ("0", "-2.0", Movement.FASTER),
    ],
)
def test_trend_words_a_negative_rate_as_a_decline(now, before, movement):
    trend = derive("trend", ["va", "va@cum"], va(now, before, "1", "1"))
    assert trend.movement == movement
    assert trend.change.value == D(now) - D(before)


def test_counts_members_and_thresholds():
    data = dataset(
        indicators={"va": {"value": D("5.3"), "benchmarks": {"national": D("6.1")}}},
        breakdowns={
            "cities": {
                "members": [
                    {"name": {"en": n, "zh-CN": n}, "value": D(v)}
                    for n, v in [
                        ("a", "6.8"),
                        ("b", "11.2"),
                        ("c", "-3.4"),
                        ("d", "0"),
                        ("e", "10"),
                    ]
                ]
            }
        },
        tallies={"sectors": {"of": 40, "count": 31, "thresholds": [{"above": 20, "count": 15}]}},
    )
    grew = derive("count", {"of": "cities", "above": 0}, data)
    assert (grew.part, grew.whole, grew.all, grew.none) == (3, 5, False, False)
    above_both = derive("count", {"of": "cities", "above": ["va", "va.national"]}, data)
    assert above_both.part == 3  # 6.8, 11.2 and 10 are above 6.1 (the stricter of the two)
    double = derive("members", {"of": "cities", "at_least": 10, "order": "desc"}, data)
    assert [m.name.get("en") for m in double] == ["b", "e"]
    assert double[0].path == "breakdowns.cities.members[1]"
    top = derive("members", {"of": "cities", "order": "asc", "limit": 1}, data)
    assert [m.value for m in top] == [D("-3.4")]
    tally = derive("tally", "sectors", data)
    assert tally.growing.share == D("77.5")
    assert tally.above[0].count.part == 15
    assert dict(checkable("sectors", tally)) == {"sectors": D(31), "sectors.share": D("77.5")}
    assert dict(checkable("grew", grew))["grew.share"] == D(60)


def test_months_since_a_cumulative_period():
    months = derive("months_since", ["va", "va@cum"], va("5.3", "4.8", "6.1", "7.0"))
    assert (months.first_month, months.last_month, months.kind) == (3, 3, "month")
    with pytest.raises(DeriveError, match="does not end before"):
        derive("months_since", ["va@cum", "va"], va("5.3", "4.8", "6.1", "7.0"))


@pytest.mark.parametrize(
    ("rank", "tied"),
    [({"position": 5, "of": 31}, False), ({"position": 5, "of": 31, "tied": True}, True)],
)
def test_a_rank_says_whether_it_is_shared(rank: dict[str, Any], tied: bool):
    data = dataset(indicators={"inv": {"value": D("25.2"), "ranks": {"national": rank}}})
    fact = derive("rank", ["inv", "national"], data)
    assert (fact.position, fact.of, fact.tied) == (5, 31, tied)
    assert fact.position.source == "indicators.inv.ranks.national.position"


@pytest.mark.parametrize(
    ("now", "before", "movement", "difference"),
    [
        ("-3.2", "-5.0", Movement.DECLINE_NARROWED, "1.8"),  # 减亏
        ("-5.0", "-3.2", Movement.DECLINE_WIDENED, "-1.8"),  # 增亏
        ("-3.2", "1.5", Movement.TURNED_TO_DECLINE, "-4.7"),  # 由盈转亏
        ("1.5", "-3.2", Movement.TURNED_TO_GROWTH, "4.7"),  # 扭亏为盈
        ("-3.2", "-3.20", Movement.SAME, "0.00"),
    ],
)
def test_profits_against_a_year_earlier_are_a_trend_in_their_unit(
    now, before, movement, difference
):
    data = dataset(
        indicators={
            "profits": {
                "unit": "亿元",
                "basis": "level",
                "value": D(now),
                "earlier": {"last_year": {"period": "2023-Q1", "value": D(before)}},
            }
        }
    )
    trend = derive("trend", ["profits", "profits@last_year"], data)
    assert trend.movement == movement
    assert trend.change.value == D(difference) and trend.change.unit == "亿元"
    assert not trend.change.points
