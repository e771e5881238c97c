"""spellout: numbers and months as words in any locale, from CLDR as ICU implements it:
spelled numbers from the rule-based number formats (RBNF): four / 四 / четыре, fifth /
cinquième / пятое / 第五, and digit ordinals (23rd, 23e); and month names in both of CLDR's
contexts (январь stand-alone, января in a date). Babel carries no RBNF data, and its
stand-alone month names leak between locales once a locale with its own has been loaded
(Babel 2.18: after zh, French stand-alone months read 一月), so both come from ICU (PyICU);
no language is named here.

>>> spell(4, "en_GB"), spell(14, "zh_Hans_CN"), spell(4, "ru")
('four', '十四', 'четыре')
>>> ordinal(5, "en_GB"), ordinal(5, "fr"), ordinal(12, "zh_Hans_CN"), ordinal(5, "ja")
('fifth', 'cinquième', '第十二', '第五')
>>> ordinal(5, "fr", "%spellout-ordinal-feminine"), ordinal(5, "ru", "%spellout-ordinal-neuter")
('cinquième', 'пятое')
>>> ordinal_digits(23, "en_GB"), ordinal_digits(23, "fr")
('23rd', '23e')
>>> month_names("ru")[1], month_names("ru", of=True)[1], month_names("fr")[2]
('январь', 'января', 'février')
"""

from __future__ import annotations

from functools import cache

import icu

CARDINAL = "%spellout-cardinal"
ORDINAL = "%spellout-ordinal"


@cache
def _spellout(locale: str) -> icu.RuleBasedNumberFormat:
    return icu.RuleBasedNumberFormat(icu.URBNFRuleSetTag.SPELLOUT, icu.Locale(locale))


@cache
def _digit_ordinals(locale: str) -> icu.RuleBasedNumberFormat:
    return icu.RuleBasedNumberFormat(icu.URBNFRuleSetTag.ORDINAL, icu.Locale(locale))


@cache
def rule_sets(locale: str) -> tuple[str, ...]:
    """The spell-out rule sets CLDR has for ``locale`` (``%spellout-ordinal-feminine``, …)."""
    formatter = _spellout(locale)
    return tuple(formatter.getRuleSetName(i) for i in range(formatter.getNumberOfRuleSetNames()))


def _rule_set(locale: str, wanted: str) -> str | None:
    """``wanted`` if the locale has it, else its plainest variant (French has no plain
    ``%spellout-ordinal``: ``-masculine`` before ``-masculine-plural``), else None."""
    names = rule_sets(locale)
    if wanted in names:
        return wanted
    variants = [name for name in names if name.startswith(wanted + "-")]
    return min(variants, key=lambda name: (name.count("-"), names.index(name)), default=None)


def _format(locale: str, rule_set: str, n: int) -> str:
    name = _rule_set(locale, rule_set)
    if name is None:
        raise LookupError(f"CLDR has no rule set {rule_set!r} for {locale}")
    return str(_spellout(locale).format(n, name))


def spell(n: int, locale: str, rule_set: str = CARDINAL) -> str:
    """``n`` in words: four, 十四 (a rule set may choose a gender or case)."""
    return _format(locale, rule_set, n)


def ordinal(n: int, locale: str, rule_set: str = ORDINAL) -> str:
    """``n`` as a spelled ordinal: fifth, cinquième, 第五."""
    return _format(locale, rule_set, n)


def ordinal_digits(n: int, locale: str) -> str:
    """``n`` as a digit ordinal: 23rd, 23e (digits alone where CLDR has no suffix)."""
    return str(_digit_ordinals(locale).format(n))


@cache
def month_names(locale: str, of: bool = False) -> tuple[str, ...]:
    """Wide month names, 1-based (index 0 is empty): stand-alone (январь), or ``of`` as in a
    date (января)."""
    symbols = icu.DateFormatSymbols(icu.Locale(locale))
    context = icu.DateFormatSymbols.FORMAT if of else icu.DateFormatSymbols.STANDALONE
    return ("", *symbols.getMonths(context, icu.DateFormatSymbols.WIDE))
