"""cli: the command-line door; parses arguments, calls the pipeline, prints messages and sets
the exit status. Holds no bulletin logic."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from contextlib import ExitStack
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from bulletin import __version__
from bulletin.errors import BulletinError
from bulletin.output import check_output_folder, write_atomic
from bulletin.pdf import VARIANTS

# The pipeline is imported inside the commands: `generate` first starts the PDF workers, so
# they are forked from a small process and import WeasyPrint while this one reads the data.
FORMATS = ("md", "html", "pdf")  # = pipeline.FORMATS (a test keeps them equal)
PDF_VARIANTS = VARIANTS

EXIT_BAD_INPUT = 2
EXIT_BUG = 70  # EX_SOFTWARE
F = TypeVar("F", bound=Callable[..., Any])


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _reported(command: F) -> F:
    """Turn our errors into one clear message and exit status 2; --debug shows tracebacks."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        try:
            return command(*args, **kwargs)
        except BulletinError as e:
            if ctx.find_root().params.get("debug"):
                raise
            click.echo(f"Error: {e}", err=True)
            ctx.exit(EXIT_BAD_INPUT)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:  # the reader went away (`bulletin kinds | head`): not an error
            sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (Python flushes it at exit)
            ctx.exit(0)
        except Exception as e:  # a bug, not bad input: still no traceback unless asked
            if ctx.find_root().params.get("debug"):
                raise
            click.echo(
                f"Error: unexpected failure ({type(e).__name__}: {e}). This is a bug in "
                "bulletin; please report it with the output of the same command run with --debug.",
                err=True,
            )
            ctx.exit(EXIT_BUG)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks instead of short error messages.")
@click.option(
    "--project",
    type=click.Path(path_type=Path, file_okay=False),
    help="The project folder [default: the nearest folder with bulletin.toml, as git finds "
    "a repository; outside any, the bundled examples].",
)
@click.version_option(__version__, prog_name="bulletin")
def main(debug: bool, project: Path | None) -> None:
    """Generate statistical bulletins in several languages from one data file."""
    if project is not None:  # (an environment variable: the service's and batch's workers too)
        from bulletin.project import ENV_HOME

        os.environ[ENV_HOME] = str(project.resolve())


@main.command("new")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@_reported
def new_command(folder: Path) -> None:
    """Create a project of your own in FOLDER: bulletin.toml, an example kind, data, catalogs."""
    from bulletin.scaffold import new_project

    files = new_project(folder)
    click.echo(f"created {folder} ({len(files)} files); next:")
    click.echo(f"  cd {folder}")
    click.echo("  bulletin generate data/retail-sales-2024-03.yaml --format all")
    click.echo("  (AUTHORING.md explains how to write a kind of your own)")


@main.command("kinds")
@_reported
def kinds_command() -> None:
    """List the kinds of bulletin this project has, with their folders and samples."""
    from bulletin.kinds import read_kind
    from bulletin.project import find_project

    project = find_project()
    for name, folder in project.kinds().items():
        kind = read_kind(name, folder)
        click.echo(f"{name}: {kind.spec.description}")
        click.echo(f"  folder: {folder}")
        click.echo(f"  sample: {kind.sample}")


@main.command("schema")
@_reported
def schema_command() -> None:
    """Print the JSON Schema of this project's data files (its kinds and units included)."""
    from bulletin.project import find_project
    from bulletin.schema import schema_text

    click.echo(schema_text(find_project()), nl=False)


@main.command()
@click.argument("data", required=False, type=click.Path(path_type=Path))
@click.option(
    "--lang", "langs", help="Comma-separated languages, e.g. en,zh-CN [default: the data's]."
)
@click.option(
    "--format",
    "formats",
    default="md",
    show_default=True,
    help=f"Comma-separated formats: {', '.join(FORMATS)}, or all.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder for the output files.",
)
@click.option(
    "--allow-untranslated", is_flag=True, help="Warn about missing translations instead of failing."
)
@click.option(
    "--pdf-variant",
    type=click.Choice(PDF_VARIANTS),
    default=PDF_VARIANTS[0],
    show_default=True,
    help="PDF/UA-1 is tagged and accessible; PDF/A-3u is for archives.",
)
@click.option(
    "--font",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Font file to set the PDF in (also $BULLETIN_FONT); default: installed Noto/Source Han.",
)
@_reported
def generate(
    data: Path | None,
    langs: str | None,
    formats: str,
    out_dir: Path,
    allow_untranslated: bool,
    pdf_variant: str,
    font: Path | None,
) -> None:
    """Render DATA (default: the bundled sample) into OUT/<stem>.<lang>.<format>."""
    check_output_folder(out_dir)  # before any work: a file or an unwritable place is refused
    format_list = _split(formats)
    with ExitStack() as stack:
        pool = None
        if "pdf" in format_list or "all" in format_list:
            from bulletin.pdfpool import PdfPool

            requested = len(_split(langs)) or 2
            pool = PdfPool(workers=min(requested, os.cpu_count() or 1))
            stack.callback(pool.close, wait=False)
        from bulletin.pipeline import Options, build_bulletin
        from bulletin.project import find_project

        project = find_project()
        path = data or project.sample_data()
        languages = _split(langs) or None  # None: the languages the data file declares
        options = Options(allow_untranslated=allow_untranslated, pdf_variant=pdf_variant, font=font)
        documents = build_bulletin(path, languages, format_list, project, options, pool)
    untranslated: dict[str, int] = {}  # by language, the most any of its formats lacked
    for doc in documents:  # everything rendered before anything is written
        if doc.untranslated:
            untranslated[doc.language] = max(
                untranslated.get(doc.language, 0), len(doc.untranslated)
            )
    for language, count in untranslated.items():
        click.echo(
            f"Warning: {count} untranslated message(s) in {language}; English text was used "
            "for them, marked as such in the output",
            err=True,
        )
    for doc in documents:
        target = out_dir / doc.file_name(path.stem)
        write_atomic(target, doc.content)
        click.echo(f"wrote {target}")


@main.command()
@click.argument("data", type=click.Path(path_type=Path))
@_reported
def validate(data: Path) -> None:
    """Check DATA and report every problem; writes nothing. The Markdown of every language the
    data declares is rendered in memory, so what would make `generate` fail is reported too."""
    from bulletin.pipeline import load_and_compute
    from bulletin.project import find_project

    load_and_compute(data, check_rendering_with=find_project())
    click.echo(f"{data}: OK")


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--lang", "langs", help="Comma-separated languages [default: each file's own].")
@click.option(
    "--format",
    "formats",
    default="md,html,pdf",
    show_default=True,
    help="Comma-separated formats, or all.",
)
@click.option(
    "--out", "out_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True
)
@click.option(
    "--workers",
    type=int,
    default=os.cpu_count() or 1,
    show_default=True,
    help="Worker processes (on a Dask cluster: workers to start with 'local').",
)
@click.option(
    "--scheduler",
    help="Dask scheduler address (tcp://host:8786), or 'local' to "
    "start a local Dask cluster. Default: local worker processes, no Dask.",
)
@click.option("--force", is_flag=True, help="Render everything, even outputs that are up to date.")
@click.option(
    "--pdf-variant", type=click.Choice(PDF_VARIANTS), default=PDF_VARIANTS[0], show_default=True
)
@_reported
def batch(
    inputs: tuple[str, ...],
    langs: str | None,
    formats: str,
    out_dir: Path,
    workers: int,
    scheduler: str | None,
    force: bool,
    pdf_variant: str,
) -> None:
    """Render every data file in INPUTS (files, folders, 'data/**/*.yaml') in every language
    and format, in parallel; skip outputs that are up to date; record out/manifest.json."""
    from bulletin.batch import MANIFEST, Terminated, expand_inputs, run_batch, stop_signals
    from bulletin.locales import check_languages
    from bulletin.pipeline import parse_formats
    from bulletin.progress import batch_reporter
    from bulletin.project import find_project

    project = find_project()
    # Without --lang, each file in the languages it declares.
    languages = check_languages(project, _split(langs)) if langs else None
    format_list = parse_formats(_split(formats))
    files = expand_inputs(inputs)
    try:
        # SIGTERM (kill, systemd, a CI timeout) stops the batch as Ctrl-C does.
        with stop_signals(), batch_reporter() as report:
            summary, manifest = run_batch(
                files,
                languages,
                format_list,
                out_dir,
                project,
                workers=max(1, workers),
                scheduler=scheduler,
                force=force,
                pdf_variant=pdf_variant,
                report=report,
            )
    except KeyboardInterrupt as e:
        terminated = isinstance(e, Terminated)
        click.echo(
            f"{'Terminated (SIGTERM)' if terminated else 'Interrupted'}: the workers are "
            f"stopped; finished outputs are kept and recorded in {out_dir / MANIFEST}. Run the "
            "same command again to resume.",
            err=True,
        )
        raise SystemExit(128 + (15 if terminated else 2)) from None
    grouped: dict[tuple[str, str], list[str]] = {}  # one input's same error in every language
    for failure in manifest.failures:
        grouped.setdefault((failure["input"], failure["error"]), []).extend(failure["outputs"])
    for (source, error), names in grouped.items():
        click.echo(
            f"FAILED {source} ({', '.join(names)}):\n  " + error.replace("\n", "\n  "), err=True
        )
    click.echo(
        f"{summary.written} written, {summary.skipped} up to date, {summary.failed} failed "
        f"of {summary.planned} outputs in {summary.seconds:.1f} s; {out_dir / MANIFEST}"
    )
    if summary.manifest_error:
        click.echo(f"Error: the manifest could not be saved: {summary.manifest_error}", err=True)
    if summary.failed or summary.manifest_error:
        raise SystemExit(EXIT_BAD_INPUT)


@main.command("check")
@click.argument("data", required=False, type=click.Path(path_type=Path))
@click.argument("outputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--lang", "langs", help="Comma-separated languages [default: the data's].")
@click.option(
    "--format",
    "formats",
    default="md,html,pdf",
    show_default=True,
    help=f"Comma-separated formats to check: {', '.join(FORMATS)}, or all.",
)
@_reported
def check_command(
    data: Path | None, outputs: tuple[Path, ...], langs: str | None, formats: str
) -> None:
    """Check that DATA's bulletin says what the data says, in every language and format:
    every sentence (figures, counts, ranks, periods, direction words), and the same figures
    in every language (185.7亿元 = 18.57 billion yuan). Without OUTPUT, the Markdown, HTML
    and PDF are rendered in memory; OUTPUT files or folders (what `generate --out` wrote:
    <stem>.<lang>.<format>) are checked as published, hand edits and all. Exit 1 when
    anything disagrees."""
    format_list = _split(formats)
    with ExitStack() as stack:
        pool = None
        if not outputs and ("pdf" in format_list or "all" in format_list):
            from bulletin.pdfpool import PdfPool  # (started first, as `generate` does)

            pool = PdfPool(workers=min(len(_split(langs)) or 2, os.cpu_count() or 1))
            stack.callback(pool.close, wait=False)
        from bulletin.consistency import check_facts, check_outputs, find_outputs
        from bulletin.locales import check_languages
        from bulletin.pipeline import load_and_compute, parse_formats
        from bulletin.project import find_project

        project = find_project()
        path = data or project.sample_data()
        format_list = parse_formats(format_list)
        facts = load_and_compute(path, project)
        # By default the languages the release declares (a catalog begun for another
        # language is no reason to fail this release).
        declared = list(facts.dataset.release.languages)
        languages = check_languages(project, _split(langs) or declared)
        published = find_outputs(outputs, path.stem, languages, format_list) if outputs else None
        differences = check_facts(facts, languages, project)
        checked = check_outputs(facts, path.stem, languages, format_list, project, published, pool)
    for language, missing in checked.untranslated.items():
        click.echo(
            f"Warning: {len(missing)} untranslated message(s) in {language}; checked with the "
            "English text that `generate --allow-untranslated` shows for them",
            err=True,
        )
    disagreements = checked.disagreements
    for difference in differences:
        click.echo(str(difference))
    for disagreement in disagreements:
        click.echo(str(disagreement))
    if differences:
        click.echo(
            f"{len(differences)} figure(s) differ between languages or from the data.", err=True
        )
    if disagreements:
        files = len({d.source for d in disagreements})
        click.echo(
            f"{len(disagreements)} disagreement(s) with the data in {files} output(s).", err=True
        )
    if differences or disagreements:
        raise SystemExit(1)
    where = (
        ", ".join(o.name for o in checked.outputs)
        if published is not None
        else f"{', '.join(format_list)} rendered in memory"
    )
    click.echo(
        f"{path}: the same figures in {', '.join(languages)}; every sentence agrees with the "
        f"data ({where})."
    )


@main.command("explain")
@click.argument("data", required=False, type=click.Path(path_type=Path))
@click.option(
    "--lang", "langs", help="Comma-separated languages [default: the first the data declares]."
)
@click.option("--all", "every", is_flag=True, help="Also the sentences that state no figure.")
@_reported
def explain_command(data: Path | None, langs: str | None, every: bool) -> None:
    """Print DATA's bulletin sentence by sentence, each figure with its text, its value and
    where it came from (a data path, or a derivation and its rounding); exit 1 if a figure's
    source is unknown."""
    from bulletin.explain import explain, format_sentences
    from bulletin.locales import check_languages
    from bulletin.pipeline import load_and_compute
    from bulletin.project import find_project

    project = find_project()
    path = data or project.sample_data()
    facts = load_and_compute(path, project)
    languages = check_languages(project, _split(langs) or list(facts.dataset.release.languages[:1]))
    unknown = 0
    for language in languages:
        sentences = explain(facts, language, project)
        if len(languages) > 1:
            click.echo(f"== {language} ==\n")
        click.echo(format_sentences(sentences, every))
        unknown += sum(not f.known for s in sentences for f in s.figures)
    if unknown:
        click.echo(
            f"{unknown} figure(s) of unknown source: a template passed a bare number where it "
            "could pass the value or fact (AUTHORING.md, section 7).",
            err=True,
        )
        raise SystemExit(1)


@main.group()
def i18n() -> None:
    """Message catalogs: extract, update, init, compile, check, stats (see TRANSLATING.md)."""


@i18n.command("extract")
@_reported
def i18n_extract() -> None:
    """Templates and code → locales/bulletin.pot, each message with placeholders shown with an
    example: rendered from the kinds' samples and variations of them; says which have none."""
    from bulletin import i18n as catalogs
    from bulletin.project import find_project

    project = find_project()
    result = catalogs.write_template(project)
    shown = len(result.with_placeholders) - len(result.without_example)
    click.echo(
        f"wrote {_relative(project.pot_file, project.root)}: {len(result.messages)} messages; "
        f"{shown} of the {len(result.with_placeholders)} with placeholders have an example "
        f"(from {result.renderings} renderings of the kinds' samples and variations of them)"
    )
    for title, messages in (
        ("without an example (no rendering reaches them)", result.without_example),
        ("without placeholders that no rendering reaches", result.unreached),
    ):
        if messages:
            click.echo(f"{len(messages)} message(s) {title}:")
            for message in messages:
                file, line = catalogs.source_of(project, message)
                click.echo(f"  {file}:{line}: {catalogs.label_of(message)}")


def _relative(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


@i18n.command("update")
@_reported
def i18n_update() -> None:
    """Merge the .pot into every .po: translations kept, changed ones fuzzy with their former
    msgid as `#|` lines (Poedit and Weblate show what changed), removed ones obsolete."""
    from bulletin import i18n as catalogs
    from bulletin.project import find_project

    for path in catalogs.update(find_project()):
        click.echo(f"updated {path}")


@i18n.command("init")
@click.argument("language")
@_reported
def i18n_init(language: str) -> None:
    """Start the catalog of a new LANGUAGE (e.g. ja, fr, zh-TW)."""
    from bulletin import i18n as catalogs
    from bulletin.project import find_project

    po = catalogs.init(find_project(), language)
    click.echo(f"created {po}")
    click.echo(
        f"next: translate it (TRANSLATING.md); {po.parent.parent / 'style.toml'} holds how the "
        "language writes numbers"
    )


@i18n.command("compile")
@_reported
def i18n_compile() -> None:
    """Compile every .po to .mo (generation also does this when a .mo is stale)."""
    from bulletin import i18n as catalogs
    from bulletin.project import find_project

    for path in catalogs.compile_all(find_project()):
        click.echo(f"compiled {path}")


@i18n.command("check")
@click.option("--lang", "langs", help="Comma-separated languages to check [default: all].")
@click.option(
    "--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@_reported
def i18n_check(langs: str | None, output: str) -> None:
    """Find untranslated, fuzzy and obsolete entries, placeholder, markup and number
    mismatches, and a stale .pot (naming each message added or removed). What is missing is
    an error in a language the project's releases declare (release.languages) and a warning
    in any other; exit 1 if there is an error."""
    import json

    from bulletin import i18n as catalogs
    from bulletin.project import find_project

    project = find_project()
    languages = _catalog_languages(project, _split(langs))
    findings = catalogs.check(project, languages)
    errors = [f for f in findings if f.severity == catalogs.ERROR]
    if output == "json":
        click.echo(json.dumps(catalogs.findings_as_dicts(findings), ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            click.echo(str(finding))
        for file in sorted({f.file for f in findings if f.severity == catalogs.WARNING}):
            click.echo(
                f"{file}: what is missing is a warning: no release of this project declares "
                "its language (release.languages)",
                err=True,
            )
        warnings = len(findings) - len(errors)
        click.echo(
            f"{len(errors)} error(s), {warnings} warning(s)." if findings else "Catalogs OK.",
            err=bool(findings),
        )
    if errors:
        raise SystemExit(1)


def _catalog_languages(project: Any, languages: list[str]) -> list[str] | None:
    """``--lang`` of the i18n commands: languages with a catalog (the source language has
    none, and nothing to check); None for all."""
    from bulletin.locales import SOURCE_LANGUAGE, available_languages

    known = available_languages(project)
    unknown = [lang for lang in languages if lang not in known]
    if unknown:
        raise BulletinError(
            f"no catalog for {', '.join(map(repr, unknown))}; catalogs: "
            f"{', '.join(k for k in known if k != SOURCE_LANGUAGE) or 'none'} "
            "(start one with `bulletin i18n init LANG`)"
        )
    return [lang for lang in languages if lang != SOURCE_LANGUAGE] or None


@i18n.command("stats")
@click.option("--lang", "langs", help="Comma-separated languages [default: every catalog].")
@click.option(
    "--data",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Count only the messages this release's bulletin needs (rendered in every format).",
)
@click.option(
    "--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@_reported
def i18n_stats(langs: str | None, data: Path | None, output: str) -> None:
    """Per language: messages and words (of the English) translated, fuzzy entries and
    errors (`i18n check`'s findings in translations). Exit 1 when a language a release
    declares (with --data: that release) is incomplete."""
    import json

    from bulletin import i18n as catalogs
    from bulletin.project import find_project

    project = find_project()
    languages = _split(langs)
    rows = catalogs.stats(
        project, languages if data else _catalog_languages(project, languages), data
    )
    if output == "json":
        document = {"data": str(data) if data else None, "languages": [r.as_dict() for r in rows]}
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        if data is not None:
            click.echo(f"{data}: the {rows[0].messages if rows else 0} messages its bulletin needs")
        click.echo(
            f"{'language':<9}{'messages':>18}{'words':>22}{'fuzzy':>7}{'errors':>8}  release"
        )
        for row in rows:
            click.echo(
                f"{row.language:<9}{_ratio(row.translated, row.messages):>18}"
                f"{_ratio(row.words_translated, row.words):>22}{row.fuzzy:>7}{row.errors:>8}  "
                + ("declared" if row.declared else "not declared")
                + ("" if not row.declared else ", complete" if row.complete else ", INCOMPLETE")
                + (f"; {row.obsolete} obsolete" if row.obsolete else "")
            )
    if any(row.declared and not row.complete for row in rows):
        raise SystemExit(1)


def _ratio(part: int, whole: int) -> str:
    percent = f"{100 * part // whole}%" if whole else "-"
    return f"{part:,}/{whole:,} ({percent})"


@main.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (127.0.0.1: this machine only).",
)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=int,
    help="Server processes (each with its own PDF renderers).",
)
@click.option(
    "--pdf-workers",
    type=int,
    help="PDF renderer processes per server process [default: number of CPUs].",
)
@click.option(
    "--max-body",
    default=1 << 20,
    show_default=True,
    type=int,
    help="Largest request body, in bytes.",
)
@click.option(
    "--render-timeout",
    default=20.0,
    show_default=True,
    type=float,
    help="Seconds a render may take before it is stopped.",
)
def serve(
    host: str,
    port: int,
    workers: int,
    pdf_workers: int | None,
    max_body: int,
    render_timeout: float,
) -> None:
    """Run the HTTP service and the preview page (http://HOST:PORT/)."""
    import uvicorn

    os.environ["BULLETIN_MAX_BODY"] = str(max_body)
    os.environ["BULLETIN_RENDER_TIMEOUT"] = str(render_timeout)
    if pdf_workers:
        os.environ["BULLETIN_PDF_WORKERS"] = str(pdf_workers)
    uvicorn.run(
        "bulletin.http:app_factory",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
    )


@main.command()
def doctor() -> None:
    """Report what this machine has for PDF output; exit 1 if PDFs cannot be made."""
    from bulletin.doctor import healthy, run_checks

    checks = run_checks()
    for check in checks:
        mark = "ok" if check.ok else ("MISSING" if check.required else "warning")
        click.echo(f"[{mark:>7}] {check.name}: {check.found}")
        if not check.ok and check.fix:
            click.echo(f"          fix: {check.fix}")
    if healthy(checks):
        click.echo("PDF output will work.")
    else:
        click.echo("PDF output will not work until the problems above are fixed.", err=True)
        raise SystemExit(1)


def run() -> None:  # pragma: no cover - console entry for `python -m bulletin`
    main(prog_name="bulletin")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
