"""PDF speed and size, printed as figures and ratios measured side by side in one run.

    python benchmarks/pdf_speed.py [--runs 5]

1. Cold start: `bulletin generate --lang zh-CN --format pdf` as a new process each time,
   beside headless Chromium printing the same HTML to PDF (the usual alternative), and beside
   a naive WeasyPrint conversion of the same HTML (`import weasyprint; HTML(...).write_pdf()`).
2. Warm: all six outputs (en, zh-CN × md, html, pdf) of the sample in one process.
3. Size of each sample PDF.

Targets (issue #3): zh-CN PDF cold < 1.0 s and faster than Chromium; six outputs warm
< 0.6 s; each PDF < 300 KB. Chromium is optional: without it that comparison is skipped.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
]


def timed(command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def line(label: str, times: list[float]) -> float:
    median = statistics.median(times)
    print(f"  {label:<44} median {median:6.3f} s   min {min(times):6.3f} s")
    return median


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="bulletin-pdf-bench-"))
    bulletin = [sys.executable, "-m", "bulletin"]
    subprocess.run(
        [*bulletin, "generate", "--format", "html,pdf", "--out", str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    html = out / "liaoning-2024q1.zh-CN.html"
    ok = True

    print(f"1. Cold start, zh-CN PDF of the sample ({args.runs} runs each)")
    baseline = line(
        "interpreter start (baseline)", timed([sys.executable, "-c", "pass"], args.runs)
    )
    ours = line(
        "bulletin generate --lang zh-CN --format pdf",
        timed(
            [*bulletin, "generate", "--lang", "zh-CN", "--format", "pdf", "--out", str(out)],
            args.runs,
        ),
    )
    naive_code = (
        "import sys, weasyprint; weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])"
    )
    naive = line(
        "naive WeasyPrint (same HTML, plain import)",
        timed([sys.executable, "-c", naive_code, str(html), str(out / "naive.pdf")], args.runs),
    )
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium:
        with tempfile.TemporaryDirectory() as profile:
            browser = line(
                "headless Chromium --print-to-pdf (same HTML)",
                timed(
                    [
                        chromium,
                        *CHROMIUM_FLAGS,
                        f"--user-data-dir={profile}",
                        f"--print-to-pdf={out / 'chromium.pdf'}",
                        html.as_uri(),
                    ],
                    args.runs,
                ),
            )
        print(f"  ratio bulletin / Chromium: {ours / browser:.2f}  (below 1 is faster)")
        ok &= ours < browser
    else:
        print("  headless Chromium: not installed (apt-get install chromium), comparison skipped")
    print(f"  ratio bulletin / naive WeasyPrint: {ours / naive:.2f}")
    print(f"  ratio bulletin / interpreter start: {ours / baseline:.1f}")
    ok &= ours < 1.0

    print("2. Warm: six outputs (2 languages x md, html, pdf) in one process")
    sys.path.insert(0, str(ROOT / "src"))
    from bulletin.pipeline import build_bulletin
    from bulletin.project import find_project

    project = find_project(str(ROOT))
    languages, formats = ["en", "zh-CN"], ["md", "html", "pdf"]
    build_bulletin(project.sample_data(), languages, formats, project)  # warm-up
    warm = []
    for _ in range(args.runs):
        start = time.perf_counter()
        documents = build_bulletin(project.sample_data(), languages, formats, project)
        warm.append(time.perf_counter() - start)
    warm_median = line("build_bulletin, six outputs, this process", warm)
    ok &= warm_median < 0.6

    from bulletin.pdfpool import PdfPool

    with PdfPool(workers=2, warm=True) as pool:
        build_bulletin(project.sample_data(), languages, formats, project, pool=pool)
        pooled = []
        for _ in range(args.runs):
            start = time.perf_counter()
            build_bulletin(project.sample_data(), languages, formats, project, pool=pool)
            pooled.append(time.perf_counter() - start)
    pooled_median = line("same, PDFs in a warm 2-worker pool", pooled)
    print(f"  ratio pool / this process: {pooled_median / warm_median:.2f}")

    print("3. Sizes")
    for doc in documents:
        if doc.format == "pdf":
            size = len(doc.content)
            print(f"  {doc.file_name('liaoning-2024q1'):<44} {size / 1024:7.1f} KB")
            ok &= size < 300_000
    print(f"targets: {'all met' if ok else 'NOT all met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
