"""Bounded load test of the HTTP service on loopback: mixed formats, fixed concurrency.

    python benchmarks/http_load.py [--requests 500] [--concurrency 16] [--pdf-workers 2]

Starts `bulletin serve` on a free loopback port, sends the sample bulletin's data as a mix
of Markdown, HTML and PDF requests, and prints throughput, p50/p95 latency per format, the
error count (must be 0) and the server's memory (all its processes) before and after. A
second, smaller run of Markdown alone is the baseline: it shows whether PDFs rendering in the
pool slow down the cheap requests.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx2
import psutil

ROOT = Path(__file__).resolve().parent.parent
MIX = (("md", 0.45), ("html", 0.35), ("pdf", 0.20))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def rss_mb(pid: int) -> float:
    process = psutil.Process(pid)
    total = process.memory_info().rss
    for child in process.children(recursive=True):
        total += child.memory_info().rss
    return total / 2**20


async def run(url: str, body: bytes, formats: list[str], concurrency: int) -> dict[str, list]:
    latencies: dict[str, list[float]] = {f: [] for f, _ in MIX}
    errors: list[str] = []
    queue: asyncio.Queue[str] = asyncio.Queue()
    for fmt in formats:
        queue.put_nowait(fmt)
    langs = ["en", "zh-CN"]

    async def worker(client: httpx2.AsyncClient) -> None:
        while not queue.empty():
            fmt = queue.get_nowait()
            start = time.perf_counter()
            response = await client.post(
                f"{url}/v1/bulletins?lang={random.choice(langs)}&format={fmt}",
                content=body,
                headers={"content-type": "application/yaml"},
            )
            latencies[fmt].append(time.perf_counter() - start)
            if response.status_code != 200:
                errors.append(f"{fmt}: {response.status_code}")

    async with httpx2.AsyncClient(timeout=60) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    return {"latencies": [latencies], "errors": errors}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--pdf-workers", type=int, default=2)
    args = parser.parse_args()
    random.seed(7)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bulletin",
            "serve",
            "--port",
            str(port),
            "--pdf-workers",
            str(args.pdf_workers),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            try:
                if httpx2.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx2.HTTPError:
                time.sleep(0.05)
        body = (ROOT / "data" / "liaoning-2024q1.yaml").read_bytes()
        asyncio.run(run(url, body, ["md", "html", "pdf", "pdf"], 4))  # warm every path
        before = rss_mb(server.pid)

        baseline_n = max(50, args.requests // 5)
        start = time.perf_counter()
        base = asyncio.run(run(url, body, ["md"] * baseline_n, args.concurrency))
        base_time = time.perf_counter() - start
        md_alone = base["latencies"][0]["md"]

        formats = random.choices([f for f, _ in MIX], [w for _, w in MIX], k=args.requests)
        rounds = 5
        size = -(-len(formats) // rounds)
        latencies: dict[str, list[float]] = {f: [] for f, _ in MIX}
        errors_mixed: list[str] = []
        memory = []
        elapsed = 0.0
        for i in range(rounds):
            chunk = formats[i * size : (i + 1) * size]
            start = time.perf_counter()
            result = asyncio.run(run(url, body, chunk, args.concurrency))
            elapsed += time.perf_counter() - start
            for fmt, values in result["latencies"][0].items():
                latencies[fmt].extend(values)
            errors_mixed += result["errors"]
            memory.append(rss_mb(server.pid))
        after = memory[-1]
        mixed = {"errors": errors_mixed}

        print(
            f"{args.requests} requests, {args.concurrency} concurrent, "
            f"{args.pdf_workers} PDF workers, loopback"
        )
        print(f"  throughput: {args.requests / elapsed:.1f} requests/s over {elapsed:.1f} s")
        for fmt, _ in MIX:
            values = latencies[fmt]
            if values:
                print(
                    f"  {fmt:<4} n={len(values):>3}  p50 {statistics.median(values) * 1000:7.1f} ms"
                    f"  p95 {percentile(values, 0.95) * 1000:7.1f} ms"
                )
        print(
            f"  baseline, md alone: {baseline_n / base_time:.1f} requests/s, "
            f"p50 {statistics.median(md_alone) * 1000:.1f} ms, "
            f"p95 {percentile(md_alone, 0.95) * 1000:.1f} ms"
        )
        print(
            f"  md p50 in the mix / md alone: "
            f"{statistics.median(latencies['md']) / statistics.median(md_alone):.2f}"
        )
        errors = mixed["errors"] + base["errors"]
        print(f"  errors: {len(errors)} {errors[:5] if errors else ''}")
        print(
            f"  server memory (all processes): {before:.0f} MB before, {after:.0f} MB after "
            f"({after - before:+.0f} MB); after each fifth of the load: "
            + ", ".join(f"{m:.0f}" for m in memory)
            + " MB"
        )
        return 0 if not errors else 1
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    sys.exit(main())
