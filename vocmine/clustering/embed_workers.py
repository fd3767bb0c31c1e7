"""USE encoding in worker processes: each worker holds the float64 model on one BLAS thread.

Two single-thread workers encode about 1.35 times as fast as one process on two threads (measured
on e-mail-length tickets, 2 cores): the tokenizer and the element-wise steps of the forward pass run
on one core. A text's vector does not depend on the process or the batch that encodes it
(:mod:`vocmine.clustering.use64`), so the result is the in-process result, bit for bit.

The workers are plain subprocesses (``python -m vocmine.clustering.embed_workers``) speaking
length-prefixed pickles over their stdin and stdout, not ``multiprocessing``: a spawned
``multiprocessing`` worker re-runs the caller's main script, which breaks (and re-executes) an
analyst's script without an ``if __name__ == "__main__"`` guard. Each worker has at most one batch
in flight, so neither side blocks on a full pipe.
"""

from __future__ import annotations

import os
import pickle
import struct
import subprocess
import sys
import threading
from collections.abc import Iterable
from pathlib import Path

import numpy as np

__all__ = ["EncoderPool"]

_HEADER = struct.Struct("<Q")


def _send(stream, obj) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def _recv(stream):
    head = stream.read(_HEADER.size)
    if len(head) < _HEADER.size:
        raise EOFError("embedding worker closed its output")
    (n,) = _HEADER.unpack(head)
    data = stream.read(n)
    if len(data) < n:
        raise EOFError("embedding worker closed its output mid-message")
    return pickle.loads(data)


class EncoderPool:
    """``workers`` subprocesses encoding batches of texts in order (see the module doc)."""

    def __init__(self, workers: int, *, max_tokens: int | None = None):
        env = dict(os.environ)
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            env[var] = "1"
        # the workers import this vocmine even when the caller found it on sys.path, not installed
        root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join([root, *filter(None, [env.get("PYTHONPATH")])])
        cmd = [sys.executable, "-m", "vocmine.clustering.embed_workers", str(max_tokens or 0)]
        self._procs = [subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
                       for _ in range(workers)]
        # one map at a time: two threads sharing the pipes would read each other's vectors
        self._lock = threading.Lock()

    def map(self, batches: Iterable[list[str]]) -> list[np.ndarray]:
        """The vectors of each batch, in order."""
        batches = list(batches)
        with self._lock:
            return self._map(batches)

    def _map(self, batches: list[list[str]]) -> list[np.ndarray]:
        procs = self._procs
        out: list[np.ndarray] = []
        for w, batch in enumerate(batches[:len(procs)]):
            _send(procs[w].stdin, batch)
        for j in range(len(batches)):
            w = j % len(procs)
            result = _recv(procs[w].stdout)
            if isinstance(result, BaseException):
                raise result
            out.append(result)
            nxt = j + len(procs)
            if nxt < len(batches):
                _send(procs[w].stdin, batches[nxt])
        return out

    def close(self) -> None:
        for p in self._procs:
            try:
                if p.stdin:
                    p.stdin.close()
                p.wait(timeout=10)
            except Exception:  # noqa: BLE001 - a stuck worker is killed, never waited on forever
                p.kill()
        self._procs = []


def _main(max_tokens: int) -> None:
    from vocmine.clustering.use64 import StableUSE

    model = StableUSE(threads=1, max_tokens=max_tokens or None)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            batch = _recv(stdin)
        except EOFError:
            return
        try:
            result = np.asarray(model.encode(batch), dtype=np.float32)
        except Exception as exc:  # noqa: BLE001 - sent back and raised in the caller
            result = RuntimeError(f"embedding worker failed: {type(exc).__name__}: {exc}")
        _send(stdout, result)


if __name__ == "__main__":
    _main(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
