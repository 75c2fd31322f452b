"""``reader library``: what a team does with a library from the command line.

reader library copy FROM TO      copy a library (e.g. a personal file) into a new one (e.g. a server)
reader library info [--db ADDR]  where the library is, its schema, and what it holds
"""

from __future__ import annotations

import argparse
import sys

from reader.core.text.display import printable

EXIT_OK, EXIT_USAGE = 0, 2


def _say(message: str) -> None:
    print(f"reader: {printable(' '.join(message.splitlines()))}", file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader library",
        description="Manage a library: a file (SQLite, the default) or a shared one on a PostgreSQL server "
        "(postgresql://user@host/database). Passwords come from ~/.pgpass, PGPASSWORD or the system keyring.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    copy = commands.add_parser(
        "copy", help="copy every source, version, snapshot, comparison, tag and annotation into a new library"
    )
    copy.add_argument(
        "source", metavar="FROM", help="the library to copy (a file or a postgresql:// address)"
    )
    copy.add_argument("target", metavar="TO", help="the new library, which must hold nothing yet")
    info = commands.add_parser("info", help="where the library is, its schema and what it holds")
    info.add_argument(
        "--db", metavar="ADDRESS", help="the library (default: $READER_DB, else the data folder)"
    )
    return parser


def run_library(args: list[str]) -> int:
    options = _parser().parse_args(args)
    from reader.store import Library, StoreError

    try:
        if options.command == "copy":
            from reader.store.copying import copy_library

            source = Library.open(options.source, read_only=True)
            try:
                target = Library.open(options.target)
                try:
                    report = copy_library(source, target)
                finally:
                    target.close()
            finally:
                source.close()
            print(f"copied {report.summary()} from {printable(source.shown)} to {printable(target.shown)}")
            return EXIT_OK
        library = Library.open(options.db, read_only=True)
        try:
            from reader.store.db import current_revision

            print(f"library: {printable(library.shown)}")
            print(f"engine: {'PostgreSQL server' if library.is_server else 'SQLite file'}")
            print(f"schema: {current_revision(library.engine)}")
            print(f"sources: {len(library.sources())}, annotations: {len(library.annotations())}")
            if library.read_only and library.report.read_only != "opened read-only on request":
                print(f"read-only: {printable(str(library.report.read_only))}")
        finally:
            library.close()
        return EXIT_OK
    except StoreError as error:
        _say(str(error))
        return EXIT_USAGE
