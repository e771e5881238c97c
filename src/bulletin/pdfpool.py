"""pdfpool: renders PDFs in worker processes that import WeasyPrint once and stay warm, so the
caller (the CLI, a batch, the web service) goes on with its own work meanwhile; with a time
limit, a render that overruns is killed with its worker, which is replaced. Never renders in
the calling process."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from types import TracebackType
from typing import Any

from bulletin import pdf
from bulletin.errors import BulletinError

WARM_UP_PAGE = (
    '<html lang="zh-CN"><body><p style="font-family: \'Noto Sans CJK SC\', sans-serif">'
    "一季度 5.3%</p></body></html>"
)


class RenderTimeout(BulletinError):
    """A PDF took longer than allowed; its worker was stopped and replaced."""


def _import_engine() -> None:
    pdf.weasyprint()


def warm_up() -> None:
    """Render a tiny page: loads fontconfig, Pango and the CJK face before real work arrives."""
    pdf.render_pdf(WARM_UP_PAGE)


class PdfPool:
    """A pool of PDF renderers. Start it early: each worker imports WeasyPrint, the slow part of
    a cold start, while the caller reads data and renders text. Workers are forked, so starting
    the pool before the caller's own heavy imports keeps them small.

    Without a time limit the pool is the standard library's process pool (quick to start: the
    CLI's case). With ``timeout`` it is pebble's, which kills a worker whose task overruns and
    starts a new one, without disturbing the other workers' tasks (the web service's case).
    """

    def __init__(
        self,
        workers: int = 1,
        warm: bool = False,
        timeout: float | None = None,
        max_tasks: int = 0,
    ) -> None:
        self.workers = workers
        self.timeout = timeout
        self._pebble: Any = None
        self._executor: ProcessPoolExecutor | None = None
        first = warm_up if warm else _import_engine
        if timeout is None:
            # Forked: quick, and the caller (the CLI) has no other threads yet.
            context = multiprocessing.get_context("fork")
            self._executor = ProcessPoolExecutor(workers, context, initializer=_import_engine)
            self._ready = [self._executor.submit(first) for _ in range(workers)]
        else:
            import pebble

            # A server has threads of its own, and pebble starts replacement workers from a
            # thread: they come from a clean fork server instead of the busy process.
            server = multiprocessing.get_context("forkserver")
            self._pebble = pebble.ProcessPool(
                workers, max_tasks=max_tasks, initializer=_import_engine, context=server
            )
            self._ready = [self._pebble.schedule(first) for _ in range(workers)]

    def submit(
        self, html: str, variant: str = pdf.DEFAULT_VARIANT, assets: dict[str, Path] | None = None
    ) -> Future[bytes]:
        if self._executor is not None:
            return self._executor.submit(pdf.render_pdf, html, variant, assets)
        future: Future[bytes] = self._pebble.schedule(
            pdf.render_pdf, args=(html, variant, assets), timeout=self.timeout
        )
        return future

    @staticmethod
    def result(future: Future[bytes]) -> bytes:
        """The PDF of a submitted job; a job that ran out of time is a `RenderTimeout`."""
        try:
            return future.result()
        except FutureTimeout as e:
            raise RenderTimeout(
                "rendering the PDF took too long; the renderer was stopped and replaced"
            ) from e

    def ready(self, timeout: float | None = None) -> None:
        """Wait until every worker has imported WeasyPrint (and warmed up, if asked to)."""
        for future in self._ready:
            future.result(timeout=timeout)

    def close(self, wait: bool = True) -> None:
        """Stop the workers; ``wait=False`` returns without waiting for them to exit."""
        if self._executor is not None:
            self._executor.shutdown(wait=wait, cancel_futures=True)
        else:
            self._pebble.stop()
            if wait:
                self._pebble.join()

    def __enter__(self) -> PdfPool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
