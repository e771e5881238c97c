"""truth_prices: the truth tests of the consumer-price release (kind consumer-prices): its
data space, the truth of each claim computed with plain arithmetic, and a reader of every
sentence it computes, in English (the bureau's house style: "0.1 percent", "year-on-year",
"0.21 percentage point") and Chinese.

A variation is a dict of changes to the April 2023 sample (kinds/consumer-prices/
china-2023-04.yaml):

* ``cpi``, ``cpi_mom``, ``cpi_average``: a rate as text;
* ``food_tobacco_liquor``, ``food_tobacco_liquor_mom``: (change, contribution or None);
* the splits ``areas``, ``food_and_non_food``, ``goods_and_services`` and their ``_mom``: the
  values of their first members (one or two);
* ``food_items``, ``food_items_mom``, ``livestock_meat``, ``livestock_meat_mom``: members as
  (English name, change, contribution or None), names from FOODS and MEATS (``livestock_meat``
  None: the release names no part of livestock meat);
* ``categories``, ``categories_mom``: members as (key, change), keys from the sample's seven
  categories (``categories_mom`` None: no month-on-month categories, as in the sample).

Quantities of the truth are named like the data: ``cpi``, ``areas[urban areas]``,
``food_items_mom[fresh fruit].contribution``, ``categories up`` (a count)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import truth_space as ts
from hypothesis import strategies as st
from truth_kinds import Changes, Names, Reader, Space, load, verify
from truth_reader import NUMBER, Context, Unread, count_of, family

SAMPLE = ts.ROOT / "kinds" / "consumer-prices" / "china-2023-04.yaml"

SPLITS = ("areas", "food_and_non_food", "goods_and_services")
LEAD = "food_tobacco_liquor"

FOODS = {
    "fresh fruit": "鲜果",
    "livestock meat": "畜肉类",
    "eggs": "蛋类",
    "grain": "粮食",
    "fresh vegetables": "鲜菜",
    "aquatic products": "水产品",
    "edible vegetable oil": "食用植物油",
    "dairy products": "奶类",
}
MEATS = {"pork": "猪肉", "beef": "牛肉", "mutton": "羊肉"}

# --- the data --------------------------------------------------------------------------------


def _member(name: str, table: Mapping[str, str], value: str, contribution: str | None) -> Any:
    member: dict[str, Any] = {"name": {"en": name, "zh-CN": table[name]}, "value": Decimal(value)}
    if contribution is not None:
        member["contribution"] = Decimal(contribution)
    return member


def document(changes: Changes) -> dict[str, Any]:
    """The sample with ``changes`` applied, without ``published:``."""
    doc = load(SAMPLE)
    indicators, breakdowns = doc["indicators"], doc["breakdowns"]
    categories = {m["key"]: m for m in breakdowns["categories"]["members"]}
    for key, value in changes.items():
        if key in ("cpi", "cpi_mom", "cpi_average"):
            indicators[key]["value"] = Decimal(value)
        elif key in (LEAD, f"{LEAD}_mom"):
            change, contribution = value
            indicators[key]["value"] = Decimal(change)
            if contribution is None:
                indicators[key].pop("contribution", None)
            else:
                indicators[key]["contribution"] = Decimal(contribution)
        elif key.removesuffix("_mom") in SPLITS:
            members = breakdowns[key]["members"][: len(value)]
            for member, figure in zip(members, value, strict=True):
                member["value"] = Decimal(figure)
            breakdowns[key]["members"] = members
        elif key in ("food_items", "food_items_mom"):
            breakdowns[key]["members"] = [_member(*item[:1], FOODS, *item[1:]) for item in value]
        elif key in ("livestock_meat", "livestock_meat_mom"):
            if value is None:
                breakdowns.pop(key)
            else:
                breakdowns[key]["members"] = [_member(*i[:1], MEATS, *i[1:]) for i in value]
        elif key in ("categories", "categories_mom"):
            if value is None:
                breakdowns.pop(key, None)
                continue
            members = [dict(categories[k], value=Decimal(v)) for k, v in value]
            breakdowns[key] = {"members": members}
            if key == "categories_mom":
                breakdowns[key]["basis"] = "mom"
        else:
            raise KeyError(f"no such change: {key!r}")
    return doc


def names_of(doc: Mapping[str, Any], language: str) -> Names:
    """Display names → English names, by group; ``groups`` names each split by its members."""
    breakdowns = doc["breakdowns"]

    def table(items: Sequence[Any]) -> dict[str, str]:
        return {item[language]: item["en"] for item in items}

    found: dict[str, dict[str, str]] = {
        "region": table([doc["release"]["region"]]),
        "lead": table([doc["indicators"][LEAD]["name"]]),
        "foods": table([{"en": en, "zh-CN": zh} for en, zh in FOODS.items()]),
        "meats": table([{"en": en, "zh-CN": zh} for en, zh in MEATS.items()]),
        "categories": table([m["name"] for m in breakdowns["categories"]["members"]]),
    }
    for split in SPLITS:
        members = [*breakdowns[split]["members"], *breakdowns[f"{split}_mom"]["members"]]
        found[split] = table([m["name"] for m in members])
    found["categories"] |= table(
        [m["name"] for m in breakdowns.get("categories_mom", {}).get("members", [])]
    )
    return found


# --- the truth -------------------------------------------------------------------------------


def _counts(prefix: str, members: Sequence[Any]) -> dict[str, Any]:
    values = [m["value"] for m in members]
    return {
        f"{prefix}.count": len(values),
        f"{prefix} up": sum(1 for v in values if v > 0),
        f"{prefix} down": sum(1 for v in values if v < 0),
        f"{prefix} flat": sum(1 for v in values if v == 0),
        **{f"{prefix}[{m['name']['en']}]": m["value"] for m in members},
    }


def _items(name: str, members: Sequence[Any]) -> dict[str, Any]:
    truth: dict[str, Any] = {}
    for m in members:
        truth[f"{name}[{m['name']['en']}]"] = m["value"]
        if "contribution" in m:
            truth[f"{name}[{m['name']['en']}].contribution"] = m["contribution"]
    return truth


def truth_of(doc: Mapping[str, Any]) -> dict[str, Any]:
    indicators, breakdowns = doc["indicators"], doc["breakdowns"]
    period = str(doc["release"]["period"])
    truth: dict[str, Any] = {
        "region": doc["release"]["region"]["en"],
        "period": ts._span(ts._months(period)),
        "year": int(period[:4]),
        "cpi_average.period": ts._span(ts._months(indicators["cpi_average"]["period"])),
    }
    for name in ("cpi", "cpi_mom", "cpi_average", LEAD, f"{LEAD}_mom"):
        truth[name] = indicators[name]["value"]
        if "contribution" in indicators[name]:
            truth[f"{name}.contribution"] = indicators[name]["contribution"]
    for split in SPLITS:
        for basis in ("", "_mom"):
            truth |= _items(split + basis, breakdowns[split + basis]["members"])
    for basis in ("", "_mom"):
        truth |= _items(f"food_items{basis}", breakdowns[f"food_items{basis}"]["members"])
        if f"livestock_meat{basis}" in breakdowns:
            parts = breakdowns[f"livestock_meat{basis}"]["members"]
            truth |= _items(f"livestock_meat{basis}", parts)
        if f"categories{basis}" in breakdowns:
            truth |= _counts(f"categories{basis}", breakdowns[f"categories{basis}"]["members"])
    return truth


def required(truth: Mapping[str, Any]) -> set[tuple[str, str]]:
    """What the release must state: every figure of the data (the parts of livestock meat
    when livestock meat is among the food items it names)."""
    needed = {
        ("title", "cpi"),
        ("title", "cpi_mom"),
        ("title", "period"),
        ("title", "year"),
        ("headline", "cpi"),
        ("headline", "period"),
        ("headline", "year"),
        ("headline", "region"),
        ("headline mom", "cpi_mom"),
        ("headline mom", "period"),
        ("headline mom", "region"),
        ("average", "cpi_average"),
        ("average", "cpi_average.period"),
        ("average", "region"),
        ("lead", LEAD),
        ("lead", "period"),
        ("lead mom", f"{LEAD}_mom"),
        ("lead mom", "period"),
    }
    for q in truth:
        group = q.split("[")[0]
        if group in SPLITS:
            needed.add(("splits", q))
        elif group.removesuffix("_mom") in SPLITS:
            needed.add(("splits mom", q))
        elif q in (f"{LEAD}.contribution",):
            needed.add(("lead", q))
        elif q == f"{LEAD}_mom.contribution":
            needed.add(("lead mom", q))
        elif group in ("food_items", "food_items_mom"):
            needed.add(("food items" + group.removeprefix("food_items").replace("_", " "), q))
        elif group in ("categories", "categories_mom"):
            needed.add(("categories" + group.removeprefix("categories").replace("_", " "), q))
        elif q.startswith("categories") and not q.endswith(("count", "up", "down", "flat")):
            pass
        elif q.startswith("categories"):
            subject = "categories mom" if q.startswith("categories_mom") else "categories"
            needed.add((subject, q))
    for basis in ("", "_mom"):
        if f"food_items{basis}[livestock meat]" in truth:
            subject = f"food items{basis.replace('_', ' ')}"
            needed |= {(subject, q) for q in truth if q.startswith(f"livestock_meat{basis}[")}
    return needed


# --- the reader ------------------------------------------------------------------------------

READER = Reader()
sentence = READER.sentence

PCT = {"en": rf"(?P<pct>{NUMBER}) percent", "zh": rf"(?P<pct>{NUMBER})%"}
PTS = {
    "en": rf"(?P<pts>{NUMBER}) percentage (?P<unit>points?)",
    "zh": rf"(?P<pts>{NUMBER})个百分点",
}

# Phrases of price releases (kinds/consumer-prices/prices.j2): (pattern, relation).
PRICE_PHRASES: dict[str, dict[str, list[tuple[str, str]]]] = {
    "change": {
        "en": [("rose by {pct}", "+"), ("fell by {pct}", "-"), ("were unchanged", "0")],
        "zh": [("上涨{pct}", "+"), ("下降{pct}", "-"), ("持平", "0")],
    },
    "change yoy": {
        "en": [
            ("rose by {pct} year-on-year", "+"),
            ("fell by {pct} year-on-year", "-"),
            ("were unchanged from a year earlier", "0"),
        ],
        "zh": [("同比上涨{pct}", "+"), ("同比下降{pct}", "-"), ("同比持平", "0")],
    },
    "change mom": {
        "en": [
            ("rose by {pct} month-on-month", "+"),
            ("fell by {pct} month-on-month", "-"),
            ("were unchanged from the previous month", "0"),
        ],
        "zh": [("环比上涨{pct}", "+"), ("环比下降{pct}", "-"), ("环比持平", "0")],
    },
    "brief yoy": {
        "en": [
            ("up {pct} year-on-year", "+"),
            ("down {pct} year-on-year", "-"),
            ("unchanged year-on-year", "0"),
        ],
        "zh": [("同比上涨{pct}", "+"), ("同比下降{pct}", "-"), ("同比持平", "0")],
    },
    "brief mom": {
        "en": [
            ("up {pct} month-on-month", "+"),
            ("down {pct} month-on-month", "-"),
            ("unchanged month-on-month", "0"),
        ],
        "zh": [("环比上涨{pct}", "+"), ("环比下降{pct}", "-"), ("环比持平", "0")],
    },
    # What a change did to the CPI, at its first mention, again, and later in a list.
    "contribution": {
        "en": [
            ("adding about {pts} to the consumer price index \\(CPI\\)", "+"),
            ("taking about {pts} off the consumer price index \\(CPI\\)", "-"),
            ("leaving the consumer price index \\(CPI\\) practically unchanged", "0"),
            ("adding about {pts} to the CPI", "+"),
            ("taking about {pts} off the CPI", "-"),
            ("leaving the CPI practically unchanged", "0"),
            ("adding about {pts}", "+"),
            ("taking about {pts} off", "-"),
            ("with practically no effect", "0"),
        ],
        "zh": [
            ("影响CPI（居民消费价格指数）上涨约{pts}", "+"),
            ("影响CPI（居民消费价格指数）下降约{pts}", "-"),
            ("对CPI（居民消费价格指数）基本没有影响", "0"),
            ("影响CPI上涨约{pts}", "+"),
            ("影响CPI下降约{pts}", "-"),
            ("对CPI基本没有影响", "0"),
        ],
    },
}
_COMPILED: dict[tuple[str, str], list[tuple[re.Pattern[str], str]]] = {}


def price_phrase(kind: str, text: str, language: str) -> tuple[str, Decimal | None, list[str]]:
    """A phrase read: its relation, its figure (a percentage or points) and awkward wording."""
    lang = family(language)
    if (kind, lang) not in _COMPILED:
        _COMPILED[kind, lang] = [
            (re.compile(p.replace("{pct}", PCT[lang]).replace("{pts}", PTS[lang])), relation)
            for p, relation in PRICE_PHRASES[kind][lang]
        ]
    for pattern, relation in _COMPILED[kind, lang]:
        m = pattern.fullmatch(text)
        if not m:
            continue
        groups = m.groupdict()
        figure = groups.get("pct") or groups.get("pts")
        notes = []
        if groups.get("unit") is not None:  # the house style: singular up to one point
            singular = Decimal(groups["pts"]) <= 1
            if singular != (groups["unit"] == "point"):
                notes.append(f"grammatical number: {groups['pts']} percentage {groups['unit']}")
        return relation, None if figure is None else Decimal(figure), notes
    raise Unread(f"no {kind} phrase reads {text!r}")


def claim_phrase(c: Context, subject: str, kind: str, text: str, quantity: str) -> None:
    relation, figure, notes = price_phrase(kind, text, c.language)
    unit = "pp=" if kind == "contribution" else "%"
    c.claim(subject, quantity, relation, figure, unit)
    c.reading.notes += [f"{note} in {c.sentence!r}" for note in notes]
    if kind == "contribution":
        _mention(c, text)


def _mention(c: Context, text: str) -> None:
    """The index is named in full (consumer price index, 居民消费价格指数) the first time, as
    "the CPI" after that, and English may leave it out later in a sentence that named it."""
    state = READER.state
    full = "consumer price index" in text or "居民消费价格指数" in text
    named = full or "CPI" in text
    if full and state.get("introduced"):
        c.reading.notes.append(f"the CPI introduced again: {c.sentence!r}")
    elif named and not full and not state.get("introduced"):
        c.reading.notes.append(f"the CPI named before it is introduced: {c.sentence!r}")
    elif not named and not state.get("named"):
        c.reading.notes.append(
            f"a contribution to an index the sentence does not name: {c.sentence!r}"
        )
    state["introduced"] = state.get("introduced") or named  # (one note is enough)
    state["named"] = state.get("named") or named


def change_on(c: Context, subject: str, text: str, quantity: str) -> str:
    """A change with its basis, about ``quantity`` ("cpi{mom}": "{mom}" is "_mom" month on
    month); returns the basis ("yoy" or "mom")."""
    for basis in ("yoy", "mom"):
        try:
            price_phrase(f"change {basis}", text, c.language)
        except Unread:
            continue
        mom = "_mom" if basis == "mom" else ""
        claim_phrase(c, subject, f"change {basis}", text, quantity.format(mom=mom))
        return basis
    raise Unread(f"no change with a basis reads {text!r}")


def _name(c: Context, group: str, text: str) -> str:
    if text not in c.names[group]:
        raise Unread(f"not a name of {group}: {text!r}")
    return c.names[group][text]


def _period(c: Context, subject: str, text: str, quantity: str = "period") -> None:
    """ "April 2023" / "2023年4月份", or without the year."""
    if family(c.language) == "en":
        m = re.fullmatch(r"(?P<p>.+?)(?: (?P<y>\d{4}))?", text)
    else:
        m = re.fullmatch(r"(?:(?P<y>\d{4})年)?(?P<p>.+)", text)
    assert m
    c.period(subject, quantity, m["p"])
    if m["y"]:
        c.claim(subject, "year", "=", int(m["y"]))


def _suffix() -> str:
    return "_mom" if READER.state.get("basis") == "mom" else ""


@sentence("en", r"\*.+\* · .+")
@sentence("zh", r"\*.+\* · .+")
def _issuer(c: Context, m: re.Match[str]) -> None:
    """The issuer and the date of publication: nothing computed."""


@sentence("en", r"Consumer prices in (?P<period>[^:]+): (?P<yoy>[^,]+), (?P<mom>[^,]+)")
@sentence("zh", r"(?P<period>\d{4}年\d+月份?)居民消费价格(?P<yoy>同比\S+) (?P<mom>环比\S+)")
def _title(c: Context, m: re.Match[str]) -> None:
    _period(c, "title", m["period"])
    claim_phrase(c, "title", "brief yoy", m["yoy"], "cpi")
    claim_phrase(c, "title", "brief mom", m["mom"], "cpi_mom")


@sentence(
    "en",
    r"In (?P<period>[^,]+), consumer prices in (?P<region>.+?) "
    r"(?P<change>(?:rose|fell) by \S+ percent \S+|were unchanged from .+)\.",
)
@sentence(
    "zh", r"(?P<period>[^，]+)，(?P<region>[^，]+?)居民消费价格(?P<change>(?:同比|环比)[^，。]+)。"
)
def _headline(c: Context, m: re.Match[str]) -> None:
    change = m["change"]
    basis = "mom" if ("month" in change or "环比" in change) else "yoy"
    subject = "headline" + " mom" * (basis == "mom")
    READER.state["basis"], READER.state["next"] = basis, "splits"
    _period(c, subject, m["period"])
    c.claim(subject, "region", "=", names=[_name(c, "region", m["region"])])
    change_on(c, subject, change, "cpi{mom}")


# The splits: areas; food and non-food; goods and services.


def _split_en(c: Context, group: str, text: str, areas: bool) -> None:
    names = c.names[group]
    name = "(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + ")"
    change = r"(?:rose by \S+ percent|fell by \S+ percent|were unchanged)"
    quantity = group + _suffix()
    subject = "splits" + " mom" * bool(_suffix())
    if areas:
        clause = rf"prices (?P<c{{i}}>{change}) in (?P<n{{i}}>{name})"
        both = [
            (
                rf"prices rose by (?P<p1>\S+ percent) in (?P<n1>{name}) and (?P<p2>\S+ percent) in "
                rf"(?P<n2>{name})",
                "+",
            ),
            (
                rf"prices fell by (?P<p1>\S+ percent) in (?P<n1>{name}) and (?P<p2>\S+ percent) in "
                rf"(?P<n2>{name})",
                "-",
            ),
            (rf"prices were unchanged in both (?P<n1>{name}) and (?P<n2>{name})", "0"),
        ]
    else:
        clause = rf"prices of (?P<n{{i}}>{name}) (?P<c{{i}}>{change})"
        both = [
            (
                rf"prices of (?P<n1>{name}) rose by (?P<p1>\S+ percent) and those of "
                rf"(?P<n2>{name}) by (?P<p2>\S+ percent)",
                "+",
            ),
            (
                rf"prices of (?P<n1>{name}) fell by (?P<p1>\S+ percent) and those of "
                rf"(?P<n2>{name}) by (?P<p2>\S+ percent)",
                "-",
            ),
            (rf"prices of (?P<n1>{name}) and of (?P<n2>{name}) were unchanged", "0"),
        ]
    for pattern, relation in both:
        m = re.fullmatch(pattern, text)
        if m:
            for i in ("1", "2"):
                key = names[m[f"n{i}"]]
                figure = None if relation == "0" else Decimal(m[f"p{i}"].split()[0])
                c.claim(subject, f"{quantity}[{key}]", relation, figure, "%")
            return
    one, two = clause.format(i=1), clause.format(i=2)
    m = re.fullmatch(rf"{one}, while {two}", text) or re.fullmatch(one, text)
    if not m:
        raise Unread(f"no split reads {text!r}")
    for i in ("1", "2"):
        if m.groupdict().get(f"n{i}") is None:
            continue
        claim_phrase(c, subject, "change", m[f"c{i}"], f"{quantity}[{names[m[f'n{i}']]}]")
    if m.groupdict().get("c2") is not None:
        r1, r2 = (price_phrase("change", m[f"c{i}"], c.language)[0] for i in "12")
        if r1 == r2:
            c.reading.notes.append(f"'while' joins two changes alike: {c.sentence!r}")


def _split_zh(c: Context, group: str, text: str, areas: bool) -> None:
    names = c.names[group]
    name = "(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + ")"
    prices = "" if areas else "价格"
    quantity = group + _suffix()
    subject = "splits" + " mom" * bool(_suffix())
    m = re.fullmatch(rf"(?P<n1>{name})和(?P<n2>{name}){prices}均持平", text)
    if m:
        for i in "12":
            c.claim(subject, f"{quantity}[{names[m[f'n{i}']]}]", "0", None, "%")
        return
    for clause in text.split("，"):
        m = re.fullmatch(rf"(?P<n>{name}){prices}(?P<c>.+)", clause)
        if not m:
            raise Unread(f"no split reads {clause!r}")
        claim_phrase(c, subject, "change", m["c"], f"{quantity}[{names[m['n']]}]")


@sentence("en", r"Prices of (?P<name>.+), the other category, (?P<change>[^,]+)\.")
@sentence("zh", r"其他大类中，(?P<name>[^，]+?)价格(?P<change>(?:同比|环比)[^，。]+)。")
def _one_category(c: Context, m: re.Match[str]) -> None:
    """The only other category, with its change and its basis."""
    suffix = _suffix()
    subject = "categories" + " mom" * bool(suffix)
    key = _name(c, "categories", m["name"])
    basis = change_on(c, subject, m["change"], f"categories{{mom}}[{key}]")
    if (basis == "mom") != bool(suffix):
        raise Unread(f"a {basis} change in a section of the other basis")
    relation = price_phrase(f"change {basis}", m["change"], c.language)[0]
    c.claim(subject, f"categories{suffix}.count", "=", 1)
    for direction, sign in (("up", "+"), ("down", "-"), ("flat", "0")):
        c.claim(subject, f"categories{suffix} {direction}", "=", int(relation == sign))


SPLIT_PARTS = {
    "en": r"(?P<areas>Prices [^;]+); (?P<food>prices of [^;]+); (?P<goods>prices of [^;]+)",
    "zh": r"(?P<areas>[^；]+)；(?P<food>[^；]+)；(?P<goods>[^；]+)",
}


@sentence("en", r"(?P<body>Prices .+)\.")
@sentence("zh", r"其中，(?P<body>[^。]+)。")
def _splits_or_details(c: Context, m: re.Match[str]) -> None:
    """The splits of the index after a headline, the categories' details after their count
    (both "其中，…" in Chinese)."""
    expected = READER.state.get("next")
    if expected == "details":
        _details(c, m["body"])
        return
    if expected != "splits":
        raise Unread("neither after a headline nor after a count of categories")
    parts = re.fullmatch(SPLIT_PARTS[family(c.language)], m["body"])
    if not parts:
        raise Unread("not the three splits of the index")
    _splits(c, parts)


def _splits(c: Context, m: re.Match[str]) -> None:
    split = _split_en if family(c.language) == "en" else _split_zh
    areas = m["areas"]
    split(c, "areas", areas[0].lower() + areas[1:] if family(c.language) == "en" else areas, True)
    split(c, "food_and_non_food", m["food"], False)
    split(c, "goods_and_services", m["goods"], False)
    READER.state["next"] = None


@sentence(
    "en",
    rf"In (?P<period>[^,]+), consumer prices in (?P<region>.+?) were on average "
    rf"(?:(?P<pct>{NUMBER}) percent (?P<dir>higher|lower) than|the same as) in the same period "
    r"last year\.",
)
@sentence(
    "zh",
    rf"(?P<period>[^，]+)平均，(?P<region>[^，]+?)居民消费价格(?:比上年同期(?P<dir>上涨|下降)"
    rf"(?P<pct>{NUMBER})%|与上年同期持平)。",
)
def _average(c: Context, m: re.Match[str]) -> None:
    c.period("average", "cpi_average.period", m["period"])
    c.claim("average", "region", "=", names=[_name(c, "region", m["region"])])
    relation = {None: "0", "higher": "+", "上涨": "+", "lower": "-", "下降": "-"}[m["dir"]]
    figure = None if m["pct"] is None else Decimal(m["pct"])
    c.claim("average", "cpi_average", relation, figure, "%")


@sentence("en", r"I\. Price changes by category, year-on-year")
@sentence("zh", r"一、各类商品及服务价格同比变动情况")
def _heading_yoy(c: Context, m: re.Match[str]) -> None:
    READER.state["basis"] = "yoy"


@sentence("en", r"II\. Price changes by category, month-on-month")
@sentence("zh", r"二、各类商品及服务价格环比变动情况")
def _heading_mom(c: Context, m: re.Match[str]) -> None:
    READER.state["basis"] = "mom"


@sentence(
    "en",
    r"In (?P<period>[^,]+), prices of (?P<name>.+?) (?P<change>(?:rose|fell) by \S+ percent "
    r"\S+|were unchanged from (?:a year earlier|the previous month))(?:, (?P<contribution>.+))?\.",
)
@sentence(
    "zh",
    r"(?P<period>[^，]*\d[^，]*)，(?P<name>[^，]+?)类价格(?P<change>[^，。]+)"
    r"(?:，(?P<contribution>[^，。]+))?。",
)
def _lead(c: Context, m: re.Match[str]) -> None:
    READER.state["named"] = False
    _name(c, "lead", m["name"])
    basis = "mom" if re.search("month|环比", m["change"]) else "yoy"
    if READER.state.get("basis") != basis:
        raise Unread(f"a {basis} change in a section of the other basis")
    subject = "lead" + " mom" * (basis == "mom")
    c.period(subject, "period", m["period"])
    change_on(c, subject, m["change"], LEAD + "{mom}")
    if m["contribution"]:
        quantity = f"{LEAD}{_suffix()}.contribution"
        claim_phrase(c, subject, "contribution", m["contribution"], quantity)
    READER.state["next"] = "food items"


ITEM = {
    "en": r"prices of (?P<name>.+?) (?P<change>rose by \S+ percent|fell by \S+ percent|were "
    r"unchanged)(?:, (?P<contribution>(?:adding|taking|leaving|with) [^,]+))?",
    "zh": r"(?P<name>[^，]+?)价格(?P<change>上涨\S+?%|下降\S+?%|持平)"
    r"(?:，(?P<contribution>(?:影响|对)CPI[^，]+))?",
}
WITHIN = {"en": ", and within this, ", "zh": "，其中"}
PART_JOINER = {"en": ", and ", "zh": "，"}


def _item(c: Context, subject: str, group: str, names: str, text: str) -> None:
    m = re.fullmatch(ITEM[family(c.language)], text)
    if not m:
        raise Unread(f"no item reads {text!r}")
    key = _name(c, names, m["name"])
    claim_phrase(c, subject, "change", m["change"], f"{group}[{key}]")
    if m["contribution"]:
        claim_phrase(c, subject, "contribution", m["contribution"], f"{group}[{key}].contribution")


@sentence("en", r"Among food items, (?P<items>.+)\.")
@sentence("zh", r"食品中，(?P<items>.+)。")
def _food_items(c: Context, m: re.Match[str]) -> None:
    if READER.state.get("next") != "food items":
        raise Unread("food items without their category before them")
    READER.state["named"] = False
    lang = family(c.language)
    suffix = _suffix()
    subject = "food items" + " mom" * bool(suffix)
    for clause in m["items"].split("; " if lang == "en" else "；"):
        item, _, parts = clause.partition(WITHIN[lang])
        _item(c, subject, f"food_items{suffix}", "foods", item)
        if not parts:
            continue
        head = re.fullmatch(ITEM[lang], item)
        if head is None or c.names["foods"].get(head["name"]) != "livestock meat":
            raise Unread(f"parts of an item other than livestock meat: {clause!r}")
        # The parts are joined so that none reads as an item of the list (", and prices of").
        pieces = re.split(
            r", and (?=prices of )" if lang == "en" else r"，(?=[^，]+?价格(?:上涨|下降|持平))",
            parts,
        )
        for piece in pieces:
            _item(c, subject, f"livestock_meat{suffix}", "meats", piece)
    READER.state["next"] = "categories"


# The other categories: how many rose, fell, held (五涨两降), then each with its change.

ZH_COUNTS = {"两": 2}


def _zh_count(text: str) -> int:
    return ZH_COUNTS.get(text) or count_of(text, "zh")


@sentence("en", r"(?P<basis>Year|Month)-on-(?:year|month), prices (?P<rest>.+)\.")
def _en_count(c: Context, m: re.Match[str]) -> None:
    basis = "mom" if m["basis"] == "Month" else "yoy"
    rest = m["rest"]
    word = r"\d+|one|two|three|four|five|six|seven|eight|nine"
    forms = [
        (rf"rose in all the other (?P<whole>{word}) categories", "up"),
        (rf"fell in all the other (?P<whole>{word}) categories", "down"),
        (rf"were unchanged in all the other (?P<whole>{word}) categories", "flat"),
        (
            rf"rose in (?P<up>{word}) of the other (?P<whole>{word}) categories and fell in "
            rf"(?P<down>{word})",
            "",
        ),
        (
            rf"rose in (?P<up>{word}) of the other (?P<whole>{word}) categories and were unchanged "
            rf"in (?P<flat>{word})",
            "",
        ),
        (
            rf"fell in (?P<down>{word}) of the other (?P<whole>{word}) categories and were "
            rf"unchanged in (?P<flat>{word})",
            "",
        ),
        (
            rf"rose in (?P<up>{word}) of the other (?P<whole>{word}) categories, fell in "
            rf"(?P<down>{word}) and were unchanged in (?P<flat>{word})",
            "",
        ),
    ]
    for pattern, every in forms:
        found = re.fullmatch(pattern, rest)
        if found:
            _category_counts(c, basis, found.groupdict(), every)
            return
    raise Unread(f"no count of categories reads {rest!r}")


@sentence("zh", r"其他(?P<whole>\S+?)大类价格(?P<basis>同比|环比)(?P<rest>[^。]+)。")
def _zh_count_sentence(c: Context, m: re.Match[str]) -> None:
    basis = "mom" if m["basis"] == "环比" else "yoy"
    rest, counts = m["rest"], {"whole": m["whole"]}
    every = {"全部上涨": "up", "全部下降": "down", "全部持平": "flat"}.get(rest)
    if every is None:
        found = re.fullmatch(r"(?:(?P<up>\S)涨)?(?:(?P<down>\S)降)?(?:(?P<flat>\S)平)?", rest)
        if not found or sum(1 for v in found.groupdict().values() if v) < 2:
            raise Unread(f"no count of categories reads {rest!r}")
        counts |= {k: v for k, v in found.groupdict().items() if v}
    _category_counts(c, basis, counts, every or "")


def _category_counts(c: Context, basis: str, counts: Mapping[str, str | None], every: str) -> None:
    if READER.state.get("basis") != basis:
        raise Unread(f"a {basis} count of categories in a section of the other basis")
    prefix = "categories" + "_mom" * (basis == "mom")
    subject = "categories" + " mom" * (basis == "mom")

    def n(text: str | None) -> int:
        if text is None:
            return 0
        return _zh_count(text) if family(c.language) == "zh" else count_of(text, c.language)

    whole = n(counts["whole"])
    c.claim(subject, f"{prefix}.count", "=", whole)
    for direction in ("up", "down", "flat"):
        value = whole if every == direction else 0 if every else n(counts.get(direction))
        c.claim(subject, f"{prefix} {direction}", "=", value)
    if whole == 1:
        c.reading.notes.append(f"a count of one category: {c.sentence!r}")
    READER.state["next"] = "details"


def _names_en(text: str, names: Mapping[str, str]) -> list[str]:
    """ "A", "A and of B", "A, of B, and of C": category names hold commas and "and"."""
    ordered = sorted(names, key=len, reverse=True)
    found, at = [], 0
    while True:
        name = next((n for n in ordered if text.startswith(n, at)), None)
        if name is None:
            raise Unread(f"no category at {text[at:]!r}")
        found.append(names[name])
        at += len(name)
        if at == len(text):
            return found
        separator = next(
            (s for s in (", and of ", " and of ", ", of ") if text.startswith(s, at)), None
        )
        if separator is None:
            raise Unread(f"no separator at {text[at:]!r}")
        at += len(separator)


def _rates(text: str, language: str) -> list[Decimal]:
    pieces = re.split(r", and |, | and " if family(language) == "en" else r"、|和", text)
    pattern = PCT[family(language)]
    rates = []
    for piece in pieces:
        m = re.fullmatch(pattern, piece)
        if not m:
            raise Unread(f"not a rate: {piece!r}")
        rates.append(Decimal(m["pct"]))
    return rates


# A group of categories with their changes (prices.j2: rises, falls, unchanged); English
# continues a first group of rises with "those of … by …" (no verb).
DETAILS = {
    "en": [
        r"prices of (?P<names>.+) (?P<verb>rose|fell) by (?P<rates>.+?)(?P<respectively> "
        r"respectively)?",
        r"those of (?P<names>.+) by (?P<rates>.+)",
        r"prices of (?P<names>.+) were unchanged",
    ],
    "zh": [
        r"(?P<names>[^，]+?)价格(?P<respectively>分别)?(?P<verb>上涨|下降)(?P<rates>[^，]+)",
        r"(?P<names>[^，]+?)价格持平",
    ],
}


def _detail(c: Context, subject: str, quantity: str, text: str) -> None:
    lang = family(c.language)
    for pattern in DETAILS[lang]:
        m = re.fullmatch(pattern, text)
        if m:
            break
    else:
        raise Unread(f"no details of categories read {text!r}")
    groups = m.groupdict()
    if lang == "en":
        keys = _names_en(m["names"], c.names["categories"])
    else:
        keys = [_name(c, "categories", n) for n in m["names"].split("、")]
    if "rates" not in groups:
        for key in keys:
            c.claim(subject, f"{quantity}[{key}]", "0", None, "%")
        return
    rates = _rates(m["rates"], c.language)
    if len(rates) != len(keys):
        raise Unread(f"{len(keys)} categories but {len(rates)} rates: {text!r}")
    relation = "-" if groups.get("verb") in ("fell", "下降") else "+"
    for key, rate in zip(keys, rates, strict=True):
        c.claim(subject, f"{quantity}[{key}]", relation, rate, "%")
    if "verb" in groups and (len(keys) > 1) != bool(groups["respectively"]):
        c.reading.notes.append(f"'respectively' and the number of names: {c.sentence!r}")


def _details(c: Context, details: str) -> None:
    lang = family(c.language)
    suffix = _suffix()
    if lang == "en":
        details = details[0].lower() + details[1:]
    for group in details.split("; " if lang == "en" else "；"):
        pieces = re.split(r", and (?=those of )", group) if lang == "en" else group.split("，")
        for piece in pieces:
            _detail(c, "categories" + " mom" * bool(suffix), f"categories{suffix}", piece)
    READER.state["next"] = None


SPACE = Space(document, truth_of, required, names_of, READER, verify)


def examine(changes: Changes) -> ts.Outcome:
    return SPACE.examine(changes)


# --- strategies ------------------------------------------------------------------------------

CATEGORY_KEYS = ("clothing", "housing", "household", "transport", "education", "health", "other")


def price(places: int = 1, low: int = -20, high: int = 20) -> st.SearchStrategy[str]:
    """A price change: often zero (also -0.0), ±0.1, one unit of the last place, 1.0 (the
    bureau's line between larger and smaller rises) and its neighbours; at two decimals 0.50
    (which keeps its zero)."""
    edges = ["0.0", "-0.0", "0.1", "-0.1", "1.0", "0.9", "1.1", "-1.0"]
    if places == 2:
        edges += ["0.50", "-0.50", "1.00", "0.99", "0.01", "-0.01", "0.00"]
    return st.one_of(st.sampled_from(edges), ts.rate(low, high, places))


@st.composite
def contribution(draw: st.DrawFn, change: str) -> str | None:
    """A contribution in points with the change's sign (or 0.00: too small to move the
    index), at two decimals as the bureau publishes it, now and then 1 or more; or none."""
    if draw(st.integers(0, 5)) == 0:
        return None
    value = Decimal(change)
    sign = (value > 0) - (value < 0)
    if sign == 0 or draw(st.integers(0, 6)) == 0:
        return "0.00"
    size = draw(
        st.one_of(
            st.sampled_from(["0.01", "0.21", "1.00", "1.25"]),
            st.integers(1, 60).map(lambda n: str(Decimal(n).scaleb(-2))),
        )
    )
    return size if sign > 0 else f"-{size}"


@st.composite
def items(
    draw: st.DrawFn, pool: Mapping[str, str], low: int, high: int, places: int = 1
) -> tuple[tuple[str, str, str | None], ...]:
    """Members named from ``pool``, in any order: all up, all down, unchanged, mixed, ties."""
    names = draw(st.permutations(list(pool)))
    n = draw(st.integers(1, len(names)))
    form = draw(st.sampled_from(["up", "down", "flat", "mixed"]))
    change = price(places, low, high)
    if form == "up":
        change = change.filter(lambda x: Decimal(x) > 0)
    elif form == "down":
        change = change.filter(lambda x: Decimal(x) < 0)
    elif form == "flat":
        change = st.sampled_from(["0.0", "-0.0"])
    first = draw(change)
    found = []
    for name in names[:n]:
        value = draw(st.one_of(st.just(first), change))
        found.append((name, value, draw(contribution(value))))
    return tuple(found)


@st.composite
def split(draw: st.DrawFn, places: int = 1) -> tuple[str, ...]:
    """A split of the index in two (now and then only its first member): same direction,
    opposite, unchanged, ties."""
    a = draw(price(places, -5, 5))
    b = draw(st.one_of(ts.related([a], -5, 5, places), price(places, -5, 5)))
    return (a, b) if draw(st.integers(0, 7)) else (a,)


@st.composite
def index(draw: st.DrawFn, places: int = 1) -> dict[str, Any]:
    """The CPI year on year, month on month and on average, and its three splits."""
    changes: dict[str, Any] = {
        "cpi": draw(price(places, -5, 5)),
        "cpi_mom": draw(price(places, -3, 3)),
        "cpi_average": draw(price(places, -5, 5)),
    }
    for name in SPLITS:
        changes[name] = draw(split(places))
        changes[f"{name}_mom"] = draw(split(places))
    return changes


@st.composite
def food(draw: st.DrawFn, places: int = 1) -> dict[str, Any]:
    """Food, tobacco and liquor with the food items and the parts of livestock meat, year on
    year and month on month, with and without contributions."""
    changes: dict[str, Any] = {}
    for basis in ("", "_mom"):
        lead = draw(price(places, -10, 10))
        changes[f"{LEAD}{basis}"] = (lead, draw(contribution(lead)))
        changes[f"food_items{basis}"] = draw(items(FOODS, -20, 20, places))
        meat = draw(st.one_of(st.none(), items(MEATS, -20, 20, places)))
        changes[f"livestock_meat{basis}"] = meat
    return changes


@st.composite
def category_changes(draw: st.DrawFn, places: int = 1) -> tuple[tuple[str, str], ...]:
    """One to seven of the other categories: all rose, all fell, none changed, rises of 1%
    or more and below, ties."""
    keys = [k for k in CATEGORY_KEYS if draw(st.booleans())] or [
        draw(st.sampled_from(CATEGORY_KEYS))
    ]
    form = draw(st.sampled_from(["up", "down", "flat", "mixed", "mixed"]))
    change = price(places, -5, 5)
    if form == "up":
        change = change.filter(lambda x: Decimal(x) > 0)
    elif form == "down":
        change = change.filter(lambda x: Decimal(x) < 0)
    elif form == "flat":
        change = st.sampled_from(["0.0", "-0.0"])
    first = draw(change)
    return tuple((key, draw(st.one_of(st.just(first), change))) for key in keys)


@st.composite
def categories(draw: st.DrawFn, places: int = 1) -> dict[str, Any]:
    return {
        "categories": draw(category_changes(places)),
        "categories_mom": draw(st.one_of(st.none(), category_changes(places))),
    }


@st.composite
def whole_space(draw: st.DrawFn, places: int = 1) -> dict[str, Any]:
    changes: dict[str, Any] = dict(draw(index(places)))
    changes |= draw(food(places))
    changes |= draw(categories(places))
    return changes


PROPERTIES: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "prices: the CPI year on year, month on month, on average, and its splits": index(),
    "prices: food, tobacco and liquor, the food items and their parts": food(),
    "prices: the other categories, year on year and month on month": categories(),
    "prices: the whole space at once": whole_space(),
    "prices: the whole space, published at two decimals": whole_space(places=2),
}
