"""verbalize: locale-bound wording of numbers, amounts, ranks, lists, periods and names, shaped
like `babel.support.Format`; rounds once (half up) and never reads files.

Babel/CLDR does what it knows: digits and grouping, compact magnitudes (万/亿 and
million/billion), list patterns, month names and dates. The tables below hold only what CLDR
lacks: spelled-out ordinals, Chinese numerals and the statistical names of periods. Unit words
("percentage points", "yuan", "tons") are catalog messages, so translators own them.

English:

>>> en = Verbalizer.for_language("en")
>>> en.amount_of(Decimal("185.7"), "亿元"), en.amount_of(Decimal("2.5"), "万亿元")
('18.57 billion yuan', '2.5 trillion yuan')
>>> en.amount_of(Decimal("7.01"), "亿元"), en.amount_of(Decimal("2720"), "万元")
('701 million yuan', '27.2 million yuan')
>>> en.amount_of(Decimal("79"), "万吨"), en.amount_of(Decimal("160"), "万吨")
('790,000 tons', '1.6 million tons')
>>> en.percent(Decimal("5.3")), en.percent(Decimal("24.0")), en.percent(Decimal("-1.1"))
('5.3%', '24.0%', '-1.1%')
>>> en.points(Decimal("0.3")), en.points(Decimal("-0.9")), en.points(Decimal("6.0"))
('0.3 percentage points', '0.9 percentage points', '6 percentage points')
>>> en.points(Decimal("1.0")), en.points(Decimal("2.25"))
('1 percentage point', '2.3 percentage points')
>>> en.count(4883), en.cardinal(4), en.cardinal(14), en.ordinal(5), en.ordinal(23)
('4,883', 'four', '14', 'fifth', '23rd')
>>> en.list(["Dandong", "Jinzhou", "Chaoyang"])
'Dandong, Jinzhou and Chaoyang'
>>> en.period(Period.parse("2024-Q1")), en.period(Period.parse("2024-Q1"), with_year=True)
('the first quarter', 'the first quarter of 2024')
>>> en.period(Period.parse("2024-01..03")), en.period(Period.parse("2024-03"))
('January–March', 'March')
>>> en.period(Period.parse("2023"), whole=True)
'the whole of 2023'

Chinese:

>>> zh = Verbalizer.for_language("zh-CN")
>>> zh.amount_of(Decimal("185.7"), "亿元"), zh.amount_of(Decimal("2.5"), "万亿元")
('185.7亿元', '2.5万亿元')
>>> zh.amount_of(Decimal("7.01"), "亿元"), zh.amount_of(Decimal("2720"), "万元")
('7.01亿元', '2720万元')
>>> zh.amount_of(Decimal("79"), "万吨"), zh.amount_of(Decimal("160"), "万吨")
('79万吨', '160万吨')
>>> zh.percent(Decimal("5.3")), zh.points(Decimal("0.3")), zh.points(Decimal("2.25"))
('5.3%', '0.3个百分点', '2.3个百分点')
>>> zh.count(4883), zh.cardinal(4), zh.numeral(4), zh.ordinal(5), zh.ordinal(12)
('4883', '4', '四', '第五', '第十二')
>>> zh.list(["丹东", "锦州", "朝阳"])
'丹东、锦州和朝阳'
>>> zh.period(Period.parse("2024-Q1")), zh.period(Period.parse("2024-Q1"), with_year=True)
('一季度', '2024年一季度')
>>> zh.period(Period.parse("2024-01..03")), zh.period(Period.parse("2024-03"))
('1—3月', '3月份')
>>> zh.period(Period.parse("2023"), whole=True)
'2023年全年'

Amounts keep the magnitude they were published in (house style ``amounts: published``, the
default): 12345.6亿元 stays 12345.6亿元, which is 1,234.56 billion yuan, never "1.23456 trillion":

>>> zh.amount_of(Decimal("12345.6"), "亿元"), en.amount_of(Decimal("12345.6"), "亿元")
('12345.6亿元', '1,234.56 billion yuan')

One rounding, half up, in the unit the data was written in; both languages show the same
value, and in the published magnitude the rounded figure keeps its unit:

>>> zh.amount_of(Decimal("9999.95"), "万元", 1), en.amount_of(Decimal("9999.95"), "万元", 1)
('10000.0万元', '100 million yuan')

With ``amounts: rescale`` the magnitude is chosen by size, after that one rounding, so the
result may cross into the next magnitude:

>>> zh_rescaled = Verbalizer.for_language("zh-CN", style=Style(amounts="rescale"))
>>> en_rescaled = Verbalizer.for_language("en", style=Style(amounts="rescale"))
>>> zh_rescaled.amount_of(Decimal("9999.95"), "万元", 1)
'1亿元'
>>> en_rescaled.amount_of(Decimal("9999.95"), "万元", 1)
'100 million yuan'
>>> zh_rescaled.amount_of(Decimal("9999.94"), "万元", 1)
'9999.9万元'
>>> en_rescaled.amount_of(Decimal("9999.94"), "万元", 1)
'99.999 million yuan'
>>> zh_rescaled.amount_of(Decimal("12345.6"), "亿元")
'1.23456万亿元'
>>> en_rescaled.amount_of(Decimal("12345.6"), "亿元")
'1.23456 trillion yuan'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol, runtime_checkable

from babel import Locale
from babel.dates import format_date, format_skeleton, get_month_names
from babel.lists import format_list
from babel.numbers import format_compact_decimal, format_decimal
from markupsafe import Markup, escape

from bulletin.locales import StrictTranslations, babel_locale, load_catalog
from bulletin.models import Text
from bulletin.numbers import decimals_of as _decimals
from bulletin.numbers import round_half_up
from bulletin.periods import Period
from bulletin.project import Project, find_project
from bulletin.provenance import Figure, mark
from bulletin.style import Style
from bulletin.units import Units, units_of

# --- What CLDR lacks -------------------------------------------------------------------------

EN_CARDINALS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
EN_ORDINALS = (
    "",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
)
EN_ORDINAL_SUFFIX = {"one": "st", "two": "nd", "few": "rd", "other": "th"}
ZH_DIGITS = "零一二三四五六七八九"

# Statistical period names by language (CLDR has "第一季度"/"1st quarter", not "一季度"/"the
# first quarter"). Keys: kind, and "+year" for the form that names the year.
PERIOD_FORMS: dict[str, dict[str, str]] = {
    "en": {
        "quarter": "the {ordinal} quarter",
        "quarter+year": "the {ordinal} quarter of {year}",
        "months": "{first}–{last}",
        "months+year": "{first}–{last} {year}",
        "month": "{first}",
        "month+year": "{first} {year}",
        "year": "{year}",
        "year+year": "{year}",
        "whole": "the whole of {year}",
    },
    "zh": {
        "quarter": "{numeral}季度",
        "quarter+year": "{year}年{numeral}季度",
        "months": "{m1}—{m2}月",
        "months+year": "{year}年{m1}—{m2}月",
        "month": "{m1}月份",
        "month+year": "{year}年{m1}月份",
        "year": "{year}年",
        "year+year": "{year}年",
        "whole": "{year}年全年",
    },
}
SENTENCE_SEPARATOR = {"en": " ", "zh": "", "ja": ""}
GROUPS_THOUSANDS = {"zh": False, "ja": False}  # Chinese releases write 4883, not 4,883


def zh_numeral(n: int) -> str:
    """Chinese numerals for 0–99 (十二, 二十, 九十九); larger numbers keep digits.

    >>> zh_numeral(10), zh_numeral(12), zh_numeral(20), zh_numeral(31), zh_numeral(100)
    ('十', '十二', '二十', '三十一', '100')
    """
    if not 0 <= n < 100:
        return str(n)
    tens, units = divmod(n, 10)
    if tens == 0:
        return ZH_DIGITS[units]
    head = "" if tens == 1 else ZH_DIGITS[tens]
    return head + "十" + (ZH_DIGITS[units] if units else "")


class Measured(Protocol):
    """Anything with a value in a registered unit (an indicator value, a data figure)."""

    @property
    def value(self) -> Decimal: ...

    @property
    def unit(self) -> str: ...


@dataclass(frozen=True)
class _Amount:
    value: Decimal
    unit: str


class HasValue(Protocol):
    """A figure's source: a value from the data or a fact (`derive.Value`, `Difference`,
    `Trend`, `Share`), which may say where it came from (``source``, ``derivation``)."""

    @property
    def value(self) -> Decimal: ...


@runtime_checkable
class Counted(Protocol):
    """A count of a whole (`derive.Count`): its share, and how that share is derived."""

    part: int
    whole: int

    @property
    def share(self) -> Decimal: ...

    @property
    def share_derivation(self) -> str: ...


Number = Decimal | int | HasValue | Sequence[Any]
"""What the figure methods take; a sequence (members of a fact) is counted."""


@dataclass(frozen=True)
class _Origin:
    exact: Decimal
    source: str | None
    derivation: str | None


def origin_of(value: object) -> _Origin:
    """A figure's number and where it came from: a value or fact with ``source`` or
    ``derivation``; a number that knows its path; members (counted); or a bare number."""
    source, derivation = getattr(value, "source", None), getattr(value, "derivation", None)
    if isinstance(value, int | Decimal):
        return _Origin(Decimal(value), source, derivation)
    if isinstance(value, tuple | list):
        return _Origin(Decimal(len(value)), None, derivation)
    number = getattr(value, "value", None)
    if not isinstance(number, int | Decimal):
        raise TypeError(f"not a figure: {value!r}")
    return _Origin(Decimal(number), source, derivation)


class Verbalizer:
    """Formats figures for one language; templates reach it as ``fmt``."""

    def __init__(
        self,
        language: str,
        translations: StrictTranslations,
        units: Units,
        style: Style | None = None,
    ) -> None:
        self.language = language
        self.family = language.split("-")[0]
        self.locale: Locale = babel_locale(language)
        self.translations = translations
        self.units = units
        self.style = style or Style()
        grouping = self.style.grouping
        self._grouping = GROUPS_THOUSANDS.get(self.family, True) if grouping is None else grouping
        # A 万-based language has a compact pattern for 10^4; use it from there (79万吨).
        # Elsewhere, compact names start at a million (790,000 tons, 1.6 million tons).
        pattern = self.locale.compact_decimal_formats["short"]["other"].get("10000")
        self._myriad = pattern is not None and str(pattern.pattern).count("0") == 1
        self._compact_from = Decimal(10) ** (4 if self._myriad else 6)
        self.figures: list[Figure] = []
        self._marking = False

    @classmethod
    def for_language(
        cls, language: str, project: Project | None = None, style: Style | None = None
    ) -> Verbalizer:
        project = project or find_project()
        catalog = load_catalog(project, language)
        return cls(language, StrictTranslations(catalog), units_of(project), style)

    # --- marking figures for HTML -------------------------------------------------------------

    @contextmanager
    def marking(self) -> Iterator[list[Figure]]:
        """While rendering HTML: each figure's text comes wrapped in markers carrying its index
        in the list this yields (`provenance.replace_marks` makes them ``<data>`` elements)."""
        saved = self.figures, self._marking
        self.figures, self._marking = [], True
        try:
            yield self.figures
        finally:
            self.figures, self._marking = saved

    @contextmanager
    def unmarked(self) -> Iterator[None]:
        """Figures for places that cannot hold markup (SVG text, attributes): plain text; they
        are still recorded, so ``figures[-1]`` says where the last one came from."""
        saved = self._marking
        self._marking = False
        try:
            yield
        finally:
            self._marking = saved

    # --- numbers -------------------------------------------------------------------------
    # Every figure method takes the figure's source: a value from the data (`Value`), a fact
    # (`Difference`, `Trend`, `Share`), a number that knows its path (a count, a rank, a
    # threshold), or a bare number, whose source is then recorded as unknown.

    def _digits(self, value: Decimal, places: int) -> str:
        rounded = round_half_up(value, -places)
        pattern = ("#,##0" if self._grouping else "0") + ("." + "0" * places if places else "")
        return format_decimal(rounded, format=pattern, locale=self.locale)

    def number(self, value: Number, decimals: int | None = None, absolute: bool = False) -> str:
        """A plain number, rounded half up to ``decimals`` (default: as published);
        ``absolute`` drops its sign (the words say the direction)."""
        origin = origin_of(value)
        x = abs(origin.exact) if absolute else origin.exact
        places = _decimals(x) if decimals is None else decimals
        text = self._digits(x, places)
        return self._record(
            "number", round_half_up(x, -places), text, origin, decimals=decimals, absolute=absolute
        )

    def _whole(self, n: Number) -> tuple[int, _Origin]:
        origin = origin_of(n)
        return int(origin.exact), origin

    def count(self, n: Number) -> str:
        """A count in digits (4,883 / 4883): a count from the facts, a number from the data, or
        the members of a ``members:`` fact (how many there are)."""
        whole, origin = self._whole(n)
        return self._record("count", Decimal(whole), self._digits(Decimal(whole), 0), origin)

    def cardinal(self, n: Number) -> str:
        """A count in running text: English spells out one to nine; Chinese keeps digits."""
        whole, origin = self._whole(n)
        if self.family == "en" and 0 <= whole < len(EN_CARDINALS):
            return self._record("count", Decimal(whole), EN_CARDINALS[whole], origin)
        return self._record("count", Decimal(whole), self._digits(Decimal(whole), 0), origin)

    def _numeral_text(self, n: int) -> str:
        if self.family == "en" and 0 <= n < len(EN_CARDINALS):
            return EN_CARDINALS[n]
        if self.family == "zh":
            return zh_numeral(n)
        return self._digits(Decimal(n), 0)

    def numeral(self, n: Number) -> str:
        """A count as a word in compounds: "the four major industries", "四大产业"."""
        whole, origin = self._whole(n)
        return self._record("count", Decimal(whole), self._numeral_text(whole), origin)

    def _ordinal_text(self, n: int) -> str:
        if self.family == "en":
            if 0 < n < len(EN_ORDINALS):
                return EN_ORDINALS[n]
            return f"{n}{EN_ORDINAL_SUFFIX.get(self.locale.ordinal_form(n), 'th')}"
        if self.family == "zh":
            return "第" + zh_numeral(n)
        return self._digits(Decimal(n), 0)

    def ordinal(self, n: Number) -> str:
        """A rank: fifth / 第五."""
        whole, origin = self._whole(n)
        return self._record("rank", Decimal(whole), self._ordinal_text(whole), origin)

    def _percent(self, origin: _Origin, decimals: int | None = None, absolute: bool = False) -> str:
        value = abs(origin.exact) if absolute else origin.exact
        places = _decimals(value) if decimals is None else decimals
        rounded = round_half_up(value, -places)
        if self.style.percent:
            text = self.style.percent.replace("{}", self._digits(rounded, places))
        else:
            pattern = (
                ("#,##0" if self._grouping else "0") + ("." + "0" * places if places else "") + "%"
            )
            text = format_decimal(rounded / 100, format=pattern, locale=self.locale)
        return self._record("percent", rounded, text, origin, decimals=decimals, absolute=absolute)

    def percent(self, value: Number, decimals: int | None = None, absolute: bool = False) -> str:
        """A rate or share in %, at its published precision unless ``decimals`` is given;
        ``absolute`` drops its sign ("decreased by 3.4%")."""
        return self._percent(origin_of(value), decimals, absolute)

    def share(self, value: Number | Counted) -> str:
        """A computed share (31 of 40 → 77.5%), one decimal, half up: a count's share of its
        whole, or a number."""
        if isinstance(value, Counted):
            origin = _Origin(value.share, None, value.share_derivation)
            return self._percent(origin, 1)
        return self._percent(origin_of(value), 1)

    def _points_digits(self, value: Decimal, as_published: bool = False) -> str:
        if as_published:
            return self._digits(abs(value), _decimals(value))
        rounded = round_half_up(abs(value), -1)
        return self._digits(rounded, 0 if rounded == rounded.to_integral_value() else 1)

    def _points_record(self, origin: _Origin, text: str, as_published: bool = False) -> str:
        size = abs(origin.exact)
        rounded = size if as_published else round_half_up(size, -1)
        integral = rounded == rounded.to_integral_value() and not as_published
        number = f"{int(rounded)}" if integral else f"{rounded:f}"
        return self._record(
            "points",
            rounded,
            text,
            origin,
            decimals=None if as_published else 1,
            absolute=True,
            number=number,
        )

    def points_number(self, value: Number) -> str:
        """The size of a percentage-point difference: one decimal at most, no sign, no '.0'."""
        origin = origin_of(value)
        return self._points_record(origin, self._points_digits(origin.exact))

    def signed_points(self, value: Number) -> str:
        """A difference in points with its sign, for tables: +11.8, -0.8, 0."""
        origin = origin_of(value)
        x = origin.exact
        size = self._points_digits(x)
        sign = "+" if x > 0 else self.locale.number_symbols["latn"]["minusSign"] if x < 0 else ""
        rounded = round_half_up(x, -1)
        number = f"{rounded:f}" if rounded != rounded.to_integral_value() else f"{int(rounded)}"
        return self._record("points", rounded, sign + size, origin, decimals=1, number=number)

    def points_count(self, value: Number) -> int:
        """The count that chooses the plural form of a message that puts a number of points
        before its own "percentage points" (1 for the singular, as `points` would write it)."""
        rounded = round_half_up(abs(origin_of(value).exact), -1)
        singular = rounded <= 1 if self.style.points_singular_below_one else rounded == 1
        return 1 if singular else 2

    def points(self, value: Number, as_published: bool = False) -> str:
        """A percentage-point difference with its unit words (never written as %): a computed
        one to one decimal at most; ``as_published`` keeps a given figure's own precision
        (a contribution of 0.21 points). Points are a size: the words say the direction."""
        origin = origin_of(value)
        x = origin.exact
        rounded = abs(x) if as_published else round_half_up(abs(x), -1)
        singular = rounded <= 1 if self.style.points_singular_below_one else rounded == 1
        # Translators: percentage points; num is "0.3".
        template = self.translations.npgettext(
            "unit",
            "%(num)s percentage point",
            "%(num)s percentage points",
            1 if singular else 2,
        )
        text = template % {"num": self._points_digits(x, as_published)}
        self.translations.example("unit", "%(num)s percentage point", text)
        return self._points_record(origin, text, as_published)

    def _record(
        self,
        kind: str,
        value: Decimal,
        text: str,
        origin: _Origin | None = None,
        *,
        decimals: int | None = None,
        absolute: bool = False,
        unit: str = "",
        number: str | None = None,
    ) -> str:
        """Note a figure as shown, with where it came from: for the cross-language check
        (`bulletin check`), `bulletin explain` and the HTML's ``<data>`` elements."""
        if number is None:
            shown = value if origin is None else origin.exact
            if decimals is not None:
                shown = round_half_up(shown, -decimals)
            shown = abs(shown) if absolute else shown
            number = f"{shown:f}"
        figure = Figure(
            kind,
            value.normalize() if value else Decimal(0),
            text,
            source=origin.source if origin else None,
            derivation=origin.derivation if origin else None,
            exact=origin.exact if origin else None,
            decimals=decimals,
            absolute=absolute,
            number=number,
            unit=unit,
        )
        self.figures.append(figure)
        return mark(len(self.figures) - 1, text) if self._marking else text

    # --- amounts -------------------------------------------------------------------------

    def amount(self, amount: Measured, decimals: int | None = None) -> str:
        """Money or a physical quantity (anything with a value and a registered unit), in the
        magnitude words of the language.

        By default (house style ``amounts: published``) the published unit's magnitude is kept:
        12345.6亿元 stays 12345.6亿元 and is 1,234.56 billion yuan, never 1.23456 trillion.
        ``amounts: rescale`` picks the magnitude by size instead. ``decimals`` rounds in the
        unit the data was written in, once, before either language picks its magnitude.
        """
        unit = self.units[amount.unit]
        origin = origin_of(amount)
        value = amount.value if decimals is None else round_half_up(amount.value, -decimals)
        base = unit.to_base(value).normalize()
        if self.style.amounts == "rescale":
            figure = self._rescaled(base)
        elif self._myriad:
            figure = self._in_magnitude(value, unit.scale, "short")
        else:
            figure = self._in_english_magnitude(base, unit.scale)
        text = figure
        if unit.words:
            template = self.translations.pgettext("unit", unit.words)
            text = self.translations.example("unit", unit.words, template % {"amount": figure})
        return self._record(unit.dimension, base, text, origin, decimals=decimals, unit=amount.unit)

    def _rescaled(self, base: Decimal) -> str:
        if abs(base) < self._compact_from:
            return self._digits(base, _decimals(base))
        return format_compact_decimal(
            base,
            format_type="short" if self._myriad else "long",
            locale=self.locale,
            fraction_digits=12,
        )

    def _magnitude_pattern(self, scale: int, format_type: str) -> str | None:
        """CLDR's compact pattern for 10^scale ("0亿", "0 billion"), if it has one."""
        if scale <= 0:
            return None
        patterns = self.locale.compact_decimal_formats[format_type]["other"]
        pattern = patterns.get(str(10**scale))
        if pattern is None or str(pattern.pattern).count("0") != 1:
            return None
        return str(pattern.pattern)

    def _in_magnitude(self, value: Decimal, scale: int, format_type: str) -> str:
        """``value`` × 10^scale written as CLDR writes that magnitude: 185.7 at 10^8 → 185.7亿;
        a unit whose scale CLDR does not name is shown in its base."""
        pattern = self._magnitude_pattern(scale, format_type)
        if pattern is None:
            base = value.scaleb(scale).normalize()
            return self._digits(base, _decimals(base))
        return pattern.replace("0", self._digits(value, _decimals(value)))

    def _in_english_magnitude(self, base: Decimal, scale: int) -> str:
        """Thousands-based languages: the largest of million, billion, trillion that the value
        reaches, but not beyond the published unit's (亿 → billion at most, 万 → million)."""
        cap = max(6, -(-scale // 3) * 3)
        for exponent in range(cap, 5, -3):
            if abs(base) >= Decimal(10) ** exponent:
                pattern = self._magnitude_pattern(exponent, "long")
                if pattern is not None:
                    digits = base.scaleb(-exponent).normalize()
                    return pattern.replace("0", self._digits(digits, _decimals(digits)))
        return self._digits(base, _decimals(base))

    def amount_of(self, value: Decimal, unit: str, decimals: int | None = None) -> str:
        return self.amount(_Amount(value, unit), decimals)

    # --- words -----------------------------------------------------------------------------

    def list(self, items: Iterable[str]) -> str:
        """Items joined as the language does: 'A, B and C' / 'A、B和C'. Markup items (phrases
        the templates wrote) give Markup; plain ones stay text for the template to escape."""
        parts = [*items]
        if any(hasattr(p, "__html__") for p in parts):
            return Markup(format_list([escape(p) for p in parts], locale=self.locale))
        return format_list(parts, locale=self.locale)

    def name(self, text: Text) -> str:
        """A data name in this language, as plain text: templates escape it for their output
        format (verbalize words things; it never marks them up)."""
        value = text.get(self.language)
        if value is None:
            raise KeyError(f"no {self.language} text for {text.root}")
        return value

    def names(self, texts: Iterable[Text]) -> str:
        return self.list(self.name(t) for t in texts)

    def period(self, period: Period, with_year: bool = False, whole: bool = False) -> str:
        """A reporting period: 一季度 / the first quarter; 1—3月 / January–March."""
        forms = PERIOD_FORMS.get(self.family)
        if forms is None:  # a language without a table: CLDR's names
            return self._cldr_period(period)
        forms = {**forms, **self.style.periods}
        key = "whole" if whole and period.kind == "year" else period.kind
        if with_year and key != "whole":
            key += "+year"
        months = get_month_names("wide", locale=self.locale)
        return forms[key].format(
            year=period.year,
            ordinal=self._ordinal_text(period.quarter),  # words of the period, not figures
            numeral=self._numeral_text(period.quarter),
            first=months[period.first_month],
            last=months[period.last_month],
            m1=period.first_month,
            m2=period.last_month,
        )

    def _cldr_period(self, period: Period) -> str:
        date = dt.date(period.year, period.first_month, 1)
        if period.kind == "quarter":
            return format_skeleton("yQQQQ", date, locale=self.locale)
        if period.kind == "year":
            return format_skeleton("y", date, locale=self.locale)
        return format_skeleton("yMMMM", date, locale=self.locale)

    def date(self, value: dt.date, with_year: bool = True) -> str:
        """23 April 2024 / 2024年4月23日."""
        if with_year:
            return format_date(value, "long", locale=self.locale)
        return format_skeleton("MMMMd", value, locale=self.locale)

    def sentences(self, *parts: str) -> str:
        """Whole sentences (each its own message) joined as the language does; Markup stays
        Markup, as in `list`."""
        separator = SENTENCE_SEPARATOR.get(self.family, " ")
        if any(hasattr(p, "__html__") for p in parts):
            return Markup(separator).join(p for p in parts if p)
        return separator.join(p for p in parts if p)
