"""scaffold: `bulletin new DIR` makes a project of the user's own (bulletin.toml, kinds/ with
one example kind, data/, templates/, locales/, units.yaml, the data schema) from the package's
scaffold folder; writes nothing over an existing file."""

from __future__ import annotations

import shutil
from pathlib import Path

from bulletin.errors import UsageError
from bulletin.output import write_atomic
from bulletin.project import find_project, scaffold_folder
from bulletin.schema import SCHEMA_PATH, schema_text


def new_project(target: Path) -> list[Path]:
    """Create a project in ``target`` (a new or empty folder); returns the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} already exists and is not an empty folder")
    source = scaffold_folder()
    staging = target.with_name(f".{target.name}.new")
    if staging.exists():
        shutil.rmtree(staging)
    try:
        shutil.copytree(source, staging, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
        project = find_project(str(staging))
        write_atomic(staging / SCHEMA_PATH, schema_text(project).encode("utf-8"))
        if target.exists():
            target.rmdir()
        staging.rename(target)
    except OSError as e:
        shutil.rmtree(staging, ignore_errors=True)
        raise UsageError(f"cannot create {target}: {e.strerror or e}") from e
    finally:
        find_project.cache_clear()
    return sorted(p for p in target.rglob("*") if p.is_file())
