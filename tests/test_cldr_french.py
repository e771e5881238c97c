"""A language by catalog alone: French formatting comes from CLDR (Babel for numbers, percent
patterns, month names and plural rules; ICU's rule-based formats for spelled ordinals) and
from a catalog (tests/locales/fr), with no French anywhere in the code.

Before (a per-language table in Python): "5,3%", "au 5 rang", "janvier 2024" for both
January–February and January–March, "0,3 points de pourcentage"."""

from __future__ import annotations

import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest
from babel.numbers import format_percent

from bulletin.periods import Period
from bulletin.project import find_project
from bulletin.verbalize import Verbalizer

CATALOG = Path(__file__).parent / "locales" / "fr"


@pytest.fixture(scope="module")
def fr(tmp_path_factory: pytest.TempPathFactory) -> Verbalizer:
    root = tmp_path_factory.mktemp("project")
    (root / "bulletin.toml").write_text('[project]\nname = "fr test"\n', encoding="utf-8")
    shutil.copytree(CATALOG, root / "locales" / "fr")
    return Verbalizer.for_language("fr", find_project(root))


def test_percent_follows_the_cldr_pattern(fr: Verbalizer) -> None:
    cldr = format_percent(D("0.05"), locale="fr")  # CLDR's own pattern, at no decimals
    assert fr.percent(D("5")) == cldr
    assert fr.percent(D("5.3")) in ("5,3\u00a0%", "5,3\u202f%")  # a no-break space
    assert fr.percent(D("-1.25")).startswith("-1,25")


def test_ranks_are_spelled_by_cldr_rules(fr: Verbalizer) -> None:
    assert fr.ordinal(5) == "cinquième"
    assert fr.ordinal(1) == "premier"
    assert fr.ordinal(23) == "23e"


def test_periods_name_both_months_and_the_quarter(fr: Verbalizer) -> None:
    assert fr.period(Period.parse("2024-01..02"), with_year=True) == "janvier–février 2024"
    assert fr.period(Period.parse("2024-01..03"), with_year=True) == "janvier–mars 2024"
    assert fr.period(Period.parse("2024-03")) == "mars"
    assert fr.period(Period.parse("2024-Q1"), with_year=True) == "le premier trimestre 2024"


def test_points_take_the_singular_below_two_as_cldr_says_for_french(fr: Verbalizer) -> None:
    assert fr.points(D("0.3")) == "0,3 point de pourcentage"  # CLDR: 0,3 is "one" in French
    assert fr.points(D("1.0")) == "1 point de pourcentage"
    assert fr.points(D("2.5")) == "2,5 points de pourcentage"
    assert fr.translations.missing == []


def test_english_keeps_its_own_rules() -> None:
    en = Verbalizer.for_language("en")
    assert en.points(D("0.3")) == "0.3 percentage points"  # CLDR: 0.3 is "other" in English
    assert en.points(D("1.0")) == "1 percentage point"
    assert en.ordinal(5) == "fifth" and en.ordinal(23) == "23rd"
    assert en.percent(D("5.3")) == "5.3%"


@pytest.mark.parametrize(
    ("period", "sentence"),
    [
        ("2024-Q1", "Au premier trimestre, les prix ont augmenté."),
        ("2024-03", "En mars, les prix ont augmenté."),
    ],
)
def test_a_sentence_chooses_the_preposition_by_period_type(
    fr: Verbalizer, period: str, sentence: str
) -> None:
    """ "In %(period)s, …" translated with %(period_In)s: the catalog's "in a period" message
    of the period's type (au … trimestre, en mars), capitalised at the start of a sentence."""
    from bulletin.templating import make_environment

    env = make_environment(find_project(), fr.translations)
    template = env.from_string(
        "{% trans period=fmt.period(p) %}In {{ period }}, prices rose.{% endtrans %}"
    )
    assert template.render(fmt=fr, p=Period.parse(period)) == sentence


def test_a_thousands_language_names_its_magnitudes_as_cldr_does() -> None:
    """German, with no catalog at all: CLDR's compact patterns that only group digits ("0" for
    10^4 in German) name no magnitude, so 2720万元 is 27,2 Millionen, not "2.720"; quoted
    literals in a pattern ("0 Bio'.'") are undone. (Found by a translator adding German.)"""
    from bulletin.locales import StrictTranslations
    from bulletin.style import Style
    from bulletin.units import units_of

    de = Verbalizer("de", StrictTranslations(None), units_of(find_project()), Style())
    assert de.amount_of(D("2720"), "万元") == "27,2 Millionen yuan"
    assert de.amount_of(D("79"), "万吨") == "790.000 tons"
    assert de.amount_of(D("185.7"), "亿元") == "18,57 Milliarden yuan"
    assert de.amount_of(D("2.5"), "万亿元") == "2,5 Billionen yuan"
    assert fr_words(D("185.7")) == "18,57 milliards yuan"


def fr_words(value: D) -> str:
    from bulletin.locales import StrictTranslations
    from bulletin.style import Style
    from bulletin.units import units_of

    fr = Verbalizer("fr", StrictTranslations(None), units_of(find_project()), Style())
    return fr.amount_of(value, "亿元")


def test_sentences_end_where_the_language_ends_them() -> None:
    """A German digit ordinal ("am 23. April") or abbreviated magnitude ("Mrd.") ends no
    sentence, for `bulletin explain` and `bulletin check`."""
    from bulletin.explain import sentences_of

    text = "Am 23. April hielt das Amt im 1. Quartal eine Konferenz ab. Gewinn: 18,57 Mrd. Yuan."
    assert sentences_of(text, "de") == [
        "Am 23. April hielt das Amt im 1. Quartal eine Konferenz ab.",
        "Gewinn: 18,57 Mrd. Yuan.",
    ]
    assert sentences_of("Growth was higher than in 2023. It rose.", "en") == [
        "Growth was higher than in 2023.",
        "It rose.",
    ]
