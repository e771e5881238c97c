"""batch_workers: the processes a batch renders in (local forked processes or a Dask cluster),
started with the batch and dead with it: a worker never outlives the batch, even one killed
with SIGKILL, and a worker that dies while rendering fails that input only."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import resource
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool, ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from pathlib import Path
from queue import Empty, SimpleQueue
from types import FrameType
from typing import Protocol

from bulletin.errors import BulletinError, UsageError

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
WATCH_INTERVAL = 0.5  # seconds between a worker's looks at its parent (where prctl is missing)
STRIKES = 2  # a task whose worker died this many times while rendering it fails
STUCK_AFTER = 3.0  # seconds a pool may wait with a dead worker before it is broken for good


@dataclass(frozen=True)
class Task:
    """One data file in one language: every requested format is rendered together (the facts
    and the HTML page are shared)."""

    source: str
    text: str
    language: str
    formats: tuple[str, ...]
    pdf_variant: str


@dataclass
class TaskResult:
    source: str
    language: str
    outputs: dict[str, bytes] = field(default_factory=dict)
    error: str | None = None
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    pid: int = 0
    rss_mb: float = 0.0


def warm_worker() -> None:
    """Import the pipeline and WeasyPrint and render a tiny PDF, once per worker process."""
    from bulletin import pipeline  # noqa: F401 - imported for its cost, once
    from bulletin.pdfpool import warm_up

    warm_up()


def render_task(task: Task) -> TaskResult:
    """Render one task in a worker; whatever goes wrong with the input (a `BulletinError`, or
    anything else the input provokes) becomes the error of this result, never a crash of the
    batch. Works the same in a local process and on a Dask worker (it reads no files but the
    project's own templates and catalogs)."""
    from bulletin.pipeline import Options, render_request
    from bulletin.project import find_project

    started, cpu = time.perf_counter(), time.process_time()
    result = TaskResult(task.source, task.language, pid=os.getpid())
    try:
        project = find_project()
        options = Options(pdf_variant=task.pdf_variant)
        json_syntax = task.source.endswith(".json")
        rendered = render_request(
            task.text, task.source, json_syntax, [task.language], task.formats, project, options
        )
        for document in rendered.documents():
            result.outputs[document.format] = document.content
    except BulletinError as e:
        result.outputs.clear()
        result.error = str(e) or unexpected(task.source, e)
    except Exception as e:  # an input the loader does not catch yet: reported, not a traceback
        result.outputs.clear()
        result.error = unexpected(task.source, e)
    result.seconds = time.perf_counter() - started
    result.cpu_seconds = time.process_time() - cpu
    result.rss_mb = _rss_mb()
    return result


def unexpected(source: str, error: BaseException) -> str:
    """The one-line report of an exception nobody expected, with its type and no traceback."""
    text = str(error).splitlines()[0] if str(error) else ""
    return f"{source}: unexpected {type(error).__name__}" + (f": {text}" if text else "")


def _rss_mb() -> float:
    """This process's resident memory now (Linux), else its peak."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- dying with the parent ---------------------------------------------------------------------


def die_with_parent(parent: int, prctl: bool = True, interval: float = WATCH_INTERVAL) -> None:
    """Make this (worker) process end as soon as ``parent`` does, however the parent ends.

    On Linux the kernel sends SIGKILL when the parent dies (``PR_SET_PDEATHSIG``). Caveat: the
    "parent" is the *thread* that forked this process, so the workers must be forked by a
    thread that lives as long as the batch; `LocalWorkers` forks them from the thread that runs
    the batch, in `submit` (a fork pool starts all its workers on the first submit and never
    forks from its manager thread). If the parent died before the ``prctl`` call, no signal
    comes: hence the check of ``getppid()`` right after it.

    Everywhere, a daemon thread also looks every ``interval`` seconds whether the parent is
    still this process's parent (a dead parent's children are adopted by init or a
    subreaper), and ends the process if not: the safety net where prctl is missing.
    """
    if prctl and sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(
                PR_SET_PDEATHSIG, ctypes.c_ulong(signal.SIGKILL), ctypes.c_ulong(0),
                ctypes.c_ulong(0), ctypes.c_ulong(0),
            )  # fmt: skip
        except (OSError, AttributeError):  # pragma: no cover - no libc prctl: the watchdog
            pass
    if os.getppid() != parent:
        os._exit(1)  # the parent is already gone
    watchdog = threading.Thread(
        target=_watch_parent, args=(parent, interval), name="parent-watchdog", daemon=True
    )
    watchdog.start()


def _watch_parent(parent: int, interval: float) -> None:
    while os.getppid() == parent:
        time.sleep(interval)
    os._exit(1)  # orphaned: nobody will read what this process renders


_started: ctypes.Array[ctypes.c_int] | None = None  # per task: see _render_local


def _init_local_worker(
    parent: int, started: ctypes.Array[ctypes.c_int], warm: Callable[[], None]
) -> None:
    """Initializer of a local worker: dies with the batch, leaves Ctrl-C to the batch (the
    terminal sends it to the whole process group) and warms up."""
    global _started
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the batch's handler, inherited by fork
    _started = started
    warm()


def _render_local(index: int, task: Task) -> TaskResult:
    """`render_task`, noting in shared memory which worker renders which task (its pid; then
    minus its pid while the result is sent back), so that when a worker dies the batch knows
    which task it was rendering or sending."""
    if _started is not None:
        _started[index] = os.getpid()
    try:
        return render_task(task)
    finally:
        if _started is not None:
            _started[index] = -os.getpid()


# -- stopping the batch ------------------------------------------------------------------------


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: workers stopped, manifest saved, a clean exit."""


class _Gate(threading.local):
    """Whether a stop signal may raise where the main thread is now (per thread: the handler
    runs in the main thread and looks at the main thread's state)."""

    shielded = 0
    pending: KeyboardInterrupt | None = None


_gate = _Gate()


@contextmanager
def stop_signals() -> Iterator[None]:
    """While the block runs, SIGINT raises `KeyboardInterrupt` and SIGTERM `Terminated` in the
    main thread, as Python raises KeyboardInterrupt, except inside the worker pool's machinery
    (see `held_stop_signals`): a signal that comes in there is raised as soon as it is left. Outside
    the main thread, nothing changes (only it receives signals)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        error = Terminated("SIGTERM") if signum == signal.SIGTERM else KeyboardInterrupt()
        if _gate.shielded:
            _gate.pending = _gate.pending or error
            return
        raise error

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
        _gate.pending = None


@contextmanager
def held_stop_signals() -> Iterator[None]:
    """For the pool machinery (submitting, forking, shutting down) and other work that must
    not be cut short: an exception raised by a signal handler in the pool's code could leave
    a lock taken that the pool's own thread then waits for, and the batch would hang instead
    of stopping; so a stop signal that comes in here is raised when the block is left."""
    _gate.shielded += 1
    try:
        yield
    except BaseException:
        _gate.shielded -= 1
        raise
    _gate.shielded -= 1
    if not _gate.shielded and _gate.pending is not None:
        error, _gate.pending = _gate.pending, None
        raise error


def _next_finished(
    finished: SimpleQueue[Future[TaskResult]], check: Callable[[], None] = lambda: None
) -> Future[TaskResult]:
    """The next future to finish; ``check`` runs every second of the wait. The wait is where
    a stop signal usually comes in, and may raise there: it holds no lock of the pool's."""
    if _gate.pending is not None:
        error, _gate.pending = _gate.pending, None
        raise error
    while True:
        try:
            return finished.get(timeout=1.0)
        except Empty:
            check()


# -- executors ---------------------------------------------------------------------------------

Outcome = tuple[Task, TaskResult]


class Workers(Protocol):
    def results(self, tasks: list[Task]) -> Iterator[Outcome]:
        """Each task with its result, as they finish."""

    def stop(self) -> None:
        """Stop every worker now (an interrupted batch); unfinished tasks are dropped."""


class LocalWorkers:
    """Forked worker processes. A worker that dies (a crash, the kernel's OOM killer) breaks
    the pool: a new pool takes the unfinished tasks, and the task the dead worker was rendering
    fails after `STRIKES` such deaths; a pool that breaks without making any progress fails
    what is left (workers that cannot even start)."""

    def __init__(self, workers: int, warm: Callable[[], None] = warm_worker) -> None:
        self.workers = workers
        self.warm = warm
        self._executor: ProcessPoolExecutor | None = None
        self._processes: list[BaseProcess] = []
        self._killed: set[int | None] = set()  # workers killed by us, not dead by themselves
        self._dead_since: float | None = None  # when a worker was first seen dead

    def _start(self, started: ctypes.Array[ctypes.c_int]) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("fork")
        self._executor = ProcessPoolExecutor(
            self.workers,
            context,
            initializer=_init_local_worker,
            initargs=(os.getpid(), started, self.warm),
        )
        self._processes = []
        return self._executor

    def results(self, tasks: list[Task]) -> Iterator[Outcome]:
        context = multiprocessing.get_context("fork")
        started = context.RawArray(ctypes.c_int, max(len(tasks), 1))
        strikes = [0] * len(tasks)
        todo = list(range(len(tasks)))
        while todo:
            finished: SimpleQueue[Future[TaskResult]] = SimpleQueue()
            futures: dict[Future[TaskResult], int] = {}
            broken: list[int] = []
            progress = False
            with held_stop_signals():
                executor = self._start(started)
                for position, index in enumerate(todo):
                    started[index] = 0
                    try:
                        future = executor.submit(_render_local, index, tasks[index])
                    except BrokenProcessPool:  # broken already: the rest waits for a new pool
                        broken += todo[position:]
                        break
                    finally:
                        if not self._processes:  # forked by the first submit, in this thread
                            self._processes = list(executor._processes.values())
                    futures[future] = index
                    future.add_done_callback(finished.put)
            self._dead_since = None
            for _ in range(len(futures)):
                future = _next_finished(finished, self._unstick)
                index = futures[future]
                try:
                    result = future.result()
                except BrokenProcessPool:
                    broken.append(index)
                    continue
                except Exception as e:  # e.g. a result that cannot be sent back
                    result = _failed(tasks[index], unexpected(tasks[index].source, e))
                progress = True
                yield tasks[index], result
            with held_stop_signals():
                self._shutdown(wait=True)
            todo = []
            culprits = self._culprits(broken, started)
            for index in sorted(broken):
                task = tasks[index]
                if index in culprits:
                    strikes[index] += 1
                if strikes[index] >= STRIKES:
                    yield task, _failed(task, _died(task.source, culprits[index], strikes[index]))
                elif progress or culprits:
                    todo.append(index)  # rendered again by a new pool
                else:
                    yield task, _failed(task, f"{task.source}: {_NO_START}")

    def _culprits(
        self, broken: list[int], started: ctypes.Array[ctypes.c_int]
    ) -> dict[int, int | None]:
        """The tasks that were being rendered, or sent back, by a worker that died by itself
        (rather than being stopped by the pool after the first death, or by us), with that
        worker's exit code."""
        exits = {p.pid: p.exitcode for p in self._processes}
        running = {index: abs(started[index]) for index in broken if started[index]}
        died = {  # the pool stops the other workers with SIGTERM
            index: exits[pid]
            for index, pid in running.items()
            if exits.get(pid) not in (None, -signal.SIGTERM) and pid not in self._killed
        }
        return died or dict.fromkeys(running, None)  # cannot tell which: all of them

    def _unstick(self) -> None:
        """The pool notices a dead worker within a moment, and fails the unfinished tasks;
        but not one that died while sending its result (see `_kill`): if a worker has been
        dead for a few seconds and the pool goes on waiting, break the pool ourselves."""
        if all(p.exitcode is None for p in self._processes):
            self._dead_since = None
        elif self._dead_since is None:
            self._dead_since = time.monotonic()
        elif time.monotonic() - self._dead_since > STUCK_AFTER:
            with held_stop_signals():
                self._kill()

    def _kill(self) -> None:
        """Kill every worker, and make sure the pool's thread notices. A worker killed (by
        us, or by the kernel's OOM killer) while sending its result leaves that thread
        waiting for the rest of the message, for ever: this process holds the write end of
        the result pipe too, so the read never ends. With every worker gone, nobody else can
        write to it: closing that end ends the read; the pool finds itself broken and fails
        the unfinished tasks."""
        for process in self._processes:
            if process.is_alive():
                self._killed.add(process.pid)
                process.kill()
        for process in self._processes:
            process.join(timeout=5)
        pipe = getattr(self._executor, "_result_queue", None)
        writer = getattr(pipe, "_writer", None)
        if writer is not None and not any(p.is_alive() for p in self._processes):
            writer.close()

    def stop(self) -> None:
        """Kill the workers (they hold nothing of ours: the outputs are written here), then
        let the pool notice and wind down."""
        with held_stop_signals():
            self._kill()
            self._shutdown(wait=True)

    def _shutdown(self, wait: bool) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=wait, cancel_futures=True)
            self._executor = None


_NO_START = "the worker processes stopped before rendering it (they could not start?)"


def _died(source: str, exitcode: int | None, times: int) -> str:
    return (
        f"{source}: the worker process rendering it died ({_how(exitcode)}), {times} times; "
        "this input may crash the renderer"
    )


def _how(exitcode: int | None) -> str:
    if exitcode is None:
        return "its pool broke"
    if exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit status {exitcode}"


def _failed(task: Task, error: str) -> TaskResult:
    return TaskResult(task.source, task.language, error=error)


class DaskWorkers:
    """Tasks on a Dask cluster through its `concurrent.futures` executor; Dask itself retries
    the tasks of a lost worker. Its workers watch their parent (the nanny) themselves."""

    def __init__(self, executor: Executor) -> None:
        self.executor = executor
        self._futures: dict[Future[TaskResult], Task] = {}

    def results(self, tasks: list[Task]) -> Iterator[Outcome]:
        finished: SimpleQueue[Future[TaskResult]] = SimpleQueue()
        with held_stop_signals():
            for task in tasks:
                future = self.executor.submit(render_task, task)
                self._futures[future] = task
                future.add_done_callback(finished.put)
        for _ in range(len(tasks)):
            future = _next_finished(finished)
            task = self._futures[future]
            try:
                result = future.result()
            except Exception as e:  # a lost worker, after Dask's own retries
                result = _failed(task, f"{task.source}: worker failed: {e}")
            yield task, result

    def stop(self) -> None:
        with held_stop_signals():
            for future in self._futures:
                future.cancel()


@contextmanager
def workers_for(scheduler: str | None, workers: int) -> Iterator[Workers]:
    """Local worker processes, or a Dask cluster ('local' starts one on this machine). Leaving
    the block by an exception (an interrupt) stops the workers at once."""
    if scheduler is None:
        local = LocalWorkers(workers)
        try:
            yield local
        except BaseException:
            local.stop()
            raise
        local.stop()
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:  # pragma: no cover - a dependency of the project
        raise UsageError("--scheduler needs dask.distributed: pip install distributed") from e
    stack = ExitStack()
    try:
        with held_stop_signals():  # Dask's start-up waits on its event loop's thread
            if scheduler == "local":
                cluster = stack.enter_context(
                    LocalCluster(  # type: ignore[no-untyped-call]
                        n_workers=workers,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=None,
                        # No dashboard, but the scheduler still serves /health and /metrics,
                        # by default on port 8787: on a free port instead, as another
                        # cluster may be using that one.
                        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                        silence_logs=40,
                    )
                )
                client = stack.enter_context(Client(cluster))  # type: ignore[no-untyped-call]
            else:
                try:
                    client = stack.enter_context(Client(scheduler, timeout="10s"))  # type: ignore[no-untyped-call]
                except OSError as e:
                    raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from e
            client.run(warm_worker)
            dask = DaskWorkers(client.get_executor(pure=False))
        try:
            yield dask
        except BaseException:
            dask.stop()
            raise
    finally:
        with held_stop_signals():
            stack.close()
