"""The command line as a user meets it: exit codes, messages, files written or not."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "liaoning-2024q1.yaml"
LANGUAGES = ("en", "zh-CN", "ja", "ru")  # release.languages of the bundled samples


@pytest.fixture
def run():
    def _run(*args: str):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return _run


def test_generate_writes_both_languages(run, tmp_path):
    result = run(
        "generate", str(SAMPLE), "--lang", "en,zh-CN", "--format", "md", "--out", str(tmp_path)
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "liaoning-2024q1.en.md",
        "liaoning-2024q1.zh-CN.md",
    ]
    assert "185.7亿元" in (tmp_path / "liaoning-2024q1.zh-CN.md").read_text(encoding="utf-8")


def test_generate_without_arguments_renders_the_sample(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("generate")
    assert result.exit_code == 0, result.output
    assert {p.name for p in (tmp_path / "out").iterdir()} == {
        f"liaoning-2024q1.{lang}.md" for lang in LANGUAGES
    }


def test_validate_reports_ok_and_writes_nothing(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("validate", str(SAMPLE))
    assert result.exit_code == 0
    assert "OK" in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "sample",
    [
        ROOT / "data" / "cities" / "dalian-2024q1.yaml",
        ROOT / "kinds" / "consumer-prices" / "china-2023-04.yaml",
    ],
)
def test_the_other_kinds_samples_validate_and_generate(run, tmp_path, sample):
    assert "OK" in run("validate", str(sample)).output
    result = run("generate", str(sample), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{sample.stem}.{lang}.md" for lang in LANGUAGES
    )


def write(tmp_path: Path, text: str, name: str = "data.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def broken(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    text = SAMPLE.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    return write(tmp_path, text)


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        (
            (("    value: 5.3\n", '    value: "5.3%"\n'),),
            ["data.yaml:28:12 (indicators.value_added.value): a percentage written as text"],
        ),
        (
            (("{national: {position: 5}}", "{national: {positon: 5}}"),),
            [
                "(indicators.industrial_investment.ranks.national.positon): unknown field "
                "'positon' (hint: did you mean 'position'?)",
                "(indicators.industrial_investment.ranks.national.position): required field "
                "'position' is missing",
            ],
        ),
        (
            (("    of: 700", "    of: -700"),),
            ["(tallies.key_enterprises.of): a count cannot be negative (got -700)"],
        ),
        (
            (("{of: 40, count: 31}", "{of: 40, count: 41}"),),
            ["(tallies.industry_groups): count (41) is larger than of (40)"],
        ),
        (
            (("{national: {position: 5}}", "{national: {position: fifth}}"),),
            ["(indicators.industrial_investment.ranks.national.position): expected a whole number"],
        ),
        (
            (("{en: Shenyang, zh-CN: 沈阳, ja: 瀋陽, ru: Шэньян}", "{en: Shenyang}"),),
            ["(breakdowns.cities.members[0].name): no text for zh-CN"],
        ),
        (
            (("  gap.after: -0.8", "  gap.after: -0.9"),),
            ["(published.gap.after): published as -0.9 but the data gives -0.8"],
        ),
        (
            (("period: 2024-Q1", "period: 2024-Q5"),),
            ["(release.period): '2024-Q5' is not a period"],
        ),
        (
            (("    value: 5.3\n", '    value: "5.3%"\n'), ("    of: 700", "    of: -700")),
            ["2 problems", "a percentage written as text", "a count cannot be negative"],
        ),
    ],
)
def test_bad_data_is_reported_with_place_and_hint(run, tmp_path, edits, expected):
    path = broken(tmp_path, *edits)
    for command in ("validate", "generate"):
        args = [command, str(path)] + (
            ["--out", str(tmp_path / "out")] if command == "generate" else []
        )
        result = run(*args)
        assert result.exit_code == 2
        for text in expected:
            assert text in result.output
        assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("release:\n  region: [a\n", "YAML syntax error"),
        ("", "the file is empty"),
        ("- 1\n- 2\n", "expected a mapping of fields, got a list"),
        ("release: {}\n", "required field 'region' is missing"),
    ],
)
def test_unusable_files(run, tmp_path, text, expected):
    result = run("validate", str(write(tmp_path, text)))
    assert result.exit_code == 2
    assert expected in result.output


def test_missing_file(run, tmp_path):
    result = run("validate", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert "nope.yaml: no such file" in result.output


def test_json_data_is_accepted(run, tmp_path):
    import json

    import yaml

    document = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    document["release"]["published"] = str(document["release"]["published"])
    path = write(tmp_path, json.dumps(document, ensure_ascii=False), "data.json")
    assert run("validate", str(path)).exit_code == 0
    broken_json = write(tmp_path, '{"release": {,}}', "bad.json")
    result = run("validate", str(broken_json))
    assert result.exit_code == 2 and "bad.json:1:14: JSON syntax error" in result.output


def test_unknown_language_and_format(run, tmp_path):
    result = run("generate", str(SAMPLE), "--lang", "fr", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "unknown language 'fr'; available: en, ja, ru, zh-CN" in result.output
    result = run("generate", str(SAMPLE), "--format", "docx", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "unknown format 'docx'" in result.output
    assert list(tmp_path.iterdir()) == []


def test_failed_run_keeps_earlier_outputs(run, tmp_path):
    assert run("generate", str(SAMPLE), "--out", str(tmp_path)).exit_code == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    text = SAMPLE.read_text(encoding="utf-8").replace("    of: 700", "    of: -700")
    target = write(tmp_path, text, "liaoning-2024q1.yaml")  # same stem: same output names
    assert run("generate", str(target), "--out", str(tmp_path)).exit_code == 2
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.suffix == ".md"}
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert after == before


def test_debug_shows_the_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bulletin", "--debug", "validate", str(tmp_path / "nope.yaml")],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert result.returncode != 0
    assert "Traceback" in result.stderr and "DataError" in result.stderr


def test_console_script_exit_status(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bulletin", "validate", str(tmp_path / "x.yaml")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("Error: 1 problem in the data:")
    assert "Traceback" not in result.stderr


def test_cli_choices_match_the_pipeline():
    from bulletin import cli, pdf, pipeline

    assert cli.FORMATS == pipeline.FORMATS
    assert cli.PDF_VARIANTS == pipeline.PDF_VARIANTS == pdf.VARIANTS
    assert cli.PDF_VARIANTS[0] == pdf.DEFAULT_VARIANT


def test_generate_all_formats_with_pdf_workers(run, tmp_path):
    result = run("generate", str(SAMPLE), "--format", "all", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(
        f"liaoning-2024q1.{lang}.{ext}" for lang in LANGUAGES for ext in ("md", "html", "pdf")
    )
    assert (tmp_path / "liaoning-2024q1.zh-CN.pdf").read_bytes().startswith(b"%PDF-")


def test_missing_font_file_exits_2_and_writes_nothing(run, tmp_path):
    result = run(
        "generate",
        str(SAMPLE),
        "--format",
        "pdf",
        "--font",
        str(tmp_path / "x.otf"),
        "--out",
        str(tmp_path / "out"),
    )
    assert result.exit_code == 2
    assert "x.otf does not exist" in result.output
    assert not (tmp_path / "out").exists()


def test_an_unexpected_failure_is_one_line_not_a_traceback(run, tmp_path, monkeypatch):
    from bulletin import pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "load_and_compute", broken)
    result = run("validate", str(SAMPLE))
    assert result.exit_code == 70
    assert "unexpected failure (RuntimeError: boom)" in result.output
    assert "Traceback" not in result.output


def test_without_lang_the_data_file_chooses_the_languages(run, tmp_path):
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "languages: [en, zh-CN, ja, ru]", "languages: [en]"
    )
    path = write(tmp_path, text, "english-only.yaml")
    result = run("generate", str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["english-only.en.md"]
    refused = run("generate", str(path), "--lang", "zh-CN", "--out", str(tmp_path / "out"))
    assert refused.exit_code == 2 and "the data gives names in en only" in refused.output
