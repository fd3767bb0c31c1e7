"""File-system errors said in words: read-only folder, full disk, missing permission."""

from __future__ import annotations

import errno
from pathlib import Path

from vocmine.exceptions import InputError

_WHY = {
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied (read-only folder?)",
    errno.EPERM: "operation not permitted (read-only folder?)",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EEXIST: "a part of the path is a file, not a folder",
    errno.EISDIR: "the path is a folder",
    errno.ENAMETOOLONG: "the path is too long",
}


def os_error(exc: OSError, path: str | Path, doing: str) -> InputError:
    """An :class:`InputError` for ``exc`` raised while trying to ``doing`` ``path``:
    ``cannot write the quarantine to q.csv: the disk is full ([Errno 28] ...)``."""
    why = _WHY.get(exc.errno or -1, exc.strerror or type(exc).__name__)
    return InputError(f"cannot {doing} {path}: {why} ({exc}); choose another path or free the disk")


def is_disk_full(exc: BaseException) -> bool:
    """True for ENOSPC/EDQUOT anywhere in the exception's chain (DuckDB wraps them in its own errors)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        text = str(exc).lower()
        if "no space left" in text or "disk is full" in text or "disk full" in text:
            return True
        exc = exc.__cause__ or exc.__context__
    return False
