"""`bulletin batch` when things go wrong: the batch killed (SIGTERM, SIGKILL) leaves no worker
behind and resumes; bad inputs, crashing workers and outputs that cannot be written fail only
their own outputs, and the manifest records everything that finished."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import faulthandler
import json
import multiprocessing
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner

import bulletin.batch
import bulletin.batch_workers
from bulletin.batch import declared_languages, expand_inputs, run_batch
from bulletin.cli import main
from bulletin.project import find_project

ROOT = Path(__file__).resolve().parent.parent
CITIES = ROOT / "data" / "cities"
BULLETIN = [sys.executable, "-m", "bulletin"]
LANGS = ["--lang", "en,zh-CN"]  # the languages whose outputs the tests count
ALL = ["--format", "md,html,pdf", *LANGS]


def run(*args: str):
    return CliRunner().invoke(main, ["batch", *args], catch_exceptions=False)


@pytest.fixture
def many(tmp_path) -> Path:
    """28 data files: 168 outputs in md, html and pdf, a few seconds of work for 2 workers."""
    folder = tmp_path / "many"
    folder.mkdir()
    for path in sorted(CITIES.glob("*.yaml")):
        for copy in ("a", "b"):
            shutil.copy(path, folder / f"{path.stem}-{copy}.yaml")
    return folder


def finished(out: Path) -> list[Path]:
    return [p for p in out.glob("*.*.*") if not p.name.startswith(".")]


@pytest.fixture
def start_batch(many, tmp_path) -> Iterator[Callable[[Path], subprocess.Popen[bytes]]]:
    """Starts `bulletin batch` over ``many`` in a session of its own, its output in files
    (a pipe would keep a test waiting for processes left behind), and returns once it has
    written a few outputs. Whatever is left of the session is killed at the end."""
    started: list[subprocess.Popen[bytes]] = []

    def start(out: Path) -> subprocess.Popen[bytes]:
        with open(tmp_path / "stderr", "wb") as stderr:
            process = subprocess.Popen(
                [*BULLETIN, "batch", str(many), *ALL, "--out", str(out), "--workers", "2"],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                start_new_session=True,
            )
        started.append(process)
        deadline = time.monotonic() + 15
        while len(finished(out)) < 3:
            assert process.poll() is None, (tmp_path / "stderr").read_text(encoding="utf-8")
            assert time.monotonic() < deadline, "no output after 15 s"
            time.sleep(0.02)
        return process

    yield start
    for process in started:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def rerun(many: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*BULLETIN, "batch", str(many), *ALL, "--out", str(out), "--workers", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=20,
    )


def group_members(group: int) -> list[str]:
    members = []
    for process in psutil.process_iter(["pid", "cmdline", "status"]):
        try:
            if os.getpgid(process.pid) == group and process.status() != psutil.STATUS_ZOMBIE:
                members.append(f"{process.pid} {' '.join(process.cmdline())[:80]}")
        except (psutil.Error, ProcessLookupError):
            continue
    return members


def assert_nothing_left(process: subprocess.Popen[bytes], children: list[psutil.Process]) -> None:
    """Within 5 s of the signal, the batch has ended, and none of its children lives, nor
    anything in its process group (the session it was started in)."""
    deadline = time.monotonic() + 5
    process.wait(timeout=5)
    _, alive = psutil.wait_procs(children, timeout=max(deadline - time.monotonic(), 0))
    assert not alive, f"workers left behind: {alive}"
    while group_members(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not group_members(process.pid)


def test_sigterm_stops_the_workers_saves_the_manifest_and_a_rerun_finishes(
    many, tmp_path, start_batch
):
    out = tmp_path / "out"
    process = start_batch(out)
    children = psutil.Process(process.pid).children(recursive=True)  # workers, fc-match...
    assert len(psutil.Process(process.pid).children()) == 2  # the workers
    process.send_signal(signal.SIGTERM)
    assert_nothing_left(process, children)
    stderr = (tmp_path / "stderr").read_text(encoding="utf-8")
    assert process.returncode == 128 + signal.SIGTERM, stderr
    assert "Traceback" not in stderr
    assert "Terminated (SIGTERM): the workers are stopped" in stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    recorded = set(manifest["outputs"])
    assert recorded and recorded <= {p.name for p in finished(out)}
    assert len(recorded) >= len(finished(out)) - 1  # at most the file being recorded
    for name, entry in manifest["outputs"].items():
        assert (out / name).stat().st_size == entry["bytes"]
    again = rerun(many, out)
    assert again.returncode == 0, again.stderr
    assert f"{168 - len(recorded)} written, {len(recorded)} up to date" in again.stdout
    assert len(finished(out)) == 168


def test_sigkill_leaves_no_worker_behind_and_a_rerun_finishes(many, tmp_path, start_batch):
    out = tmp_path / "out"
    process = start_batch(out)
    children = psutil.Process(process.pid).children(recursive=True)  # workers, fc-match...
    assert len(psutil.Process(process.pid).children()) == 2  # the workers
    while not (out / "manifest.json").exists() and process.poll() is None:
        time.sleep(0.02)
    process.kill()
    assert_nothing_left(process, children)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    recorded = len(manifest["outputs"])
    assert recorded >= 3
    again = rerun(many, out)
    assert again.returncode == 0, again.stderr
    assert f"{168 - recorded} written, {recorded} up to date" in again.stdout
    assert len(finished(out)) == 168
    assert not list(out.glob(".*"))  # no temporary file of a write the kill cut short


@pytest.mark.parametrize("prctl", [True, False], ids=["prctl", "watchdog"])
def test_a_worker_dies_with_its_parent(prctl):
    """Either way alone suffices: the kernel's parent-death signal, or the worker's watchdog
    thread (for systems without prctl)."""
    script = (
        "import multiprocessing, os, sys, time\n"
        "from bulletin.batch_workers import die_with_parent\n"
        "def worker(parent, ready):\n"
        f"    die_with_parent(parent, prctl={prctl}, interval={3600 if prctl else 0.1})\n"
        "    ready.set()\n"
        "    time.sleep(60)\n"
        "ready = multiprocessing.get_context('fork').Event()\n"
        "child = multiprocessing.get_context('fork').Process(\n"
        "    target=worker, args=(os.getpid(), ready))\n"
        "child.start()\n"
        "ready.wait(10)\n"
        "print(child.pid, flush=True)\n"
        "os._exit(0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=20
    )
    assert result.returncode == 0, result.stderr
    child = int(result.stdout)
    try:
        psutil.Process(child).wait(timeout=3)
    except psutil.NoSuchProcess:
        pass
    except psutil.TimeoutExpired:  # pragma: no cover - the failure being tested for
        os.kill(child, signal.SIGKILL)
        pytest.fail("the worker outlived its parent")


def test_bad_inputs_fail_alone_with_located_messages(inputs, tmp_path):
    good = (inputs / "dalian-2024q1.yaml").read_text(encoding="utf-8")
    bad = {
        "huge-2024q1.yaml": good.replace("of: 628", "of: " + "9" * 5000, 1),
        "feb30-2024q1.yaml": re.sub(r"published: \S+", "published: 2024-02-30", good, count=1),
        "deep-2024q1.yaml": "[" * 10000,
        "deep-2024q1x.json": "[" * 10000,
        "syntax-2024q1.yaml": good.replace("enterprises: {", "enterprises: {{", 1),
    }
    for name, text in bad.items():
        (inputs / name).write_text(text, encoding="utf-8")
    (inputs / "latin1-2024q1.yaml").write_bytes("name: Liaon\xefng\n".encode("latin-1"))
    out = tmp_path / "out"
    result = run(str(inputs), "--format", "md,html", *LANGS, "--out", str(out), "--workers", "2")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "unexpected failure" not in result.output
    assert len(list(out.glob("*.md"))) == 6 and len(list(out.glob("*.html"))) == 6
    for name in [*bad, "latin1-2024q1.yaml"]:
        listed = re.search(rf"^FAILED \S*{re.escape(name)} \((.*)\):$", result.output, re.M)
        assert listed, name
        stem = name.rsplit(".", 1)[0]
        assert sorted(listed.group(1).split(", ")) == sorted(
            f"{stem}.{lang}.{fmt}" for lang in ("en", "zh-CN") for fmt in ("md", "html")
        )
    for name in bad:  # where in the file, as `validate` says it
        assert re.search(rf"{re.escape(name)}:\d+:\d+", result.output), name
    assert "latin1-2024q1.yaml: not UTF-8 text" in result.output
    assert "12 written, 0 up to date, 24 failed of 36 outputs" in result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["outputs"]) == 12
    assert sum(len(f["outputs"]) for f in manifest["failures"]) == 24


def test_what_the_parser_raises_never_stops_planning():
    """The batch reads ``release.languages`` itself, before any worker: an input that makes
    the YAML parser raise anything falls back to every language (its tasks report why)."""
    fallback = ["en", "zh-CN"]
    assert declared_languages("n: " + "9" * 5000, fallback) == fallback
    assert declared_languages("release: {published: 2024-02-30}", fallback) == fallback
    assert declared_languages("[" * 10000, fallback) == fallback
    assert declared_languages("{" * 10000, fallback) == fallback


def test_an_unexpected_exception_fails_its_input_only(inputs, tmp_path, monkeypatch):
    """Whatever the loader lets through (here a RecursionError and a ValueError) is reported
    with its type and message, for that input only."""
    import bulletin.pipeline

    real = bulletin.pipeline.dataset_from_text

    def fragile(text, source, json_syntax=False):
        if "dalian" in source:
            raise RecursionError("maximum recursion depth exceeded")
        if "dandong" in source:
            raise ValueError("day is out of range for month")
        return real(text, source, json_syntax)

    monkeypatch.setattr(bulletin.pipeline, "dataset_from_text", fragile)  # (render_request's)
    out = tmp_path / "out"
    result = run(str(inputs), "--format", "md", *LANGS, "--out", str(out), "--workers", "1")
    assert result.exit_code == 2
    assert "dalian-2024q1.yaml: unexpected RecursionError: maximum recursion" in result.output
    assert "dandong-2024q1.yaml: unexpected ValueError: day is out of range" in result.output
    assert sorted(p.name for p in out.glob("*.md")) == [
        "jinzhou-2024q1.en.md",
        "jinzhou-2024q1.zh-CN.md",
    ]


def test_a_worker_that_dies_fails_its_input_only(inputs, tmp_path, monkeypatch):
    """A worker killed while rendering (a crash in a C library, the OOM killer) fails the
    input it was rendering, after a second try; the others are rendered by new workers."""
    real = bulletin.batch_workers.render_task

    def crashing(task):
        if "dandong" in task.source and task.language == "en":
            faulthandler.disable()  # pytest's, inherited: no stack dump in the test output
            os.kill(os.getpid(), signal.SIGSEGV)
        return real(task)

    monkeypatch.setattr(bulletin.batch_workers, "render_task", crashing)
    out = tmp_path / "out"
    result = run(str(inputs), "--format", "md", *LANGS, "--out", str(out), "--workers", "2")
    assert result.exit_code == 2, result.output
    assert (
        "dandong-2024q1.yaml: the worker process rendering it died (killed by SIGSEGV), 2 times"
        in result.output
    )
    assert "5 written, 0 up to date, 1 failed of 6 outputs" in result.output


def test_workers_that_cannot_start_fail_the_batch_outputs_not_the_batch(inputs, tmp_path):
    def broken_start() -> None:
        os._exit(3)

    pool = bulletin.batch_workers.LocalWorkers(2, warm=broken_start)
    tasks = [
        bulletin.batch_workers.Task(str(p), p.read_text(encoding="utf-8"), "en", ("md",), "")
        for p in sorted(inputs.iterdir())
    ]
    try:
        results = list(pool.results(tasks))
    finally:
        pool.stop()
    assert len(results) == 3
    assert all("worker processes stopped before rendering it" in r.error for _, r in results)


def test_an_output_in_the_way_fails_alone_and_the_rest_is_recorded(inputs, tmp_path):
    out = tmp_path / "out"
    (out / "dandong-2024q1.en.md").mkdir(parents=True)
    result = run(str(inputs), "--format", "md,html", *LANGS, "--out", str(out), "--workers", "2")
    assert result.exit_code == 2
    assert re.search(
        r"FAILED \S+dandong-2024q1.yaml \(dandong-2024q1.en.md\):\n"
        r"  cannot write \S+dandong-2024q1.en.md: Is a directory",
        result.output,
    )
    assert "11 written, 0 up to date, 1 failed of 12 outputs" in result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["outputs"]) == 11 and "dandong-2024q1.en.md" not in manifest["outputs"]
    (out / "dandong-2024q1.en.md").rmdir()
    again = run(str(inputs), "--format", "md,html", *LANGS, "--out", str(out), "--workers", "2")
    assert again.exit_code == 0 and "1 written, 11 up to date" in again.output


def test_a_full_disk_fails_the_outputs_it_stops_and_the_manifest_keeps_the_rest(
    inputs, tmp_path, monkeypatch
):
    real = bulletin.batch.write_atomic
    refused: list[str] = []

    def full_for_pdfs(path: Path, content: bytes) -> None:
        if path.suffix == ".pdf":
            refused.append(path.name)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(path, content)

    monkeypatch.setattr(bulletin.batch, "write_atomic", full_for_pdfs)
    out = tmp_path / "out"
    result = run(str(inputs), *ALL, "--out", str(out), "--workers", "2")
    assert result.exit_code == 2
    assert "12 written, 0 up to date, 6 failed of 18 outputs" in result.output
    listed = re.findall(r"^  cannot write \S+\.pdf: No space left on device$", result.output, re.M)
    assert len(listed) == 6 and len(refused) == 6
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["outputs"]) == 12
    assert sorted(n for f in manifest["failures"] for n in f["outputs"]) == sorted(refused)
    monkeypatch.setattr(bulletin.batch, "write_atomic", real)  # space again
    again = run(str(inputs), *ALL, "--out", str(out), "--workers", "2")
    assert again.exit_code == 0 and "6 written, 12 up to date" in again.output


def test_a_manifest_that_cannot_be_saved_is_an_error_not_a_traceback(inputs, tmp_path, monkeypatch):
    real = bulletin.batch.write_atomic

    def full_for_the_manifest(path: Path, content: bytes) -> None:
        if path.name == "manifest.json":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(path, content)

    monkeypatch.setattr(bulletin.batch, "write_atomic", full_for_the_manifest)
    result = run(str(inputs), "--format", "md", *LANGS, "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "6 written" in result.output
    assert "Error: the manifest could not be saved: [Errno 28] No space left" in result.output


def test_an_output_folder_that_is_a_file_is_a_usage_error(inputs, tmp_path):
    (tmp_path / "out").write_text("not a folder", encoding="utf-8")
    result = run(str(inputs), "--format", "md", "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "cannot create the output folder" in result.output


def test_the_progress_events_are_typed(inputs, tmp_path):
    events = []
    files = expand_inputs([str(inputs)])
    project = find_project(str(ROOT))
    run_batch(files, ["en"], ["md"], tmp_path / "out", project, report=events.append)
    assert [e.kind for e in events] == ["start", "done", "done", "done"]
    assert all(e.total == 3 for e in events) and [e.done for e in events] == [0, 1, 2, 3]


def test_the_workers_are_forked_by_the_thread_that_runs_the_batch(inputs, monkeypatch):
    """The kernel's parent-death signal comes when the *thread* that forked a worker ends:
    every worker must be forked by the thread that runs the batch (not by the pool's manager
    thread, which ends when the pool shuts down), and before the first result."""
    import multiprocessing.popen_fork
    import threading

    forked_by: list[threading.Thread] = []
    launch = multiprocessing.popen_fork.Popen._launch

    def recording(self, process_obj):
        forked_by.append(threading.current_thread())
        return launch(self, process_obj)

    monkeypatch.setattr(multiprocessing.popen_fork.Popen, "_launch", recording)
    pool = bulletin.batch_workers.LocalWorkers(2, warm=lambda: None)
    tasks = [
        bulletin.batch_workers.Task(str(p), p.read_text(encoding="utf-8"), "en", ("md",), "")
        for p in sorted(inputs.iterdir())
    ]
    try:
        for _ in pool.results(tasks):
            assert forked_by == [threading.current_thread()] * 2
    finally:
        pool.stop()
    assert forked_by == [threading.main_thread()] * 2


def test_stopping_while_a_worker_sends_its_result_does_not_hang(monkeypatch):
    """A worker killed in the middle of sending a result (a large PDF) used to leave the
    pool's thread waiting for the rest of the message, and the stopped batch hung for good."""
    import threading

    def large(task):
        return bulletin.batch_workers.TaskResult(
            task.source, task.language, outputs={"pdf": b"%" * (48 << 20)}
        )

    monkeypatch.setattr(bulletin.batch_workers, "render_task", large)
    pool = bulletin.batch_workers.LocalWorkers(1, warm=lambda: None)
    executor = pool._start(multiprocessing.get_context("fork").RawArray(ctypes.c_int, 1))
    executor.submit(
        bulletin.batch_workers._render_local, 0, bulletin.batch_workers.Task("x", "", "en", (), "")
    )
    (worker,) = pool._processes = list(executor._processes.values())
    try:
        deadline = time.monotonic() + 10
        while "pipe_write" not in Path(f"/proc/{worker.pid}/wchan").read_text():
            assert time.monotonic() < deadline, "the worker never blocked sending its result"
            time.sleep(0.001)
        os.kill(worker.pid, signal.SIGSTOP)  # frozen in the middle of the message
        stopping = threading.Thread(target=pool.stop, daemon=True)
        stopping.start()
        stopping.join(timeout=10)
        assert not stopping.is_alive(), "stop() hangs"
    finally:
        if worker.is_alive():
            worker.kill()


def test_a_worker_killed_while_sending_its_result_does_not_hang_the_batch(monkeypatch):
    """The kernel's OOM killer strikes when memory peaks: as a worker sends a large result.
    The pool would wait for the rest of the message for ever; the batch breaks it after a
    few seconds, and a new worker renders the task again."""
    import threading

    def large(task):
        return bulletin.batch_workers.TaskResult(
            task.source, task.language, outputs={"pdf": b"%" * (48 << 20)}
        )

    monkeypatch.setattr(bulletin.batch_workers, "render_task", large)
    pool = bulletin.batch_workers.LocalWorkers(1, warm=lambda: None)
    task = bulletin.batch_workers.Task("x", "", "en", ("pdf",), "")
    outcomes: list[object] = []

    def kill_while_sending() -> None:
        deadline = time.monotonic() + 10
        while not pool._processes and time.monotonic() < deadline:
            time.sleep(0.001)
        (worker,) = pool._processes
        while "pipe_write" not in Path(f"/proc/{worker.pid}/wchan").read_text():
            assert time.monotonic() < deadline
            time.sleep(0.001)
        os.kill(worker.pid, signal.SIGKILL)

    killer = threading.Thread(target=kill_while_sending, daemon=True)
    batch = threading.Thread(target=lambda: outcomes.extend(pool.results([task])), daemon=True)
    killer.start()
    batch.start()
    try:
        batch.join(timeout=20)
        assert not batch.is_alive(), "the batch hangs"
    finally:
        pool.stop()
    ((_, result),) = outcomes
    assert result.error is None and len(result.outputs["pdf"]) == 48 << 20
