"""Batch throughput with 1 and 2 workers, CPU per PDF, and memory per worker, in one run.

    python benchmarks/batch_scaling.py [--cities 100]

Generates city data (scripts/make_city_data.py) and renders every file as PDF in English and
Chinese (2 × cities items) with 1 worker, then with 2. Prints bulletins per second for each,
the scaling ratio, the CPU time one PDF costs inside a worker, and each worker's memory across
the batch. Targets (issue #6): scaling >= 1.7x from 1 to 2 workers; < 0.3 s of one core per
PDF; memory per worker flat over 200 items.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=100)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from bulletin.batch import expand_inputs, run_batch
    from bulletin.project import find_project

    work = Path(tempfile.mkdtemp(prefix="bulletin-batch-"))
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "make_city_data.py"),
            "--regions",
            str(args.cities),
            "--out",
            str(work / "in"),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    files = expand_inputs([str(work / "in")])
    project = find_project(str(ROOT))
    items = 2 * len(files)
    results = {}
    for workers in (1, 2):
        start = time.perf_counter()
        summary, _ = run_batch(
            files,
            ["en", "zh-CN"],
            ["pdf"],
            work / f"out{workers}",
            project,
            workers=workers,
            force=True,
        )
        wall = time.perf_counter() - start
        assert summary.failed == 0 and summary.written == items, summary
        results[workers] = (wall, summary)
        cpu = summary.cpu_seconds_by_format["pdf"] / items
        print(
            f"{workers} worker(s): {items} PDFs in {wall:.2f} s = {items / wall:.1f} bulletins/s "
            f"(start-up and imports included); CPU per PDF in a worker {cpu:.3f} s"
        )
        for pid, series in sorted(summary.rss_by_worker.items()):
            tenth = max(1, len(series) // 10)
            print(
                f"    worker {pid}: {len(series)} tasks, memory first {series[0]:.0f} MB, "
                f"median {statistics.median(series):.0f} MB, last {series[-1]:.0f} MB, "
                f"max {max(series):.0f} MB; first tenth avg "
                f"{statistics.mean(series[:tenth]):.0f}, last tenth avg "
                f"{statistics.mean(series[-tenth:]):.0f} MB"
            )
    scaling = results[1][0] / results[2][0]
    cpu = results[2][1].cpu_seconds_by_format["pdf"] / items
    print(f"scaling 1 -> 2 workers: {scaling:.2f}x (target >= 1.7)")
    print(f"CPU per PDF: {cpu:.3f} s (target < 0.3)")
    ok = scaling >= 1.7 and cpu < 0.3
    print(f"targets: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
