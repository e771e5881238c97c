"""Property tests of reading data: whatever the text, reading and validating it gives either a
dataset that renders, or a `DataError` of located problems, never any other exception; and
`generate` writes nothing for data that `validate` refuses.

Inputs: random YAML and JSON documents (nested mappings and lists of odd scalars: NaN, huge
and tiny numbers, integers past Python's 4,300-digit limit, text with control characters and
lone surrogates, kinds, units and bases, under the names of the general vocabulary), random
text, mutations of the bundled data of every kind (a field dropped, replaced or given another
type, a line repeated, text inserted), and each bundled release declared as every other kind.
A problem is located: at a line and column of the file wherever the file has a place for it.
Example counts are bounded so that the whole file runs in well under 20 s."""

from __future__ import annotations

import copy
import json
import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bulletin.cli import main
from bulletin.errors import DataError
from bulletin.loading import _DecimalLoader, dataset_from_text, parse_text
from bulletin.pipeline import Options, build_documents, check_rendering, facts_from
from bulletin.project import find_project

ROOT = Path(__file__).resolve().parent.parent
PROJECT = find_project(str(ROOT))
SAMPLES = {
    "province": (ROOT / "data" / "liaoning-2024q1.yaml").read_text(encoding="utf-8"),
    "city": (ROOT / "data" / "cities" / "dalian-2024q1.yaml").read_text(encoding="utf-8"),
    "prices": (ROOT / "kinds" / "consumer-prices" / "china-2023-04.yaml").read_text(
        encoding="utf-8"
    ),
}
KINDS = sorted(PROJECT.kinds())
FIELD_NAMES = sorted(
    {"release", "kind", "region", "issuer", "period", "published", "languages", "narrative"}
    | {"style", "en", "zh-CN", "indicators", "breakdowns", "tallies", "figures"}
    | {"name", "unit", "basis", "real", "value", "earlier", "benchmarks", "ranks", "growth"}
    | {"contribution", "position", "of", "within", "members", "key", "level", "count"}
    | {"thresholds", "above", "examples", "value_added", "previous_year", "national", "cities"}
    | {"profits", "cpi", "areas", "enterprises", "vs_previous_year", "gap.before"}
)

FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- Serialising generated documents ---------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Dumps Decimal as a YAML number (tagged when YAML would not read it back as one)."""


class Digits(str):
    """An integer literal too long for Python's int (4,300 digits), written as it is."""

    __slots__ = ()


_Dumper.add_representer(Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", str(v)))
_Dumper.add_representer(Digits, lambda d, v: d.represent_scalar("tag:yaml.org,2002:int", v))


def to_yaml(document: Any) -> str:
    return yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


def to_json(document: Any) -> str:
    def default(value: Any) -> Any:
        if isinstance(value, Digits):
            return _RawNumber(value)
        if isinstance(value, Decimal):
            return (
                float("nan" if value.is_nan() else value)
                if not value.is_finite()
                else _RawNumber(value)
            )
        return str(value)

    text = json.dumps(document, default=default, ensure_ascii=False)
    return text.replace('"@@RAW', "").replace('RAW@@"', "")


class _RawNumber(str):
    """A Decimal written into JSON as the number itself (json.dumps would quote it)."""

    def __new__(cls, value: Decimal | str) -> _RawNumber:
        return super().__new__(cls, f"@@RAW{value}RAW@@")


# --- Strategies ------------------------------------------------------------------------------

any_text = st.text(st.characters(exclude_categories=()), max_size=12)  # (includes surrogates)
names = st.sampled_from(FIELD_NAMES) | any_text
numbers = (
    st.integers()
    | st.integers(min_value=10**25, max_value=10**400)
    | st.integers(min_value=31, max_value=6000).map(lambda n: Digits("9" * n))
    | st.floats()  # NaN, infinities, 1e308, 5e-324
    | st.decimals(places=None)
    | st.sampled_from([Decimal("1.0e+999999"), Decimal("1.0e-999999"), Decimal("-0E-40")])
)
scalars = (
    st.none()
    | st.booleans()
    | numbers
    | any_text
    | st.dates()
    | st.sampled_from(["2024-Q1", "0000-Q1", "2024-02-30", "5.3%", "1e308", ".nan", "~"])
    | st.sampled_from([*KINDS, "nope", "../industry-city", "liaoning-2024q1"])
    | st.sampled_from(["percent", "亿元", "万台", "yoy", "mom", "level", "weekly"])
)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(names, inner, max_size=5),
    max_leaves=25,
)


def _nested(depth: int) -> Any:
    return [] if depth == 0 else [_nested(depth - 1)]


def _sample(kind: str, **sections: Any) -> Any:
    """A bundled release as a document, with some of its sections replaced."""
    return yaml.load(SAMPLES[kind], Loader=_DecimalLoader) | sections


_NAME = {"en": "x", "zh-CN": "x"}


# --- The property ----------------------------------------------------------------------------


def check_valid_or_located(text: str, json_syntax: bool) -> bool:
    """True if the text is valid data, False if refused with located problems; anything else
    escapes as the test's failure. Valid data must also render."""
    try:
        dataset, marks = dataset_from_text(text, "fuzz", json_syntax)
        facts = facts_from(dataset, "fuzz", marks)
        check_rendering(facts, "fuzz", marks, PROJECT)
    except DataError as e:
        assert e.problems
        try:  # a file that parses has a line and column for every problem in it
            placed = bool(parse_text(text, "fuzz", json_syntax)[1])
        except DataError:
            placed = False
        for problem in e.problems:
            assert problem.what
            located = problem.where or problem.what == "the file is empty"
            assert located or problem.what.startswith("duplicate key"), problem
            if placed and problem.what != "the file is empty":  # (~, null)
                assert re.match(r"\d+:\d+ \(", problem.where), problem
            unsafe = {"Cc", "Cs", "Zl", "Zp"}  # a message never carries these from the data
            assert not [c for c in str(problem) if unicodedata.category(c) in unsafe], problem
        return False
    languages = list(facts.dataset.release.languages)
    assert build_documents(facts, languages, ["md"], PROJECT, Options())
    return True


@FUZZ
@given(documents, st.booleans())
@example({"release": {"languages": ["en\n\nX"]}}, False)
@example({"A": None}, False)  # found: a key looking like a pydantic label lost its place
@example({"figures": {"x": Decimal("sNaN")}}, True)
@example({"release": {"kind": "industry-city", "region": _nested(40)}}, True)
@example({"release": {"kind": "nope", "region": _NAME, "issuer": _NAME}}, False)
@example(_sample("city", figures={"profits": Decimal(1)}), False)  # a name in two sections
@example(_sample("city", figures={"x": {"value": 1, "unit": "万台"}}), True)
@example(
    _sample(
        "prices", breakdowns={"areas": {"members": [{"key": "k", "name": _NAME, "value": 1}] * 2}}
    ),
    False,
)
@example(_sample("province", indicators={}), False)  # what the kind requires and derives
def test_random_documents_are_valid_or_located_problems(document, json_syntax):
    text = to_json(document) if json_syntax else to_yaml(document)
    check_valid_or_located(text, json_syntax)


@FUZZ
@given(st.text(st.characters(exclude_categories=()), max_size=200), st.booleans())
@example("a: &x 1\nb: *x\n", False)
@example('{"a": 1, "a": 2}', True)
@example("\ufeff{}", True)
@example("a: [1,\n", False)
def test_random_text_is_valid_or_located_problems(text, json_syntax):
    check_valid_or_located(text, json_syntax)


# --- Mutations of the bundled data -----------------------------------------------------------


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


def _mutated(document: Any, path: tuple[Any, ...], how: str, value: Any) -> Any:
    document = copy.deepcopy(document)
    parent = document
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    current = parent[last]
    if how == "drop":
        del parent[last]
    elif how == "replace":
        parent[last] = value
    elif how == "text":  # the same value, quoted
        parent[last] = str(current)
    elif how == "wrap":
        parent[last] = [current]
    elif how == "nest":
        parent[last] = {"value": current}
    return document


mutations = st.sampled_from(["drop", "replace", "text", "wrap", "nest"])

# Data that the vocabulary allows but that a kind's templates need (found by the fuzzer): each
# is now a located problem, by kind.yaml declaring the need or by the pipeline locating what a
# template cannot render.
UNDECLARED_NEEDS = [
    ("industry-city", ("tallies", "enterprises"), "count"),
    ("consumer-prices", ("indicators", "food_tobacco_liquor"), "name"),
    ("consumer-prices", ("indicators", "food_tobacco_liquor_mom"), "name"),
]


def _generate_writes_nothing_if_invalid(text: str, suffix: str, valid: bool, tmp: Path) -> None:
    data = tmp / f"fuzz{suffix}"
    data.write_text(text, encoding="utf-8", errors="surrogatepass")
    out = tmp / "out"
    result = CliRunner().invoke(main, ["generate", str(data), "--out", str(out)])
    if valid:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and "unexpected failure" not in result.output
        assert not out.exists()


@settings(FUZZ, max_examples=100)
@given(
    st.sampled_from(sorted(SAMPLES)),
    st.data(),
    mutations,
    scalars | documents,
    st.booleans(),
)
@example("province", None, "drop", None, False)  # (None: the first path, release)
def test_mutated_samples_are_valid_or_located_problems(kind, data, how, value, json_syntax):
    document = yaml.load(SAMPLES[kind], Loader=_DecimalLoader)
    paths = _paths(document)
    path = data.draw(st.sampled_from(paths)) if data is not None else paths[0]
    mutated = _mutated(document, path, how, value)
    text = to_json(mutated) if json_syntax else to_yaml(mutated)
    check_valid_or_located(text, json_syntax)


@pytest.mark.parametrize(("kind", "entry", "field"), UNDECLARED_NEEDS)
def test_data_lacking_what_a_template_needs_is_a_located_problem(kind, entry, field):
    sample = next(s for s, text in SAMPLES.items() if f"  kind: {kind}" in text)
    document = yaml.load(SAMPLES[sample], Loader=_DecimalLoader)
    node = document
    for part in entry:
        node = node[part]
    del node[field]
    assert check_valid_or_located(to_yaml(document), json_syntax=False) is False  # refused, located


def test_a_city_release_may_leave_out_the_growth_of_profits():
    """Once a need the fuzzer found (the template read profits.growth undeclared), the growth
    of profits is an optional fact now: a release whose profits turned from a loss gives none,
    and the sentence states the amount alone."""
    sample = next(s for s, text in SAMPLES.items() if "  kind: industry-city" in text)
    document = yaml.load(SAMPLES[sample], Loader=_DecimalLoader)
    del document["indicators"]["profits"]["growth"]
    assert check_valid_or_located(to_yaml(document), json_syntax=False) is True


@settings(FUZZ, max_examples=40)
@given(st.sampled_from(sorted(SAMPLES)), st.data(), st.booleans())
@example("province", None, True)
def test_edited_sample_text_and_generate_agree(tmp_path_factory, kind, data, repeat_line):
    """Text-level edits (a line repeated, text inserted): validate and generate agree, and a
    refused file leaves no output."""
    text = SAMPLES[kind]
    lines = text.splitlines(keepends=True)
    if data is None:  # the example: repeat the 'value: 5.3' line (value added's)
        index = next(i for i, line in enumerate(lines) if line.startswith("    value: 5.3"))
        insert = ""
    else:
        index = data.draw(st.integers(0, len(lines) - 1))
        insert = data.draw(st.text(st.characters(exclude_categories=("Cs",)), max_size=12))
    if repeat_line:
        lines.insert(index, lines[index])
    else:
        column = len(lines[index]) // 2
        lines[index] = lines[index][:column] + insert + lines[index][column:]
    edited = "".join(lines)
    valid = check_valid_or_located(edited, False)
    _generate_writes_nothing_if_invalid(edited, ".yaml", valid, tmp_path_factory.mktemp("g"))


@pytest.mark.parametrize("sample", sorted(SAMPLES))
@pytest.mark.parametrize("kind", KINDS)
def test_every_sample_declared_as_every_kind_is_valid_or_located(sample, kind):
    """Data of one kind declared as another: located problems (what the kind requires and
    derives, its narrative), valid only as its own kind."""
    document = yaml.load(SAMPLES[sample], Loader=_DecimalLoader)
    own = document["release"]["kind"]
    document["release"]["kind"] = kind
    assert check_valid_or_located(to_yaml(document), json_syntax=False) == (kind == own)
    assert check_valid_or_located(to_json(document), json_syntax=True) == (kind == own)


def test_the_dumpers_round_trip_the_samples():
    """(The mutations above start from documents these dumpers write faithfully.)"""
    for text in SAMPLES.values():
        document = yaml.load(text, Loader=_DecimalLoader)
        assert yaml.load(to_yaml(document), Loader=_DecimalLoader) == document
        again = dataset_from_text(to_json(document), "x", json_syntax=True)[0]
        assert again == dataset_from_text(text, "x")[0]
