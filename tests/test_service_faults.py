"""The service under faults, as deployed: `bulletin serve` in a subprocess on 127.0.0.1, its
processes found with psutil. A killed fork server or renderer, a full queue, renders queued past
the time limit, huge bodies, an alias bomb, clients that hang up: never a 500, never a traceback
in the log, and the server goes on."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2
import psutil
import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = (ROOT / "data" / "liaoning-2024q1.yaml").read_bytes()
YAML = {"content-type": "application/yaml"}
PDF = "/v1/bulletins?lang=en&format=pdf"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log_file: Path

    @property
    def log(self) -> str:
        return self.log_file.read_text(encoding="utf-8", errors="replace")

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def rss_mb(self) -> float:
        return psutil.Process(self.process.pid).memory_info().rss / 2**20

    def fork_server(self) -> psutil.Process:
        (server,) = [
            child
            for child in psutil.Process(self.process.pid).children()
            if child.status() != psutil.STATUS_ZOMBIE
            and "multiprocessing.forkserver" in " ".join(child.cmdline())
        ]
        return server

    def renderers(self) -> list[psutil.Process]:
        return self.fork_server().children()

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log
            try:
                if httpx2.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            except httpx2.HTTPError:
                pass
            time.sleep(0.05)
        pytest.fail(f"the server was not ready within {timeout} s:\n{self.log}")


def start(tmp_path: Path, *args: str, **env: str) -> Iterator[Server]:
    port = free_port()
    log = tmp_path / f"server-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bulletin", "serve", "--port", str(port), *args],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **env},
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        server.wait_ready()
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from start(tmp_path_factory.mktemp("faults"), "--pdf-workers", "1")


def assert_no_traceback(server: Server) -> None:
    assert "Traceback" not in server.log, server.log


def is_json_503(response: httpx2.Response) -> bool:
    return (
        response.status_code == 503
        and response.headers["content-type"] == "application/json"
        and int(response.headers["retry-after"]) > 0
        and "error" in response.json()
    )


def test_a_killed_fork_server_is_replaced_and_healthz_says_so(server: Server) -> None:
    server.wait_ready()
    fork_server = server.fork_server()
    renderers = fork_server.children()
    fork_server.send_signal(signal.SIGKILL)
    seen = []
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        response = httpx2.get(f"{server.url}/healthz", timeout=5)
        seen.append(response.status_code)
        if response.status_code == 503:
            assert is_json_503(response)
            assert response.json()["pdf_renderers"] in {"broken", "starting"}
        elif 503 in seen:
            break
        time.sleep(0.02)
    assert 503 in seen and seen[-1] == 200, seen
    # The old renderers died with their fork server instead of lingering on the old queue.
    time.sleep(0.2)
    assert not [p for p in renderers if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    response = httpx2.post(server.url + PDF, content=SAMPLE, headers=YAML, timeout=30)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert_no_traceback(server)


def cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return float(times.user + times.system)


def test_a_renderer_killed_under_a_pdf_is_retried_or_a_json_503(server: Server) -> None:
    server.wait_ready()
    renderers = server.renderers()
    idle = {p.pid: cpu(p) for p in renderers}
    answer: list[httpx2.Response] = []
    request = threading.Thread(
        target=lambda: answer.append(
            httpx2.post(server.url + PDF, content=SAMPLE, headers=YAML, timeout=60)
        )
    )
    request.start()
    killed = None
    deadline = time.monotonic() + 15
    while killed is None and time.monotonic() < deadline and request.is_alive():
        for renderer in renderers:
            if cpu(renderer) - idle[renderer.pid] > 0.05:  # it has started on the PDF
                renderer.send_signal(signal.SIGKILL)
                killed = renderer
                break
        time.sleep(0.005)
    request.join(60)
    assert killed is not None, "the PDF never reached a renderer"
    (response,) = answer
    assert response.status_code == 200 or is_json_503(response), response.text
    if response.status_code == 200:
        assert response.content.startswith(b"%PDF-")
    assert "rendering the PDF again" in server.log
    server.wait_ready()
    assert_no_traceback(server)


def test_a_huge_body_is_refused_early_and_memory_stays_flat(server: Server) -> None:
    before = server.rss_mb()
    # Declared: refused from the header alone, before the body is read.
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(
            b"POST /v1/validate HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/yaml\r\nContent-Length: 52428800\r\n\r\n" + b"#" * 65536
        )
        assert sock.recv(4096).startswith(b"HTTP/1.1 413")
    # Chunked, no length: refused once the limit is passed; the rest is never buffered.
    chunk = b"#" * (1 << 20)
    sent = 0

    def body() -> Iterator[bytes]:
        nonlocal sent
        for _ in range(50):
            sent += len(chunk)
            yield chunk

    try:
        response = httpx2.post(
            f"{server.url}/v1/validate", content=body(), headers=YAML, timeout=30
        )
        assert response.status_code == 413
    except httpx2.TransportError:
        pass  # the server answered and closed while the client was still sending
    assert server.rss_mb() - before < 50
    assert httpx2.get(f"{server.url}/healthz", timeout=5).status_code == 200


def test_a_billion_laughs_is_422_and_memory_stays_flat(server: Server) -> None:
    before = server.rss_mb()
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 9):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    bomb = "\n".join(lines).encode()
    response = httpx2.post(
        f"{server.url}/v1/bulletins?lang=en&format=md", content=bomb, headers=YAML, timeout=30
    )
    assert response.status_code == 422
    assert "alias" in response.text
    assert server.rss_mb() - before < 50


def test_clients_that_hang_up_mid_body_are_one_log_line_each(server: Server) -> None:
    for _ in range(30):
        with socket.create_connection(("127.0.0.1", server.port)) as sock:
            sock.sendall(
                b"POST /v1/validate HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/yaml\r\nContent-Length: 100000\r\n\r\n" + SAMPLE[:1000]
            )
    deadline = time.monotonic() + 10
    while server.log.count("disconnected after") < 30 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.log.count("disconnected after") == 30
    assert_no_traceback(server)
    assert httpx2.get(f"{server.url}/healthz", timeout=5).status_code == 200


# -- queues ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One renderer, one text thread, sixteen places in each queue, a 2 s render limit."""
    yield from start(
        tmp_path_factory.mktemp("queues"),
        "--pdf-workers",
        "1",
        "--render-timeout",
        "2",
        BULLETIN_MAX_QUEUE="16",
        BULLETIN_WORK_THREADS="1",
    )


async def burst(url: str, paths: list[str], body: bytes) -> list[httpx2.Response]:
    async with httpx2.AsyncClient(timeout=60) as client:
        return await asyncio.gather(
            *(client.post(url + path, content=body, headers=YAML) for path in paths)
        )


def test_time_in_the_queue_is_not_render_time(small_server: Server) -> None:
    """17 PDFs (one rendering, sixteen queued) and 17 validations of a large file: the last
    of each waits well past the 2 s limit, and none is a 504."""
    extra = b"".join(b"  f%d: %d\n" % (i, i) for i in range(12000))
    many = SAMPLE.replace(b"figures:\n", b"figures:\n" + extra)
    for path, body in ((PDF, SAMPLE), ("/v1/validate", many)):
        start = time.monotonic()
        responses = asyncio.run(burst(small_server.url, [path] * 17, body))
        took = time.monotonic() - start
        assert [r.status_code for r in responses] == [200] * 17, [r.text for r in responses]
        assert took > 2, f"{path}: too fast ({took:.1f} s) to show anything; make it slower"
    assert_no_traceback(small_server)


def test_a_full_queue_is_a_503_with_retry_after(small_server: Server) -> None:
    responses = asyncio.run(burst(small_server.url, [PDF] * 40, SAMPLE))
    statuses = [r.status_code for r in responses]
    assert set(statuses) <= {200, 503}, statuses
    assert statuses.count(200) >= 17  # one rendering and sixteen waiting were all served
    refused = [r for r in responses if r.status_code == 503]
    assert refused and all(is_json_503(r) for r in refused)
    assert "busy" in refused[0].json()["error"]
    assert_no_traceback(small_server)
