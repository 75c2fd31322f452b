"""Text from outside (file names, tag names, error details) made safe to show on one line.

A file name may hold a line break, a terminal escape sequence or a right-to-left override; printed raw it
would break the one-line message or reach the terminal as a command. ``printable`` shows such characters
as visible escapes instead, the way Python's ``repr`` does, and leaves every printable character alone.
"""

from __future__ import annotations

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` with line breaks, control and format characters and lone surrogates as escapes."""
    if text.isprintable():
        return text
    parts = []
    for char in text:
        if char.isprintable():
            parts.append(char)
        elif char in _NAMED:
            parts.append(_NAMED[char])
        elif ord(char) < 0x100:
            parts.append(f"\\x{ord(char):02x}")
        elif ord(char) < 0x10000:
            parts.append(f"\\u{ord(char):04x}")
        else:
            parts.append(f"\\U{ord(char):08x}")
    return "".join(parts)


def one_line(message: str, limit: int = 400) -> str:
    """A message reduced to its first line, printable, and at most ``limit`` characters."""
    first = message.strip().splitlines()[0] if message.strip() else ""
    first = printable(first)
    return first if len(first) <= limit else first[: limit - 1] + "…"


def say(message: str) -> None:
    """One line to standard error, as ``reader: …``: whatever a file name or a library holds, it cannot
    break the line or send escape codes to the terminal (the commands' one way to tell the user)."""
    import sys

    print(f"reader: {printable(' '.join(message.splitlines()))}", file=sys.stderr)
