"""Cold-start wall time of `bulletin generate --format md` for both languages.

Each run is a new process, as a user's shell would start it. Printed beside a baseline measured
in the same run (a bare interpreter start), so that a slower machine shows in both figures.

    python benchmarks/markdown_cold_start.py [--runs 10]

Target (issue #2): under 0.5 s wall; the Markdown path must not import WeasyPrint.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 0.5


def wall(command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="bulletin-bench-"))
    generate = [
        sys.executable,
        "-m",
        "bulletin",
        "generate",
        "--lang",
        "en,zh-CN",
        "--format",
        "md",
        "--out",
        str(out),
    ]
    baseline = wall([sys.executable, "-c", "pass"], args.runs)
    first = wall(generate, 1)[0]  # may include compiling templates into the bytecode cache
    times = wall(generate, args.runs)
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from bulletin.cli import main\n"
            f"try: main(['generate', '--format', 'md', '--out', {str(out)!r}])\n"
            "except SystemExit: pass\n"
            "print('weasyprint' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    median = statistics.median(times)
    print(f"interpreter start (baseline): median {statistics.median(baseline):.3f} s")
    print(
        f"generate md, en + zh-CN:      median {median:.3f} s, min {min(times):.3f} s, "
        f"max {max(times):.3f} s over {args.runs} runs (first run {first:.3f} s)"
    )
    print(f"ratio to baseline:            {median / statistics.median(baseline):.1f}x")
    print(f"weasyprint imported on the Markdown path: {probe.stdout.strip().splitlines()[-1]}")
    ok = median < TARGET_SECONDS and first < TARGET_SECONDS
    print(f"target < {TARGET_SECONDS} s: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
