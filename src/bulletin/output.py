"""output: writes finished documents atomically (temporary file + rename in the same folder),
so a reader never sees half a file and a failed run leaves earlier outputs intact."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from bulletin.errors import BulletinError


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
