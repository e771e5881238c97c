"""`bulletin check`: every language states the same figures."""

from decimal import Decimal as D
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin.cli import main
from bulletin.consistency import check_bulletin, read_figures
from bulletin.errors import BulletinError
from bulletin.project import find_project

ROOT = Path(__file__).resolve().parent.parent


def test_the_sample_states_the_same_figures_in_both_languages():
    result = CliRunner().invoke(main, ["check", str(ROOT / "data" / "liaoning-2024q1.yaml")])
    assert result.exit_code == 0, result.output
    assert "the same figures in en, zh-CN" in result.output


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "profits of 18.57 billion yuan, up 24.0%",
            "en",
            {("money", D("1.857E+10")), ("percent", D("24"))},
        ),
        (
            "利润总额185.7亿元，同比增长24.0%，高于全国13.8个百分点",
            "zh-CN",
            {("money", D("1.857E+10")), ("percent", D("24")), ("points", D("13.8"))},
        ),
        ("增产79万吨", "zh-CN", {("mass", D("7.9E+5"))}),
        ("by 790,000 tons", "en", {("mass", D("7.9E+5"))}),
    ],
)
def test_figures_are_read_back_in_base_units(text, language, expected):
    assert set(read_figures(text, language)) == expected


def test_a_number_typed_into_a_translation_is_caught(project_copy):
    po = project_copy.po_file("zh_CN")
    text = po.read_text(encoding="utf-8")
    old = 'msgstr "兑现奖励资金%(amount)s"'
    # A translation that drops the placeholder is refused before anything is rendered …
    po.write_text(text.replace(old, 'msgstr "兑现奖励资金2700万元"'), encoding="utf-8")
    with pytest.raises(BulletinError, match=r"bulletin\.po:\d+: placeholder %\(amount\)s missing"):
        check_bulletin(project_copy.sample_data(), ["en", "zh-CN"], project_copy)
    # … and one that keeps it but types a figure of its own is caught reading the text back.
    po.write_text(
        text.replace(old, 'msgstr "兑现奖励资金%(amount)s（约2700万元）"'), encoding="utf-8"
    )
    problems = [
        str(d) for d in check_bulletin(project_copy.sample_data(), ["en", "zh-CN"], project_copy)
    ]
    assert "zh-CN: money 27000000: in the text 1 time(s) more than the data gives it" in (
        "\n".join(problems)
    )


def _value(d, name, value):
    d["indicators"][name]["value"] = D(value)


def _earlier(d, name, role, value):
    d["indicators"][name]["earlier"][role]["value"] = D(value)


def _member(d, breakdown, index, value):
    d["breakdowns"][breakdown]["members"][index]["value"] = D(value)


def _all_members(d, breakdown, value):
    for member in d["breakdowns"][breakdown]["members"]:
        member["value"] = D(value)


@pytest.mark.parametrize(
    ("sample", "edit"),
    [
        ("doc", lambda d: _value(d, "value_added", "-1.1")),
        ("doc", lambda d: _value(d, "value_added", "8.0")),  # from behind the nation to ahead
        ("doc", lambda d: _value(d, "value_added", "6.1")),  # level with the nation
        (  # a decline that narrowed
            "doc",
            lambda d: [
                _value(d, "value_added", "-2.4"),
                _earlier(d, "value_added", "previous_cumulative", "-9.8"),
            ],
        ),
        ("doc", lambda d: _earlier(d, "value_added", "previous_cumulative", "-1.2")),
        ("doc", lambda d: _member(d, "major_industries", 1, "-2.9")),
        ("doc", lambda d: _all_members(d, "cities", "-0.5")),
        (
            "doc",
            lambda d: _earlier(d, "industrial_investment_share", "same_period_last_year", "46.8"),
        ),
        ("city_doc", lambda d: _value(d, "industrial_investment", "30.0")),
        ("prices_doc", lambda d: _member(d, "categories", 1, "0.0")),  # housing unchanged
        ("prices_doc", lambda d: _all_members(d, "categories", "0.4")),  # all seven rose
    ],
)
def test_data_variants_state_the_same_figures(request, tmp_path, sample, edit):
    import yaml

    doc = request.getfixturevalue(sample)
    edit(doc)
    doc.pop("published", None)
    doc["release"]["published"] = str(doc["release"]["published"])
    path = tmp_path / "variant.yaml"
    path.write_text(yaml.safe_dump(_plain(doc), allow_unicode=True), encoding="utf-8")
    project = find_project(str(ROOT))
    assert check_bulletin(path, ["en", "zh-CN"], project) == []


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, D):
        return float(value) if value.as_tuple().exponent < 0 else int(value)
    return value
