"""progress: how a batch reports to a person (a rich progress bar on a terminal, plain log
lines otherwise); renders nothing."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click


@contextmanager
def batch_reporter() -> Iterator[Callable[[str, int, int, str], None]]:
    """A rich progress bar on a terminal; plain log lines otherwise (CI, pipes, files)."""
    if not sys.stderr.isatty():
        total = [0]

        def log(event: str, done: int, failed: int, message: str) -> None:
            if event == "start":
                total[0] = int(message.split()[0])
                click.echo(f"batch: {message}", err=True)
            else:
                mark = "FAILED" if event == "failed" else "ok"
                click.echo(f"[{done}/{total[0]}] {mark} {message.splitlines()[0]}", err=True)

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
    with Progress(*columns, transient=False) as progress:
        task_id = progress.add_task("batch", total=None, failed=0, rate="-")
        started = time.perf_counter()

        def show(event: str, done: int, failed: int, message: str) -> None:
            if event == "start":
                progress.update(task_id, total=int(message.split()[0]), completed=done)
                return
            rate = done / max(time.perf_counter() - started, 1e-6)
            progress.update(task_id, completed=done, failed=failed, rate=f"{rate:.1f}")

        yield show
