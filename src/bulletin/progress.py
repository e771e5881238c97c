"""progress: how a batch reports to a person (a rich progress bar on a terminal, plain log
lines otherwise); renders nothing."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from bulletin.batch import BatchEvent


@contextmanager
def batch_reporter() -> Iterator[Callable[[BatchEvent], None]]:
    """A rich progress bar on a terminal; plain log lines otherwise (CI, pipes, files)."""
    if not sys.stderr.isatty():

        def log(event: BatchEvent) -> None:
            if event.kind == "start":
                click.echo(f"batch: {event.text}", err=True)
            else:
                mark = "FAILED" if event.kind == "failed" else "ok"
                click.echo(f"[{event.done}/{event.total}] {mark} {event.text}", err=True)

        yield log
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("[bold]batch"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("[red]{task.fields[failed]} failed"),
        TextColumn("{task.fields[rate]} items/s"),
        TextColumn("elapsed"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
    )
    # No refresh thread (auto_refresh): the batch forks its workers while this is shown, and
    # forking a process that has other threads risks deadlocks in the children. Each event
    # refreshes the display; there are several a second.
    with Progress(*columns, transient=False, auto_refresh=False) as progress:
        task_id = progress.add_task("batch", total=None, failed=0, rate="-")
        started, first = time.perf_counter(), 0

        def show(event: BatchEvent) -> None:
            nonlocal first
            rate = "-"
            if event.kind == "start":
                first = event.done  # up to date or unreadable: not rendered, not in the rate
            else:
                elapsed = max(time.perf_counter() - started, 1e-6)
                rate = f"{(event.done - first) / elapsed:.1f}"
            progress.update(
                task_id, total=event.total, completed=event.done, failed=event.failed, rate=rate
            )
            progress.refresh()

        yield show
