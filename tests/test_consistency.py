"""`bulletin check`: every language states the same figures, and every output (Markdown, HTML,
PDF; rendered in memory or as published) says, sentence for sentence, what the data says."""

import re
import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin.cli import main
from bulletin.consistency import FigureReader, check_bulletin, read_figures
from bulletin.errors import BulletinError
from bulletin.locales import StrictTranslations
from bulletin.project import find_project
from bulletin.units import units_of

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "liaoning-2024q1.yaml"
STEM = SAMPLE.stem
LANGUAGES = "en,zh-CN"  # (the languages the edits below are written for)


def test_the_sample_states_the_same_figures_in_both_languages():
    """Without outputs: Markdown, HTML and PDF of each language, rendered in memory."""
    result = CliRunner().invoke(main, ["check", str(SAMPLE), "--lang", LANGUAGES])
    assert result.exit_code == 0, result.output
    assert "the same figures in en, zh-CN" in result.output
    assert "md, html, pdf rendered in memory" in result.output


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


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # CLDR's French: decimal comma, narrow no-break space for thousands and before %.
        (
            "hausse de 5,3\u202f% et de 1\u202f234,5 %",
            "fr",
            {("percent", D("5.3")), ("percent", D("1234.5"))},
        ),
        ("18,57 milliards yuan", "fr", {("money", D("1.857E+10"))}),
        ("um 5,3 % auf 1.234,5 tons", "de", {("percent", D("5.3")), ("mass", D("1234.5"))}),
        ("185.7億 yuan、5.3%", "ja", {("money", D("1.857E+10")), ("percent", D("5.3"))}),
    ],
)
def test_figures_are_read_from_cldr_symbols_in_any_locale(text, language, expected):
    """No table per language: the locale's symbols and magnitude words, and the unit messages
    (here untranslated, as a new catalog starts)."""
    reader = FigureReader(language, StrictTranslations(), units_of(find_project(str(ROOT))))
    assert set(reader.read(text)) == expected


def test_figures_are_read_with_the_catalogs_unit_messages(project_copy):
    """A unit's words are the catalog's: change the translation and the reader follows."""
    po = project_copy.po_file("zh_CN")
    text = re.sub(
        r'(msgstr(?:\[\d\])? )"%\(amount\)s吨"', r'\1"%(amount)s公吨"', po.read_text("utf-8")
    )
    po.write_text(text, encoding="utf-8")
    from bulletin.locales import load_catalog

    translations = StrictTranslations(load_catalog(project_copy, "zh-CN"))
    reader = FigureReader("zh-CN", translations, units_of(project_copy))
    assert set(reader.read("增产79万公吨")) == {("mass", D("7.9E+5"))}
    assert set(reader.read("增产79万吨")) == set()


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


# --- Published outputs --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The sample as `generate` writes it: md, html and pdf in en and zh-CN."""
    out = tmp_path_factory.mktemp("published")
    result = CliRunner().invoke(
        main, ["generate", str(SAMPLE), "--lang", LANGUAGES, "--format", "all", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def _check(*args, languages=LANGUAGES):
    return CliRunner().invoke(main, ["check", str(SAMPLE), "--lang", languages, *map(str, args)])


def test_untouched_outputs_agree(published):
    result = _check(published)
    assert result.exit_code == 0, result.output
    for language in ("en", "zh-CN"):
        for fmt in ("md", "html", "pdf"):
            assert f"{STEM}.{language}.{fmt}" in result.output


def _replace(text, pattern, replacement):
    """One edit, made exactly once (a test that edits nothing proves nothing)."""
    edited, count = re.subn(pattern, replacement, text)
    assert count == 1, (pattern, count)
    return edited


# Edits a statistician might make by hand, in Markdown and in HTML (where figures are <data>
# elements); the PDF is made from the edited HTML. Each with the words check must name.
EDITS = {
    "en": [
        ("picked up by", "slowed by", "picked up → slowed"),  # a direction
        (
            r"grew in (<data[^>]*>)?13(</data>)? of the (<data[^>]*>)?14(</data>)? cities\.",
            r"grew in \g<1>12\2 of the \3 14\4 cities.",
            "13 → 12",
        ),  # a count
        (r"ranking (<data[^>]*>)?fifth", r"ranking \g<1>fourth", "fifth → fourth"),  # a rank
        ("In January–February, industrial", "In January–March, industrial", "February → March"),
        (r"up (<data[^>]*>)?24\.0%", r"up \g<1>24.5%", "24.0 → 24.5"),  # a figure
    ],
    "zh-CN": [
        ("比1—2月加快", "比1—2月回落", "加快 → 回落"),
        (r"14(</data>)?个市中有(<data[^>]*>)?13", r"14\1个市中有\g<2>12", "13 → 12"),
        (r"居全国(<data[^>]*>)?第五", r"居全国\g<1>第四", "五 → 四"),
        ("1—2月，全省规模以上工业企业", "1—3月，全省规模以上工业企业", "2 → 3"),
        (r"利润总额(<data[^>]*>)?185\.7亿元", r"利润总额\g<1>158.7亿元", "185.7 → 158.7"),
    ],
}
# Only in the page (and so the PDF): a table cell, a chart's bar, a sentence added.
PAGE_EDITS = [
    (r"(<data[^>]*>)\+11\.8(</data>)", r"\g<1>+12.8\2", "11.8 → 12.8"),
    (r"(<text[^>]*>)12\.5%(</text>)", r"\g<1>13.5%\2", "12.5 → 13.5"),
]
ADDED = "Exports rose by 7.7% in March."


@pytest.fixture(scope="module")
def doctored(published, tmp_path_factory):
    """The published sample after hand edits in every language and format, and what check
    says of it."""
    from bulletin.pdf import render_pdf

    folder = tmp_path_factory.mktemp("doctored")
    for path in published.iterdir():
        shutil.copy(path, folder / path.name)
    for language, edits in EDITS.items():
        md = folder / f"{STEM}.{language}.md"
        html = folder / f"{STEM}.{language}.html"
        text, page = md.read_text(encoding="utf-8"), html.read_text(encoding="utf-8")
        for pattern, replacement, _ in edits:
            text = _replace(text, pattern, replacement)
            page = _replace(page, pattern, replacement)
        for pattern, replacement, _ in PAGE_EDITS:
            page = _replace(page, pattern, replacement)
        page = _replace(page, "</article>", f"<p>{ADDED}</p></article>")
        md.write_text(text, encoding="utf-8")
        html.write_text(page, encoding="utf-8")
        (folder / f"{STEM}.{language}.pdf").write_bytes(render_pdf(page))
    return folder, _check(folder)


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_hand_edits_are_named_in_every_language_and_format(doctored, language, fmt):
    _, result = doctored
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    name = f"{STEM}.{language}.{fmt}: "
    lines = [line for line in result.output.splitlines() if line.startswith(name)]
    edits = EDITS[language] + (PAGE_EDITS if fmt != "md" else [])
    for *_, words in edits:
        assert any(words in line and "expected" in line for line in lines), (words, lines)
    added = [line for line in lines if ADDED in line]
    assert added == ([f'{name}says what the data does not: "{ADDED}"'] if fmt != "md" else [])


def test_a_reported_sentence_shows_what_was_expected_and_found(doctored):
    _, result = doctored
    assert (
        f'{STEM}.zh-CN.pdf: expected "…下，全省工业增速比1—2月加快0.5个百分点，与全国差距…" '
        'found "…下，全省工业增速比1—2月回落0.5个百分点，与全国差距…" (加快 → 回落)'
    ) in result.output
    assert (
        f'{STEM}.en.md: expected "…national rate, ranking fifth in the country, and…" '
        'found "…national rate, ranking fourth in the country, and…" (fifth → fourth)'
    ) in result.output


def test_one_language_edited_alone_is_caught(doctored, published, tmp_path):
    """Only the Chinese Markdown was edited: check names it, and nothing else."""
    folder, _ = doctored
    shutil.copy(folder / f"{STEM}.zh-CN.md", tmp_path / f"{STEM}.zh-CN.md")
    shutil.copy(published / f"{STEM}.en.md", tmp_path / f"{STEM}.en.md")
    result = _check(tmp_path)
    assert result.exit_code == 1, result.output
    named = {line.split(": ", 1)[0] for line in result.output.splitlines() if ": " in line}
    assert named == {f"{STEM}.zh-CN.md"}, result.output
    assert "disagreement(s) with the data in 1 output(s)" in result.output


def test_deleted_and_repeated_sentences(published, tmp_path):
    text = (published / f"{STEM}.en.md").read_text(encoding="utf-8")
    sentence = "Of the 40 major industrial sectors, 31 (77.5%) increased their value added."
    deleted = tmp_path / f"{STEM}.en.md"
    deleted.write_text(_replace(text, re.escape(sentence), ""), encoding="utf-8")
    result = _check(deleted)
    assert result.exit_code == 1
    assert f'{STEM}.en.md: expected "{sentence}": missing' in result.output
    # A sentence said twice states its figures twice.
    deleted.write_text(_replace(text, re.escape(sentence), sentence + " " + sentence), "utf-8")
    result = _check(deleted)
    assert result.exit_code == 1
    assert f"{STEM}.en.md: percent 77.5 is stated 1 time(s) more than the data gives it" in (
        result.output
    )


def test_another_bulletin_is_said_in_one_line(published, tmp_path):
    shutil.copy(published / f"{STEM}.zh-CN.md", tmp_path / f"{STEM}.en.md")
    result = _check(tmp_path / f"{STEM}.en.md")
    assert result.exit_code == 1
    assert re.fullmatch(
        rf"{STEM}\.en\.md: \d+ of the \d+ sentences the data gives are not in it \(another "
        r"bulletin, language or data file\?\); the first: \"# Industry gets off .*\"\n"
        r"1 disagreement\(s\) with the data in 1 output\(s\)\.\n",
        result.output,
    ), result.output


def test_named_files_and_formats(published):
    result = _check(published / f"{STEM}.zh-CN.pdf", "--format", "pdf")
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith(f"({STEM}.zh-CN.pdf).")
    result = _check(published, "--format", "md,html", languages="en")
    assert result.exit_code == 0, result.output
    assert f"({STEM}.en.md, {STEM}.en.html)." in result.output


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (f"{STEM}.en.pdf", b"%PDF-1.7 not really", "not a readable PDF"),
        (f"{STEM}.en.md", b"\xff\xfe broken", "not UTF-8 text"),
        ("notes.txt", b"", "not an output of bulletin generate"),
        (f"{STEM}.fr.md", b"", "its language 'fr' is not one checked here"),
    ],
)
def test_bad_outputs_are_usage_errors(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = _check(path)
    assert result.exit_code == 2, result.output
    assert message in result.output and name in result.output
    assert "Traceback" not in result.output


def test_usage_errors(tmp_path):
    for args, message in [
        ([tmp_path / "missing.en.md"], "no such file or folder"),
        ([tmp_path], "no outputs of liaoning-2024q1 in it"),
        (["--format", "docx"], "unknown format 'docx'"),
    ]:
        result = _check(*args)
        assert result.exit_code == 2, result.output
        assert message in result.output


def test_a_new_language_is_checked_by_its_catalog_alone(bundled_copy):
    """French, from a catalog a "translator" filled and names in the data: no Python."""
    import yaml
    from babel.messages.pofile import read_po, write_po

    runner = CliRunner()
    assert runner.invoke(main, ["i18n", "init", "fr"]).exit_code == 0
    po = bundled_copy.root / "locales" / "fr" / "LC_MESSAGES" / "bulletin.po"
    with po.open("rb") as f:
        catalog = read_po(f)
    for message in catalog:
        if message.id:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = tuple("«fr» " + i for i in ids)
            message.string = strings if isinstance(message.id, tuple) else strings[0]
    with po.open("wb") as f:
        write_po(f, catalog)
    data = bundled_copy.root / "data" / f"{STEM}.yaml"
    document = yaml.safe_load(data.read_text(encoding="utf-8"))
    document["release"]["languages"].append("fr")

    def add_french(node):
        if isinstance(node, dict):
            if "en" in node and "zh-CN" in node:
                node["fr"] = node["en"]
            for value in node.values():
                add_french(value)
        elif isinstance(node, list):
            for item in node:
                add_french(item)

    add_french(document)
    data.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(
        main, ["check", str(data), "--lang", "en,zh-CN,fr", "--format", "md,html"]
    )
    assert result.exit_code == 0, result.output
    assert "the same figures in en, zh-CN, fr" in result.output
