"""A worker process of the build: a fresh interpreter running one of the generator's worker modules.

The build's stages that run on several cores (the engine's pages, :mod:`.parallel_build`; the pass over
the built pages, :mod:`.page_pass`) each start a few of these. A worker is not a fork: the build process
has pyarrow's threads alive, and a fork copies none of them but their locks. It imports the build's own
``generator`` first (:data:`_START`), not one in the current folder: ``python -m`` would put the folder
first, and a portal's checkout may hold a ``generator/`` of a pull request's making. Jobs and answers are
pickles on its standard input and output, between the build and its own child; its standard output is
kept for them (:func:`answer_channel`).
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, BinaryIO

WORKER_MODULES = frozenset({"generator.site.page_worker", "generator.site.page_pass"})
_PACKAGE_PARENT = str(Path(__file__).resolve().parents[2])  # where this ``generator`` was imported from
_START = ("import sys, importlib; sys.path[0] = sys.argv[1]; "
          "importlib.import_module(sys.argv[2]).main()")


class WorkerEnded(Exception):
    """The worker ended before answering; the message is the last line it printed, or its exit code."""


class WorkerProcess:
    def __init__(self, module: str) -> None:
        assert module in WORKER_MODULES
        self.errors = tempfile.TemporaryFile()  # what the interpreter prints if it fails: read only then
        self.process = subprocess.Popen([sys.executable, "-c", _START, _PACKAGE_PARENT, module],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors)

    def send(self, job: Any) -> None:
        assert self.process.stdin is not None
        try:
            pickle.dump(job, self.process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self.process.stdin.flush()
        except OSError:  # it has ended
            raise self._ended() from None

    def receive(self) -> Any:
        stream: BinaryIO | None = self.process.stdout
        assert stream is not None
        try:
            return pickle.load(stream)
        except (EOFError, pickle.UnpicklingError):
            raise self._ended() from None

    def _ended(self) -> WorkerEnded:
        code = self.process.wait()
        self.errors.seek(0)
        printed = self.errors.read().decode("utf-8", "replace").strip().splitlines()
        return WorkerEnded(printed[-1] if printed else f"mã thoát {code}")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.errors):
            try:
                if stream is not None:
                    stream.close()
            except OSError:  # what was left to send to an ended worker
                pass


def answer_channel() -> tuple[BinaryIO, BinaryIO]:
    """In a worker: (jobs, answers). Its standard output becomes its standard error, so that nothing else
    printed can reach the answers."""
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    return sys.stdin.buffer, answers


def answer(answers: BinaryIO, message: Any) -> None:
    pickle.dump(message, answers, protocol=pickle.HIGHEST_PROTOCOL)
    answers.flush()
