"""`bulletin batch`: many inputs in parallel, failures isolated, up-to-date outputs skipped,
interrupted runs resumed, and a Dask cluster giving the same bytes as local processes."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin.batch import expand_inputs, run_batch
from bulletin.cli import main
from bulletin.project import find_project

ROOT = Path(__file__).resolve().parent.parent
CITIES = ROOT / "data" / "cities"


def run(*args: str):
    return CliRunner().invoke(main, ["batch", *args], catch_exceptions=False)


def test_one_bad_input_does_not_stop_the_others(inputs, tmp_path):
    bad = (inputs / "dalian-2024q1.yaml").read_text(encoding="utf-8")
    (inputs / "zz-broken-2024q1.yaml").write_text(
        bad.replace("{of: ", "{of: -", 1), encoding="utf-8"
    )
    out = tmp_path / "out"
    result = run(
        str(inputs), "--format", "md", "--lang", "en,zh-CN", "--out", str(out), "--workers", "2"
    )
    assert result.exit_code == 2
    written = sorted(p.name for p in out.glob("*.md"))
    assert written == sorted(
        f"{c}-2024q1.{lang}.md"
        for c in ("dalian", "dandong", "jinzhou")
        for lang in ("en", "zh-CN")
    )
    assert "FAILED " in result.output and "zz-broken-2024q1.yaml" in result.output
    assert "(tallies.enterprises.of): a count cannot be negative" in result.output
    assert "6 written, 0 up to date, 2 failed of 8 outputs" in result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["outputs"]) == 6 and len(manifest["failures"]) == 2
    entry = manifest["outputs"]["dalian-2024q1.zh-CN.md"]
    assert entry["input"].endswith("dalian-2024q1.yaml") and len(entry["sha256"]) == 64
    assert entry["language"] == "zh-CN" and entry["format"] == "md" and entry["seconds"] >= 0
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*"))


def test_up_to_date_outputs_are_skipped_unless_forced(inputs, tmp_path):
    out = tmp_path / "out"
    languages = ("--lang", "en,zh-CN")
    first = run(str(inputs), "--format", "md,html", *languages, "--out", str(out), "--workers", "1")
    assert first.exit_code == 0 and "12 written" in first.output
    again = run(str(inputs), "--format", "md,html", *languages, "--out", str(out), "--workers", "1")
    assert "0 written, 12 up to date" in again.output
    path = inputs / "dandong-2024q1.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("    value: ", "    value: 1", 1), encoding="utf-8"
    )
    changed = run(
        str(inputs), "--format", "md,html", *languages, "--out", str(out), "--workers", "1"
    )
    assert "4 written, 8 up to date" in changed.output
    (out / "dalian-2024q1.en.md").write_text("tampered", encoding="utf-8")
    tampered = run(
        str(inputs), "--format", "md,html", *languages, "--out", str(out), "--workers", "1"
    )
    assert "1 written, 11 up to date" in tampered.output
    forced = run(str(inputs), "--format", "md,html", *languages, "--out", str(out), "--force")
    assert "12 written, 0 up to date" in forced.output


def test_changed_templates_make_outputs_stale(inputs, tmp_path, project_copy):
    project, copy = project_copy, project_copy.root
    files = expand_inputs([str(inputs)])
    out = tmp_path / "out"
    summary, _ = run_batch(files, ["en"], ["md"], out, project)
    assert summary.written == 3
    css = copy / "templates" / "assets" / "bulletin.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    summary, _ = run_batch(files, ["en"], ["md"], out, project)
    assert (summary.written, summary.skipped) == (3, 0)


def test_an_interrupted_run_resumes(inputs, tmp_path):
    files = expand_inputs([str(inputs)])
    out = tmp_path / "out"
    project = find_project(str(ROOT))

    def stop_after_first(event):
        if event.kind == "done":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(files, ["en", "zh-CN"], ["md"], out, project, workers=1, report=stop_after_first)
    assert len(list(out.glob("*.md"))) >= 1
    summary, _ = run_batch(files, ["en", "zh-CN"], ["md"], out, project, workers=1)
    assert summary.skipped >= 1 and summary.skipped + summary.written == 6


def test_inputs_by_glob_and_clashing_names(tmp_path):
    assert len(expand_inputs([str(CITIES / "*.yaml")])) == 14
    assert len(expand_inputs([str(ROOT / "data" / "**" / "*.yaml")])) == 15
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(CITIES / "dalian-2024q1.yaml", other)
    result = run(
        str(CITIES / "dalian-2024q1.yaml"),
        str(other / "dalian-2024q1.yaml"),
        "--format",
        "md",
        "--out",
        str(tmp_path / "out"),
    )
    assert result.exit_code == 2 and "would both write dalian-2024q1.en.md" in result.output
    assert run(str(tmp_path / "nothing-*.yaml"), "--out", str(tmp_path / "o")).exit_code == 2


def test_dask_cluster_gives_the_same_bytes_as_local_processes(inputs, tmp_path):
    local, dask = tmp_path / "local", tmp_path / "dask"
    args = ["--format", "md,html,pdf", "--lang", "en,zh-CN", "--workers", "2"]
    assert run(str(inputs), *args, "--out", str(local)).exit_code == 0
    result = run(str(inputs), *args, "--out", str(dask), "--scheduler", "local")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in local.iterdir() if p.name != "manifest.json")
    assert len(names) == 18
    assert names == sorted(p.name for p in dask.iterdir() if p.name != "manifest.json")
    for name in names:
        assert (local / name).read_bytes() == (dask / name).read_bytes(), name
    manifest = json.loads((dask / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["run"]["scheduler"] == "local"


def test_an_unreachable_scheduler_is_a_clear_error(inputs, tmp_path):
    result = run(
        str(inputs),
        "--format",
        "md",
        "--out",
        str(tmp_path / "o"),
        "--scheduler",
        "tcp://127.0.0.1:9",
    )
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output


def test_without_lang_each_file_in_its_own_languages(inputs, tmp_path):
    path = inputs / "dandong-2024q1.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "languages: [en, zh-CN, ja, ru]", "languages: [zh-CN]"
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run(str(inputs), "--format", "md", "--out", str(out), "--workers", "1")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.glob("*.md"))
    assert "dandong-2024q1.zh-CN.md" in names and "dandong-2024q1.en.md" not in names
    assert "dalian-2024q1.en.md" in names and len(names) == 2 * 4 + 1  # en, zh-CN, ja, ru
