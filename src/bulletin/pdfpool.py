"""pdfpool: renders PDFs in worker processes that import WeasyPrint once and stay warm, so the
caller (the CLI, a batch, a web server) goes on with its own work meanwhile; never renders in
the calling process."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from types import TracebackType

from bulletin import pdf

WARM_UP_PAGE = (
    '<html lang="zh-CN"><body><p style="font-family: \'Noto Sans CJK SC\', sans-serif">'
    "一季度 5.3%</p></body></html>"
)


def _import_engine() -> None:
    pdf.weasyprint()


def warm_up() -> None:
    """Render a tiny page: loads fontconfig, Pango and the CJK face before real work arrives."""
    pdf.render_pdf(WARM_UP_PAGE)


class PdfPool:
    """A pool of PDF renderers. Start it early: each worker imports WeasyPrint (the slow part of
    a cold start) while the caller reads data and renders text.

    Workers are forked, so starting the pool before the caller's own heavy imports keeps them
    small; they need nothing from the caller but the HTML they are given.
    """

    def __init__(self, workers: int = 1, warm: bool = False) -> None:
        context = multiprocessing.get_context("fork")
        self._executor = ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_import_engine
        )
        # Submitting makes the executor start its workers now rather than at the first PDF.
        self._ready = [
            self._executor.submit(warm_up if warm else _import_engine) for _ in range(workers)
        ]

    def submit(
        self, html: str, variant: str = pdf.DEFAULT_VARIANT, assets: dict[str, Path] | None = None
    ) -> Future[bytes]:
        return self._executor.submit(pdf.render_pdf, html, variant, assets)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> PdfPool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
