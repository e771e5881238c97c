"""http: the HTTP door (FastAPI): bulletins, validation, schema, samples and the preview page,
over the same pipeline as the CLI; PDFs render in a process pool, off the event loop.

Work is admitted in two lanes, each with a bounded queue: text work (reading and checking the
data, Markdown, HTML, preparing a PDF) runs in a few threads, PDFs in the renderer processes.
A full lane answers 503 with Retry-After at once; the render time limit counts running time
only, never time spent waiting in a queue."""

from __future__ import annotations

import asyncio
import copy
import logging
import os
import re
import stat
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from babel import Locale
from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bulletin import __version__
from bulletin.errors import (
    BulletinError,
    CatalogError,
    DataError,
    Problem,
    UsageError,
)
from bulletin.kinds import read_kind
from bulletin.loading import dataset_from_text
from bulletin.locales import available_languages
from bulletin.pdfpool import PdfPool, RendererLost, RenderTimeout
from bulletin.pipeline import (
    FORMATS,
    PDF_VARIANTS,
    Options,
    check_rendering,
    facts_from,
    render_request,
)
from bulletin.project import Project, find_project
from bulletin.schema import data_schema
from bulletin.vocabulary import Dataset

MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}
JSON_TYPES = {"application/json"}
YAML_TYPES = {"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"}
SAMPLE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
PREVIEW = Path(__file__).parent / "preview"
RETRY_AFTER = 2  # seconds, in every 503
SUPERVISE_EVERY = 0.25  # seconds between looks at the PDF pool
STARTUP_WAIT = 60.0  # seconds the server waits for warm renderers before it starts listening
UNREADY = {"starting": "starting", "broken": "being replaced", "closed": "stopped"}
LOG = logging.getLogger(__name__)
T = TypeVar("T")

# The request body of /v1/bulletins and /v1/validate, read by the routes themselves (so a body
# over the limit is refused before it is buffered); declared here for the OpenAPI document.
DATA_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": (
            "The data of one release, as in a data file: JSON, or YAML with a YAML content "
            "type. `GET /v1/schema` gives its JSON Schema."
        ),
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "application/yaml": {"schema": {"type": "object"}},
        },
    }
}
ERROR_BODY = {"application/json": {"schema": {"type": "object"}}}
BODY_ERRORS: dict[int | str, dict[str, Any]] = {
    413: {"description": "The body is larger than the limit", "content": ERROR_BODY},
    415: {"description": "Neither JSON nor YAML", "content": ERROR_BODY},
    503: {"description": "Busy, or renderers restarting: see Retry-After", "content": ERROR_BODY},
    504: {"description": "The render ran past the time limit", "content": ERROR_BODY},
}


@dataclass(frozen=True)
class Settings:
    """Limits and resources of one server process."""

    max_body: int = 1 << 20
    render_timeout: float = 20.0  # seconds of rendering (a thread's work, or one PDF)
    pdf_workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    pdf_max_tasks: int = 500  # PDFs per renderer process before it is replaced (a safeguard)
    # Text work is mostly Python under one lock: a few threads keep it busy while some wait on
    # fontconfig, and feed the PDF renderers; more would only stretch each render.
    work_threads: int = 8
    max_queue: int | None = None  # per lane, beyond those running; default 8 per PDF worker
    project_root: str | None = None

    @property
    def queue_limit(self) -> int:
        return self.max_queue if self.max_queue is not None else 8 * self.pdf_workers

    @classmethod
    def from_environment(cls) -> Settings:
        """Settings for `bulletin serve` (which passes them on to uvicorn's workers)."""
        queue = os.environ.get("BULLETIN_MAX_QUEUE")
        return cls(
            max_body=int(os.environ.get("BULLETIN_MAX_BODY", 1 << 20)),
            render_timeout=float(os.environ.get("BULLETIN_RENDER_TIMEOUT", 20)),
            pdf_workers=int(os.environ.get("BULLETIN_PDF_WORKERS", os.cpu_count() or 1)),
            work_threads=int(os.environ.get("BULLETIN_WORK_THREADS", 8)),
            max_queue=int(queue) if queue else None,
        )


class HTTPProblem(Exception):
    """An error response: status, message and, for bad data, every problem."""

    def __init__(
        self, status: int, message: str, headers: dict[str, str] | None = None, **extra: Any
    ) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers
        self.body = {"error": message, **extra}


def _unavailable(message: str) -> HTTPProblem:
    return HTTPProblem(503, message, headers={"Retry-After": str(RETRY_AFTER)})


def _problems(problems: tuple[Problem, ...]) -> list[dict[str, str]]:
    return [{"where": p.where, "what": p.what, "hint": p.hint} for p in problems]


# Causes of a render failure that lie in the posted data, though the pipeline reports them as a
# plain BulletinError (characters no font has: a FontError): the client's to fix (422), not the
# server's (500).
_DATA_CAUSED = ("no installed font can show",)


def _as_problem(error: BaseException, settings: Settings) -> HTTPProblem:
    """The response for a failure of the pipeline or the renderers."""
    if isinstance(error, DataError):
        return HTTPProblem(422, str(error).splitlines()[0], problems=_problems(error.problems))
    if isinstance(error, RenderTimeout):
        return HTTPProblem(504, f"rendering took longer than {settings.render_timeout} s")
    if isinstance(error, RendererLost):
        return _unavailable(str(error))
    if isinstance(error, CatalogError):
        return HTTPProblem(500, str(error), missing=list(error.missing))
    if isinstance(error, UsageError):
        return HTTPProblem(400, str(error))
    if isinstance(error, BulletinError) and any(c in str(error) for c in _DATA_CAUSED):
        return _unlocated(str(error))
    if isinstance(error, BulletinError):
        return HTTPProblem(500, str(error))
    if isinstance(error, RecursionError):
        return _unlocated("the data is nested too deeply")
    raise error


def _unlocated(what: str) -> HTTPProblem:
    """A 422 for a fault of the data that has no place in it."""
    return HTTPProblem(422, what, problems=[{"where": "", "what": what, "hint": ""}])


_ABSOLUTE_PATH = re.compile(
    r"(?<![\w.~/:\\-])/(?:[^\s/'\"`<>()\[\]{},;]+/)+[^\s/'\"`<>()\[\]{},;]*"
)


def _scrubber(root: Path) -> Callable[[Any], Any]:
    """Makes response bodies tell no server paths: the project root becomes relative and any
    other absolute path is cut to its last part."""
    prefixes = sorted({str(root), str(root.resolve())}, key=len, reverse=True)

    def text(value: str) -> str:
        for prefix in prefixes:
            if prefix != "/":
                value = value.replace(prefix + "/", "").replace(prefix, ".")
        return _ABSOLUTE_PATH.sub(lambda m: m.group(0).rstrip("/").rsplit("/", 1)[-1], value)

    def scrub(value: Any) -> Any:
        if isinstance(value, str):
            return text(value)
        if isinstance(value, dict):
            return {k: scrub(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [scrub(v) for v in value]
        return value

    return scrub


def _check_headers(request: Request, limit: int) -> bool:
    """Refuse a body by its declared size or type before reading it; True if it is JSON."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPProblem(413, f"the body is larger than the limit of {limit} bytes")
    kind = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if kind not in JSON_TYPES | YAML_TYPES:
        raise HTTPProblem(
            415, f"unsupported content type {kind!r}; send application/json or application/yaml"
        )
    return kind in JSON_TYPES


async def _body_text(request: Request, limit: int) -> str:
    """The request body as text, refused as soon as it passes ``limit`` bytes."""
    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise HTTPProblem(413, f"the body is larger than the limit of {limit} bytes")
            chunks.append(chunk)
    except ClientDisconnect:
        client = f"{request.client.host}:{request.client.port}" if request.client else "a client"
        LOG.info("%s disconnected after %d bytes of its request body", client, size)
        raise HTTPProblem(400, "the client disconnected before the body was complete") from None
    try:
        return b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError as e:
        raise HTTPProblem(400, "the body is not UTF-8 text") from e


def _dataset(text: str, json_syntax: bool) -> tuple[Dataset, Any]:
    return dataset_from_text(text, "body", json_syntax)


class Lane:
    """Admission for one kind of work: at most ``slots`` run at once and ``queue`` wait; any
    more is refused with a 503 at once rather than left to wait past any time limit."""

    def __init__(self, name: str, slots: int, queue: int) -> None:
        self.name = name
        self.slots = slots
        self.queue = queue
        self.admitted = 0  # running and waiting
        self._free = asyncio.Semaphore(slots)

    def admit(self) -> None:
        if self.admitted >= self.slots + self.queue:
            raise _unavailable(
                f"the server is busy ({self.admitted} {self.name} requests are running or "
                "waiting); try again shortly"
            )
        self.admitted += 1

    def leave(self) -> None:
        self.admitted -= 1

    def leave_when_done(self, future: Future[Any], loop: asyncio.AbstractEventLoop) -> None:
        """Count an admitted request until ``future`` (running elsewhere) is done."""

        def done(_: Future[Any]) -> None:
            with suppress(RuntimeError):  # the loop closed meanwhile: nothing left to count
                loop.call_soon_threadsafe(self.leave)

        future.add_done_callback(done)

    async def run(
        self, work: Callable[[], T], executor: ThreadPoolExecutor, limit: float
    ) -> tuple[bool, T | None]:
        """Run ``work`` in a thread once a slot is free; (False, None) if it is still running
        after ``limit`` seconds. The slot stays taken until the thread is done, so threads
        that overran still count."""
        self.admit()
        try:
            await self._free.acquire()
        except BaseException:
            self.leave()
            raise
        loop = asyncio.get_running_loop()
        try:
            job = loop.run_in_executor(executor, work)
        except BaseException:
            self._free.release()
            self.leave()
            raise

        def finished(done: asyncio.Future[T]) -> None:
            self._free.release()
            self.leave()
            _retrieved(done)

        job.add_done_callback(finished)
        done, _ = await asyncio.wait([job], timeout=limit)
        return (True, job.result()) if done else (False, None)


@dataclass
class Service:
    """What one server process runs on, from startup to shutdown."""

    pool: PdfPool
    threads: Lane
    pdfs: Lane
    executor: ThreadPoolExecutor


class _Guard:
    """Around the routes: an exception none of them handled becomes a JSON 500 and one log
    record, never a plain-text 500 with the server's own traceback as well."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except ClientDisconnect:
            LOG.info("%s %s: the client disconnected", scope["method"], scope["path"])
        except Exception as e:
            LOG.error("%s %s failed: %r", scope["method"], scope["path"], e, exc_info=e)
            if not started:
                response = JSONResponse(
                    {"error": "internal error: the request could not be handled (it is logged)"},
                    status_code=500,
                )
                await response(scope, receive, send)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The application; one PDF pool per server process, started with it."""
    settings = settings or Settings()
    project: Project = find_project(settings.project_root)
    scrub = _scrubber(project.root)
    live: dict[str, Service] = {}
    pdf_wait = settings.render_timeout * (2 + settings.queue_limit / settings.pdf_workers) + 30

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()
        pool = PdfPool(
            workers=settings.pdf_workers,
            warm=True,
            timeout=settings.render_timeout,
            max_tasks=settings.pdf_max_tasks,
        )
        # Listen only once the renderers are warm, so the first PDFs are not slow.
        await loop.run_in_executor(None, _wait_until_ready, pool)
        live["service"] = Service(
            pool=pool,
            threads=Lane("text", settings.work_threads, settings.queue_limit),
            pdfs=Lane("PDF", settings.pdf_workers, settings.queue_limit),
            executor=ThreadPoolExecutor(settings.work_threads, thread_name_prefix="bulletin"),
        )
        supervisor = asyncio.create_task(_supervise(pool))
        try:
            yield
        finally:
            supervisor.cancel()
            service = live.pop("service")
            service.executor.shutdown(wait=False, cancel_futures=True)
            await loop.run_in_executor(None, pool.close)

    app = FastAPI(
        title="bulletin",
        version=__version__,
        summary="Statistical bulletins in several languages from one data file.",
        lifespan=lifespan,
        # Swagger UI and ReDoc load their scripts from a CDN; the service fetches nothing from
        # elsewhere and works offline, so only the OpenAPI document itself is served.
        docs_url=None,
        redoc_url=None,
    )
    app.add_middleware(_Guard)

    @app.exception_handler(HTTPProblem)
    async def problem_response(request: Request, error: HTTPProblem) -> JSONResponse:
        return JSONResponse(scrub(error.body), status_code=error.status, headers=error.headers)

    def service() -> Service:
        if "service" not in live:
            raise _unavailable("the service is starting or stopping")
        return live["service"]

    async def in_thread(work: Callable[[], T]) -> T:
        """Text work in a thread of the text lane, within the render time limit."""
        current = service()
        try:
            finished, result = await current.threads.run(
                work, current.executor, settings.render_timeout
            )
        except HTTPProblem:
            raise
        except Exception as e:
            raise _as_problem(e, settings) from e
        if not finished:
            raise HTTPProblem(504, f"rendering took longer than {settings.render_timeout} s")
        return result  # type: ignore[return-value]

    async def rendered_pdf(future: Future[bytes]) -> bytes:
        """A PDF from the pool; the pool applies the time limit from the moment it starts."""
        waiting = asyncio.wrap_future(future)
        waiting.add_done_callback(_retrieved)
        done, _ = await asyncio.wait([waiting], timeout=pdf_wait)
        if not done:
            raise HTTPProblem(504, f"the PDF was not ready after {pdf_wait:.0f} s")
        try:
            return PdfPool.result(future)
        except Exception as e:
            raise _as_problem(e, settings) from e

    @app.get(
        "/healthz",
        tags=["service"],
        responses={503: {"description": "Cannot render PDFs now", "content": ERROR_BODY}},
    )
    async def healthz() -> JSONResponse:
        """Whether the service can render now: 200, or 503 while its PDF renderers are
        starting or being replaced."""
        current = live.get("service")
        state = current.pool.state if current else "closed"
        body: dict[str, Any] = {
            "status": "ok" if state == "ready" else "unavailable",
            "version": __version__,
            "pdf_renderers": state,
        }
        if current:
            body["waiting"] = {
                "text": max(0, current.threads.admitted - current.threads.slots),
                "pdf": max(0, current.pdfs.admitted - current.pdfs.slots),
            }
        if state == "ready":
            return JSONResponse(body)
        body["error"] = f"the PDF renderers are {UNREADY.get(state, state)}"
        return JSONResponse(body, status_code=503, headers={"Retry-After": str(RETRY_AFTER)})

    @app.get("/v1/languages", tags=["reference"])
    async def languages() -> list[dict[str, str]]:
        """Languages the bulletins can be written in, with their names."""
        result = []
        for code in available_languages(project):
            locale = Locale.parse(code, sep="-")
            result.append(
                {
                    "code": code,
                    "name": locale.get_display_name("en") or code,
                    "native_name": locale.get_display_name(locale) or code,
                }
            )
        return result

    @app.get("/v1/schema", tags=["reference"])
    async def schema() -> dict[str, Any]:
        """JSON Schema of the project's data files: the general vocabulary, with the project's
        kinds and units as choices (editors use it for completion)."""
        return data_schema(project)

    @app.get("/v1/kinds", tags=["reference"])
    async def kinds() -> list[dict[str, Any]]:
        """The kinds of bulletin this service renders: name, description, the name of its
        sample (GET /v1/samples/{name}) and the JSON Schema of its data files."""
        result = []
        for name, folder in project.kinds().items():
            kind = read_kind(name, folder)
            own = copy.deepcopy(data_schema(project))
            own["$defs"]["Release"]["properties"]["kind"]["enum"] = [name]
            own["title"] = f"bulletin data file: {name}"
            result.append(
                {
                    "name": name,
                    "description": kind.spec.description,
                    "sample": name if sample_path(name) else None,
                    "schema": own,
                }
            )
        return result

    roots = [p.root.resolve() for p in project.chain()]

    def sample_files() -> dict[str, Path]:
        """Each kind's sample by the kind's name, then the other files directly in this
        project's data/."""
        found: dict[str, Path] = {}
        for name, folder in project.kinds().items():
            found[name] = read_kind(name, folder).sample
        taken = {path.resolve() for path in found.values()}
        for path in sorted(project.data.glob("*.yaml")) if project.data.is_dir() else []:
            if path.resolve() not in taken:
                found.setdefault(path.stem, path)
        return found

    def sample_path(name: str) -> Path | None:
        """A bundled data file: a regular file inside the project, never through a symlink."""
        if not SAMPLE_NAME.match(name):
            return None
        path = sample_files().get(name)
        if path is None:
            return None
        try:
            if path.is_symlink() or not path.is_file():
                return None
            resolved = path.resolve(strict=True)
        except OSError:
            return None
        return resolved if any(root in resolved.parents for root in roots) else None

    @app.get("/v1/samples", tags=["reference"])
    async def samples() -> list[str]:
        """The sample data files: one per kind (by the kind's name), and the project's data."""
        return [name for name in sample_files() if sample_path(name)]

    @app.get(
        "/v1/samples/{name}",
        tags=["reference"],
        response_class=PlainTextResponse,
        responses={
            200: {"content": {"application/yaml": {}}},
            404: {"description": "No such sample", "content": ERROR_BODY},
        },
    )
    async def sample(name: str) -> Response:
        """A bundled data file, as YAML."""
        path = sample_path(name)
        content = _read_regular_file(path) if path else None
        if content is None:
            raise HTTPProblem(404, f"no sample called {name!r}", available=await samples())
        return Response(content, media_type="application/yaml; charset=utf-8")

    @app.post(
        "/v1/validate",
        tags=["bulletins"],
        openapi_extra=DATA_BODY,
        responses={**BODY_ERRORS},
    )
    async def validate(request: Request) -> dict[str, Any]:
        """The checks of `bulletin validate`: every problem with its place and a hint."""
        json_syntax = _check_headers(request, settings.max_body)
        text = await _body_text(request, settings.max_body)

        def check() -> None:
            dataset, marks = _dataset(text, json_syntax)
            facts = facts_from(dataset, "body", marks, project)
            check_rendering(facts, "body", marks, project)

        try:
            await in_thread(check)
        except HTTPProblem as e:
            if e.status == 422:
                return {"valid": False, "problems": e.body.get("problems", [])}
            raise
        return {"valid": True, "problems": []}

    @app.post(
        "/v1/bulletins",
        tags=["bulletins"],
        openapi_extra=DATA_BODY,
        responses={
            200: {"content": {t: {} for t in MEDIA_TYPES.values()}},
            400: {"description": "Unknown language, format or PDF variant", "content": ERROR_BODY},
            422: {"description": "Invalid data: every problem", "content": ERROR_BODY},
            **BODY_ERRORS,
        },
        response_class=Response,
    )
    async def bulletins(
        request: Request,
        # Checked by the route (a 400 that lists the supported values), listed for clients.
        lang: str = Query(
            "en",
            description="Language code, e.g. en or zh-CN",
            json_schema_extra={"enum": available_languages(project)},
        ),
        format: str = Query(
            "html", description="md, html or pdf", json_schema_extra={"enum": list(FORMATS)}
        ),
        pdf_variant: str = Query(
            PDF_VARIANTS[0],
            description="pdf/ua-1 or pdf/a-3u",
            json_schema_extra={"enum": list(PDF_VARIANTS)},
        ),
    ) -> Response:
        """The bulletin for the posted data (JSON, or YAML with a YAML content type)."""
        if format not in FORMATS:
            raise HTTPProblem(400, f"unknown format {format!r}", supported=list(FORMATS))
        if lang not in available_languages(project):
            raise HTTPProblem(
                400, f"unknown language {lang!r}", supported=available_languages(project)
            )
        if pdf_variant not in PDF_VARIANTS:
            raise HTTPProblem(
                400, f"unknown PDF variant {pdf_variant!r}", supported=list(PDF_VARIANTS)
            )
        json_syntax = _check_headers(request, settings.max_body)
        current = service()
        if format == "pdf":
            current.pdfs.admit()  # before the body is read: a flood of PDFs is refused cheaply
        pending: Future[bytes] | None = None
        try:
            text = await _body_text(request, settings.max_body)
            options = Options(pdf_variant=pdf_variant)

            def render() -> tuple[bytes | Future[bytes], str]:
                rendered = render_request(
                    text, "body", json_syntax, [lang], [format], project, options, current.pool
                )
                ((_, outputs, _),) = rendered.outputs
                return outputs[format], dataset_stem(rendered.facts.dataset)

            content, stem = await in_thread(render)
            if isinstance(content, Future):
                pending = content
                current.pdfs.leave_when_done(pending, asyncio.get_running_loop())
                content = await rendered_pdf(pending)
        finally:
            if format == "pdf" and pending is None:
                current.pdfs.leave()
        return Response(
            content,
            media_type=MEDIA_TYPES[format],
            headers={"Content-Disposition": f'attachment; filename="{stem}.{lang}.{format}"'},
        )

    @app.get("/", include_in_schema=False, response_class=HTMLResponse)
    async def preview() -> HTMLResponse:
        page = (PREVIEW / "index.html").read_text(encoding="utf-8")
        return HTMLResponse(
            page,
            headers={
                "Content-Security-Policy": (
                    "default-src 'self'; frame-src 'self' blob:; img-src 'self' data:; "
                    "style-src 'self' 'unsafe-inline'; connect-src 'self'"
                ),
            },
        )

    for asset, media in (("preview.js", "text/javascript"), ("preview.css", "text/css")):
        app.add_api_route(
            f"/static/{asset}",
            partial(_static, asset, media),
            include_in_schema=False,
            methods=["GET"],
        )
    return app


def _retrieved(future: asyncio.Future[Any]) -> None:
    """Mark a future's failure as seen: it is answered (or was given up on) elsewhere, and is
    not to be reported as "never retrieved"."""
    if not future.cancelled():
        future.exception()


def _wait_until_ready(pool: PdfPool) -> None:
    try:
        pool.ready(timeout=STARTUP_WAIT)
    except Exception as e:
        LOG.warning("the PDF renderers are not ready (%r); serving, and retrying them", e)


async def _supervise(pool: PdfPool) -> None:
    """Replace a broken PDF pool (a killed fork server, say) without waiting for a request."""
    loop = asyncio.get_running_loop()
    while True:
        await asyncio.sleep(SUPERVISE_EVERY)
        if pool.state == "broken":
            try:
                await loop.run_in_executor(None, pool.repair)
            except Exception as e:  # pragma: no cover - keep supervising whatever happens
                LOG.error("replacing the PDF renderers failed: %r", e)


def _read_regular_file(path: Path) -> bytes | None:
    """The bytes of ``path`` if it is a regular file, opened without following a symlink (so
    one swapped in after the checks is refused too)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as f:
        return f.read() if stat.S_ISREG(os.fstat(fd).st_mode) else None


async def _static(name: str, media: str) -> Response:
    return Response((PREVIEW / name).read_bytes(), media_type=f"{media}; charset=utf-8")


def dataset_stem(dataset: Dataset) -> str:
    """A file name stem for posted data: region and period, e.g. ``liaoning-2024q1``."""
    region = (dataset.release.region.get("en") or "bulletin").lower()
    period = str(dataset.release.period).replace("..", "-").replace("-Q", "q").lower()
    stem = re.sub(r"[^a-z0-9]+", "-", f"{region}-{period}").strip("-")
    return stem or "bulletin"


def _log_like_uvicorn() -> None:
    """The service's own log lines (a client that went away, a lost renderer) next to
    uvicorn's, in its format."""
    logger = logging.getLogger("bulletin")
    if logger.handlers:
        return
    from uvicorn.logging import DefaultFormatter

    handler = logging.StreamHandler()
    handler.setFormatter(DefaultFormatter("%(levelprefix)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def app_factory() -> FastAPI:
    """For uvicorn (`bulletin serve`): settings from the environment."""
    _log_like_uvicorn()
    return create_app(Settings.from_environment())
