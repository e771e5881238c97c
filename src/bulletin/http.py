"""http: the HTTP door (FastAPI): bulletins, validation, schema, samples and the preview page,
over the same pipeline as the CLI; PDFs render in a process pool, off the event loop."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from babel import Locale
from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool

from bulletin import __version__
from bulletin.errors import BulletinError, CatalogError, DataError, Problem, UsageError
from bulletin.loading import dataset_from_text
from bulletin.locales import available_languages
from bulletin.models import AnyDataset, CityDataset, Dataset
from bulletin.pdfpool import PdfPool, RenderTimeout
from bulletin.pipeline import (
    FORMATS,
    PDF_VARIANTS,
    Document,
    Options,
    build_documents,
    check_request,
    facts_from,
)
from bulletin.project import Project, find_project

MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}
JSON_TYPES = {"application/json"}
YAML_TYPES = {"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"}
SAMPLE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
PREVIEW = Path(__file__).parent / "preview"


@dataclass(frozen=True)
class Settings:
    """Limits and resources of one server process."""

    max_body: int = 1 << 20
    render_timeout: float = 20.0
    pdf_workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    pdf_max_tasks: int = 500  # PDFs per renderer process before it is replaced (a safeguard)
    project_root: str | None = None

    @classmethod
    def from_environment(cls) -> Settings:
        """Settings for `bulletin serve` (which passes them on to uvicorn's workers)."""
        return cls(
            max_body=int(os.environ.get("BULLETIN_MAX_BODY", 1 << 20)),
            render_timeout=float(os.environ.get("BULLETIN_RENDER_TIMEOUT", 20)),
            pdf_workers=int(os.environ.get("BULLETIN_PDF_WORKERS", os.cpu_count() or 1)),
        )


class HTTPProblem(Exception):
    """An error response: status, message and, for bad data, every problem."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.body = {"error": message, **extra}


def _problems(problems: tuple[Problem, ...]) -> list[dict[str, str]]:
    return [{"where": p.where, "what": p.what, "hint": p.hint} for p in problems]


async def _body_text(request: Request, limit: int) -> tuple[str, bool]:
    """The request body as text (refused past ``limit`` bytes) and whether it is JSON."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPProblem(413, f"the body is larger than the limit of {limit} bytes")
    kind = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if kind not in JSON_TYPES | YAML_TYPES:
        raise HTTPProblem(
            415, f"unsupported content type {kind!r}; send application/json or application/yaml"
        )
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPProblem(413, f"the body is larger than the limit of {limit} bytes")
        chunks.append(chunk)
    try:
        return b"".join(chunks).decode("utf-8"), kind in JSON_TYPES
    except UnicodeDecodeError as e:
        raise HTTPProblem(400, "the body is not UTF-8 text") from e


def _dataset(text: str, json_syntax: bool) -> tuple[AnyDataset, Any]:
    return dataset_from_text(text, "body", json_syntax)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The application; one PDF pool per server process, started with it."""
    settings = settings or Settings()
    project: Project = find_project(settings.project_root)
    state: dict[str, PdfPool] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pool = PdfPool(
            workers=settings.pdf_workers,
            warm=True,
            timeout=settings.render_timeout,
            max_tasks=settings.pdf_max_tasks,
        )
        state["pool"] = pool
        try:
            yield
        finally:
            await run_in_threadpool(pool.close)

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

    @app.exception_handler(HTTPProblem)
    async def problem_response(request: Request, error: HTTPProblem) -> JSONResponse:
        return JSONResponse(error.body, status_code=error.status)

    async def off_loop(work: Callable[[], Any]) -> Any:
        """Run blocking work in a thread, within the render time limit."""
        try:
            return await asyncio.wait_for(
                run_in_threadpool(work), timeout=settings.render_timeout + 5
            )
        except (TimeoutError, RenderTimeout) as e:
            raise HTTPProblem(504, f"rendering took longer than {settings.render_timeout} s") from e
        except DataError as e:
            raise HTTPProblem(422, str(e).splitlines()[0], problems=_problems(e.problems)) from e
        except CatalogError as e:
            raise HTTPProblem(500, str(e), missing=list(e.missing)) from e
        except UsageError as e:
            raise HTTPProblem(400, str(e)) from e
        except BulletinError as e:
            raise HTTPProblem(500, str(e)) from e

    @app.get("/healthz", tags=["service"])
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

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
        """JSON Schema of the data formats (the same as the data files): a provincial
        bulletin, or a city bulletin (``kind: city``)."""
        from pydantic import TypeAdapter

        return TypeAdapter(Dataset | CityDataset).json_schema()

    @app.get("/v1/samples", tags=["reference"])
    async def samples() -> list[str]:
        return sorted(p.stem for p in project.data.glob("*.yaml"))

    @app.get("/v1/samples/{name}", tags=["reference"], response_class=PlainTextResponse)
    async def sample(name: str) -> PlainTextResponse:
        """A bundled data file, as YAML."""
        path = project.data / f"{name}.yaml"
        if not SAMPLE_NAME.match(name) or not path.is_file() or path.parent != project.data:
            raise HTTPProblem(404, f"no sample called {name!r}", available=await samples())
        return PlainTextResponse(
            path.read_text(encoding="utf-8"), media_type="application/yaml; charset=utf-8"
        )

    @app.post("/v1/validate", tags=["bulletins"])
    async def validate(request: Request) -> dict[str, Any]:
        """The checks of `bulletin validate`: every problem with its place and a hint."""
        text, json_syntax = await _body_text(request, settings.max_body)

        def check() -> None:
            dataset, marks = _dataset(text, json_syntax)
            facts_from(dataset, "body", marks)

        try:
            await off_loop(check)
        except HTTPProblem as e:
            if e.status == 422:
                return {"valid": False, "problems": e.body["problems"]}
            raise
        return {"valid": True, "problems": []}

    @app.post(
        "/v1/bulletins",
        tags=["bulletins"],
        responses={200: {"content": {t: {} for t in MEDIA_TYPES.values()}}},
        response_class=Response,
    )
    async def bulletins(
        request: Request,
        lang: str = Query("en", description="Language code, e.g. en or zh-CN"),
        format: str = Query("html", description="md, html or pdf"),
        pdf_variant: str = Query(PDF_VARIANTS[0], description="pdf/ua-1 or pdf/a-3u"),
    ) -> Response:
        """The bulletin for the posted data (JSON, or YAML with a YAML content type)."""
        if format not in FORMATS:
            raise HTTPProblem(400, f"unknown format {format!r}", supported=list(FORMATS))
        if lang not in available_languages(project):
            raise HTTPProblem(
                400, f"unknown language {lang!r}", supported=available_languages(project)
            )
        text, json_syntax = await _body_text(request, settings.max_body)
        options = Options(pdf_variant=pdf_variant)

        def render() -> tuple[Document, str]:
            languages, formats = check_request(project, [lang], [format], options)
            dataset, marks = _dataset(text, json_syntax)
            facts = facts_from(dataset, "body", marks)
            pool = state.get("pool")
            (document,) = build_documents(facts, languages, formats, project, options, pool)
            return document, dataset_stem(dataset)

        document, stem = await off_loop(render)
        return Response(
            document.content,
            media_type=MEDIA_TYPES[format],
            headers={"Content-Disposition": f'attachment; filename="{document.file_name(stem)}"'},
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


async def _static(name: str, media: str) -> Response:
    return Response((PREVIEW / name).read_bytes(), media_type=f"{media}; charset=utf-8")


def dataset_stem(dataset: AnyDataset) -> str:
    """A file name stem for posted data: region and period, e.g. ``liaoning-2024q1``."""
    region = (dataset.release.region.get("en") or "bulletin").lower()
    period = str(dataset.release.period).replace("..", "-").replace("-Q", "q").lower()
    stem = re.sub(r"[^a-z0-9]+", "-", f"{region}-{period}").strip("-")
    return stem or "bulletin"


def app_factory() -> FastAPI:
    """For uvicorn (`bulletin serve`): settings from the environment."""
    return create_app(Settings.from_environment())
