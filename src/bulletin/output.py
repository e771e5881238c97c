"""output: writes finished documents atomically (temporary file + rename in the same folder),
so a reader never sees half a file and a failed run leaves earlier outputs intact."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from bulletin.errors import BulletinError, UsageError


def check_output_folder(folder: Path, option: str = "--out") -> None:
    """Refuse, before any rendering, an output folder that cannot be used: a path that is a file
    (``--out /dev/null``), or a place where no file can be created (``--out /proc``, a
    read-only or foreign folder). A folder that does not exist yet is fine if it can be made
    there; nothing is left behind by the check."""
    label = f"{option} {folder}"
    existing = folder
    while not existing.exists():  # the nearest existing folder, where the files or folders go
        if existing.is_symlink():
            raise UsageError(f"{label}: {existing} is a broken symbolic link")
        if existing.parent == existing:
            break
        existing = existing.parent
    if not existing.is_dir():
        where = "" if existing == folder else f" ({existing} is not a folder)"
        raise UsageError(f"{label}: not a folder{where}")
    try:
        fd, probe = tempfile.mkstemp(prefix=".bulletin-probe.", dir=existing)
    except OSError as e:
        place = "there" if existing == folder else f"in {existing}"
        raise UsageError(f"{label}: cannot create files {place} ({e.strerror or e})") from e
    os.close(fd)
    os.unlink(probe)


def write_atomic(path: Path, content: bytes) -> None:
    """Replace ``path`` with ``content`` in one step."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise BulletinError(f"cannot write to {path.parent}: {e.strerror}") from e
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as e:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise BulletinError(f"cannot write {path}: {e.strerror}") from e
        raise
