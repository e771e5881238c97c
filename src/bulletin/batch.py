"""batch: renders many data files × languages × formats in parallel, in local worker processes
or on a Dask cluster; skips outputs that are up to date, confines every failure (a bad input,
a crashed worker, an output that cannot be written) to its own outputs, writes every output
atomically and records the run in out/manifest.json, also when interrupted."""

from __future__ import annotations

import glob
import hashlib
import json
import time
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from bulletin import __version__
from bulletin.batch_workers import (
    Task,
    TaskResult,
    Terminated,
    held_stop_signals,
    stop_signals,
    unexpected,
    workers_for,
)
from bulletin.errors import BulletinError, UsageError
from bulletin.locales import available_languages
from bulletin.output import write_atomic
from bulletin.project import Project

__all__ = [
    "BatchEvent",
    "Manifest",
    "Summary",
    "Task",
    "TaskResult",
    "Terminated",
    "expand_inputs",
    "run_batch",
    "stop_signals",
]

MANIFEST = "manifest.json"
DATA_SUFFIXES = (".yaml", ".yml", ".json")


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
    """What besides the input decides the output: version, options, and in the project and
    the bundled one behind it: templates, kinds, catalogs, units and house style."""
    digest = hashlib.sha256(
        f"bulletin {__version__}\n{json.dumps(options, sort_keys=True)}".encode()
    )
    for p in project.chain():
        sources = [(p.templates, "**/*"), (p.kinds_folder, "**/*"), (p.locales, "**/*.po")]
        sources += [(p.root, "units.yaml"), (p.root, "bulletin.toml")]
        for folder, pattern in sources:
            for path in sorted(f for f in folder.glob(pattern) if f.is_file()):
                if path.suffix == ".yaml" and "kinds" in path.parts and path.name != "kind.yaml":
                    continue  # a kind's sample data is an input, not the environment
                digest.update(str(path.relative_to(p.root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Manifest:
    """out/manifest.json: one entry per output, plus the run's failures and totals."""

    path: Path
    outputs: dict[str, dict[str, Any]] = field(default_factory=dict)
    failures: list[dict[str, Any]] = field(default_factory=list)
    run: dict[str, Any] = field(default_factory=dict)
    _saved_at: float = field(default=float("-inf"), repr=False)

    @classmethod
    def load(cls, path: Path) -> Manifest:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(path, dict(data.get("outputs", {})))
        except (OSError, ValueError, AttributeError, TypeError):
            return cls(path)  # no manifest, or a broken one: everything is rebuilt

    def up_to_date(self, name: str, fingerprint: str, out_dir: Path) -> bool:
        entry = self.outputs.get(name)
        target = out_dir / name
        try:
            if not entry or entry.get("fingerprint") != fingerprint or not target.is_file():
                return False
            return bool(_sha256(target.read_bytes()) == entry.get("sha256"))
        except OSError:  # unreadable: rendered again
            return False

    def save_now_and_then(self, interval: float = 0.5) -> None:
        """Save unless saved less than ``interval`` seconds ago: at most that much finished
        work is rendered again after an interruption, and the manifest (rewritten whole, with
        an fsync) does not cost more than the rendering. A save that fails (a full disk) is
        tried again next time."""
        now = time.monotonic()
        if now - self._saved_at >= interval:
            self._saved_at = now
            self.try_save()

    def try_save(self) -> str | None:
        """Save; the reason if it could not be saved."""
        try:
            self.save()
        except (BulletinError, OSError) as e:
            return str(e)
        return None

    def save(self) -> None:
        document = {
            "bulletin_version": __version__,
            "run": self.run,
            "outputs": dict(sorted(self.outputs.items())),
            "failures": self.failures,
        }
        write_atomic(self.path, json.dumps(document, ensure_ascii=False, indent=2).encode())
        self._saved_at = time.monotonic()

    def fail(self, source: str, language: str, outputs: list[str], error: str) -> None:
        self.failures.append(
            {"input": source, "language": language, "outputs": outputs, "error": error}
        )


@dataclass
class Summary:
    planned: int = 0
    skipped: int = 0
    written: int = 0
    failed: int = 0
    seconds: float = 0.0
    cpu_seconds_by_format: dict[str, float] = field(default_factory=dict)
    rss_by_worker: dict[int, list[float]] = field(default_factory=dict)
    manifest_error: str | None = None  # why the manifest could not be saved at the end


@dataclass(frozen=True)
class BatchEvent:
    """What a batch tells its reporter: the start (``total`` known), then each task as it ends.
    ``done`` counts outputs finished so far (written, up to date or failed)."""

    kind: Literal["start", "done", "failed"]
    done: int
    failed: int
    total: int
    text: str  # one line for a log: the task and its time, or its first error line


Report = Callable[[BatchEvent], None]


@dataclass(frozen=True)
class Plan:
    tasks: list[Task]
    names: dict[tuple[str, str, str], str]
    fingerprints: dict[str, str]
    inputs: dict[str, str]


def declared_languages(text: str, fallback: list[str]) -> list[str]:
    r"""The languages a data file declares (``release.languages``), read without validating
    the file (a bad file is reported by its task); ``fallback`` if it says nothing usable, or
    cannot be read at all (whatever the parser raises: the task reports it, located).

    >>> declared_languages("release:\n  languages: [en]\n", ["en", "zh-CN"])
    ['en']
    >>> declared_languages("release: [", ["en", "zh-CN"])
    ['en', 'zh-CN']
    >>> declared_languages("[" * 10000, ["en"])
    ['en']
    """
    try:
        document = yaml.safe_load(text)
        languages = document["release"]["languages"]
    except Exception:  # a YAML error, a date that does not exist, a too deep nesting...
        return fallback
    if isinstance(languages, list) and languages and all(isinstance(x, str) for x in languages):
        return [x for x in languages if x in fallback] or fallback
    return fallback


def _read_input(path: Path) -> tuple[bytes, str]:
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise BulletinError(f"{source}: cannot read: {e.strerror or e}") from e
    try:
        return raw, raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise BulletinError(
            f"{source}: not UTF-8 text ({e.reason} at byte {e.start}) (hint: save the file "
            "as UTF-8)"
        ) from e


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
    counted as skipped, the outputs of an input that cannot be read as failed. ``languages=
    None``: each file's own (see `declared_languages`)."""
    shipped = available_languages(project)
    environment = environment_fingerprint(project, {"pdf_variant": pdf_variant})
    tasks, names, fingerprints, input_hashes = [], {}, {}, {}
    owners: dict[str, str] = {}
    for path in inputs:
        source = str(path)
        try:
            raw, text = _read_input(path)
            wanted = languages or declared_languages(text, shipped)
        except Exception as e:
            error = str(e) if isinstance(e, BulletinError) else unexpected(source, e)
            for language in languages or shipped:
                outputs = [f"{path.stem}.{language}.{fmt}" for fmt in formats]
                summary.planned += len(outputs)
                summary.failed += len(outputs)
                manifest.fail(source, language, outputs, error)
            continue
        input_hashes[source] = _sha256(raw)
        for language in wanted:
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
    """Render everything not up to date; every output is written as soon as it is ready.

    A failure (a bad input, a crashed worker, an output that cannot be written) fails only its
    own outputs and is recorded in the manifest. An interrupt (`KeyboardInterrupt`; inside
    `stop_signals`, also `Terminated` for SIGTERM) stops the workers at once, saves the
    manifest with everything finished so far, and propagates."""
    started = time.perf_counter()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UsageError(f"cannot create the output folder {out_dir}: {e.strerror or e}") from e
    manifest = Manifest.load(out_dir / MANIFEST)
    summary = Summary()
    work = plan(inputs, languages, formats, out_dir, project, pdf_variant, manifest, force, summary)
    _remove_leftovers(out_dir, {*work.names.values(), MANIFEST})
    notify = report or (lambda _: None)
    done = summary.skipped + summary.failed
    notify(
        BatchEvent(
            "start",
            done,
            summary.failed,
            summary.planned,
            f"{summary.planned} outputs, {summary.skipped} up to date",
        )
    )
    manifest.run = {
        "inputs": sorted(work.inputs),
        "languages": languages,
        "formats": formats,
        "workers": workers,
        "scheduler": scheduler or "local processes",
    }
    if work.tasks:
        try:
            with workers_for(scheduler, workers) as pool:
                for task, result in pool.results(work.tasks):
                    done += len(task.formats)
                    errors = _record(result, task, work, out_dir, manifest, summary)
                    manifest.save_now_and_then()  # an interrupted run resumes from the last save
                    notify(_event(task, result, errors, done, summary))
        except BaseException:  # an interrupt (or a bug): keep what is finished
            with held_stop_signals():  # a second Ctrl-C does not cut the save short
                manifest.try_save()
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
    summary.manifest_error = manifest.try_save()
    return summary, manifest


def _remove_leftovers(out_dir: Path, names: set[str]) -> None:
    """Delete the temporary files (``.<name>.<random>.tmp``, see `write_atomic`) that a batch
    killed while writing ``name`` left behind, so that out/ holds only finished files."""
    for path in out_dir.glob(".*.tmp"):
        if path.name[1:].removesuffix(".tmp").rpartition(".")[0] in names:
            with suppress(OSError):  # gone meanwhile, or not ours to delete: left alone
                path.unlink()


def _event(
    task: Task, result: TaskResult, errors: list[str], done: int, summary: Summary
) -> BatchEvent:
    if not errors:
        text = f"{task.source} {task.language} {','.join(task.formats)} ({result.seconds:.2f} s)"
        return BatchEvent("done", done, summary.failed, summary.planned, text)
    lines = [line.strip() for line in errors[0].splitlines() if line.strip()] or ["failed"]
    # "2 problems in the data:" says less than the first problem, which says where.
    first = lines[1] if len(lines) > 1 and lines[0].endswith(":") else lines[0]
    text = f"{task.source} {task.language} {','.join(task.formats)}: {first}"
    return BatchEvent("failed", done, summary.failed, summary.planned, text)


def _record(
    result: TaskResult, task: Task, work: Plan, out_dir: Path, manifest: Manifest, summary: Summary
) -> list[str]:
    """Write a finished task's outputs and record them; each output that cannot be written
    (a full disk, a folder in the way) fails alone. The errors, if any."""
    if result.pid:
        summary.rss_by_worker.setdefault(result.pid, []).append(result.rss_mb)
    names = [work.names[(task.source, task.language, fmt)] for fmt in task.formats]
    if result.error:
        summary.failed += len(task.formats)
        manifest.fail(task.source, task.language, names, result.error)
        return [result.error]
    errors = []
    share = result.cpu_seconds / max(len(task.formats), 1)
    for fmt, name in zip(task.formats, names, strict=True):
        content = result.outputs.get(fmt)
        try:
            if content is None:
                raise BulletinError(f"{task.source}: no {fmt} output was rendered")
            write_atomic(out_dir / name, content)
        except (BulletinError, OSError) as e:
            error = (
                str(e)
                if isinstance(e, BulletinError)
                else f"cannot write {out_dir / name}: {e.strerror or e}"
            )
            summary.failed += 1
            manifest.fail(task.source, task.language, [name], error)
            errors.append(error)
            continue
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
    return errors
