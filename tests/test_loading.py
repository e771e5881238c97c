"""Reading data files safely: every hostile input in tests/hostile/ is a located problem from
`validate` (exit 2, file:line:column or field path, no traceback) and `generate` writes nothing;
the libyaml and pure-Python readers agree; bounds and refusals are what the README says."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bulletin import loading
from bulletin.cli import main
from bulletin.errors import DataError, Problem, UsageError, field_path
from bulletin.loading import dataset_from_text, parse_text
from bulletin.models import check_figure
from bulletin.output import check_output_folder
from bulletin.periods import Period
from bulletin.pipeline import facts_from
from bulletin.project import find_project

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "hostile"
SAMPLE = ROOT / "data" / "liaoning-2024q1.yaml"
CITY = ROOT / "data" / "cities" / "dalian-2024q1.yaml"
PRICES = ROOT / "kinds" / "consumer-prices" / "china-2023-04.yaml"
VALUE = "(indicators.value_added.value)"  # where most hostile numbers are

# file: (where, what, *more) — each must appear in the message of `validate` (`what` also in
# that of `generate`). `where` is line:column and the field path in the new vocabulary.
EXPECTED = {
    # Reading: what a data file never needs, refused before any work on an expanded size.
    "alias-bomb.yaml": ("alias-bomb.yaml:35:6 (figures.a)", "YAML anchors and aliases (&a)"),
    "alias-reused-name.yaml": (
        ":28:28 (breakdowns.areas.members[0].name)",
        "YAML anchors and aliases (&urban) are not allowed",
    ),
    "yaml-tag.yaml": (f":12:12 {VALUE}", "YAML tags (!!float) are not allowed"),
    "yaml-merge-key.yaml": (
        ":18:27 (indicators.industrial_investment['<<'])",
        "merge keys (<<) are not allowed",
    ),
    "complex-key.yaml": (":13:7 (indicators.value_added)", "a key must be a plain name"),
    "deep-nesting.yaml": (
        ":12:41 (indicators.value_added.value[0]…[0][0])",
        "nested more than 32 levels deep",
    ),
    "deep-nesting.json": ("deep-nesting.json:21:42", "nested more than 32 levels deep"),
    "duplicate-key.yaml": (f":13:5 {VALUE}", "duplicate key 'value' (first at line 12, column 5)"),
    "duplicate-key.json": (f":22:4 {VALUE}", "duplicate key 'value' (first at line 21, column 4)"),
    # Names: single-line text, whatever the language.
    "name-newline-heading.yaml": (":3:16 (release.region.en)", "a line break (U+000A)"),
    "name-bell.yaml": (
        ":30:21 (breakdowns.major_industries.members[2].name.en)",
        "control character (U+0007)",
    ),
    "name-bell.json": (
        ":63:13 (breakdowns.major_industries.members[0].name.en)",
        "control character (U+0007)",
    ),
    "name-tab.yaml": (":30:21 (breakdowns.major_industries.members[2].name.en)", "a tab (U+0009)"),
    "name-line-separator.yaml": (":6:12 (release.issuer.zh-CN)", "a line separator (U+2028)"),
    "name-c1-control.yaml": (
        ":17:72 (indicators.value_added.ranks.provincial.within.zh-CN)",
        "control character (U+0085)",
    ),
    "name-bidi-override.yaml": (
        ":29:21 (breakdowns.major_industries.members[1].name.en)",
        "a bidirectional override (U+202E)",
    ),
    "lone-surrogate.json": (":5:10 (release.region.en)", "surrogate pair (U+D800)"),
    # Numbers: bounded, finite, never converted into something huge.
    "huge-integer.yaml": (":33:21 (tallies.enterprises.of)", "a count is at most 1e+15"),
    "huge-integer.json": (":94:10 (tallies.enterprises.of)", "a count is at most 1e+15"),
    "huge-integer-figure.yaml": (f":12:12 {VALUE}", "too large (100000000000…000000000000)"),
    "count-with-fraction.yaml": (":33:21 (tallies.enterprises.of)", "expected a whole number"),
    "float-max.yaml": (f":12:12 {VALUE}", "too large (1.0E+308)"),
    "float-no-dot.yaml": (f":12:12 {VALUE}", "too large (1E+308)"),
    "float-huge-exponent.yaml": (f":12:12 {VALUE}", "too large (1.0E+999999)"),
    "float-tiny-exponent.yaml": (f":12:12 {VALUE}", "too small (1.0E-999999)"),
    "float-tiny-exponent.json": (f":21:13 {VALUE}", "too small (1.0E-999999)"),
    "float-beyond-decimal.json": (f":21:13 {VALUE}", "not a number that can be used"),
    "zero-far-exponent.yaml": (f":12:12 {VALUE}", "a zero written with a far-out exponent"),
    "too-many-digits.yaml": (f":12:12 {VALUE}", "too many digits (29 significant"),
    "sexagesimal-overflow.yaml": (f":12:12 {VALUE}", "not a number that can be used"),
    "hex-underscore.yaml": (f":12:12 {VALUE}", "not a number that can be used ('0x_')"),
    "nan.yaml": (f":12:12 {VALUE}", "not a finite number (NaN)"),
    "inf.yaml": (f":12:12 {VALUE}", "not a finite number (-Infinity)"),
    "nan.json": (f":21:13 {VALUE}", "not a finite number (NaN)"),
    "infinity.json": (f":21:13 {VALUE}", "not a finite number (Infinity)"),
    # Dates and periods: real days, years between 1900 and 2200.
    "invalid-date.yaml": (":8:14 (release.published)", "not a date: '2024-02-30' (no such day)"),
    "invalid-date.json": (":13:16 (release.published)", "not a date: '2024-02-30' (no such day)"),
    "published-with-time.yaml": (":8:14 (release.published)", "a date without a time"),
    "published-number.json": (":13:16 (release.published)", "not a date: 1713999600"),
    "published-year-one.yaml": (":8:14 (release.published)", "not between 1900 and 2200"),
    "period-year-zero.yaml": (":7:11 (release.period)", "'0000-Q1' is not between 1900 and 2200"),
    "period-year-far.yaml": (":7:11 (release.period)", "'9999-Q1' is not between 1900 and 2200"),
    "period-unicode-digits.yaml": (":7:11 (release.period)", "'２０２４-Q1' is not a period"),
    # Narratives and languages: what only rendering finds, found by `validate` too.
    "narrative-unknown-figure.yaml": (":96:3 (figures)", "uses figure 'hengli_units', which the"),
    "narrative-uses-missing-number.yaml": (
        ":21:14 (release.narrative)",
        "the narrative 'liaoning-2024q1' cannot be rendered for this industry-province bulletin",
        "no attribute 'press_conference'",
    ),
    # (a narrative lives in its kind's folder: another kind's is not found at all)
    "narrative-of-other-kind.yaml": (
        ":9:14 (release.narrative)",
        "there is no narrative 'liaoning-2024q1'",
    ),
    "narrative-missing.yaml": (":9:14 (release.narrative)", "there is no narrative"),
    "narrative-path.yaml": (":9:14 (release.narrative)", "should match pattern"),
    "language-without-catalog.yaml": (":9:14 (release.languages)", "unknown language 'fr'"),
    # The general vocabulary: kinds, units, what a kind requires and derives, restated figures.
    "kind-unknown.yaml": (
        ":2:9 (release.kind)",
        "unknown kind of bulletin 'nope'",
        "known kinds: consumer-prices, industry-city, industry-province",
    ),
    "kind-path.yaml": (":2:9 (release.kind)", "should match pattern"),
    "unit-unregistered.yaml": (
        ":21:11 (indicators.profits.unit)",
        "unknown unit '万台'",
        "hint: units are registered in units.yaml",
    ),
    "kind-requirement-missing.yaml": (
        ":33:3 (tallies)",
        "the kind industry-city needs tallies.enterprises",
        "data/cities/dalian-2024q1.yaml",
    ),
    "fact-underivable.yaml": (
        ":30:7 (indicators.value_added.earlier.previous_year)",
        "the kind industry-province derives 'vs_previous_year' from 'value_added@previous_year'",
        "no earlier value 'previous_year' (earlier: previous_cumulative)",
    ),
    "member-key-twice.yaml": (
        ":29:15 (breakdowns.areas.members[1].key)",
        "member key 'urban' is given twice (also members[0])",
    ),
    "name-in-two-sections.yaml": (
        ":35:12 (figures.profits)",
        "'profits' is both in indicators and in figures",
    ),
    "rank-beyond-whole.yaml": (
        ":17:19 (indicators.value_added.ranks.provincial)",
        "position (15) is larger than of (14)",
    ),
    "tally-beyond-whole.yaml": (":33:16 (tallies.enterprises)", "count (629) is larger than of"),
    "basis-unknown.yaml": (
        ":22:12 (indicators.profits.basis)",
        "basis 'weekly' is not one of yoy, mom, level",
    ),
    "published-disagrees.yaml": (
        ":133:21 (published.vs_previous_year)",
        "published as 0.4 but the data gives 0.3",
    ),
    "published-unknown-fact.yaml": (
        ":133:19 (published.vs_previous_yr)",
        "no derived figure is called 'vs_previous_yr'",
        "did you mean 'vs_previous_year'?",
    ),
}


def _corpus() -> list[str]:
    return sorted(p.name for p in HOSTILE.iterdir() if p.suffix in {".yaml", ".json"})


def test_every_hostile_file_has_an_expectation():
    assert _corpus() == sorted(EXPECTED)


@pytest.mark.parametrize("name", _corpus())
def test_hostile_input_is_a_located_problem_and_generates_nothing(name, tmp_path):
    path = HOSTILE / name
    where, what, *more = EXPECTED[name]
    runner = CliRunner()
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Error: 1 problem in the data:\n"), result.output
    assert f"{path}{where}" in result.output or where in result.output, result.output
    for text in (what, *more):
        assert text in result.output, result.output
    assert "Traceback" not in result.output and "unexpected failure" not in result.output
    assert str(ROOT / "templates") not in result.output
    assert len(result.output) < 2000  # a 5,000-digit number is not repeated back
    out = tmp_path / "out"
    generated = runner.invoke(main, ["generate", str(path), "--out", str(out)])
    assert generated.exit_code == 2, generated.output
    assert what in generated.output
    assert not out.exists()


def test_an_alias_bomb_is_refused_in_little_memory():
    """Under a 1 GB address-space limit (the bomb used to need more than 3 GB)."""
    if sys.platform != "linux":
        pytest.skip("RLIMIT_AS is Linux's")
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
    code = limit + "from bulletin.cli import run; run()"
    result = subprocess.run(
        [sys.executable, "-c", code, "validate", str(HOSTILE / "alias-bomb.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert result.returncode == 2, result.stderr
    assert "YAML anchors and aliases" in result.stderr


# --- The two YAML readers --------------------------------------------------------------------


def _read_with(reader: type, text: str, monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.setattr(loading, "_DecimalLoader", reader)
    try:
        return parse_text(text, "data.yaml")
    except DataError as e:
        return str(e)


def test_libyaml_is_used_when_present():
    if yaml.__with_libyaml__:
        assert issubclass(loading._DecimalLoader, yaml.CSafeLoader)
    assert not issubclass(loading.PURE_PYTHON_READER, getattr(yaml, "CSafeLoader", ()))


@pytest.mark.parametrize(
    "path",
    [SAMPLE, CITY, PRICES, *(HOSTILE / n for n in _corpus() if n.endswith(".yaml"))],
    ids=lambda p: p.name,
)
def test_both_readers_give_the_same_documents_marks_and_errors(path, monkeypatch):
    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML without libyaml")
    text = path.read_text(encoding="utf-8")
    fast = _read_with(loading._reader(yaml.CSafeLoader), text, monkeypatch)
    slow = _read_with(loading.PURE_PYTHON_READER, text, monkeypatch)
    assert repr(fast) == repr(slow)  # (repr: NaN is not equal to itself)


@pytest.mark.parametrize(
    "text",
    [
        "a: b\x07c\n",
        "a: 沈阳\nb: x\x1by\n",
        "a: [1,\n",
        "a: 1\n---\nb: 2\n",
        "a: =\n",
        "{a: 1, a: 2}",
    ],
)
def test_both_readers_locate_bad_yaml_at_the_same_place(text, monkeypatch):
    """(libyaml words its syntax errors differently; the place is the same.)"""
    fast = _read_with(loading._DecimalLoader, text, monkeypatch)
    slow = _read_with(loading.PURE_PYTHON_READER, text, monkeypatch)
    assert isinstance(fast, str) and isinstance(slow, str)
    place = re.compile(r"data\.yaml:\d+:\d+")
    assert place.findall(fast) == place.findall(slow) != []


# --- What the readers accept -----------------------------------------------------------------


def test_a_byte_order_mark_is_ignored_in_yaml_and_json():
    text = SAMPLE.read_text(encoding="utf-8")
    dataset, marks = dataset_from_text("\ufeff" + text, "body")
    value = ("indicators", "value_added", "value")
    assert marks[value] == dataset_from_text(text, "body")[1][value] == (28, 12)
    document = yaml.safe_load(text)
    document["release"]["published"] = str(document["release"]["published"])
    body = json.dumps(document, ensure_ascii=False)
    assert dataset_from_text("\ufeff" + body, "body", json_syntax=True)[0] == dataset


def test_yaml_numbers_keep_their_digits_and_exponents_are_numbers():
    document, _ = parse_text("a: 5.0\nb: 1.5e3\nc: 2e-1\nd: 12\ne: '5.3'\n", "x")
    assert document == {
        "a": Decimal("5.0"),
        "b": Decimal("1.5e3"),
        "c": Decimal("0.2"),
        "d": 12,
        "e": "5.3",
    }
    assert str(document["a"]) == "5.0"


def test_quoted_numbers_are_told_to_lose_their_quotes_and_words_are_not():
    def problem(value: str) -> str:
        text = CITY.read_text(encoding="utf-8").replace("    value: 2.1", f"    value: {value}")
        with pytest.raises(DataError) as caught:
            dataset_from_text(text, "x.yaml")
        return caught.value.problems[0].what

    assert problem("'2.1'") == "expected a number, got the text '2.1'; remove the quotes"
    assert problem("two") == "expected a number, got the text 'two'"
    assert problem("yes") == "expected a number, got a yes/no value"


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("9999999999999999", True),  # 16 digits before the point
        ("1E+16", False),
        ("0.000000000000001", True),  # 1e-15
        ("1E-16", False),
        ("1.2345678901234567890", True),  # 20 significant digits
        ("1.23456789012345678901", False),
        ("0", True),
        ("0E-40", False),
        ("-5.3", True),
    ],
)
def test_figure_bounds(value, ok):
    if ok:
        assert check_figure(Decimal(value)) == Decimal(value)
    else:
        with pytest.raises(ValueError, match=r"figures have|zero"):
            check_figure(Decimal(value))


def test_period_years_are_bounded():
    assert Period.parse("1900").year == 1900 and Period.parse("2200-Q4").year == 2200
    for text in ("0000-Q1", "1899", "2201-03", "٢٠٢٤-Q1"):
        with pytest.raises(ValueError):
            Period.parse(text)


def test_json_big_integers_and_constants_never_reach_int_or_float():
    document, _ = parse_text('{"a": ' + "7" * 5000 + ', "b": NaN, "c": -Infinity}', "x", True)
    assert document["a"] == Decimal("7" * 5000)
    assert document["b"].is_nan() and document["c"] == Decimal("-Infinity")


def test_text_from_data_in_messages_is_printable():
    problem = Problem("x.yaml", "1:2 (figures['a\\nb'])", "bad \n\u202e\ud800 value")
    assert str(problem) == "x.yaml:1:2 (figures['a\\nb']): bad \\n\\u202e\\ud800 value"
    assert field_path(("figures", "a\nb", 0, "x")) == "figures['a\\nb'][0].x"
    assert field_path(("published", "value_added.gap_after")) == "published.value_added.gap_after"


def test_a_data_error_survives_pickling():
    import pickle

    error = DataError([Problem("x.yaml", "1:2", "bad", "fix it")])
    again = pickle.loads(pickle.dumps(error))
    assert again.problems == error.problems and str(again) == str(error)


# --- The output folder -----------------------------------------------------------------------


def test_an_unusable_output_folder_is_refused_before_rendering(tmp_path):
    file = tmp_path / "file"
    file.write_text("x")
    with pytest.raises(UsageError, match=r"^--out .*/file: not a folder$"):
        check_output_folder(file)
    with pytest.raises(UsageError, match=r"not a folder \(.*/file is not a folder\)"):
        check_output_folder(file / "sub")
    check_output_folder(tmp_path / "new" / "deeper")  # can be made: fine, and not made yet
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]
    if Path("/proc/self").is_dir():
        with pytest.raises(UsageError, match=r"^--out /proc: cannot create files there \("):
            check_output_folder(Path("/proc"))


@pytest.mark.parametrize(
    ("out", "message"),
    [("/dev/null", "Error: --out /dev/null: not a folder"), ("/proc", "cannot create files")],
)
def test_generate_says_why_the_output_folder_cannot_be_used(out, message):
    if not Path(out).exists():
        pytest.skip(f"no {out} here")
    result = CliRunner().invoke(main, ["generate", str(SAMPLE), "--out", out])
    assert result.exit_code == 2 and message in result.output, result.output


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "languages: [en, zh-CN, ja, ru]",
            "languages: []",
            ":22:14 (release.languages): Tuple should have at least 1 item",
        ),
        ("languages: [en, zh-CN, ja, ru]", "languages: [en, en]", "en listed more than once"),
        ("languages: [en, zh-CN, ja, ru]", "languages: ['en\\n\\nX']", "should match pattern"),
        ("{national: {position: 5}}", "{national: {position: 0}}", "greater than or equal to 1"),
        ("{of: 40, count: 31}", "{of: 40, count: 31.5}", "expected a whole number, got 31.5"),
        ("{of: 40, count: 31}", "{of: 40, count: -1}", "a count cannot be negative (got -1)"),
        ("{of: 40, count: 31}", "{of: 40, count: 41}", "count (41) is larger than of (40)"),
        ("\ntallies:", "\nA: 1\ntallies:", ":83:4 (A): unknown field 'A'"),
        ("\ntallies:", "\nint: 1\ntallies:", ":83:6 (int): unknown field 'int'"),
        ("  press_conference: 3", "  press_conference: '3'", "the text '3'; remove the quotes"),
        ("  press_conference: 3", "  press_conference: 3%", "without quotes or %: 3"),
        ("  press_conference: 3", "  Press: 3", ":96:10 (figures.Press): String should match"),
    ],
)
def test_found_by_fuzzing(old, new, message):
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(DataError) as caught:
        dataset_from_text(text.replace(old, new, 1), "x.yaml")
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    value: 5.3\n", "    vaule: 5.3\n", "(indicators.value_added.vaule): unknown field "),
        ("value: 6.1, earlier", "valeu: 6.1, earlier", "value_added.benchmarks.national.valeu"),
        (
            "{en: Dalian, zh-CN: 大连, ja: 大連, ru: Далянь}, value: 6.5}",
            "{en: Dalian}, vlaue: 6.5}",
            "members[1].vlaue",
        ),
        ("{of: 40, count: 31}", "{of: 40, cuont: 31}", "(tallies.industry_groups.cuont)"),
        ("{position: 5}", "{positon: 5}", "(indicators.industrial_investment.ranks.national."),
        ("press_conference: 3", "press_conference: {value: 3, unti: 个}", "unti"),
        ("  region: {en", "  regoin: {en", "(release.regoin): unknown field 'regoin'"),
    ],
)
def test_a_misspelt_field_in_a_named_entry_gets_a_did_you_mean(old, new, message):
    """Indicators, breakdowns and tallies are mappings of names to entries: the hint follows
    the name to the entry's fields (it used to stop at the name and say 'remove it')."""
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(DataError) as caught:
        dataset_from_text(text.replace(old, new, 1), "x.yaml")
    misspelt = [p for p in caught.value.problems if p.what.startswith("unknown field")]
    assert len(misspelt) == 1 and message in str(misspelt[0]), caught.value
    wrong = misspelt[0].what.removeprefix("unknown field ").strip("'")
    right = {"regoin": "region", "unti": "unit", "positon": "position", "cuont": "count"}
    assert f"did you mean {right.get(wrong, 'value')!r}?" in misspelt[0].hint


@pytest.mark.parametrize(
    ("old", "new", "where", "what"),
    [
        (  # an earlier value of a benchmark
            "      national: {value: 6.1, earlier: {previous_cumulative: 7.0}}\n",
            "      national: {value: 6.1}\n",
            ":33:17 (indicators.value_added.benchmarks.national.earlier.previous_cumulative)",
            "derives 'national_acceleration' from 'value_added.national@previous_cumulative'",
        ),
        (  # a benchmark
            "    benchmarks: {national: 10.8}\n",
            "",
            ":46:5 (indicators.high_tech_investment.benchmarks.national)",
            "derives 'high_tech_vs_national' from 'high_tech_investment.national'",
        ),
        (  # a rank
            "    ranks: {national: {position: 5}}\n",
            "",
            ":36:5 (indicators.industrial_investment)",
            "derives 'investment_rank' from 'industrial_investment': no rank 'national'",
        ),
        (  # periods that do not follow each other: no one reference is missing
            "{period: 2024-01..02, value: 4.8}",
            "{period: 2024-Q1, value: 4.8}",
            ":14:9 (release.kind)",
            "cannot derive 'latest_months': 2024-Q1 does not end before 2024-Q1",
        ),
    ],
)
def test_a_fact_the_data_cannot_give_is_located_where_the_figure_is_missing(old, new, where, what):
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = Path("x.yaml")
    with pytest.raises(DataError) as caught:
        load_and_compute_text(text.replace(old, new, 1), path)
    problems = [str(p) for p in caught.value.problems]
    assert any(f"x.yaml{where}: the kind industry-province {what}" in p for p in problems)
    for problem in problems:
        assert re.match(r"x\.yaml:\d+:\d+ \(", problem), problem
        assert "data/liaoning-2024q1.yaml" in problem  # the kind's sample, where it really is


@pytest.mark.parametrize(
    ("new", "reference", "where"),
    [
        (  # a benchmark of a level's growth
            "    growth: {value: 24.0}\n",
            "profits.growth.national",
            "55:13 (indicators.profits.growth.benchmarks.national)",
        ),
        ("", "profits.growth", "51:5 (indicators.profits.growth)"),  # a level's growth
    ],
)
def test_a_reference_into_a_levels_growth_is_located_where_the_figure_would_be(
    new, reference, where
):
    """The provincial kind no longer requires the growth of profits (a release whose profits
    turned from a loss gives none), so a fact that does is located directly."""
    from bulletin.loading import where as located
    from bulletin.validation import reference_loc

    old = "    growth: {value: 24.0, benchmarks: {national: 10.2}}\n"
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text
    dataset, marks = dataset_from_text(text.replace(old, new, 1), "x.yaml")
    assert located(marks, reference_loc(reference, dataset)) == where


def load_and_compute_text(text: str, path: Path) -> object:
    dataset, marks = dataset_from_text(text, str(path))
    return facts_from(dataset, str(path), marks, find_project(str(ROOT)))


def test_a_kind_name_that_is_nearly_right_gets_a_did_you_mean():
    text = CITY.read_text(encoding="utf-8").replace("kind: industry-city", "kind: industry-cty")
    with pytest.raises(DataError) as caught:
        load_and_compute_text(text, Path("x.yaml"))
    (problem,) = caught.value.problems
    assert problem.where == "5:9 (release.kind)"
    assert problem.what == "unknown kind of bulletin 'industry-cty'"
    assert problem.hint.startswith("did you mean 'industry-city'?")


def test_every_name_given_twice_is_reported_at_its_second_place():
    """(Rules over several values report each offender where it is, not at the whole file.)"""
    text = PRICES.read_text(encoding="utf-8")
    twice = "member key 'urban' is given twice (also members[0])"
    with pytest.raises(DataError) as caught:  # in areas and in areas_mom
        dataset_from_text(text.replace("{key: rural,", "{key: urban,", 2), "x.yaml")
    assert [(p.where, p.what) for p in caught.value.problems] == [
        ("53:15 (breakdowns.areas.members[1].key)", twice),
        ("58:15 (breakdowns.areas_mom.members[1].key)", twice),
    ]
    with pytest.raises(DataError) as caught:
        dataset_from_text(text + "figures:\n  cpi: 0.1\n  areas: 2\n", "x.yaml")
    assert [(p.where, p.what) for p in caught.value.problems] == [
        ("121:8 (figures.cpi)", "'cpi' is both in indicators and in figures"),
        ("122:10 (figures.areas)", "'areas' is both in breakdowns and in figures"),
    ]


def test_a_problem_with_the_whole_document_is_at_its_top_level():
    with pytest.raises(DataError) as caught:
        dataset_from_text("- a\n- b\n", "x.yaml")
    assert str(caught.value.problems[0]).startswith("x.yaml:1:1 (top level): expected a mapping")


# --- Valid data stays valid ------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [SAMPLE, PRICES, *sorted((ROOT / "data" / "cities").glob("*.yaml"))],
    ids=lambda p: p.name,
)
def test_bundled_data_validates(path):
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("json_syntax", [False, True])
def test_a_body_of_too_many_values_is_refused_where_it_overflows(json_syntax):
    """A megabyte of figures is refused as soon as the 20,001st value shows, not read whole
    (reading every value costs Python time: a server would spend seconds per body)."""
    import json as json_module

    from bulletin.loading import MAX_VALUES

    figures = {f"f{i}": i for i in range(MAX_VALUES + 5000)}
    text = (
        json_module.dumps({"figures": figures})
        if json_syntax
        else "figures:\n" + "".join(f"  {k}: {v}\n" for k, v in figures.items())
    )
    with pytest.raises(DataError) as caught:
        dataset_from_text(text, "big", json_syntax)
    (problem,) = caught.value.problems
    assert f"more than {MAX_VALUES:,} values" in problem.what
    assert re.match(r"\d+:\d+ \(figures\.f\d+\)", problem.where), problem.where
