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
>>> en.percent(Decimal("-0.0")), en.percent(Decimal("-0.04"), 1), en.number(Decimal("-0.0"))
('0.0%', '0.0%', '0.0')
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

>>> zh_rescaled = Verbalizer.for_language("zh-CN", amounts="rescale")
>>> en_rescaled = Verbalizer.for_language("en", amounts="rescale")
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
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol, runtime_checkable

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.numbers import format_compact_decimal, format_decimal
from markupsafe import Markup, escape

from bulletin import spellout
from bulletin.locales import (
    StrictTranslations,
    babel_locale,
    conventions,
    load_catalog,
    script_of,
)
from bulletin.models import Text
from bulletin.numbers import POINTS_DECIMALS, round_half_up
from bulletin.numbers import decimals_of as _decimals
from bulletin.periods import Period
from bulletin.project import Project, find_project
from bulletin.provenance import Figure, mark
from bulletin.style import Style, style_for
from bulletin.units import Units, units_of

# The contexts of a unit's words (units.yaml): after a bare number, a plural message ("185
# yuans"); after a magnitude word, one form ("18,57 milliards de yuans").
UNIT, UNIT_AFTER_MAGNITUDE = "unit", "unit, after a magnitude word"

# Scripts written without spaces between sentences (CLDR's likely script of the language).
UNSPACED_SCRIPTS = frozenset({"Hans", "Hant", "Hani", "Jpan"})


def pgettext(context: str, message: str) -> tuple[str, str]:
    """Marks a message for `bulletin i18n extract` where it is declared, not looked up."""
    return context, message


# Period forms: catalog messages by period type, so each language words its own. Each value
# comes in several forms, and a translation may use any of them (`i18n._form_of`): year;
# quarter ("first"), quarter_numeral ("一"), quarter_number ("1"); first and last (month names,
# stand-alone: "January", "январь"), first_of and last_of (as in a date: "января"),
# first_number and last_number (1, 3).
PERIOD_MESSAGES: dict[str, tuple[str, str]] = {
    # Translators: a quarter in running text ("In the first quarter, …"): quarter is "first";
    # also quarter_numeral ("一", for 一季度) and quarter_number ("1").
    "quarter": pgettext("period: quarter", "the %(quarter)s quarter"),
    # Translators: a quarter with its year ("the first quarter of 2024").
    "quarter+year": pgettext("period: quarter, with year", "the %(quarter)s quarter of %(year)s"),
    # Translators: months from the start of the year (January–March): first and last are
    # month names; also first_of/last_of (as in a date) and first_number/last_number (1—3月).
    "months": pgettext("period: months", "%(first)s–%(last)s"),
    # Translators: months from the start of the year, with the year (January–March 2024).
    "months+year": pgettext("period: months, with year", "%(first)s–%(last)s %(year)s"),
    # Translators: one month (March): also first_of and first_number (3月份).
    "month": pgettext("period: month", "%(first)s"),
    # Translators: one month with its year (March 2024).
    "month+year": pgettext("period: month, with year", "%(first)s %(year)s"),
    # Translators: a year as a period (2023, 2023年).
    "year": pgettext("period: year", "%(year)s"),
    "year+year": pgettext("period: year", "%(year)s"),
    # Translators: a whole year, against part of one (the whole of 2023, 2023年全年).
    "whole": pgettext("period: whole year", "the whole of %(year)s"),
}
# The same periods after "in", by period type, for languages whose preposition or case
# depends on it (au premier trimestre, en mars): a sentence's translation may write
# %(period_in)s (or %(period_In)s at the start of a sentence) in place of "in %(period)s".
PERIOD_IN_MESSAGES: dict[str, tuple[str, str]] = {
    # Translators: "in" and a quarter, as %(period_in)s in sentences (au premier trimestre).
    "quarter": pgettext("in a period: quarter", "in the %(quarter)s quarter"),
    # Translators: "in" and a quarter with its year.
    "quarter+year": pgettext(
        "in a period: quarter, with year", "in the %(quarter)s quarter of %(year)s"
    ),
    # Translators: "in" and months from the start of the year (de janvier à mars).
    "months": pgettext("in a period: months", "in %(first)s–%(last)s"),
    # Translators: "in" and months from the start of the year, with the year.
    "months+year": pgettext("in a period: months, with year", "in %(first)s–%(last)s %(year)s"),
    # Translators: "in" and one month (en mars).
    "month": pgettext("in a period: month", "in %(first)s"),
    # Translators: "in" and one month with its year (en mars 2024).
    "month+year": pgettext("in a period: month, with year", "in %(first)s %(year)s"),
    # Translators: "in" and a year (en 2023).
    "year": pgettext("in a period: year", "in %(year)s"),
    "year+year": pgettext("in a period: year", "in %(year)s"),
    # Translators: "in" and a whole year (sur l'ensemble de 2023).
    "whole": pgettext("in a period: whole year", "in the whole of %(year)s"),
}


def _magnitude_word(pattern: str) -> str | None:
    """A CLDR compact pattern that names its magnitude in a word, for one digit ("0亿",
    "0 Milliarden", "0 Mio." from "0 Mio'.'"), its quotes undone; None for a pattern that
    only groups digits ("0", "000", "00K" stands for more than one digit).

    >>> _magnitude_word("0\u00a0Bio'.'"), _magnitude_word("0"), _magnitude_word("00万")
    ('0\xa0Bio.', None, None)
    """
    text = re.sub(r"'([^']*)'", lambda m: m[1] or "'", pattern)
    if text.count("0") != 1 or not re.search(r"[^\W\d_]", text):
        return None
    return text


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


class Phrase(str):
    """Words with other forms a translation may choose (`i18n._form_of`): passed to a message
    as ``period``, a period also fills ``%(period_in)s`` and ``%(period_In)s``. Each form is
    looked up only when a translation uses it."""

    forms: dict[str, Callable[[], str]]

    def __new__(cls, text: str, forms: dict[str, Callable[[], str]]) -> Phrase:
        phrase = super().__new__(cls, text)
        phrase.forms = forms
        return phrase


_NUMBER_PART = re.compile(r"[#0,.]+")


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
        self.locale: Locale = babel_locale(language)
        self.translations = translations
        self.units = units
        self.style = style or Style()
        self._grouping = True if self.style.grouping is None else self.style.grouping
        self._percent_pattern = str(self.locale.percent_formats[None].pattern).split(";")[0]
        self._icu_locale = str(self.locale)
        self.script = script_of(language)
        self._sentence_separator = "" if self.script in UNSPACED_SCRIPTS else " "
        # A 万-based language has a compact pattern for 10^4; use it from there (79万吨).
        # Elsewhere, compact names start at a million (790,000 tons, 1.6 million tons).
        pattern = self.locale.compact_decimal_formats["short"]["other"].get("10000")
        self._myriad = pattern is not None and _magnitude_word(str(pattern.pattern)) is not None
        self._compact_from = Decimal(10) ** (4 if self._myriad else 6)
        self.figures: list[Figure] = []
        self._marking = False

    @classmethod
    def for_language(
        cls, language: str, project: Project | None = None, **house: Any
    ) -> Verbalizer:
        """A verbalizer in the language's own conventions (locales/<lang>/style.toml), with
        ``house`` settings of `Style` over them (``amounts="rescale"``)."""
        project = project or find_project()
        catalog = load_catalog(project, language)
        style = style_for(language, [*conventions(project, language), ("house", {language: house})])
        return cls(language, StrictTranslations(catalog), units_of(project), style)

    # --- marking figures for HTML -------------------------------------------------------------

    @contextmanager
    def marking(self) -> Iterator[list[Figure]]:
        """While rendering HTML: each figure's text comes wrapped in markers carrying its index
        in the list this yields (`provenance.replace_marks` makes them ``<data>`` elements)."""
        saved = self.figures, self._marking, self.translations.mark_fallbacks
        self.figures, self._marking = [], True
        self.translations.mark_fallbacks = True  # English passages: <span lang="en">
        try:
            yield self.figures
        finally:
            self.figures, self._marking, self.translations.mark_fallbacks = saved

    @contextmanager
    def unmarked(self) -> Iterator[None]:
        """Figures for places that cannot hold markup (SVG text, attributes): plain text; they
        are still recorded, so ``figures[-1]`` says where the last one came from."""
        saved = self._marking, self.translations.mark_fallbacks
        self._marking = self.translations.mark_fallbacks = False
        try:
            yield
        finally:
            self._marking, self.translations.mark_fallbacks = saved

    # --- numbers -------------------------------------------------------------------------
    # Every figure method takes the figure's source: a value from the data (`Value`), a fact
    # (`Difference`, `Trend`, `Share`), a number that knows its path (a count, a rank, a
    # threshold), or a bare number, whose source is then recorded as unknown.

    def _digits(self, value: Decimal, places: int) -> str:
        rounded = round_half_up(value, -places)
        if rounded == 0:  # -0.04 rounds to 0.0, never "-0.0"
            rounded = rounded.copy_abs()
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
        """A count in running text: in words below the style's ``spell_counts_below`` (English:
        one to nine), in digits otherwise."""
        whole, origin = self._whole(n)
        if 0 <= whole < self.style.spell_counts_below:
            return self._record("count", Decimal(whole), self._spelled(whole), origin)
        return self._record("count", Decimal(whole), self._digits(Decimal(whole), 0), origin)

    def _spelled(self, n: int) -> str:
        return spellout.spell(n, self._icu_locale)

    def _numeral_text(self, n: int) -> str:
        if 0 <= n < self.style.spell_numerals_below:
            return self._spelled(n)
        return self._digits(Decimal(n), 0)

    def numeral(self, n: Number) -> str:
        """A count as a word in compounds: "the four major industries", "四大产业"."""
        whole, origin = self._whole(n)
        return self._record("count", Decimal(whole), self._numeral_text(whole), origin)

    def _ordinal_text(self, n: int) -> str:
        if 0 < n < self.style.spell_ordinals_below:
            return spellout.ordinal(n, self._icu_locale, self.style.ordinal_rules)
        return spellout.ordinal_digits(n, self._icu_locale)

    def ordinal(self, n: Number) -> str:
        """A rank: fifth / cinquième / 第五 (CLDR's rule-based formats), 23rd beyond the
        style's ``spell_ordinals_below``."""
        whole, origin = self._whole(n)
        return self._record("rank", Decimal(whole), self._ordinal_text(whole), origin)

    def _percent(self, origin: _Origin, decimals: int | None = None, absolute: bool = False) -> str:
        value = abs(origin.exact) if absolute else origin.exact
        places = _decimals(value) if decimals is None else decimals
        rounded = round_half_up(value, -places)
        if rounded == 0:
            rounded = rounded.copy_abs()
        if self.style.percent:
            text = self.style.percent.replace("{}", self._digits(rounded, places))
        else:  # CLDR's percent pattern (5.3%, 5,3 %), at the figure's precision
            number = ("#,##0" if self._grouping else "0") + ("." + "0" * places if places else "")
            pattern = _NUMBER_PART.sub(number, self._percent_pattern, count=1)
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

    def points_count(self, value: Number) -> Decimal:
        """The count that chooses the plural form of a message that puts a number of points
        before its own "percentage points" (1 for the singular, as `points` would write it)."""
        return self._points_plural(abs(origin_of(value).exact))

    def _points_plural(self, size: Decimal, as_published: bool = False) -> Decimal:
        """The number as printed (2.25 → 2.3, 1.0 → 1), for the catalog's plural rules (CLDR's,
        decimals included: 0.3 is "one" in French); with ``points_singular_below_one`` any
        size up to 1 takes the singular."""
        shown = size if as_published else round_half_up(size, -POINTS_DECIMALS)
        if not as_published and shown == shown.to_integral_value():
            shown = shown.quantize(Decimal(1))
        if self.style.points_singular_below_one and shown <= 1:
            return Decimal(1)
        return shown

    def points(self, value: Number, as_published: bool = False) -> str:
        """A percentage-point difference with its unit words (never written as %): a computed
        one to one decimal at most; ``as_published`` keeps a given figure's own precision
        (a contribution of 0.21 points). Points are a size: the words say the direction."""
        origin = origin_of(value)
        x = origin.exact
        # Translators: percentage points; num is "0.3". The form is chosen by CLDR's plural
        # rules for the number as printed, decimals included.
        template = self.translations.npgettext(
            "unit",
            "%(num)s percentage point",
            "%(num)s percentage points",
            self._points_plural(abs(x), as_published),
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

    def amount(self, amount: Measured, decimals: int | None = None, absolute: bool = False) -> str:
        """Money or a physical quantity (anything with a value and a registered unit), in the
        magnitude words of the language.

        By default (house style ``amounts: published``) the published unit's magnitude is kept:
        12345.6亿元 stays 12345.6亿元 and is 1,234.56 billion yuan, never 1.23456 trillion.
        ``amounts: rescale`` picks the magnitude by size instead. ``decimals`` rounds in the
        unit the data was written in, once, before either language picks its magnitude.
        ``absolute`` drops its sign: the words carry it ("made a total loss of 320 million
        yuan" / 亏损3.2亿元 for profits of -3.2亿元).
        """
        unit = self.units[amount.unit]
        origin = origin_of(amount)
        value = amount.value if decimals is None else round_half_up(amount.value, -decimals)
        value = abs(value) if absolute else value
        base = unit.to_base(value).normalize()
        if self.style.amounts == "rescale":
            figure = self._rescaled(base)
        elif self._myriad:
            figure = self._in_magnitude(value, unit.scale, "short")
        else:
            figure = self._in_english_magnitude(base, unit.scale)
        text = figure
        if unit.words:
            if figure != self._digits(base, _decimals(base)):  # 18.57 billion, 185.7亿
                context = UNIT_AFTER_MAGNITUDE
                template = self.translations.pgettext(context, unit.words)
            else:  # a bare number takes its plural form (21 юань, 22 юаня, 25 юаней)
                context = UNIT
                template = self.translations.npgettext(context, unit.words, unit.words, abs(base))
            text = self.translations.example(context, unit.words, template % {"amount": figure})
        dimension, unit_name = unit.dimension, amount.unit
        return self._record(
            dimension, base, text, origin, decimals=decimals, absolute=absolute, unit=unit_name
        )

    def _rescaled(self, base: Decimal) -> str:
        if abs(base) < self._compact_from:
            return self._digits(base, _decimals(base))
        return format_compact_decimal(
            base,
            format_type="short" if self._myriad else "long",
            locale=self.locale,
            fraction_digits=12,
        )

    def _magnitude_pattern(
        self, scale: int, format_type: str, digits: Decimal | None = None
    ) -> str | None:
        """CLDR's compact pattern for 10^scale ("0亿", "0 billion"), if it has one, in the
        plural form of ``digits`` (701 миллион, 550 миллионов, 18,57 миллиарда)."""
        if scale <= 0:
            return None
        compact = self.locale.compact_decimal_formats
        formats = compact[format_type] if format_type in compact else compact["short"]
        category = self.locale.plural_form(abs(digits)) if digits is not None else "other"
        patterns = formats.get(category) or formats["other"]
        pattern = patterns.get(str(10**scale)) or formats["other"].get(str(10**scale))
        return None if pattern is None else _magnitude_word(str(pattern.pattern))

    def _in_magnitude(self, value: Decimal, scale: int, format_type: str) -> str:
        """``value`` × 10^scale written as CLDR writes that magnitude: 185.7 at 10^8 → 185.7亿;
        a unit whose scale CLDR does not name is shown in its base."""
        pattern = self._magnitude_pattern(scale, format_type, value)
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
                digits = base.scaleb(-exponent).normalize()
                pattern = self._magnitude_pattern(exponent, "long", digits)
                if pattern is not None:
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
        """A reporting period in the words of the catalog (one message per period type) and
        CLDR's month names: 一季度 / the first quarter; 1—3月 / January–March."""
        key = "whole" if whole and period.kind == "year" else period.kind
        if with_year and key != "whole":
            key += "+year"
        names = spellout.month_names(self._icu_locale)
        names_of = spellout.month_names(self._icu_locale, of=True)
        quarter = self._ordinal_text(period.quarter)  # words of the period, not figures
        numeral = self._numeral_text(period.quarter)
        values = {
            "year": str(period.year),
            "quarter": quarter,
            "quarter_numeral": numeral,
            "quarter_number": str(period.quarter),
            "first": names[period.first_month],
            "last": names[period.last_month],
            "first_of": names_of[period.first_month],
            "last_of": names_of[period.last_month],
            "first_number": str(period.first_month),
            "last_number": str(period.last_month),
        }
        house = self.style.periods.get(key)
        if house is not None:  # the office's own form ("{first} to {last}", "{m1}月")
            text = house.format(
                **values,
                ordinal=quarter,
                numeral=numeral,
                m1=period.first_month,
                m2=period.last_month,
            )
        else:
            text = self._message(PERIOD_MESSAGES[key], values)

        def after_in() -> str:
            return self._message(PERIOD_IN_MESSAGES[key], values)

        if self.translations.catalog is None:  # the source language shows translators its text
            after_in()

        return Phrase(text, {"in": after_in, "In": lambda: capitalized(after_in())})

    def _message(self, message: tuple[str, str], values: dict[str, str]) -> str:
        context, msgid = message
        text = self.translations.pgettext(context, msgid) % values
        return self.translations.example(context, msgid, text)

    def date(self, value: dt.date, with_year: bool = True) -> str:
        """23 April 2024 / 2024年4月23日."""
        if with_year:
            return format_date(value, "long", locale=self.locale)
        return format_skeleton("MMMMd", value, locale=self.locale)

    def sentences(self, *parts: str) -> str:
        """Whole sentences (each its own message) joined as the language does; Markup stays
        Markup, as in `list`."""
        separator = self._sentence_separator
        if any(hasattr(p, "__html__") for p in parts):
            return Markup(separator).join(p for p in parts if p)
        return separator.join(p for p in parts if p)
