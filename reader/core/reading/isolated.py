"""Reading an untrusted PDF or Word document in a child process, so that nothing in it can end Reader.

PDFium aborts the whole process when it runs out of memory (a 1 KB PDF whose form draws itself twice at
each level does that), and no Python code can turn a native abort into a refusal. So a document is read by
a child process: the parent sends it the bytes and the limits, the child sends back progress and the result
as JSON lines (never pickle: the child has read hostile input). The child runs with an address-space limit
(``RLIMIT_AS``, on Linux; macOS does not enforce one and Windows has no ``resource``, so there the time limit
alone bounds it) and is killed when the time limit passes (a processor-time limit a few seconds longer ends
it on POSIX should Reader itself be gone). Whatever ends the child, a native abort, a
MemoryError, a RecursionError or the kill, ends only that reading: the parent raises the format's problem
(PdfProblem, WordProblem) with one line in words.

The child is reader.core.reading.isolated_child (``python -S -m``); in the frozen bundle, where ``sys.executable``
is Reader itself, it is ``reader --read-document``, which packaging/bundle_entry.py hands to ``child_main``.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from dataclasses import asdict
from pathlib import Path
from typing import IO, Literal

from reader.core.progress import Tick
from reader.core.reading.document_limits import LIMITS, DocumentLimits, megabytes
from reader.core.reading.isolated_child import CHILD_ARGUMENT, message
from reader.core.reading.pdftext import PdfProblem, PdfText
from reader.core.reading.word import WordDocument, WordProblem

Kind = Literal["pdf", "docx"]
_QUIET_S = 0.1  # how often the parent hears Cancel while the child is silent


def read_pdf_isolated(data: bytes, tick: Tick | None = None, limits: DocumentLimits = LIMITS) -> PdfText:
    """reader.core.reading.pdftext.read_pdf, in a child process within ``limits``; raises PdfProblem."""
    result = _run("pdf", data, tick, limits)
    return PdfText(
        _text(result, "text") or "", _text(result, "title"), _text(result, "author"), _text(result, "date")
    )


def read_docx_isolated(
    data: bytes, tick: Tick | None = None, limits: DocumentLimits = LIMITS
) -> WordDocument:
    """reader.core.reading.word.read_docx, in a child process within ``limits``; raises WordProblem."""
    result = _run("docx", data, tick, limits)
    return WordDocument(_text(result, "html") or "", _text(result, "title"), _text(result, "author"))


def _text(result: dict[str, object], key: str) -> str | None:
    value = result.get(key)
    return value if isinstance(value, str) else None


def _problem(kind: Kind, words: str) -> Exception:
    return PdfProblem(words) if kind == "pdf" else WordProblem(words)


def _command() -> list[str]:
    if getattr(sys, "frozen", False):  # the PyInstaller bundle: sys.executable is Reader itself
        return [sys.executable, CHILD_ARGUMENT]
    # -S: no site module (its .pth files cost more than the rest of the start-up); the child is given the
    # parent's import path instead, below.
    return [sys.executable, "-S", "-m", "reader.core.reading.isolated_child"]


def _environment() -> dict[str, str]:
    """The parent's environment, its import path the child's: this copy of Reader first, then everything
    the parent can import from, so the child runs the same code as the parent."""
    if getattr(sys, "frozen", False):
        return dict(os.environ)
    here = str(Path(__file__).resolve().parents[3])  # the folder holding the reader package
    return dict(os.environ, PYTHONPATH=os.pathsep.join([here, *(entry for entry in sys.path if entry)]))


def _run(kind: Kind, data: bytes, tick: Tick | None, limits: DocumentLimits) -> dict[str, object]:
    try:
        child = subprocess.Popen(
            _command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=_environment(),
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
    except OSError as error:
        raise _problem(
            kind, f"could not be read: Reader could not start reading it ({error.strerror})"
        ) from None
    assert child.stdin is not None and child.stdout is not None
    header = json.dumps({"kind": kind, "limits": asdict(limits)}).encode() + b"\n"
    lines: queue.Queue[bytes | None] = queue.Queue()
    threads = [
        threading.Thread(target=_send, args=(child.stdin, header, data), daemon=True),
        threading.Thread(target=_receive, args=(child.stdout, lines), daemon=True),
    ]
    for thread in threads:
        thread.start()
    answer: dict[str, object] | None = None
    done = 0.0
    deadline = time.monotonic() + limits.seconds
    timed_out = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            try:
                line = lines.get(timeout=min(left, _QUIET_S))
            except queue.Empty:
                if tick is not None:
                    tick(done)  # Cancel is heard while the child works silently
                continue
            if line is None:
                break
            said = message(line)
            if isinstance(said.get("done"), float | int):
                done = float(said["done"])  # type: ignore[arg-type]  # checked just above
                if tick is not None:
                    tick(done)
            elif answer is None:
                answer = said
    finally:
        if answer is None or timed_out:
            _kill(child)  # no waiting for a child that has not answered: it may be stuck
        peak = _reap(child)
        for thread in threads:
            thread.join(timeout=1)
    if timed_out:
        raise _problem(kind, f"took longer than {limits.seconds:g} s to read; Reader stopped reading it")
    if answer is not None and isinstance(answer.get("result"), dict):
        return answer["result"]  # type: ignore[return-value]  # a JSON object: str keys
    if answer is not None and isinstance(answer.get("problem"), str):
        raise _problem(kind, str(answer["problem"]))
    memory = f"needs more than {megabytes(limits.memory)} of memory to read; Reader stopped reading it"
    if answer is not None and answer.get("memory"):
        raise _problem(kind, memory)
    # The child died without a word: a native abort. Near the memory limit, that limit is why (PDFium
    # aborts when an allocation fails); otherwise the engine met something it could not handle.
    if sys.platform.startswith("linux") and peak >= limits.memory // 2:
        raise _problem(kind, memory)
    engine = "the PDF engine" if kind == "pdf" else "the Word reader"
    raise _problem(kind, f"is damaged ({engine} stopped on it); Reader stopped reading it")


def _send(pipe: IO[bytes], header: bytes, data: bytes) -> None:
    try:
        pipe.write(header)
        pipe.write(data)
        pipe.close()
    except OSError:  # the child died or was killed before it read everything
        pass


def _receive(pipe: IO[bytes], lines: queue.Queue[bytes | None]) -> None:
    try:
        for line in pipe:
            lines.put(line)
    finally:
        lines.put(None)


def _reap(child: subprocess.Popen[bytes]) -> int:
    """Wait for the child to end (killing it if it lingers); its peak resident memory in bytes where the
    system tells it (POSIX), else 0."""
    if not hasattr(os, "wait4"):
        try:
            child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        return 0
    lingering = time.monotonic() + 5
    while True:
        try:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        except ChildProcessError:  # reaped already
            return 0
        if pid:
            child.returncode = os.waitstatus_to_exitcode(status)
            return usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
        if time.monotonic() > lingering:
            _kill(child)
        time.sleep(0.005)


def _kill(child: subprocess.Popen[bytes]) -> None:
    """Kill the child without reaping it (Popen.kill reaps first if it can, and takes its rusage along)."""
    if child.returncode is not None:
        return
    if hasattr(os, "wait4"):
        with contextlib.suppress(ProcessLookupError):
            os.kill(child.pid, signal.SIGKILL)
    else:
        child.kill()
