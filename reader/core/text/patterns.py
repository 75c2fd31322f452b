"""Regular expressions compiled once per installation rather than once per process.

Python compiles a regular expression with Python code (``re._parser``, ``re._compiler``), and Reader's
patterns of names, verbs, outlets and dates are long: compiling them took 0.30 G of the 1.6 G instructions
of ``reader align`` on the sample story, in every process. What the compiler makes is plain data (the
engine's program: a list of integers, the flags and the groups), so it is kept where Python keeps the
compiled functions, in ``__pycache__``, and under the same rule: written where Python writes bytecode
(not under ``PYTHONDONTWRITEBYTECODE`` or ``-B``), in a file named for the interpreter and the version of
its regular expression engine. The next process hands the program to the engine (``_sre.compile``, in C),
which checks it before use. A pattern the file lacks, a file that cannot be read, or an interpreter
without these internals: the pattern is compiled as always. The same pattern, either way
(``re.Pattern`` compares equal: same text, flags and program).
"""

from __future__ import annotations

import atexit
import contextlib
import marshal
import os
import re
import sys
from pathlib import Path
from typing import Any

try:  # CPython's internals, untyped: what re.compile runs
    import _sre  # type: ignore[import-not-found]
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # another interpreter: compile as always
    _sre = None

Program = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]

CACHE_FILE = (
    Path(__file__).resolve().parent
    / "__pycache__"
    / f"patterns.{sys.implementation.cache_tag}-{getattr(_sre, 'MAGIC', 0)}.marshal"
)
_KEEP = 4000  # patterns kept in the file at most (a changed pattern leaves its old program behind)

_programs: dict[tuple[str, int], Program] | None = None  # read from the file at the first pattern
_made: dict[tuple[str, int], Program] = {}  # compiled by this process: written at its exit


def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the program kept in ``__pycache__`` when it is there."""
    if _sre is None:
        return re.compile(pattern, flags)
    key = (pattern, int(flags))
    program = _read().get(key)
    if program is not None:
        try:
            found: re.Pattern[str] = _sre.compile(pattern, *program)
            return found
        except (TypeError, ValueError, RuntimeError):  # not a program this engine runs: compile it
            pass
    try:
        program = _program(pattern, int(flags))
        found = _sre.compile(pattern, *program)
    except (AttributeError, TypeError, ValueError, RuntimeError):  # re's internals changed: as always
        return re.compile(pattern, flags)
    if not _made:
        atexit.register(save)
    _made[key] = program
    return found


def _program(pattern: str, flags: int) -> Program:
    """What ``re._compiler.compile`` hands the engine for ``pattern`` (its code, as Python 3.11-3.13 have it)."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    # Plain ints (the compiler's opcodes are int subclasses, which marshal does not write).
    return (
        int(flags | parsed.state.flags),
        [int(word) for word in code],
        int(parsed.state.groups - 1),
        {name: int(index) for name, index in groupindex.items()},
        tuple(indexgroup),
    )


def _read() -> dict[tuple[str, int], Program]:
    global _programs
    if _programs is None:
        try:
            loaded: Any = marshal.loads(CACHE_FILE.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            loaded = {}
        _programs = loaded if isinstance(loaded, dict) else {}
    return _programs


def save(force: bool = False) -> None:
    """Write the programs of the patterns compiled by this process beside those already kept (at exit,
    where Python writes bytecode; ``force``: whatever ``sys.dont_write_bytecode`` says). Never fails: a
    folder that cannot be written keeps nothing."""
    if not _made or (sys.dont_write_bytecode and not force):
        return
    kept = {**_read(), **_made}
    if len(kept) > _KEEP:
        kept = dict(_made)
    temporary = CACHE_FILE.with_name(f"{CACHE_FILE.name}.{os.getpid()}")
    try:
        CACHE_FILE.parent.mkdir(exist_ok=True)
        temporary.write_bytes(marshal.dumps(kept))
        os.replace(temporary, CACHE_FILE)  # whole, even with another process writing it too
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        return
    _read().update(_made)
    _made.clear()
