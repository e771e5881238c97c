"""Translator and release-manager tooling: `#|` previous msgids on update, an example for every
message from the kinds' samples and variations of them, a stale template named message by
message, `i18n check --lang` with warnings for undeclared languages, `i18n stats` by words and
messages, per release, as JSON, with an exit status."""

from __future__ import annotations

import json
import re

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from bulletin import i18n
from bulletin.cli import main
from bulletin.project import Project

# Messages with placeholders that no bundled kind renders, so the .pot shows no example: the
# phrase library's month-on-month wording (templates/phrases.j2, `change_mom`), which only a
# kind of one's own would use (the consumer-price kind words its changes itself).
WITHOUT_EXAMPLE = {
    ("change, month on month", "increased by %(pct)s month on month"),
    ("change, month on month", "decreased by %(pct)s month on month"),
}


def _key(message):
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    return (message.context, msgid)


def _examples(message) -> list[str]:
    """The example of an entry, unwrapped (Babel wraps comments at 76 characters)."""
    comments = list(message.auto_comments)
    starts = [i for i, c in enumerate(comments) if c.startswith(i18n.EXAMPLE_PREFIX)]
    return [" ".join(comments[starts[0] :])[len(i18n.EXAMPLE_PREFIX) :]] if starts else []


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> tuple[str, object]:
    """`bulletin i18n extract` on a copy of the bundled project: its output and its .pot."""
    import shutil
    import tomllib

    from conftest import PROJECT_PARTS, ROOT

    import bulletin.project
    from bulletin.project import find_project

    root = tmp_path_factory.mktemp("bundled")
    for part in PROJECT_PARTS:
        source, target = ROOT / part, root / part
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.mo"))
        else:
            shutil.copy2(source, target)
    config = tomllib.loads((root / "bulletin.toml").read_text(encoding="utf-8"))
    project = Project(root, config, behind=None)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bulletin.project, "bundled_project", lambda: project)
        patch.setenv("BULLETIN_HOME", str(root))
        find_project.cache_clear()
        result = CliRunner().invoke(main, ["i18n", "extract"])
        find_project.cache_clear()
    assert result.exit_code == 0, result.output
    with project.pot_file.open("rb") as f:
        return result.output, read_po(f)


def test_every_message_with_placeholders_has_an_example_of_every_kind(extracted):
    output, pot = extracted
    messages = [m for m in pot if m.id]
    with_placeholders = [m for m in messages if i18n.PLACEHOLDER.search(_key(m)[1])]
    without = {_key(m) for m in with_placeholders if not _examples(m)}
    assert without == WITHOUT_EXAMPLE
    # The extraction says so, naming each with where it is.
    shown = len(with_placeholders) - len(WITHOUT_EXAMPLE)
    assert f"{shown} of the {len(with_placeholders)} with placeholders have an example" in output
    assert "templates/phrases.j2:" in output and "increased by %(pct)s month on month" in output
    kinds = {
        loc.split("/")[1] for m in with_placeholders for loc, _ in m.locations if "kinds/" in loc
    }
    assert kinds >= {"industry-province", "industry-city", "consumer-prices"}


def test_examples_show_filled_placeholders_and_whole_sentences(extracted):
    _, pot = extracted
    for message in pot:
        for example in _examples(message):
            names = set(i18n.PLACEHOLDER.findall(_key(message)[1]))
            raw = set(i18n.PLACEHOLDER.findall(example)) & names
            assert not raw, (message.id, example)  # never "%(page)s"
            assert not example.endswith("…") or len(example) > 1500, example  # not cut short
    footer = pot.get("Page %(page)s of %(pages)s", "page footer")
    assert _examples(footer) == ["Page 2 of 4"]


def test_examples_reach_the_branches_the_samples_do_not(extracted):
    """Variations of the samples (signs flipped, figures tied, tallies full or empty, optional
    fields left out, the standard text instead of a narrative) reach the other branches."""
    _, pot = extracted

    def example(context, msgid):
        message = pot.get(msgid, context)
        assert message is not None, msgid
        (text,) = _examples(message)
        return text

    # A decline, and every way a gap with a benchmark can change.
    assert re.fullmatch(
        r"decreased by \d+\.\d% year on year",
        example("change, year on year", "decreased by %(pct)s year on year"),
    )
    for context, msgid in [
        ("gap", "leaving the gap with %(benchmark)s unchanged at %(pts)s"),
        ("lead", "keeping its lead over %(benchmark)s at %(pts)s"),
        ("lead", "its lead of %(pts)s over %(benchmark)s giving way to the same rate"),
        ("lead", "moving %(pts)s ahead of %(benchmark)s, level with it before"),
        ("gap", "closing a gap of %(pts)s to draw level with %(benchmark)s"),
    ]:
        assert "the national rate" in example(context, msgid)
    # The city bulletin's branches, a tally with none, a release without a narrative.
    assert example(
        None,
        "None of the %(whole)s industrial enterprises above designated size increased "
        "their output.",
    ).startswith("None of the 628 ")
    assert example(None, "The industrial economy in %(period)s") == (
        "The industrial economy in the first quarter of 2024"
    )
    # Every period form and unit word, worded by the engine.
    assert example("period: whole year", "the whole of %(year)s") == "the whole of 2023"
    assert re.fullmatch(r"[\d,.]+( billion)? US dollars", example("unit", "%(amount)s US dollars"))


def _change_a_message(project: Project, old: str, new: str) -> None:
    template = project.templates / "phrases.j2"
    text = template.read_text(encoding="utf-8")
    assert old in text
    template.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_update_keeps_the_previous_msgid_for_poedit_and_weblate(project_copy):
    po_file = project_copy.po_file("zh_CN")
    _change_a_message(project_copy, "picked up by {{ pts }}", "sped up by {{ pts }}")
    i18n.write_template(project_copy, examples=False)
    i18n.update(project_copy)
    entry = (
        '#, fuzzy, python-format\n#| msgctxt "speed"\n#| msgid "picked up by %(pts)s"\n'
        'msgctxt "speed"\nmsgid "sped up by %(pts)s"\nmsgstr "加快%(pts)s"\n'
    )
    assert entry in po_file.read_text(encoding="utf-8")

    # Kept while the entry stays fuzzy (Babel reads `#|` as a comment: never "# | msgid").
    i18n.update(project_copy)
    text = po_file.read_text(encoding="utf-8")
    assert entry in text and "# |" not in text

    # Gone once a translator has reviewed the entry.
    po_file.write_text(text.replace(entry, entry.replace("#, fuzzy, ", "#, ")), encoding="utf-8")
    i18n.update(project_copy)
    assert "#| msgid" not in po_file.read_text(encoding="utf-8")


def test_an_obsolete_entry_back_in_the_template_is_revived(project_copy):
    """Not matched fuzzily with a similar message ("the provincial rate"), nor left empty."""
    path = project_copy.po_file("zh_CN")
    text = path.read_text(encoding="utf-8")
    entry = 'msgctxt "benchmark"\nmsgid "the national rate"\nmsgstr "全国"\n'
    assert entry in text
    obsolete = "".join(f"#~ {line}\n" for line in entry.splitlines())
    path.write_text(text.replace(entry, "") + "\n" + obsolete, encoding="utf-8")
    i18n.update(project_copy)
    text = path.read_text(encoding="utf-8")
    assert "#: templates/phrases.j2:" in text and entry in text and "#~" not in text
    assert [f for f in i18n.check(project_copy, ["zh-CN"]) if f.file.endswith(".po")] == []


def test_a_long_previous_msgid_stays_one_valid_po_string(project_copy):
    """Babel's own include_previous wraps a long `#| msgid` like a comment, splitting its
    quoted string over lines; msgmerge's form keeps it one string."""
    kinds = project_copy.kinds_folder / "industry-province" / "facts.j2"
    text = kinds.read_text(encoding="utf-8")
    old = "{{ part }} increased their profits.\n"
    assert text.count(old) == 2  # both forms of the plural message
    kinds.write_text(text.replace(old, "{{ part }} raised their profits.\n"), encoding="utf-8")
    i18n.write_template(project_copy, examples=False)
    i18n.update(project_copy)
    lines = project_copy.po_file("zh_CN").read_text(encoding="utf-8").splitlines()
    previous = [line for line in lines if line.startswith("#| msgid ")]
    assert previous == [
        '#| msgid "Of the %(whole)s major industrial sectors, %(part)s increased their profits."'
    ]
    with project_copy.po_file("zh_CN").open("rb") as f:
        read_po(f, abort_invalid=True)  # (still a valid catalog)


def test_a_stale_template_names_each_message_added_and_removed(project_copy):
    _change_a_message(project_copy, "picked up by {{ pts }}", "sped up by {{ pts }}")
    findings = [f for f in i18n.check(project_copy, ["zh-CN"]) if "stale" in f.problem]
    added = [f for f in findings if f.msgid == "sped up by %(pts)s [context: speed]"]
    removed = [f for f in findings if f.msgid == "picked up by %(pts)s [context: speed]"]
    assert len(findings) == 2 and added and removed
    assert added[0].file == "templates/phrases.j2" and "new message" in added[0].problem
    lines = (project_copy.root / "templates" / "phrases.j2").read_text(encoding="utf-8")
    assert "sped up by" in lines.splitlines()[added[0].line - 1]
    assert removed[0].file == "locales/bulletin.pot" and "no longer" in removed[0].problem
    pot = project_copy.pot_file.read_text(encoding="utf-8").splitlines()
    assert pot[removed[0].line - 1] == 'msgid "picked up by %(pts)s"'


def _init(language: str) -> None:
    result = CliRunner().invoke(main, ["i18n", "init", language])
    assert result.exit_code == 0, result.output


def _translate(project: Project, language: str, translations: dict[str, str]) -> None:
    path = project.po_file(language)
    text = path.read_text(encoding="utf-8")
    for msgid, msgstr in translations.items():
        entry = f'msgid "{msgid}"\nmsgstr ""'
        assert entry in text, msgid
        text = text.replace(entry, f'msgid "{msgid}"\nmsgstr "{msgstr}"', 1)
    path.write_text(text, encoding="utf-8")


def test_check_warns_about_what_an_undeclared_language_lacks(bundled_copy):
    """French, which no release declares: untranslated entries are warnings; a translation
    that loses a figure is an error in any language."""
    _init("fr")
    runner = CliRunner()
    result = runner.invoke(main, ["i18n", "check", "--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert "fr/LC_MESSAGES/bulletin.po:" in result.output
    assert ": warning: untranslated: 'Key figures [context: heading]'" in result.output
    assert "0 error(s)" in result.output and "no release of this project declares" in result.output

    _translate(bundled_copy, "fr", {"Page %(page)s of %(pages)s": "Page %(page)s"})
    result = runner.invoke(main, ["i18n", "check", "--lang", "fr", "--format", "json"])
    assert result.exit_code == 1
    errors = [f for f in json.loads(result.output) if f["severity"] == "error"]
    assert [e["problem"] for e in errors] == [
        "placeholder %(pages)s missing from the translation (its value is lost)"
    ]
    assert errors[0]["line"] > 1

    assert runner.invoke(main, ["i18n", "check", "--lang", "zh-CN"]).exit_code == 0
    unknown = runner.invoke(main, ["i18n", "check", "--lang", "de"])
    assert unknown.exit_code == 2 and "no catalog for 'de'" in unknown.output


def test_check_makes_a_declared_language_incomplete_an_error(bundled_copy):
    path = bundled_copy.po_file("zh_CN")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('msgstr "全国"', 'msgstr ""', 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["i18n", "check", "--lang", "zh-CN"])
    assert result.exit_code == 1
    assert ": untranslated: 'the national rate [context: benchmark]'" in result.output
    assert ": warning:" not in result.output


def test_stats_count_words_and_messages_as_json(bundled_copy):
    _init("fr")
    _translate(
        bundled_copy,
        "fr",
        {"Indicator": "Indicateur", "Period": "Période", "the national rate": "le taux national"},
    )
    result = CliRunner().invoke(main, ["i18n", "stats", "--lang", "fr", "--format", "json"])
    assert result.exit_code == 0, result.output  # French is not declared: no failure
    (french,) = json.loads(result.output)["languages"]
    assert french["language"] == "fr" and not french["declared"] and not french["complete"]
    assert french["messages"]["translated"] == 3
    assert french["words"]["translated"] == 1 + 1 + 3
    assert french["words"]["total"] > 5 * french["messages"]["total"]  # words, not messages
    assert french["errors"] == 0 and french["messages"]["fuzzy"] == 0

    text = CliRunner().invoke(main, ["i18n", "stats", "--lang", "fr"]).output
    assert re.search(r"fr\s+3/\d+ \(1%\)\s+5/[\d,]+ \(0%\)\s+0\s+0  not declared", text), text


def test_stats_per_release_and_the_exit_status(bundled_copy):
    """A message only the consumer-price kind uses, left untranslated in Chinese (declared):
    the price release is incomplete, the Liaoning one is not."""
    path = bundled_copy.po_file("zh_CN")
    text = path.read_text(encoding="utf-8")
    heading = 'msgid "I. Price changes by category, year on year"\nmsgstr "'
    assert heading in text
    start = text.index(heading) + len(heading)
    path.write_text(text[:start] + text[text.index('"', start) :], encoding="utf-8")
    runner = CliRunner()

    everything = runner.invoke(main, ["i18n", "stats", "--lang", "zh-CN"])
    assert everything.exit_code == 1 and "declared, INCOMPLETE" in everything.output

    data = str(bundled_copy.data / "liaoning-2024q1.yaml")
    result = runner.invoke(main, ["i18n", "stats", "--data", data, "--lang", "zh-CN"])
    assert result.exit_code == 0, result.output
    liaoning = runner.invoke(
        main, ["i18n", "stats", "--data", data, "--lang", "zh-CN", "--format", "json"]
    )
    (chinese,) = json.loads(liaoning.output)["languages"]
    assert chinese["complete"] and chinese["declared"]
    needed, declared = i18n.needed_messages(
        bundled_copy, bundled_copy.data / "liaoning-2024q1.yaml"
    )
    assert chinese["messages"]["total"] == len(needed) and "zh-CN" in declared
    assert ("page footer", "Page %(page)s of %(pages)s") in needed  # the PDF's footer too
    assert len(needed) < len([m for m in i18n.extract(bundled_copy, examples=False) if m.id])

    prices = str(bundled_copy.kinds_folder / "consumer-prices" / "china-2023-04.yaml")
    result = runner.invoke(main, ["i18n", "stats", "--data", prices, "--lang", "zh-CN"])
    assert result.exit_code == 1
    assert re.search(r"zh-CN\s+(\d+)/(\d+) .*declared, INCOMPLETE", result.output)


def test_words_of_chinese_and_japanese_are_characters():
    assert i18n.count_words("同比增长%(pct)s") == 4
    assert i18n.count_words("前年同期比%(pct)s増加") == 7
    assert i18n.count_words("**Key figures** of %(period)s") == 3
