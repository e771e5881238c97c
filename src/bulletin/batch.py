"""batch: renders many data files × languages × formats in parallel, in local worker processes
or on a Dask cluster; skips outputs that are up to date, survives bad inputs, writes every
output atomically and records the run in out/manifest.json."""

from __future__ import annotations

import glob
import hashlib
import json
import os
import resource
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, as_completed
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bulletin import __version__
from bulletin.errors import BulletinError, UsageError
from bulletin.locales import available_languages
from bulletin.output import write_atomic
from bulletin.project import Project

MANIFEST = "manifest.json"
DATA_SUFFIXES = (".yaml", ".yml", ".json")


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
    """Render one task in a worker; a bad input becomes an error in the result, not a crash.
    Works the same in a local process and on a Dask worker (it reads no files but the
    project's own templates and catalogs)."""
    from bulletin.loading import dataset_from_text
    from bulletin.pipeline import Options, build_documents, check_request, facts_from
    from bulletin.project import find_project

    started, cpu = time.perf_counter(), time.process_time()
    result = TaskResult(task.source, task.language, pid=os.getpid())
    try:
        project = find_project()
        options = Options(pdf_variant=task.pdf_variant)
        languages, formats = check_request(project, [task.language], task.formats, options)
        dataset, marks = dataset_from_text(task.text, task.source, task.source.endswith(".json"))
        facts = facts_from(dataset, task.source, marks)
        for document in build_documents(facts, languages, formats, project, options):
            result.outputs[document.format] = document.content
    except BulletinError as e:
        result.error = str(e)
    result.seconds = time.perf_counter() - started
    result.cpu_seconds = time.process_time() - cpu
    result.rss_mb = _rss_mb()
    return result


def _rss_mb() -> float:
    """This process's resident memory now (Linux), else its peak."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def expand_inputs(patterns: Iterable[str]) -> list[Path]:
    """Data files named by directories, glob patterns (``data/**/*.yaml``) or paths."""
    found: list[Path] = []
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix.lower() in DATA_SUFFIXES)
        elif any(ch in pattern for ch in "*?["):
            found += sorted(
                Path(p)
                for p in glob.glob(pattern, recursive=True)
                if Path(p).suffix.lower() in DATA_SUFFIXES
            )
        else:
            found.append(path)
    unique = list(dict.fromkeys(found))
    if not unique:
        raise UsageError(f"no data files found in {', '.join(patterns)}")
    return unique


def environment_fingerprint(project: Project, options: dict[str, str]) -> str:
    """What besides the input decides the output: version, templates, catalogs, options."""
    digest = hashlib.sha256(
        f"bulletin {__version__}\n{json.dumps(options, sort_keys=True)}".encode()
    )
    for folder, pattern in ((project.templates, "**/*"), (project.locales, "**/*.po")):
        for path in sorted(p for p in folder.glob(pattern) if p.is_file()):
            digest.update(str(path.relative_to(project.root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Manifest:
    """out/manifest.json: one entry per output, plus the run's failures and totals."""

    path: Path
    outputs: dict[str, dict[str, Any]] = field(default_factory=dict)
    failures: list[dict[str, str]] = field(default_factory=list)
    run: dict[str, Any] = field(default_factory=dict)
    _saved_at: float = field(default=float("-inf"), repr=False)

    @classmethod
    def load(cls, path: Path) -> Manifest:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(path, dict(data.get("outputs", {})))
        except (OSError, ValueError, AttributeError):
            return cls(path)  # no manifest, or a broken one: everything is rebuilt

    def up_to_date(self, name: str, fingerprint: str, out_dir: Path) -> bool:
        entry = self.outputs.get(name)
        target = out_dir / name
        if not entry or entry.get("fingerprint") != fingerprint or not target.is_file():
            return False
        return bool(_sha256(target.read_bytes()) == entry.get("sha256"))

    def save_now_and_then(self, interval: float = 0.5) -> None:
        """Save unless saved less than ``interval`` seconds ago: at most that much finished
        work is rendered again after an interruption, and the manifest (rewritten whole, with
        an fsync) does not cost more than the rendering."""
        now = time.monotonic()
        if now - self._saved_at >= interval:
            self.save()

    def save(self) -> None:
        document = {
            "bulletin_version": __version__,
            "run": self.run,
            "outputs": dict(sorted(self.outputs.items())),
            "failures": self.failures,
        }
        write_atomic(self.path, json.dumps(document, ensure_ascii=False, indent=2).encode())
        self._saved_at = time.monotonic()


@dataclass
class Summary:
    planned: int = 0
    skipped: int = 0
    written: int = 0
    failed: int = 0
    seconds: float = 0.0
    cpu_seconds_by_format: dict[str, float] = field(default_factory=dict)
    rss_by_worker: dict[int, list[float]] = field(default_factory=dict)


Report = Callable[[str, int, int, str], None]  # (event, done, failed, message)


@dataclass(frozen=True)
class Plan:
    tasks: list[Task]
    names: dict[tuple[str, str, str], str]
    fingerprints: dict[str, str]
    inputs: dict[str, str]


def declared_languages(text: str, fallback: list[str]) -> list[str]:
    r"""The languages a data file declares (``release.languages``), read without validating
    the file (a bad file is reported by its task); ``fallback`` if it says nothing usable.

    >>> declared_languages("release:\n  languages: [en]\n", ["en", "zh-CN"])
    ['en']
    >>> declared_languages("release: [", ["en", "zh-CN"])
    ['en', 'zh-CN']
    """
    try:
        document = yaml.safe_load(text)
        languages = document["release"]["languages"]
    except (yaml.YAMLError, TypeError, KeyError):
        return fallback
    if isinstance(languages, list) and languages and all(isinstance(x, str) for x in languages):
        return [x for x in languages if x in fallback] or fallback
    return fallback


def plan(
    inputs: list[Path],
    languages: list[str] | None,
    formats: list[str],
    out_dir: Path,
    project: Project,
    pdf_variant: str,
    manifest: Manifest,
    force: bool,
    summary: Summary,
) -> Plan:
    """The tasks still to do, with output names and fingerprints; up-to-date outputs are
    counted as skipped. ``languages=None``: each file's own (see `declared_languages`)."""
    shipped = available_languages(project)
    environment = environment_fingerprint(project, {"pdf_variant": pdf_variant})
    tasks, names, fingerprints, input_hashes = [], {}, {}, {}
    owners: dict[str, str] = {}
    for path in inputs:
        source = str(path)
        try:
            raw = path.read_bytes()
            text = raw.decode("utf-8")
        except (OSError, UnicodeDecodeError) as e:
            summary.planned += len(languages or shipped) * len(formats)
            summary.failed += len(languages or shipped) * len(formats)
            manifest.failures.append({"input": source, "language": "*", "error": f"{source}: {e}"})
            continue
        input_hashes[source] = _sha256(raw)
        for language in languages or declared_languages(text, shipped):
            todo = []
            for fmt in formats:
                name = f"{path.stem}.{language}.{fmt}"
                if owners.setdefault(name, source) != source:
                    raise UsageError(
                        f"{owners[name]} and {source} would both write {name}; "
                        "give data files distinct names"
                    )
                fingerprint = _sha256(f"{environment}|{input_hashes[source]}|{name}".encode())
                names[(source, language, fmt)] = name
                fingerprints[name] = fingerprint
                summary.planned += 1
                if not force and manifest.up_to_date(name, fingerprint, out_dir):
                    summary.skipped += 1
                else:
                    todo.append(fmt)
            if todo:
                tasks.append(Task(source, text, language, tuple(todo), pdf_variant))
    return Plan(tasks, names, fingerprints, input_hashes)


@contextmanager
def executor_for(scheduler: str | None, workers: int) -> Iterator[Executor]:
    """Local worker processes, or a Dask cluster ('local' starts one on this machine)."""
    if scheduler is None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, context, initializer=warm_worker) as executor:
            yield executor
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:  # pragma: no cover - a dependency of the project
        raise UsageError("--scheduler needs dask.distributed: pip install distributed") from e
    with ExitStack() as stack:
        if scheduler == "local":
            cluster = stack.enter_context(
                LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
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
        yield client.get_executor(pure=False)


def run_batch(
    inputs: list[Path],
    languages: list[str] | None,
    formats: list[str],
    out_dir: Path,
    project: Project,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    force: bool = False,
    pdf_variant: str = "pdf/ua-1",
    report: Report | None = None,
) -> tuple[Summary, Manifest]:
    """Render everything not up to date; every output is written as soon as it is ready."""
    started = time.perf_counter()
    manifest = Manifest.load(out_dir / MANIFEST)
    summary = Summary()
    work = plan(inputs, languages, formats, out_dir, project, pdf_variant, manifest, force, summary)
    done = summary.skipped + summary.failed
    notify = report or (lambda *_: None)
    notify(
        "start", done, summary.failed, f"{summary.planned} outputs, {summary.skipped} up to date"
    )
    manifest.run = {
        "inputs": sorted(work.inputs),
        "languages": languages,
        "formats": formats,
        "workers": workers,
        "scheduler": scheduler or "local processes",
    }
    if work.tasks:
        with executor_for(scheduler, workers) as executor:
            futures: dict[Future[TaskResult], Task] = {
                executor.submit(render_task, task): task for task in work.tasks
            }
            try:
                _collect(futures, work, out_dir, manifest, summary, notify, done)
            except KeyboardInterrupt:
                for future in futures:  # what has not started is dropped; the rest resumes
                    future.cancel()
                manifest.save()
                raise
    summary.seconds = time.perf_counter() - started
    manifest.run |= {
        "seconds": round(summary.seconds, 3),
        **{
            k: v
            for k, v in asdict(summary).items()
            if k in ("planned", "skipped", "written", "failed")
        },
    }
    manifest.save()
    return summary, manifest


def _collect(
    futures: dict[Future[TaskResult], Task],
    work: Plan,
    out_dir: Path,
    manifest: Manifest,
    summary: Summary,
    notify: Report,
    done: int,
) -> None:
    """Write each task's outputs as soon as it finishes."""
    for future in as_completed(futures):
        task = futures[future]
        try:
            result = future.result()
        except Exception as e:  # a worker that crashed (or a lost Dask worker) fails its task
            result = TaskResult(task.source, task.language, error=f"worker failed: {e}")
        done += len(task.formats)
        _record(result, task, work, out_dir, manifest, summary)
        manifest.save_now_and_then()  # an interrupted run resumes from the last save
        notify(
            "failed" if result.error else "done",
            done,
            summary.failed,
            result.error
            or f"{task.source} {task.language} {','.join(task.formats)} ({result.seconds:.2f} s)",
        )


def _record(
    result: TaskResult, task: Task, work: Plan, out_dir: Path, manifest: Manifest, summary: Summary
) -> None:
    if result.pid:
        summary.rss_by_worker.setdefault(result.pid, []).append(result.rss_mb)
    if result.error:
        summary.failed += len(task.formats)
        manifest.failures.append(
            {"input": task.source, "language": task.language, "error": result.error}
        )
        return
    share = result.cpu_seconds / max(len(task.formats), 1)
    for fmt in task.formats:
        name = work.names[(task.source, task.language, fmt)]
        content = result.outputs[fmt]
        write_atomic(out_dir / name, content)
        summary.written += 1
        summary.cpu_seconds_by_format[fmt] = summary.cpu_seconds_by_format.get(fmt, 0.0) + share
        manifest.outputs[name] = {
            "input": task.source,
            "input_sha256": work.inputs[task.source],
            "language": task.language,
            "format": fmt,
            "sha256": _sha256(content),
            "bytes": len(content),
            "seconds": round(result.seconds / len(task.formats), 4),
            "fingerprint": work.fingerprints[name],
        }
