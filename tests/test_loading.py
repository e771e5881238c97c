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

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "hostile"
SAMPLE = ROOT / "data" / "liaoning-2024q1.yaml"
CITY = ROOT / "data" / "cities" / "dalian-2024q1.yaml"

# file: (where, what) — both must appear in the message of `validate`.
EXPECTED = {
    "alias-bomb.yaml": ("alias-bomb.yaml:1:4 (a)", "YAML anchors and aliases (&a) are not allowed"),
    "alias-reused-name.yaml": (":3:11 (release.region)", "YAML anchors and aliases (&r)"),
    "yaml-tag.yaml": (":12:11 (value_added.growth)", "YAML tags (!!float) are not allowed"),
    "yaml-merge-key.yaml": (":23:25 (industrial_investment['<<'])", "merge keys (<<)"),
    "complex-key.yaml": (":13:5 (value_added)", "a key must be a plain name"),
    "name-newline-heading.yaml": (":3:16 (release.region.en)", "a line break (U+000A)"),
    "name-bell.yaml": (":20:17 (major_industries[2].name.en)", "control character (U+0007)"),
    "name-bell.json": (":36:11 (major_industries[0].name.en)", "control character (U+0007)"),
    "name-tab.yaml": (":20:17 (major_industries[2].name.en)", "a tab (U+0009)"),
    "name-line-separator.yaml": (":7:12 (release.issuer.zh-CN)", "a line separator (U+2028)"),
    "name-c1-control.yaml": (":4:35 (release.province.zh-CN)", "control character (U+0085)"),
    "name-bidi-override.yaml": (":19:17 (major_industries[1].name.en)", "override (U+202E)"),
    "lone-surrogate.json": (":5:10 (release.region.en)", "surrogate pair (U+D800)"),
    "deep-nesting.yaml": (":12:41 (value_added.growth[0]", "nested more than 32 levels deep"),
    "deep-nesting.json": ("deep-nesting.json:1:60", "nested more than 32 levels deep"),
    "huge-integer.yaml": (":22:22 (enterprises.total)", "a count is at most 1e+15"),
    "huge-integer.json": (":64:12 (enterprises.total)", "a count is at most 1e+15"),
    "huge-integer-figure.yaml": (":12:11 (value_added.growth)", "too large"),
    "count-with-fraction.yaml": (":22:22 (enterprises.total)", "expected a whole number"),
    "invalid-date.yaml": (":9:14 (release.published)", "not a date: '2024-02-30'"),
    "invalid-date.json": (":17:16 (release.published)", "not a date: '2024-02-30'"),
    "published-with-time.yaml": (":9:14 (release.published)", "a date without a time"),
    "published-number.json": (":17:16 (release.published)", "not a date: 1713999600"),
    "published-year-one.yaml": (":9:14 (release.published)", "not between 1900 and 2200"),
    "float-max.yaml": (":12:11 (value_added.growth)", "too large (1.0E+308)"),
    "float-no-dot.yaml": (":12:11 (value_added.growth)", "too large (1E+308)"),
    "float-huge-exponent.yaml": (":12:11 (value_added.growth)", "too large (1.0E+999999)"),
    "float-tiny-exponent.yaml": (":12:11 (value_added.growth)", "too small (1.0E-999999)"),
    "float-tiny-exponent.json": (":24:13 (value_added.growth)", "too small (1.0E-999999)"),
    "float-beyond-decimal.json": (":24:13 (value_added.growth)", "not a number that can be used"),
    "zero-far-exponent.yaml": (":12:11 (value_added.growth)", "a zero written with a far-out"),
    "too-many-digits.yaml": (":12:11 (value_added.growth)", "too many digits (29 significant"),
    "sexagesimal-overflow.yaml": (":12:11 (value_added.growth)", "not a number that can be used"),
    "hex-underscore.yaml": (":12:11 (value_added.growth)", "not a number that can be used"),
    "nan.yaml": (":12:11 (value_added.growth)", "not a finite number (NaN)"),
    "inf.yaml": (":12:11 (value_added.growth)", "not a finite number (-Infinity)"),
    "nan.json": (":24:13 (value_added.growth)", "not a finite number (NaN)"),
    "infinity.json": (":24:13 (value_added.growth)", "not a finite number (Infinity)"),
    "period-year-zero.yaml": (":8:11 (release.period)", "'0000-Q1' is not between 1900 and 2200"),
    "period-year-far.yaml": (":8:11 (release.period)", "'9999-Q1' is not between 1900 and 2200"),
    "period-unicode-digits.yaml": (":8:11 (release.period)", "is not a period"),
    "duplicate-key.yaml": (
        ":13:3 (value_added.growth)",
        "duplicate key 'growth' (first at",
    ),
    "duplicate-key.json": (
        ":25:3 (value_added.growth)",
        "duplicate key 'growth' (first at",
    ),
    "narrative-unknown-figure.yaml": (":85:3 (figures)", "uses figure 'hengli_units', which the"),
    "narrative-of-other-kind.yaml": (
        ":10:14 (release.narrative)",
        "cannot be rendered for this",
    ),
    "narrative-missing.yaml": (":10:14 (release.narrative)", "there is no narrative"),
    "language-without-catalog.yaml": (":10:14 (release.languages)", "unknown language 'fr'"),
}


def _corpus() -> list[str]:
    return sorted(p.name for p in HOSTILE.iterdir() if p.suffix in {".yaml", ".json"})


def test_every_hostile_file_has_an_expectation():
    assert _corpus() == sorted(EXPECTED)


@pytest.mark.parametrize("name", _corpus())
def test_hostile_input_is_a_located_problem_and_generates_nothing(name, tmp_path):
    path = HOSTILE / name
    where, what = EXPECTED[name]
    runner = CliRunner()
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Error: "), result.output
    assert f"{path}{where}" in result.output or where in result.output, result.output
    assert what in result.output, result.output
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
    [SAMPLE, CITY, *(HOSTILE / n for n in _corpus() if n.endswith(".yaml"))],
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
    assert (
        marks[("value_added", "growth")]
        == dataset_from_text(text, "body")[1][("value_added", "growth")]
    )
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
        text = CITY.read_text(encoding="utf-8").replace("  growth: 2.1", f"  growth: {value}")
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
        ("languages: [en, zh-CN]", "languages: []", "at least 1 item"),
        ("languages: [en, zh-CN]", "languages: [en, en]", "en listed more than once"),
        ("languages: [en, zh-CN]", "languages: ['en\\n\\nX']", "should match pattern"),
        ("press_conference: 3", "press_conference: 0", "greater than or equal to 1"),
        ("  hengli_units: 99", "  hengli_units: 99.5", "expected a whole number"),
        ("  hengli_units: 99", "  hengli_units: -1", "a count cannot be negative"),
        ("\nindustry_groups:", "\nA: 1\nindustry_groups:", ":67:4 (A): unknown field 'A'"),
    ],
)
def test_found_by_fuzzing(old, new, message):
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(DataError) as caught:
        dataset_from_text(text.replace(old, new, 1), "x.yaml")
    assert message in str(caught.value)


# --- Valid data stays valid ------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", [SAMPLE, *sorted((ROOT / "data" / "cities").glob("*.yaml"))], ids=lambda p: p.name
)
def test_bundled_data_validates(path):
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
