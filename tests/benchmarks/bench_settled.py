"""The first settled window: Reader against Meld on the same three seeds, both measured to the same end
point, side by side in one run. Not a test: run it by hand under a real X server.

    xvfb-run -a -s "-screen 0 1920x1080x24" python tests/benchmarks/bench_settled.py [--baseline DIR]

Needs Debian's meld, x11-apps (xwd) and xdotool. For each program, whole processes, alternating (Reader,
Meld, Reader, ...): the time from starting the process to the screen's last change, once the screen has
stayed the same for ``QUIET`` seconds after its window appeared. The screen is read with ``xwd`` every few
milliseconds; a change of fewer than ``NOISE`` pixels (a text cursor blinking) is not a change. Both
programs start with no remembered settings or window size (fresh configuration folders), each at its own
default window size; Reader's library exists already (made by one run before the timed ones), as on any
start but the first, and its modules are compiled to bytecode, as in any installed copy (Meld's are).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QUIET = 1.5
"""Seconds the screen must stay the same for the window to count as settled."""
NOISE = 400
"""A change of fewer pixels than this is a blinking cursor, not the window still being drawn."""
TIMEOUT = 60.0


def grab(env: dict[str, str]) -> bytes:
    """The whole screen's pixels, as ``xwd`` writes them (its header is the same from grab to grab)."""
    return subprocess.run(["xwd", "-root", "-silent"], env=env, capture_output=True, check=True).stdout


def changed_pixels(one: bytes, other: bytes) -> int:
    if len(one) != len(other):
        return 1 << 30
    import numpy

    a = numpy.frombuffer(one[len(one) % 4 :], dtype=numpy.uint32)
    b = numpy.frombuffer(other[len(other) % 4 :], dtype=numpy.uint32)
    return int(numpy.count_nonzero(a != b))


def settled(command: list[str], env: dict[str, str]) -> float:
    """Seconds from starting ``command`` to the screen's last change before it stays the same for
    ``QUIET`` seconds, after a window of the process appeared."""
    blank = grab(env)
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tempfile.gettempdir()
    )
    try:
        previous, last_change, shown = blank, None, False
        while time.perf_counter() - start < TIMEOUT:
            frame = grab(env)
            now = time.perf_counter()
            if changed_pixels(frame, previous) >= NOISE:
                previous, last_change = frame, now
                shown = shown or changed_pixels(frame, blank) >= NOISE
            elif shown and last_change is not None and now - last_change >= QUIET:
                return last_change - start
        raise RuntimeError(f"{command[0]}: the screen did not settle within {TIMEOUT:.0f} s")
    finally:
        process.kill()
        process.wait()
        time.sleep(0.3)  # the server clears the window before the next run's blank frame


LIBRARY = Path(tempfile.mkdtemp()) / "library.sqlite3"


def compile_modules(package: Path) -> None:
    """Write the bytecode of ``package``'s modules, as an installed Reader has it (pip compiles them on
    install, as Debian does Meld's): a checkout run with PYTHONDONTWRITEBYTECODE set would otherwise
    compile every module from source at each start, about 0.12 s that no installed copy spends."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)


def fresh_env() -> dict[str, str]:
    env = dict(os.environ)
    config = Path(tempfile.mkdtemp())
    env["XDG_CONFIG_HOME"] = str(config)  # no remembered comparison, geometry or Meld settings
    env["READER_DB"] = str(LIBRARY)
    env["QT_QPA_PLATFORM"] = "xcb"
    (config / "gtk-3.0").mkdir()
    (config / "gtk-3.0" / "settings.ini").write_text("[Settings]\ngtk-cursor-blink = false\n")
    return env


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--baseline", metavar="DIR", help="a checkout of the previous version, run as well")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    missing = [tool for tool in ("meld", "xwd", "xdotool") if not shutil.which(tool)]
    if missing or not os.environ.get("DISPLAY"):
        sys.exit(
            f"needs {', '.join(missing) or 'a display'}: apt-get install meld x11-apps xdotool; xvfb-run"
        )
    seeds = [str(p) for p in sorted((ROOT / "seeds").glob("*.txt"))][:3]
    programs = {
        "Reader": (
            [sys.executable, "-m", "reader", *seeds],
            {"PYTHONPATH": str(ROOT)},
        ),
        "Meld": (["meld", *seeds], {}),
    }
    if args.baseline:
        programs["previous Reader"] = (
            [sys.executable, "-m", "reader", *seeds],
            {"PYTHONPATH": args.baseline},
        )
    for name in ("Reader", "previous Reader"):
        if name in programs:  # the library made, so that the timed starts are usual ones
            command, extra = programs[name]
            compile_modules(Path(extra["PYTHONPATH"]) / "reader")
            made = fresh_env() | extra | {"READER_QUIT_AFTER": "library", "QT_QPA_PLATFORM": "offscreen"}
            subprocess.run(command, env=made, capture_output=True, check=False, timeout=120)
    times: dict[str, list[float]] = {name: [] for name in programs}
    for _ in range(args.runs):
        for name, (command, extra) in programs.items():
            env = fresh_env() | extra
            times[name].append(settled(command, env))
    print(f"first settled window, 3 seeds, median of {args.runs} (min-max), same run:")
    for name, found in times.items():
        print(f"  {name:<16} {statistics.median(found):.2f} s ({min(found):.2f}-{max(found):.2f})")
    meld = statistics.median(times["Meld"])
    print(f"  Reader / Meld: {statistics.median(times['Reader']) / meld:.2f}")


if __name__ == "__main__":
    main()
