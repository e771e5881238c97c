"""pdfpool: renders PDFs in worker processes that import WeasyPrint once and stay warm, so the
caller (the CLI, a batch, the web service) goes on with its own work meanwhile; with a time
limit, a render that overruns is killed with its worker, which is replaced. Never renders in
the calling process."""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from bulletin import pdf
from bulletin.errors import BulletinError

WARM_UP_PAGE = (
    '<html lang="zh-CN"><body><p style="font-family: \'Noto Sans CJK SC\', sans-serif">'
    "一季度 5.3%</p></body></html>"
)
State = Literal["ready", "starting", "broken", "closed"]
LOG = logging.getLogger(__name__)
_PR_SET_PDEATHSIG = 1
_LONGEST_PAUSE = 30.0  # seconds between rebuilds of a pool that keeps failing to start


class RenderTimeout(BulletinError):
    """A PDF took longer than allowed; its worker was stopped and replaced."""


class RendererLost(BulletinError):
    """A renderer process died (or its pool broke) under a PDF, on the retry as well; the pool
    replaces the renderers, so the same request may succeed a little later."""


def _import_engine() -> None:
    pdf.weasyprint()


def _renderer_start() -> None:
    """A timed pool's worker: end with the fork server it came from, then import WeasyPrint."""
    _die_with_parent()
    _import_engine()


def _die_with_parent() -> None:
    """On Linux, ask for SIGKILL when the parent (the fork server) dies. Without it, a killed fork
    server leaves its renderers running unseen, still taking jobs from a pool that has already
    replaced them."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - an unusual libc
        return
    if os.getppid() == 1:  # the parent died before the request took effect
        os._exit(1)


def warm_up() -> None:
    """Render a tiny page: loads fontconfig, Pango and the CJK face before real work arrives."""
    pdf.render_pdf(WARM_UP_PAGE)


@dataclass
class _Generation:
    """One pebble pool and what was sent to it; a broken pool is replaced by a new generation."""

    pool: Any
    ready: list[Future[None]]
    jobs: set[Future[bytes]] = field(default_factory=set)


Job = tuple[str, str, "dict[str, Path] | None"]


class PdfPool:
    """A pool of PDF renderers. Start it early: each worker imports WeasyPrint, the slow part of
    a cold start, while the caller reads data and renders text. Workers are forked, so starting
    the pool before the caller's own heavy imports keeps them small.

    Without a time limit the pool is the standard library's process pool (quick to start: the
    CLI's case). With ``timeout`` it is pebble's, which kills a worker whose task overruns and
    starts a new one, without disturbing the other workers' tasks (the web service's case).
    That pool also survives lost processes: a job whose renderer dies is run again once
    (``retries``; rendering is idempotent), and a pool that broke (its fork server was killed,
    say) is replaced by a new one on the next job or `repair`; `state` says which.
    """

    def __init__(
        self,
        workers: int = 1,
        warm: bool = False,
        timeout: float | None = None,
        max_tasks: int = 0,
        retries: int = 1,
    ) -> None:
        self.workers = workers
        self.timeout = timeout
        self.retries = retries
        self.rebuilds = 0
        self._max_tasks = max_tasks
        self._first = warm_up if warm else _import_engine
        self._executor: ProcessPoolExecutor | None = None
        self._gen: _Generation | None = None
        self._lock = threading.Lock()
        self._closed = False
        self._pause = 0.0  # before the next rebuild; doubles while new pools fail to start
        self._not_before = 0.0
        if timeout is None:
            # Forked: quick, and the caller (the CLI) has no other threads yet.
            context = multiprocessing.get_context("fork")
            self._executor = ProcessPoolExecutor(workers, context, initializer=_import_engine)
            self._ready = [self._executor.submit(self._first) for _ in range(workers)]
        else:
            self._gen = self._start()

    def _start(self) -> _Generation:
        import pebble

        # A server has threads of its own, and pebble starts replacement workers from a
        # thread: they come from a clean fork server instead of the busy process.
        server = multiprocessing.get_context("forkserver")
        pool = pebble.ProcessPool(
            self.workers, max_tasks=self._max_tasks, initializer=_renderer_start, context=server
        )
        return _Generation(pool, [pool.schedule(self._first) for _ in range(self.workers)])

    # -- jobs ---------------------------------------------------------------------------------

    def submit(
        self, html: str, variant: str = pdf.DEFAULT_VARIANT, assets: dict[str, Path] | None = None
    ) -> Future[bytes]:
        if self._executor is not None:
            return self._executor.submit(pdf.render_pdf, html, variant, assets)
        outcome: Future[bytes] = Future()
        self._attempt(outcome, (html, variant, assets), self.retries)
        return outcome

    def _attempt(self, outcome: Future[bytes], job: Job, retries: int) -> None:
        try:
            with self._lock:
                if self._closed:
                    raise RendererLost("the PDF renderers have been shut down")
                gen = self._current()
                attempt: Future[bytes] = gen.pool.schedule(
                    pdf.render_pdf, args=job, timeout=self.timeout
                )
                gen.jobs.add(attempt)
        except (RuntimeError, RendererLost) as e:  # pebble: "the Pool is not active"
            outcome.set_exception(
                e if isinstance(e, RendererLost) else RendererLost(f"no PDF renderer: {e}")
            )
            return
        attempt.add_done_callback(lambda done: self._settle(outcome, job, retries, gen, done))

    def _settle(
        self,
        outcome: Future[bytes],
        job: Job,
        retries: int,
        gen: _Generation,
        attempt: Future[bytes],
    ) -> None:
        """Runs in one of pebble's threads when an attempt ends; a retry starts in a thread of
        its own, never in pebble's (a rebuild retires pebble's threads)."""
        gen.jobs.discard(attempt)
        if outcome.done():
            return
        try:
            outcome.set_result(attempt.result())
            return
        except CancelledError as e:
            error: BaseException = e
        except BaseException as e:
            error = e
        if _lost(error) and retries > 0 and not self._closed:
            LOG.info("a PDF renderer was lost (%s); rendering the PDF again", _describe(error))
            threading.Thread(
                target=self._attempt, args=(outcome, job, retries - 1), daemon=True
            ).start()
            return
        if _lost(error):
            lost = RendererLost(
                f"the PDF renderer was lost ({_describe(error)}); try again in a moment"
            )
            lost.__cause__ = error
            error = lost
        outcome.set_exception(error)

    @staticmethod
    def result(future: Future[bytes]) -> bytes:
        """The PDF of a submitted job; a job that ran out of time is a `RenderTimeout`, one whose
        renderers kept dying a `RendererLost`."""
        try:
            return future.result()
        except FutureTimeout as e:
            raise RenderTimeout(
                "rendering the PDF took too long; the renderer was stopped and replaced"
            ) from e
        except BrokenProcessPool as e:  # the standard library's pool lost a worker
            raise RendererLost(f"the PDF renderers stopped ({_describe(e)})") from e

    # -- health -------------------------------------------------------------------------------

    @property
    def state(self) -> State:
        """``ready`` (renders now), ``starting`` (new renderers still loading), ``broken``
        (cannot render until rebuilt: `repair`, or the next job, does it) or ``closed``."""
        if self._closed:
            return "closed"
        if self._executor is not None:
            return "broken" if getattr(self._executor, "_broken", False) else "ready"
        gen = self._gen
        assert gen is not None
        if not gen.pool.active:
            return "broken"
        if not all(f.done() for f in gen.ready):
            return "starting"
        if any(f.cancelled() or _lost(f.exception()) for f in gen.ready):
            return "broken"  # renderers died while they started
        return "ready"

    def repair(self) -> bool:
        """Replace a broken pool (not more often than a pause that grows while replacements
        fail too); True if a new pool was started."""
        with self._lock:
            if self._closed or self._executor is not None:
                return False
            state = self.state
            if state == "ready":
                self._pause = 0.0
            if state != "broken" or time.monotonic() < self._not_before:
                return False
            self._rebuild()
        return True

    def _current(self) -> _Generation:
        """The pool to send a job to, rebuilt first if it broke (the lock is held)."""
        assert self._gen is not None
        if self._gen.pool.active:
            return self._gen
        if time.monotonic() < self._not_before:
            raise RendererLost("the PDF renderers are restarting; try again in a moment")
        self._rebuild()
        return self._gen

    def _rebuild(self) -> None:
        old = self._gen
        assert old is not None
        self.rebuilds += 1
        LOG.warning("the PDF renderers stopped working; starting new ones")
        self._gen = self._start()
        self._not_before = time.monotonic() + self._pause
        self._pause = min(_LONGEST_PAUSE, max(1.0, self._pause * 2))
        threading.Thread(target=_retire, args=(old,), daemon=True).start()

    def ready(self, timeout: float | None = None) -> None:
        """Wait until every worker has imported WeasyPrint (and warmed up, if asked to)."""
        futures = self._gen.ready if self._gen is not None else self._ready
        for future in futures:
            future.result(timeout=timeout)

    def close(self, wait: bool = True) -> None:
        """Stop the workers; ``wait=False`` returns without waiting for them to exit."""
        with self._lock:
            self._closed = True
        if self._executor is not None:
            self._executor.shutdown(wait=wait, cancel_futures=True)
        elif self._gen is not None:
            self._gen.pool.stop()
            if wait:
                self._gen.pool.join()

    def __enter__(self) -> PdfPool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def _lost(error: BaseException | None) -> bool:
    """Did the job fail because its process (or pool) went away, rather than by itself?"""
    from pebble import ProcessExpired

    return isinstance(error, ProcessExpired | BrokenProcessPool)


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def _retire(gen: _Generation) -> None:
    """Stop a replaced pool, then fail whatever it still held, so those jobs are retried in the
    new pool instead of waiting forever."""
    try:
        gen.pool.stop()
        gen.pool.join()
    except Exception as e:  # pragma: no cover - a pool that broke in a new way
        LOG.warning("stopping the old PDF renderers: %s", _describe(e))
    for job in list(gen.jobs):
        if not job.done():
            with suppress(Exception):  # it finished meanwhile
                job.set_exception(BrokenProcessPool("the PDF renderers were replaced"))
