"""Staging, atomic publish, stale-folder repair and the output folder's lock.

Publishing is atomic: everything is written into ``<out>/.staging-<period>-<pid>/``; on success the
previous ``<out>/<period>/`` is moved aside, the staging folder renamed into place and the old copy
deleted. On any failure the previous ``<out>/<period>/`` is untouched (see
:func:`vocmine.run.period.publish_period`). A run killed with SIGKILL leaves a stale staging folder,
and, when killed between the two renames, the previous version moved aside as
``.old-<period>-<pid>``: the next run first puts that version back (before any cleanup, and only after
its own inputs were checked), then removes the stale folders. One run at a time per output folder:
``<out>/.vocmine.lock`` (holding the pid) is locked for the whole run, and a second run exits with a
message naming the lock and the pid holding it.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from vocmine.exceptions import ConfigError, InputError
from vocmine.run.config import as_paths

LOCK_NAME = ".vocmine.lock"


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(out_dir: Path) -> list[Path]:
    """Repair what runs that were killed left behind (their pid is gone), restoring before deleting.

    A ``.old-<period>-<pid>`` folder whose ``<period>/`` is missing is a published version moved aside
    by a publish killed between its two renames: it is renamed back first. Then stale staging folders
    and moved-aside copies that were superseded are removed. Returns the paths removed.
    """
    removed = []
    for p in sorted(out_dir.glob(".old-*")):
        owner = stale_owner(p)
        if owner is None:
            continue
        final = out_dir / p.name[len(".old-"):].rsplit("-", 1)[0]
        if not final.exists():
            os.replace(p, final)  # the previous published version comes back before anything is deleted
            continue
        shutil.rmtree(p, ignore_errors=True)
        removed.append(p)
    for p in sorted(out_dir.glob(".staging-*")):
        if stale_owner(p) is not None:
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p)
    return removed


def stale_owner(path: Path) -> int | None:
    """The pid in ``path``'s name when that process is gone (and is not us), else None."""
    try:
        pid = int(path.name.rsplit("-", 1)[1])
    except (IndexError, ValueError):
        return None
    return pid if pid != os.getpid() and not pid_alive(pid) else None


@contextlib.contextmanager
def output_lock(out_dir: Path) -> Iterator[Path]:
    """Hold ``<out_dir>/.vocmine.lock`` for a run; :class:`ConfigError` naming the lock and the pid of
    the run holding it when another run has it. The lock is an OS lock (``flock``), so a killed run
    never leaves it held; the file only records the holder's pid."""
    path = Path(out_dir) / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        from vocmine.ingest.writable import os_error

        raise os_error(exc, path, "create the run lock") from exc
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no advisory lock, one run at a time by convention
            fcntl = None
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
                raise ConfigError(f"another vocmine run (pid {holder}) is writing {out_dir}: it holds the lock {path}. "
                                  f"Wait for it to finish, or use another --out") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield path
    finally:
        os.close(fd)  # releases the flock


def locked_run(func):  # keeps ``run``'s signature and docstring
    """Check the inputs exist, create ``out_dir`` and hold its lock around ``func``."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        out = Path(kwargs.get("out_dir", "reports")).resolve()
        for p in as_paths(kwargs.get("tickets")) + as_paths(kwargs.get("customers")):
            if not p.exists():  # inputs are checked before the output folder is touched
                raise InputError(f"input file {p} does not exist")
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            from vocmine.ingest.writable import os_error

            raise os_error(exc, out, "create the output folder") from exc
        with output_lock(out):
            return func(*args, **kwargs)

    return wrapper


def publish(staging: Path, final: Path) -> Path:
    """Atomically replace ``final`` by ``staging`` (rename; the old copy is deleted only after success)."""
    old = final.parent / f".old-{final.name}-{os.getpid()}"
    if final.exists():
        os.replace(final, old)
    try:
        os.replace(staging, final)
    except BaseException:
        if old.exists() and not final.exists():
            os.replace(old, final)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return final
