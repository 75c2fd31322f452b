"""What changes on screen while Reader starts, and when: each frame that differs from the one before, saved
with its time since the start, and where on the screen it changed. Not a test: a tool to look with when
bench_settled.py says the window settles late.

    xvfb-run -a -s "-screen 0 1920x1080x24" python tests/benchmarks/frames_settled.py OUT [FILE...]

Reader starts as in bench_settled.py (fresh settings, an existing library, compiled modules) on FILEs, by
default the first three seeds; ``--`` alone starts it with no files (the welcome page). Frames are saved as
OUT/SECONDS.xwd, and as PNG too when netpbm's xwdtopnm and pnmtopng are installed. A frame's time is when
its grab ended, some tens of milliseconds after the screen changed: the timing is bench_settled.py's.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_settled import NOISE, ROOT, compile_modules, fresh_env, grab

WATCH = 3.0
"""Seconds to watch the screen for."""


def pixels(frame: bytes) -> object:
    """An ``xwd`` frame's pixels: rows of the screen, of pixels, of bytes (as many as its header says: 4 for
    Xvfb's empty screen, 3 once a window is on it)."""
    import numpy

    header_size, width, height, bits_per_pixel, bytes_per_line, colors = (
        struct.unpack(">I", frame[offset : offset + 4])[0] for offset in (0, 16, 20, 44, 48, 76)
    )
    size = bits_per_pixel // 8
    data = numpy.frombuffer(frame, dtype=numpy.uint8, offset=header_size + colors * 12)
    return (
        data[: height * bytes_per_line]
        .reshape(height, bytes_per_line)[:, : width * size]
        .reshape(height, width, size)
    )


def changed_box(one: bytes, other: bytes) -> tuple[int, int, int, int, int] | None:
    """The number of pixels that differ and the box around them (left, top, right, bottom); None when
    fewer than ``NOISE`` differ."""
    import numpy

    a, b = pixels(one), pixels(other)
    if a.shape[:2] != b.shape[:2]:  # type: ignore[attr-defined]
        return None
    # Blue, green, red: the 4th byte of the empty screen's pixels is padding.
    rows, columns = numpy.nonzero((a[:, :, :3] != b[:, :, :3]).any(axis=2))  # type: ignore[index]
    if len(rows) < NOISE:
        return None
    return len(rows), int(columns.min()), int(rows.min()), int(columns.max()), int(rows.max())


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    files = sys.argv[2:] or [str(p) for p in sorted((ROOT / "seeds").glob("*.txt"))[:3]]
    files = [] if files == ["--"] else files
    compile_modules(ROOT / "reader")
    command = [sys.executable, "-m", "reader", *files]
    made = fresh_env() | {
        "PYTHONPATH": str(ROOT),
        "READER_QUIT_AFTER": "library",
        "QT_QPA_PLATFORM": "offscreen",
    }
    subprocess.run(command, env=made, capture_output=True, check=False, timeout=120)  # the library made
    env = fresh_env() | {"PYTHONPATH": str(ROOT)}
    previous = grab(env)
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tempfile.gettempdir()
    )
    frames = []
    try:
        while time.perf_counter() - start < WATCH:
            frame = grab(env)
            seconds = time.perf_counter() - start
            box = changed_box(previous, frame)
            if box is not None:
                frames.append((seconds, box, frame))
                previous = frame
    finally:
        process.kill()
        process.wait()
    png = shutil.which("xwdtopnm") and shutil.which("pnmtopng")
    for seconds, (count, left, top, right, bottom), frame in frames:
        name = out / f"{seconds:06.3f}.xwd"
        name.write_bytes(frame)
        if png:
            pnm = subprocess.run(["xwdtopnm", str(name)], capture_output=True, check=False).stdout
            name.with_suffix(".png").write_bytes(
                subprocess.run(["pnmtopng"], input=pnm, capture_output=True, check=False).stdout
            )
        print(f"{seconds:.3f} s  {count} px changed in ({left}, {top})-({right}, {bottom})")


if __name__ == "__main__":
    main()
