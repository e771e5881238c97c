"""The Markdown path stays light: no PDF engine, no web framework."""

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_markdown_generation_does_not_import_heavy_modules(tmp_path):
    code = (
        "import sys\n"
        "from bulletin.cli import main\n"
        "try:\n"
        f"    main(['generate', '--format', 'md', '--out', {str(tmp_path)!r}])\n"
        "except SystemExit as e:\n"
        "    assert e.code in (0, None), e.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'weasyprint', 'fastapi', 'starlette', 'uvicorn', 'pydyf', 'fontTools'})\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "HEAVY="
    sample = yaml.safe_load((ROOT / "data" / "liaoning-2024q1.yaml").read_text(encoding="utf-8"))
    assert len(list(tmp_path.iterdir())) == len(sample["release"]["languages"])  # one per language


def test_the_cli_module_imports_no_pipeline_so_pdf_workers_fork_small():
    code = (
        "import sys, bulletin.cli\n"
        "print(','.join(sorted(m for m in sys.modules if m in "
        "{'bulletin.pipeline', 'pydantic', 'jinja2', 'babel.numbers', 'weasyprint'})))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
