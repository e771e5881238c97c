"""Russian (locales/ru): the bundled bulletins render in strict mode, with Russian's four plural
categories (one, few, many, and "other" for fractions: 0,3 процентного пункта) and the case
each sentence governs: в 9 городах, в 13 из 14 городов, на пятом месте, в первом квартале."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bulletin.i18n import check
from bulletin.periods import Period
from bulletin.pipeline import build_bulletin
from bulletin.project import find_project
from bulletin.verbalize import Verbalizer

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
SAMPLES = {
    "liaoning-2024q1": ROOT / "data" / "liaoning-2024q1.yaml",
    "dalian-2024q1": ROOT / "data" / "cities" / "dalian-2024q1.yaml",
    "china-2023-04": ROOT / "kinds" / "consumer-prices" / "china-2023-04.yaml",
}


@pytest.fixture(scope="module")
def ru() -> Verbalizer:
    return Verbalizer.for_language("ru", find_project(str(ROOT)))


def paragraph(text: str, start: str) -> str:
    return next(p for p in text.split("\n\n") if p.startswith(start))


# --- the samples ----------------------------------------------------------------------------


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_each_sample_renders_in_russian_with_every_message_translated(sample, request):
    """Strict mode (the default): a missing, fuzzy or half-translated message would raise.
    The Markdown is compared with tests/golden/<sample>/ru.md (rewrite: --update-golden)."""
    (doc,) = build_bulletin(SAMPLES[sample], ["ru"], ["md"], find_project(str(ROOT)))
    assert not doc.untranslated
    text = doc.content.decode("utf-8")
    golden = GOLDEN / sample / "ru.md"
    if request.config.getoption("--update-golden"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), "rerun with --update-golden if meant"


def test_the_provincial_sample_reads_as_a_russian_release(doc, render):
    text = render(doc, "ru")
    assert "## Рост промышленной добавленной стоимости — в 13 из 14 городов\n" in text
    assert (
        "В первом квартале объём добавленной стоимости крупных промышленных предприятий "
        "провинции увеличился на 5,3% по сравнению с соответствующим периодом прошлого года, "
        "что на 0,3 процентного пункта выше показателя за 2023 год."
    ) in text
    assert (
        "сократив отставание от среднего по стране показателя с 2,2 до 0,8 процентного пункта"
    ) in text
    assert "по темпам роста провинция находится на пятом месте в стране" in text
    assert "рост промышленной добавленной стоимости отмечен в 13 из 14 городов провинции" in text
    assert "В 9 городах темпы роста превысили как средний по стране" in text
    assert "Из них 264 предприятия, в том числе «Чери» (Далянь), увеличили" in text
    assert "4\u00a0883 проектов" in text  # CLDR's grouping: a no-break space


def test_the_city_and_price_samples(city_doc, prices_doc, render):
    city = render(city_doc, "ru")
    assert "находится на двенадцатом месте среди 14 городов провинции Ляонин" in city
    assert (
        "Из крупных промышленных предприятий города (всего 628) рост объёма производства "
        "отмечен на 385 (61,3%)."
    ) in city
    prices = render(prices_doc, "ru")
    assert prices.startswith("# Потребительские цены по итогам апреля 2023 года: рост на 0,1%")
    assert "В годовом выражении цены выросли в 5 из 7 остальных групп и снизились в двух." in prices
    assert "За январь–апрель потребительские цены в КНР в среднем были на 1,0% выше" in prices


def test_a_shared_rank_and_losses_in_russian(doc, city_doc, render):
    """A tie keeps the prepositional ordinal (на пятом месте) and says the place is shared; a
    loss is «убыток … составил» with its size, a turn and a narrower loss as Rosstat words them."""
    doc["indicators"]["industrial_investment"]["ranks"]["national"]["tied"] = True
    profits = doc["indicators"]["profits"]
    profits["value"] = D("-3.2")
    profits["earlier"] = {"same_period_last_year": {"period": "2023-01..02", "value": D("-5.0")}}
    text = render(doc, "ru")
    assert (
        "по темпам роста провинция находится на пятом месте в стране, разделяя это место с "
        "другими регионами."
    ) in text
    assert (
        "За январь–февраль убыток крупных промышленных предприятий провинции составил "
        "320 миллионов юаней, что на 180 миллионов юаней меньше, чем за соответствующий период "
        "прошлого года."
    ) in text
    city_doc["indicators"]["value_added"]["ranks"]["provincial"]["tied"] = True
    city_doc["indicators"]["profits"]["value"] = D("-3.2")
    city = render(city_doc, "ru")
    assert "находится на двенадцатом месте среди 14 городов провинции Ляонин, разделяя" in city
    assert (
        "За январь–февраль убыток крупных промышленных предприятий города составил "
        "320 миллионов юаней; в соответствующем периоде прошлого года была получена прибыль."
    ) in city


# --- four plural categories -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "words"),
    [
        ("1", "1 процентный пункт"),  # one
        ("21", "21 процентный пункт"),  # one
        ("2", "2 процентных пункта"),  # few
        ("24", "24 процентных пункта"),  # few
        ("5", "5 процентных пунктов"),  # many
        ("11", "11 процентных пунктов"),  # many
        ("1.0", "1 процентный пункт"),  # printed "1": one
        ("0.3", "0,3 процентного пункта"),  # other: a fraction
        ("2.5", "2,5 процентного пункта"),  # other
        ("-0.9", "0,9 процентного пункта"),  # a size: the words say the direction
    ],
)
def test_points_take_the_form_of_their_cldr_category(ru: Verbalizer, size, words):
    assert ru.points(D(size)) == words
    assert ru.translations.missing == []


@pytest.mark.parametrize(
    ("previous_year", "comparison"),
    [
        ("4.3", "что на 1 процентный пункт выше показателя за 2023 год."),  # one
        ("3.3", "что на 2 процентных пункта выше показателя за 2023 год."),  # few
        ("0.3", "что на 5 процентных пунктов выше показателя за 2023 год."),  # many
        ("5.0", "что на 0,3 процентного пункта выше показателя за 2023 год."),  # other
    ],
)
def test_a_sentence_takes_each_form_of_the_points(doc, render, previous_year, comparison):
    doc["indicators"]["value_added"]["earlier"]["previous_year"]["value"] = D(previous_year)
    doc.pop("published", None)
    headline = paragraph(render(doc, "ru"), "В первом квартале")
    assert headline.endswith(comparison)


@pytest.mark.parametrize(
    ("national", "gap"),
    [
        (
            "6.3",
            "сократив отставание от среднего по стране показателя с 2,2 до 1 процентного пункта",
        ),  # one (genitive after до)
        (
            "7.3",
            "сократив отставание от среднего по стране показателя с 2,2 до 2 процентных пунктов",
        ),  # few
        (
            "10.3",
            "увеличив отставание от среднего по стране показателя с 2,2 до 5 процентных пунктов",
        ),  # many
    ],
)
def test_the_gap_message_chooses_its_form_by_the_later_figure(doc, render, national, gap):
    doc["indicators"]["value_added"]["benchmarks"]["national"]["value"] = D(national)
    doc.pop("published", None)
    assert gap in paragraph(render(doc, "ru"), "По итогам марта")


def _cities_above_both(doc, n: int) -> None:
    """n cities grow faster than both the nation (6.1) and the province (5.3); the others
    grow more slowly than both."""
    for i, member in enumerate(doc["breakdowns"]["cities"]["members"]):
        member["value"] = D("8.0") if i < n else D("3.0")
    doc.pop("published", None)


@pytest.mark.parametrize(
    ("n", "sentence"),
    [
        (1, "В 1 городе темпы роста превысили"),  # one
        (2, "В 2 городах темпы роста превысили"),  # few
        (9, "В 9 городах темпы роста превысили"),  # many
    ],
)
def test_a_count_of_cities_takes_its_plural_form(doc, render, n, sentence):
    _cities_above_both(doc, n)
    text = render(doc, "ru")
    assert sentence in text
    assert "рост промышленной добавленной стоимости отмечен во всех 14 городах" in text


@pytest.mark.parametrize(
    ("count", "sentence"),
    [
        # One enterprise, named: the name alone (never "X等1户企业" in Chinese).
        (1, "Из них предприятие «Чери» (Далянь) увеличило объём производства"),
        (21, "Из них 21 предприятие, в том числе «Чери» (Далянь), увеличило объём"),
        (3, "Из них 3 предприятия, в том числе «Чери» (Далянь), увеличили объём"),
        (25, "Из них 25 предприятий, в том числе «Чери» (Далянь), увеличили объём"),
    ],
)
def test_a_count_of_enterprises_agrees_with_its_verb(doc, render, count, sentence):
    doc["tallies"]["key_enterprises"]["thresholds"][0]["count"] = count
    doc.pop("published", None)
    assert sentence in render(doc, "ru")


def test_a_whole_of_the_one_category_names_its_noun_before_the_count(city_doc, render):
    """921 is "one" in Russian (из 921 предприятия, but из 628 предприятий): sentences that
    count a whole without a plural message put the noun first (всего 921)."""
    city_doc["tallies"]["enterprises"]["of"] = 921
    city_doc.pop("published", None)
    assert "предприятий города (всего 921) рост объёма производства отмечен на 385" in render(
        city_doc, "ru"
    )


def test_the_catalog_has_four_plural_forms_chosen_by_cldr(ru: Verbalizer):
    """One msgstr per CLDR category (one, few, many, other), every plural message filled."""
    po = find_project(str(ROOT)).po_file("ru")
    with po.open("rb") as f:
        catalog = read_po(f)
    assert "nplurals=4;" in catalog.plural_forms
    plurals = [m for m in catalog if m.id and isinstance(m.id, tuple)]
    assert plurals and all(len(m.string) == 4 and all(m.string) for m in plurals)
    indices = {n: ru.translations._plural_index(D(n), 4) for n in ("1", "3", "7", "0.3")}
    assert indices == {"1": 0, "3": 1, "7": 2, "0.3": 3}


# --- the words of the style and the periods --------------------------------------------------


def test_numbers_follow_russian_conventions(ru: Verbalizer):
    assert ru.percent(D("5.3")) == "5,3%"  # as Rosstat's releases write it
    assert ru.count(4883) == "4\u00a0883"
    assert ru.cardinal(3) == "3" and ru.numeral(4) == "4"  # case is the sentence's
    assert ru.ordinal(5) == "пятом" and ru.ordinal(12) == "двенадцатом"  # на …м месте


def test_periods_stand_alone_and_after_in(ru: Verbalizer):
    q1 = ru.period(Period.parse("2024-Q1"), with_year=True)
    assert q1 == "1-й\u00a0квартал 2024 года"
    assert q1.forms["in"]() == "в первом квартале 2024 года"
    months = ru.period(Period.parse("2024-01..03"))
    assert months == "январь–март" and months.forms["In"]() == "За январь–март"
    april = ru.period(Period.parse("2023-04"), with_year=True)
    assert april == "апрель 2023 года"
    assert april.forms["in"]() == "по итогам апреля 2023 года"


def test_the_russian_catalog_passes_every_check():
    project = find_project(str(ROOT))
    assert [str(f) for f in check(project) if "/ru/" in f.file] == []


def test_magnitude_words_agree_with_their_number():
    """CLDR's compact magnitude in the plural form of the number shown."""
    from decimal import Decimal

    from bulletin.verbalize import Verbalizer

    ru = Verbalizer.for_language("ru")
    assert ru.amount_of(Decimal("7.01"), "亿元") == "701 миллион юаней"
    assert ru.amount_of(Decimal("5.5"), "亿元") == "550 миллионов юаней"
    assert ru.amount_of(Decimal("185.7"), "亿元") == "18,57 миллиарда юаней"


@pytest.mark.parametrize(
    ("whole", "expected"),
    [(14, "в 13 из 14 городов"), (21, "в 13 из 21 города"), (22, "в 13 из 22 городов")],
)
def test_counts_of_a_whole_take_its_plural_form(whole, expected):
    """13 of the N cities is a plural message on N: из 21 города, из 14 городов."""
    from bulletin.locales import StrictTranslations, load_catalog

    ru = StrictTranslations(load_catalog(find_project(str(ROOT)), "ru"))
    template = ru.npgettext(
        "heading",
        "Industrial value added grew in %(part)s of the %(whole)s cities",
        "Industrial value added grew in %(part)s of the %(whole)s cities",
        whole,
    )
    assert expected in template % {"part": 13, "whole": whole}
    assert ru.missing == []
