"""`bulletin check`: every language states the same figures."""

from decimal import Decimal as D
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin.cli import main
from bulletin.consistency import check_bulletin, read_figures
from bulletin.project import Project

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
    po.write_text(text.replace(old, 'msgstr "兑现奖励资金2700万元"'), encoding="utf-8")
    problems = [
        str(d) for d in check_bulletin(project_copy.sample_data(), ["en", "zh-CN"], project_copy)
    ]
    assert "zh-CN: money 27000000: in the text 1 time(s) more than the data gives it" in (
        "\n".join(problems)
    )
    assert "zh-CN: money 27200000: in the text 1 time(s) less than the data gives it" in (
        "\n".join(problems)
    )


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d["value_added"].update(growth=D("-1.1")),
        lambda d: d["value_added"].update(growth=D("8.0")),
        lambda d: d["major_industries"][1].update(growth=D("-2.9")),
        lambda d: [c.update(growth=D("-0.5")) for c in d["cities"]],
        lambda d: d["industrial_investment"].update(share_a_year_earlier=D("46.8")),
    ],
)
def test_data_variants_state_the_same_figures(doc, tmp_path, edit):
    import yaml

    edit(doc)
    doc.pop("published")
    doc["release"]["published"] = str(doc["release"]["published"])
    path = tmp_path / "variant.yaml"
    path.write_text(yaml.safe_dump(_plain(doc), allow_unicode=True), encoding="utf-8")
    project = Project(ROOT)
    assert check_bulletin(path, ["en", "zh-CN"], project) == []


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, D):
        return float(value) if value.as_tuple().exponent < 0 else int(value)
    return value
