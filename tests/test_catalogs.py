"""Templates, the .pot and the zh-CN catalog stay in step; one set of extraction settings."""

import configparser
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bulletin import templating
from bulletin.compute import compute
from bulletin.errors import CatalogError
from bulletin.loading import load_dataset
from bulletin.locales import StrictTranslations, load_catalog
from bulletin.pipeline import render_markdown
from bulletin.project import Project, find_project

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def extracted() -> set[tuple[str | None, str]]:
    method_map = [("src/bulletin/**.py", "python"), (templating.TEMPLATE_GLOB, "jinja2")]
    config = configparser.ConfigParser()
    config.read(ROOT / "babel.cfg")
    options = {"templates/**.j2": dict(config["jinja2: templates/**.j2"])}
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options, comment_tags=("Translators:",)
    ):
        found.add((context, message[0] if isinstance(message, tuple) else message))
    return found


def catalog_ids(path: Path) -> set[tuple[str | None, str]]:
    with path.open("rb") as f:
        catalog = read_po(f)
    return {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id) for m in catalog if m.id}


def test_babel_cfg_uses_the_runtime_settings():
    config = configparser.ConfigParser()
    config.read(ROOT / "babel.cfg")
    section = config["jinja2: templates/**.j2"]
    assert section["extensions"] == ",".join(templating.I18N_EXTENSIONS)
    assert section.getboolean("trimmed") is templating.I18N_TRIMMED
    assert section.getboolean("newstyle_gettext") is templating.I18N_NEWSTYLE


def test_pot_is_up_to_date_with_templates():
    pot = catalog_ids(ROOT / "locales" / "bulletin.pot")
    fresh = extracted()
    assert fresh - pot == set(), "new messages: run pybabel extract (see README)"
    assert pot - fresh == set(), "stale messages in the .pot: run pybabel extract"


def test_chinese_catalog_is_complete_and_placeholders_match():
    with (ROOT / "locales/zh_CN/LC_MESSAGES/bulletin.po").open("rb") as f:
        catalog = read_po(f)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        wanted = set(PLACEHOLDER.findall(ids[0]))
        for string in strings:
            if set(PLACEHOLDER.findall(string)) != wanted:
                problems.append(f"placeholders differ: {ids[0]!r}")
    assert problems == []
    assert catalog_ids(ROOT / "locales/zh_CN/LC_MESSAGES/bulletin.po") == catalog_ids(
        ROOT / "locales" / "bulletin.pot"
    )


def test_every_runtime_lookup_is_in_the_pot(monkeypatch):
    project = find_project(str(ROOT))
    seen: list[tuple[str | None, str]] = []
    original = StrictTranslations._lookup

    def recording(self, context, msgid, plural, n):
        seen.append((context, msgid))
        return original(self, context, msgid, plural, n)

    monkeypatch.setattr(StrictTranslations, "_lookup", recording)
    facts = compute(load_dataset(project.sample_data()))
    render_markdown(facts, "zh-CN", project)
    assert seen
    assert set(seen) <= catalog_ids(ROOT / "locales" / "bulletin.pot")


def test_missing_translation_stops_generation(tmp_path):
    project = find_project(str(ROOT))
    po = project.po_file("zh_CN").read_text(encoding="utf-8")
    needle = 'msgstr "全国"'
    assert needle in po
    copy = tmp_path / "locales" / "zh_CN" / "LC_MESSAGES"
    copy.mkdir(parents=True)
    (copy / "bulletin.po").write_text(po.replace(needle, 'msgstr ""'), encoding="utf-8")
    (tmp_path / "templates").symlink_to(project.templates)
    other = Project(tmp_path)
    facts = compute(load_dataset(project.sample_data()))
    with pytest.raises(CatalogError) as error:
        render_markdown(facts, "zh-CN", other)
    assert "the national rate [context: benchmark]" in str(error.value)
    document = render_markdown(facts, "zh-CN", other, allow_untranslated=True)
    assert document.untranslated == ("the national rate [context: benchmark]",)
    assert "高于the national rate" in document.content.decode("utf-8")
    assert load_catalog(other, "zh-CN") is not None
