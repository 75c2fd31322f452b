"""``reader library``: what a team does with a library from the command line.

reader library copy FROM TO      copy a library (e.g. a personal file) into a new one (e.g. a server)
reader library info [--db ADDR]  where the library is, its schema, and what it holds
reader library group create NAME            a group whose members alone see its sources and annotations
reader library group add NAME MEMBER_ROLE   make a server role a member (run as an administrator)
reader library group remove NAME MEMBER_ROLE
reader library group list
"""

from __future__ import annotations

import argparse

from reader.core.text.display import printable, say

EXIT_OK, EXIT_USAGE = 0, 2


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
    group = commands.add_parser(
        "group",
        help="groups of a shared library: their members alone see their sources and annotations "
        "(enforced by the server; run by an administrator)",
    )
    doing = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = doing.add_parser("create", help="a new group (and its server role)")
    create.add_argument("name", metavar="NAME")
    for action, words in (("add", "make MEMBER_ROLE a member"), ("remove", "MEMBER_ROLE leaves the group")):
        member = doing.add_parser(action, help=words)
        member.add_argument("name", metavar="NAME")
        member.add_argument("member", metavar="MEMBER_ROLE", help="the member's own server role")
    doing.add_parser("list", help="the groups and their members")
    for sub in doing.choices.values():
        sub.add_argument(
            "--db", metavar="ADDRESS", help="the library (default: $READER_DB, else the data folder)"
        )
    return parser


def _group_command(options: argparse.Namespace) -> int:
    from reader.address import AddressError, configured
    from reader.store import Library
    from reader.store.groups import NO_GROUPS, add_member, create_group, remove_member

    try:
        where = configured(options.db)
    except AddressError as error:
        say(str(error))
        return EXIT_USAGE
    if not where.is_server:  # said before opening: a command about groups never creates a library file
        say(f"{where.shown}: {NO_GROUPS}")
        return EXIT_USAGE
    library = Library.open(options.db, read_only=options.action == "list")
    try:
        if options.action == "list":
            groups = library.groups()
            if not groups:
                print(f"{printable(library.shown)}: no groups (every source and annotation is library-wide)")
            for found in groups:
                members = ", ".join(found.members) or "no members"
                print(f"{printable(found.name)} (role {found.role}): {printable(members)}")
            return EXIT_OK
        if options.action == "create":
            made = create_group(library, options.name)
            print(f"created the group “{printable(made.name)}” (server role {made.role})")
        elif options.action == "add":
            add_member(library, options.name, options.member)
            print(f"{printable(options.member)} is a member of “{printable(options.name)}”")
        else:
            remove_member(library, options.name, options.member)
            print(f"{printable(options.member)} left “{printable(options.name)}”")
        return EXIT_OK
    finally:
        library.close()


def run_library(args: list[str]) -> int:
    options = _parser().parse_args(args)
    from reader.store import Library, StoreError

    try:
        if options.command == "group":
            return _group_command(options)
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
        say(str(error))
        return EXIT_USAGE
