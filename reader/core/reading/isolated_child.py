"""The child process of reader.core.reading.isolated: reads one PDF or Word document within its limits and answers
in JSON lines. Started as ``python -S -m reader.core.reading.isolated_child``, or in the frozen bundle as
``reader --read-document`` (packaging/bundle_entry.py). It imports only what its format needs (not
subprocess or threading, not mammoth for a PDF nor PDFium for a .docx): each document starts one."""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import asdict

from reader.core.progress import Tick
from reader.core.reading.document_limits import LIMITS, DocumentLimits

CHILD_ARGUMENT = "--read-document"
"""The frozen bundle's command line for a child: its entry script looks for this first argument."""
_PROGRESS_S = 0.05  # how often, at most, the child reports progress


def child_main() -> int:
    """Read one document from stdin (a JSON header line, then its bytes) and answer on stdout in JSON
    lines: {"done": share} now and then, then {"result": {...}}, {"problem": words} or {"memory": true}."""
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr  # a stray print in a library must not garble the answers
    header = message(sys.stdin.buffer.readline())
    kind = "pdf" if header.get("kind") == "pdf" else "docx"
    given = header.get("limits")
    limits = DocumentLimits(**given) if isinstance(given, dict) else LIMITS
    _limit_self(limits)

    def answer(said: dict[str, object]) -> None:
        answers.write(json.dumps(said).encode() + b"\n")
        answers.flush()

    due = 0.0

    def tick(done: float) -> None:
        nonlocal due
        if time.monotonic() >= due:
            due = time.monotonic() + _PROGRESS_S
            answer({"done": done})

    try:
        answer({"result": _read(kind, sys.stdin.buffer.read(), tick, limits)})
    except MemoryError:
        answer({"memory": True})
    except RecursionError:
        answer({"problem": "is nested too deeply for Reader to read"})
    except Exception as error:  # the format's own problem, or an unforeseen damage: one line, in words
        answer({"problem": _in_words(kind, error)})
    return 0


def message(line: bytes) -> dict[str, object]:
    """One JSON line as an object; {} for anything else."""
    try:
        said = json.loads(line)
    except ValueError:
        return {}
    return said if isinstance(said, dict) else {}


def _read(kind: str, data: bytes, tick: Tick, limits: DocumentLimits) -> dict[str, object]:
    if kind == "pdf":
        from reader.core.reading.pdftext import read_pdf

        return asdict(read_pdf(data, tick, limits))
    from reader.core.reading.word import read_docx

    return asdict(read_docx(data, limits))


def _in_words(kind: str, error: Exception) -> str:
    if kind == "pdf":
        from reader.core.reading.pdftext import PdfProblem

        return (
            str(error)
            if isinstance(error, PdfProblem)
            else "is not a PDF Reader can read (it may be damaged)"
        )
    from reader.core.reading.word import WordProblem, damage

    return str(error) if isinstance(error, WordProblem) else damage(error)


def _limit_self(limits: DocumentLimits) -> None:
    """The child's own limits: its address space (Linux), and its processor time (POSIX), which ends a
    child whose parent is gone (the parent's clock no longer runs for it)."""
    try:
        import resource
    except ImportError:  # Windows: the parent's time limit bounds the child
        return
    _lower(resource.RLIMIT_CPU, int(limits.seconds) + 5)
    if sys.platform.startswith("linux"):  # macOS does not enforce RLIMIT_AS
        _lower(resource.RLIMIT_AS, limits.memory)


def _lower(kind: int, limit: int) -> None:
    import resource

    _soft, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)  # a lower limit the user set stays
    resource.setrlimit(kind, (limit, hard))


if __name__ == "__main__":
    sys.exit(child_main())
