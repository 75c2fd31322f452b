"""Command line: ``reader [FILE...]`` opens the window; ``reader align`` and friends work headless."""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader import __version__
from reader.comparison import Comparison, Fetcher, PartlyRead, fetch_from_network, snapshot_first
from reader.core.alignment.align import DEFAULT_THRESHOLD, AlignOptions
from reader.core.alignment.workcache import FILE_NAME, WorkCache
from reader.core.reading.sources import SourceError, formats_in_words
from reader.core.text.display import one_line, printable, say
from reader.core.text.normalize import Normalization

if TYPE_CHECKING:  # the store loads SQLAlchemy: `reader align` never needs it
    from reader.store import Library

EXIT_OK = 0
EXIT_SOME_REFUSED = 1  # the others were still aligned
EXIT_USAGE = 2  # bad arguments, or no file could be read
EXIT_INTERNAL = 70  # a bug: the user gets one line, the traceback goes to a log file

COMMANDS = ("align", "export", "library", "search")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] in COMMANDS:
            return _run_command(args, own_process=argv is None)
        return _run_window(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `reader align ... | head`
        return EXIT_OK
    except Exception as error:
        log = _write_crash_log()
        say(f"unexpected error: {one_line(str(error)) or type(error).__name__}. Details: {log}")
        return EXIT_INTERNAL


def _run_command(args: list[str], own_process: bool = False) -> int:
    """A headless command; ``own_process``: the process is this command's alone (not a caller's, as in
    the tests), so what it aligns may stay out of the garbage collector's way until it exits."""
    if args[0] == "export":
        return _export(_export_parser().parse_args(args[1:]), own_process)
    if args[0] == "library":
        from reader.library_cli import run_library

        return run_library(args[1:])
    if args[0] == "search":
        from reader.search_cli import run_search

        return run_search(args[1:])
    return _align(_align_parser().parse_args(args[1:]), own_process)


def _export_parser() -> argparse.ArgumentParser:
    from reader.export import formats  # read for `reader export` only

    parser = argparse.ArgumentParser(
        prog="reader export",
        description=f"Export the comparison of FILEs with the annotations stored for them: "
        f"{formats.formats_in_words()}. A web address is read from the library's newest snapshot of it, the "
        "page as it was annotated (offline too); only an address never fetched is fetched.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help=f"{formats_in_words()} files")
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="the file to write; its extension picks the format",
    )
    parser.add_argument("--format", choices=tuple(formats.FORMATS), help="the format, whatever the extension")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="the library with the annotations (default: $READER_DB, else the data folder)",
    )
    parser.add_argument("--tags", metavar="TAG,...", help="only annotations with one of these tags")
    parser.add_argument(
        "--annotated-only", action="store_true", help="only passages that carry an annotation"
    )
    parser.add_argument(
        "--no-full-texts",
        action="store_true",
        help="leave out passages shared verbatim (and, in JSON, the texts)",
    )
    add_alignment_options(parser)
    return parser


def _export(args: argparse.Namespace, own_process: bool = False) -> int:
    from reader.export.formats import ExportError, format_for
    from reader.store import Library, StoreError

    try:
        format_for(args.output, args.format)
    except ExportError as error:
        say(str(error))
        return EXIT_USAGE
    try:
        library = Library.open_to_read(args.db)  # None: nothing annotated yet, the comparison alone
    except StoreError as error:
        say(str(error))
        return EXIT_USAGE
    try:
        return _export_with(args, library, own_process)
    finally:
        if library is not None:
            library.close()


def _export_with(args: argparse.Namespace, library: Library | None, own_process: bool) -> int:
    """The export proper. A URL is read from the library's newest snapshot of it, as the window reopens it:
    that page is the text the user annotated, so the annotations land where they were put, offline too and
    whatever the page says now; only a URL never fetched is fetched."""
    from reader.export.formats import ExportError, export
    from reader.export.report import ExportOptions
    from reader.store import StoreError

    fetcher = snapshot_first(library) if library is not None else fetch_from_network
    comparison, errors = _load_reporting(args.files, alignment_options(args), "export", own_process, fetcher)
    if comparison is None:
        return EXIT_USAGE
    tags = frozenset(t.strip() for t in args.tags.split(",") if t.strip()) if args.tags else None
    options = ExportOptions(tags=tags, annotated_only=args.annotated_only, full_texts=not args.no_full_texts)
    try:
        if library is not None:
            comparison.attach(library)
        report = comparison.report(options)
        fmt = export(report, args.output, args.format)
    except (ExportError, StoreError) as error:
        say(str(error))
        return EXIT_USAGE
    print(written_line(args.output, fmt, len(report.alignment.sources), len(report.annotations)))
    for refused in errors:  # said again after the export: the file exists, but it is not the whole story
        if not isinstance(refused, PartlyRead):  # a page cut short is in it, as far as it was read
            say(
                f"{args.output}: written without {refused.path}; any annotations on it are not in this export"
            )
    return EXIT_SOME_REFUSED if errors else EXIT_OK


def written_line(path: str, fmt: str, sources: int, annotations: int) -> str:
    """ "Wrote story.html: HTML, 5 sources, 2 annotations, 182 KB." (one line, whatever the path holds)."""
    from reader.export.formats import FORMATS

    size = os.path.getsize(path)
    shown = (
        f"{size} bytes"
        if size < 1024
        else f"{size / 1024:.0f} KB"
        if size < 1024**2
        else f"{size / 1024**2:.1f} MB"
    )
    plural = "" if annotations == 1 else "s"
    return (
        f"Wrote {printable(path)}: {FORMATS[fmt].title if fmt in FORMATS else fmt}, {sources} sources, "
        f"{annotations} annotation{plural}, {shown}."
    )


def _align_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader align",
        description="Align the passages of several write-ups of one story and report what they share "
        "and what each adds.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help=f"{formats_in_words()} files")
    parser.add_argument(
        "--json", action="store_true", help="write the alignment as JSON (docs/json-schema.md)"
    )
    parser.add_argument("-o", "--output", metavar="OUT", help="write to this file instead of standard output")
    parser.add_argument(
        "--no-text", action="store_true", help="with --json: leave the sources' full texts out"
    )
    parser.add_argument(
        "--cache",
        metavar="DIR",
        help="keep what aligning worked out in this folder, and reuse it the next time (the output is the same)",
    )
    add_alignment_options(parser)
    return parser


def add_alignment_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("alignment")
    group.add_argument(
        "--granularity",
        choices=("sentence", "paragraph"),
        default="sentence",
        help="the unit that is aligned (default: sentence)",
    )
    group.add_argument(
        "--threshold",
        type=_fraction,
        default=DEFAULT_THRESHOLD,
        help=f"least word similarity, 0-1, for two passages to count as rewordings (default: {DEFAULT_THRESHOLD})",
    )
    group.add_argument("--keep-case", action="store_true", help="upper and lower case differ")
    group.add_argument("--keep-quotes", action="store_true", help="curly and straight quotes differ")
    group.add_argument("--keep-dashes", action="store_true", help="hyphens and dashes differ")
    group.add_argument("--keep-whitespace", action="store_true", help="runs of white space differ")
    group.add_argument("--ignore-punctuation", action="store_true", help="punctuation marks do not count")


def alignment_options(args: argparse.Namespace) -> AlignOptions:
    return AlignOptions(
        granularity=args.granularity,
        threshold=args.threshold,
        normalization=Normalization(
            case=not args.keep_case,
            quotes=not args.keep_quotes,
            dashes=not args.keep_dashes,
            whitespace=not args.keep_whitespace,
            punctuation=args.ignore_punctuation,
        ),
    )


def _fraction(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not 0.0 < number <= 1.0:
        raise argparse.ArgumentTypeError(f"{value} is not between 0 and 1")
    return number


PROGRESS_AFTER_S = 1.0
"""A progress line appears only when the work takes longer than this (a quick run prints nothing)."""


def _load_reporting(
    paths: Sequence[str],
    options: AlignOptions,
    verb: str,
    own_process: bool = False,
    fetcher: Fetcher = fetch_from_network,
    cache: WorkCache | None = None,
) -> tuple[Comparison | None, list[SourceError]]:
    """Read and align the files, printing one line per refused file (and a last one when none could be
    read). On a terminal, a long run shows a progress line on standard error, rewritten in place."""
    import time

    if own_process:
        # What is aligned lives as long as this command, which ends the process: the cyclic garbage
        # collector would only walk its millions of objects again and again, while the provenance and the
        # report or the export make more (on two 1 MB versions, 0.2 s of the summary's 0.35 s, and a
        # tenth of the whole command once the provenance was worked out with the alignment).
        gc.disable()
    interactive = sys.stderr.isatty()
    started = time.monotonic()
    shown = [-1]

    def progress(done: float) -> bool:
        if interactive and time.monotonic() - started >= PROGRESS_AFTER_S:
            percent = int(done * 100)
            if percent != shown[0]:
                shown[0] = percent
                sys.stderr.write(f"\rreader: reading and aligning {len(paths)} files… {percent:3d}%")
                sys.stderr.flush()
        return True

    try:
        comparison, errors = Comparison.load(paths, options, progress=progress, fetcher=fetcher, cache=cache)
    finally:
        if shown[0] >= 0:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
    for error in errors:
        say(str(error))
    if comparison is None:
        say(f"no file could be read; nothing to {verb}")
    elif own_process:
        gc.freeze()  # and should anything turn the collector on again, the alignment stays out of its way
    return comparison, errors


def _align(args: argparse.Namespace, own_process: bool = False) -> int:
    cache = WorkCache(Path(args.cache) / FILE_NAME) if args.cache else None
    comparison, errors = _load_reporting(
        args.files, alignment_options(args), "align", own_process, cache=cache
    )
    if comparison is None:
        return EXIT_USAGE
    if cache is not None:
        cache.save()  # a folder it cannot write to is a line on standard error, and no failure
    alignment = comparison.alignment
    # Each output's module when it is asked for: the other's imports are start-up time for nothing.
    if args.json:
        from reader.export.alignment_json import to_json

        text = to_json(alignment, include_text=not args.no_text)
    else:
        from reader.export.summary import summary

        # Whole passages in a file or a pipe (grep, a script); wrapped to the width of a terminal.
        on_screen = not args.output and sys.stdout.isatty()
        text = summary(alignment, shutil.get_terminal_size().columns if on_screen else None)
    if args.output:
        from reader.core import atomic  # for -o only

        try:
            atomic.write_text(Path(args.output), text)
        except OSError as error:
            say(f"{args.output}: cannot write ({error.strerror or error})")
            return EXIT_USAGE
        kind = "JSON alignment" if args.json else "text summary"
        count = len(alignment.sources)
        print(f"Wrote {printable(args.output)}: {kind}, {count} source{'' if count == 1 else 's'}.")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    return EXIT_SOME_REFUSED if errors else EXIT_OK


def _window_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Compare several write-ups of one story side by side. "
        f"Commands: {', '.join(COMMANDS)} (run 'reader COMMAND --help').",
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help=f"files to compare ({formats_in_words()})")
    parser.add_argument("--version", action="version", version=f"Reader {__version__}")
    parser.add_argument("--sample", action="store_true", help="open the sample story that ships with Reader")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="the library (annotations, comparisons) to use; default: $READER_DB, else the data folder",
    )
    return parser


def _run_window(args: list[str]) -> int:
    options = _window_parser().parse_args(args)
    if sys.platform.startswith("linux") and not any(
        os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    ):
        say(
            "no display to open the window on. Run it in a desktop session, or use the "
            "headless commands (reader align --help)."
        )
        return EXIT_USAGE
    try:
        from reader.ui.app import run
    except ImportError as error:
        say(f"the window cannot start: {error}. Try: pip install --force-reinstall pyside6-essentials")
        return EXIT_USAGE
    return run(list(options.files), sample=options.sample, db=options.db)


def _write_crash_log() -> str:
    import tempfile  # only on a crash: `reader align` starts without them
    import traceback

    path = os.path.join(tempfile.gettempdir(), "reader-crash.log")
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(traceback.format_exc())
            handle.write("\n")
    except OSError:
        return "(could not write a log)"
    return path
