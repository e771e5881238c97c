"""A new language is a catalog (and names in the data), not code."""

import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from bulletin.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_japanese_from_a_new_catalog(bundled_copy):
    tmp_path = bundled_copy.root
    runner = CliRunner()
    result = runner.invoke(main, ["i18n", "init", "ja"])
    assert result.exit_code == 0, result.output
    po = tmp_path / "locales" / "ja" / "LC_MESSAGES" / "bulletin.po"
    assert po.exists()

    # A "translator" fills every entry (here mechanically, keeping the placeholders).
    from babel.messages.pofile import read_po, write_po

    with po.open("rb") as f:
        catalog = read_po(f)
    for message in catalog:
        if message.id:
            if isinstance(message.id, tuple):
                message.string = ("【訳】" + message.id[1],)
            else:
                message.string = "【訳】" + message.id
    with po.open("wb") as f:
        write_po(f, catalog)
    assert runner.invoke(main, ["i18n", "check"]).exit_code == 0

    # The data names places in Japanese too.
    data_path = tmp_path / "data" / "liaoning-2024q1.yaml"
    document = yaml.safe_load(data_path.read_text(encoding="utf-8"))
    document["release"]["languages"].append("ja")

    def add_japanese(node):
        if isinstance(node, dict):
            if "en" in node and "zh-CN" in node:
                node["ja"] = node["zh-CN"]
            for value in node.values():
                add_japanese(value)
        elif isinstance(node, list):
            for item in node:
                add_japanese(item)

    add_japanese(document)
    data_path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")

    out = tmp_path / "out"
    result = runner.invoke(
        main,
        ["generate", str(data_path), "--lang", "ja", "--format", "md,html", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    text = (out / "liaoning-2024q1.ja.md").read_text(encoding="utf-8")
    assert "【訳】" in text and "丹東" not in text and "丹东" in text
    assert "185.7億" in text  # CLDR's Japanese magnitude word
    html = (out / "liaoning-2024q1.ja.html").read_text(encoding="utf-8")
    assert '<html lang="ja">' in html
    stats = runner.invoke(main, ["i18n", "stats", "--lang", "ja", "--format", "json"])
    (japanese,) = json.loads(stats.output)["languages"]
    assert japanese["complete"] and japanese["messages"]["untranslated"] == 0
