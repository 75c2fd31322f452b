"""What the headless commands print, as a user sees it: through a pipe, into a file, on a terminal."""

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

from reader.comparison import Comparison
from reader.core.alignment.align import AlignOptions


def _additions(seed_paths: list[Path]) -> list[str]:
    comparison, errors = Comparison.load([str(p) for p in seed_paths], AlignOptions())
    assert comparison is not None and not errors
    alignment = comparison.alignment
    return [
        " ".join(alignment.member_text(member).split())
        for index in range(len(alignment.sources))
        for member in alignment.additions(index)
    ]


def _on_a_terminal(args: list[str], columns: int) -> str:
    """Run ``reader`` with its standard output on a pseudo-terminal ``columns`` wide; what it printed."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    process = subprocess.Popen(
        [sys.executable, "-m", "reader", *args], stdout=follower, stderr=subprocess.PIPE, env=env
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout=120) == 0
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_a_pipe_and_a_file_get_every_passage_whole(seed_paths, tmp_path) -> None:
    added = _additions(seed_paths)
    longest = max(added, key=len)
    assert len(longest) > 200  # the sample has passages far longer than any screen line
    piped = subprocess.run(
        [sys.executable, "-m", "reader", "align", *map(str, seed_paths)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    out = tmp_path / "summary.txt"
    written = subprocess.run(
        [sys.executable, "-m", "reader", "align", "-o", str(out), *map(str, seed_paths)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert written.stdout == f"Wrote {out}: text summary, 5 sources.\n"  # the file holds the summary alone
    for text in (piped, out.read_text(encoding="utf-8")):
        lines = text.splitlines()
        for passage in added:
            assert f"    + {passage}" in lines
        assert not [line for line in lines if line.startswith("    + ") and line.endswith("…")]


def test_a_terminal_gets_whole_passages_wrapped_to_its_width(seed_paths) -> None:
    added = _additions(seed_paths)
    shown = _on_a_terminal(["align", *map(str, seed_paths)], columns=60)
    lines = shown.splitlines()
    assert max(len(line) for line in lines) <= 60
    # Each addition is there whole: its first line after "+", the rest indented under it.
    start = shown.index("Additions:")
    joined = " ".join(line.strip() for line in shown[start:].splitlines())
    for passage in added:
        assert f"+ {passage}" in joined
    wrapped = next(i for i, line in enumerate(lines) if line.startswith("    + ") and len(line) > 50)
    assert lines[wrapped + 1].startswith("      ") and lines[wrapped + 1][6] != " "


def test_export_says_in_one_line_what_it_wrote(seed_paths, tmp_path) -> None:
    for name, kind in (("story report.md", "Markdown"), ("story.html", "HTML"), ("story.csv", "CSV")):
        out = tmp_path / name
        files = [*map(str, seed_paths), "-o", str(out)]
        result = subprocess.run(
            [sys.executable, "-m", "reader", "export", "--db", str(tmp_path / "db"), *files],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0 and result.stderr == ""
        size = out.stat().st_size
        shown = f"{size} bytes" if size < 1024 else f"{size / 1024:.0f} KB"  # the CSV lists annotations: none
        assert result.stdout == f"Wrote {out}: {kind}, 5 sources, 0 annotations, {shown}.\n"
