"""A new language is a catalog (and names in the data), not code."""

import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from bulletin.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_korean_from_a_new_catalog(bundled_copy):
    """(Japanese and Russian ship with the project: a language it does not have yet.)"""
    tmp_path = bundled_copy.root
    runner = CliRunner()
    result = runner.invoke(main, ["i18n", "init", "ko"])
    assert result.exit_code == 0, result.output
    po = tmp_path / "locales" / "ko" / "LC_MESSAGES" / "bulletin.po"
    assert po.exists()

    # A "translator" fills every entry (here mechanically, keeping the placeholders).
    from babel.messages.pofile import read_po, write_po

    with po.open("rb") as f:
        catalog = read_po(f)
    for message in catalog:
        if message.id:
            if isinstance(message.id, tuple):
                message.string = ("【번역】" + message.id[1],)
            else:
                message.string = "【번역】" + message.id
    with po.open("wb") as f:
        write_po(f, catalog)
    assert runner.invoke(main, ["i18n", "check"]).exit_code == 0

    # The data names places in Korean too.
    data_path = tmp_path / "data" / "liaoning-2024q1.yaml"
    document = yaml.safe_load(data_path.read_text(encoding="utf-8"))
    document["release"]["languages"].append("ko")

    def add_korean(node):
        if isinstance(node, dict):
            if "en" in node and "zh-CN" in node:
                node["ko"] = node["zh-CN"]
            for value in node.values():
                add_korean(value)
        elif isinstance(node, list):
            for item in node:
                add_korean(item)

    add_korean(document)
    data_path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")

    out = tmp_path / "out"
    result = runner.invoke(
        main,
        ["generate", str(data_path), "--lang", "ko", "--format", "md,html", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    text = (out / "liaoning-2024q1.ko.md").read_text(encoding="utf-8")
    assert "【번역】" in text and "丹東" not in text and "丹东" in text
    assert "185.7억" in text  # CLDR's Korean magnitude word
    html = (out / "liaoning-2024q1.ko.html").read_text(encoding="utf-8")
    assert '<html lang="ko">' in html
    stats = runner.invoke(main, ["i18n", "stats", "--lang", "ko", "--format", "json"])
    (korean,) = json.loads(stats.output)["languages"]
    assert korean["complete"] and korean["messages"]["untranslated"] == 0
