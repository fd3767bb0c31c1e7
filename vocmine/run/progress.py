"""Progress of a run: one log line per finished stage on the ``vocmine.run`` logger
(``stage clean: 1,480 tickets, 3.2 s``) and, when asked (the CLI on a terminal), a tqdm bar over
the stages. Lines carry counts and seconds only, never ticket text."""

from __future__ import annotations

import contextlib
import logging
import sys
import time
from collections.abc import Iterator
from typing import Any

log = logging.getLogger("vocmine.run")


@contextlib.contextmanager
def timer(timings: dict[str, float], name: str) -> Iterator[None]:
    """Add the block's wall time to ``timings[name]`` (seconds, 3 decimals)."""
    t0 = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = round(timings.get(name, 0.0) + time.perf_counter() - t0, 3)


class Said:
    """What a stage reports about itself: counts and short notes (no ticket text)."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def count(self, n: int, noun: str) -> Said:
        self.parts.append(f"{int(n):,} {noun}{'' if int(n) == 1 else 's'}")
        return self

    def add(self, note: str) -> Said:
        self.parts.append(note)
        return self


class Progress:
    """Reports stages as they finish. ``bar``: also draw a tqdm bar on ``file`` (default stderr) with
    ``total`` stages (raise it with :meth:`expect`)."""

    def __init__(self, *, bar: bool = False, total: int = 0, file: Any = None) -> None:
        self._bar = None
        if bar:
            from tqdm.auto import tqdm

            self._bar = tqdm(total=total, unit="stage", desc="vocmine run", file=file or sys.stderr, leave=False,
                             mininterval=0, bar_format="{desc}{n_fmt}/{total_fmt} stages |{bar}| {elapsed}")

    def expect(self, more: int) -> None:
        """``more`` stages are still to come beyond the total given so far."""
        if self._bar is not None:
            self._bar.total = (self._bar.total or 0) + more
            self._bar.refresh()

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[Said]:
        """Time the block; on success log ``stage <name>: <what it said>, <seconds> s``."""
        if self._bar is not None:
            self._bar.set_description(f"stage {name}")
        said = Said()
        t0 = time.perf_counter()
        yield said
        seconds = time.perf_counter() - t0
        log.info("stage %s: %s", name, ", ".join([*said.parts, f"{seconds:.1f} s"]))
        if self._bar is not None:
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


class TqdmHandler(logging.StreamHandler):
    """A log handler that writes through ``tqdm.write``, so lines do not break a bar on the terminal."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            from tqdm import tqdm

            tqdm.write(self.format(record), file=self.stream)
        except Exception:  # noqa: BLE001 - logging must never raise
            self.handleError(record)
