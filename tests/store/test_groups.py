"""Groups enforced by the server (row-level security, reader/store/groups.py) on the tests' private
PostgreSQL cluster: a member of one group sees and changes nothing of another's, through Reader's Library
and connecting to the server directly with the member's own role; library-wide rows stay everyone's;
removing a member takes effect with the next transaction; the commands, their messages on a missing
privilege, and on SQLite (one user, no groups).

The cluster's superuser (``reader``) bypasses row-level security, like every superuser, so the members are
ordinary LOGIN roles with the least privileges docs/shared-library.md lists."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import make_url

from reader.core.reading.sources import source_from_text
from reader.library_cli import run_library
from reader.store import Library, NewTarget, StoreError
from reader.store.groups import add_member, create_group, remove_member, role_name

MEMBERS = ("ana", "ben", "cal")
TEXT = "The minister said the figures were final. Officials later said they were not. {}"
# Each table under row-level security and its key: what a member of another group must not see.
KEYS = {
    "sources": "id",
    "source_revisions": "id",
    "annotations": "id",
    "targets": "id",
    "annotation_tags": "annotation_id, tag_id",
    "link_verdicts": "id",
    "note_conflicts": "id",
    "change_log": "seq",
    "comparison_sources": "comparison_id, source_id",
}


def grant_least_privileges(postgres, url: str) -> None:
    """The members' roles (once per cluster) and what they need in this library's database."""
    database = make_url(url).database
    for member in MEMBERS:
        postgres.admin_sql(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{member}') THEN "
            f"CREATE ROLE {member} LOGIN; END IF; END $$"
        )
        postgres.admin_sql(f'GRANT CONNECT ON DATABASE "{database}" TO {member}')
    everyone = ", ".join(MEMBERS)
    for statement in (
        f"GRANT USAGE ON SCHEMA public TO {everyone}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {everyone}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {everyone}",
    ):
        postgres.admin_sql(statement, database)


def as_member(url: str, member: str) -> str:
    return url.replace("postgresql://reader@", f"postgresql://{member}@")


def connect(postgres, url: str, member: str) -> psycopg.Connection:
    return psycopg.connect(host=str(postgres.socket), user=member, dbname=make_url(url).database)


def add_story(library: Library, path: str, words: str, tags: tuple[str, ...], note: str) -> tuple[int, int]:
    source = library.import_source(source_from_text(TEXT.format(words), path)).source_id
    annotation = library.add_annotation([NewTarget(source, 4, 12)], tags=tags, note=note).id
    return source, annotation


@dataclass
class Newsroom:
    url: str
    owner: Library
    libraries: dict[str, Library]
    rows: dict[str, dict[str, set[tuple[object, ...]]]]  # group -> table -> keys of its rows
    ids: dict[str, dict[str, int]]  # "a", "b", "everyone" -> source/annotation ids

    def keys(self, table: str, connection: psycopg.Connection | None = None) -> set[tuple[object, ...]]:
        if connection is None:
            with connect_owner(self.url) as owner:
                return _keys(owner, table)
        return _keys(connection, table)


def connect_owner(url: str) -> psycopg.Connection:
    return psycopg.connect(make_url(url).render_as_string(hide_password=False).replace("+psycopg", ""))


def _keys(connection: psycopg.Connection, table: str) -> set[tuple[object, ...]]:
    return {tuple(row) for row in connection.execute(f"SELECT {KEYS[table]} FROM {table}").fetchall()}  # type: ignore[arg-type]


@pytest.fixture
def newsroom(postgres) -> Iterator[Newsroom]:
    """A shared library with groups A (ana, cal) and B (ben), a story in each and one library-wide; every
    table under row-level security holds rows of both groups."""
    url = postgres.new_database()
    owner = Library.open(url)
    grant_least_privileges(postgres, url)
    create_group(owner, "Desk A")
    create_group(owner, "Desk B")
    add_member(owner, "Desk A", "ana")
    add_member(owner, "Desk A", "cal")
    add_member(owner, "Desk B", "ben")
    libraries = {member: Library.open(as_member(url, member)) for member in MEMBERS}
    ids: dict[str, dict[str, int]] = {}
    everyone = add_story(owner, "/wire/everyone.txt", "Shared.", ("context",), "library-wide")
    ids["everyone"] = {"source": everyone[0], "annotation": everyone[1]}
    before: dict[str, set[tuple[object, ...]]] = {table: set() for table in KEYS}
    with connect_owner(url) as connection:
        before = {table: _keys(connection, table) for table in KEYS}
    rows: dict[str, dict[str, set[tuple[object, ...]]]] = {}
    for group, member in (("a", "ana"), ("b", "ben")):
        library = libraries[member]
        library.use_group(f"Desk {group.upper()}")
        first = add_story(
            library, f"/desk-{group}/one.txt", f"Desk {group} one.", ("disputed",), f"note {group}"
        )
        second = add_story(library, f"/desk-{group}/two.txt", f"Desk {group} two.", ("false",), "")
        library.import_source(
            source_from_text(TEXT.format(f"Desk {group} one, corrected."), f"/desk-{group}/one.txt")
        )
        library.judge_link(NewTarget(first[0], 4, 12), NewTarget(second[0], 4, 12), "confirmed", "same claim")
        library.save_comparison([f"/desk-{group}/one.txt", f"/desk-{group}/two.txt"], {})
        with connect(postgres, url, member) as connection:
            connection.execute(
                "INSERT INTO note_conflicts (annotation_id, base, mine, theirs, author, at) "
                "VALUES (%s, '', 'mine', 'theirs', %s, now())",
                (first[1], member),
            )
        ids[group] = {"source": first[0], "annotation": first[1], "second": second[0]}
        with connect_owner(url) as connection:
            after = {table: _keys(connection, table) for table in KEYS}
        rows[group] = {table: after[table] - before[table] for table in KEYS}
        with connect_owner(url) as connection:  # saving a comparison is library-wide news (docs)
            everyones = connection.execute("SELECT seq FROM change_log WHERE group_id IS NULL").fetchall()
        rows[group]["change_log"] -= {tuple(row) for row in everyones}
        before = after
    for table in KEYS:
        assert rows["a"][table] and rows["b"][table], f"the fixture made no rows of both groups in {table}"
    room = Newsroom(url, owner, libraries, rows, ids)
    yield room
    for library in libraries.values():
        library.close()
    owner.close()


def test_a_member_sees_nothing_of_another_group_through_the_library(newsroom: Newsroom) -> None:
    ana, ben = newsroom.libraries["ana"], newsroom.libraries["ben"]
    a, b, everyone = newsroom.ids["a"], newsroom.ids["b"], newsroom.ids["everyone"]
    seen = {info.id for info in ana.sources()}
    assert a["source"] in seen and everyone["source"] in seen
    assert b["source"] not in seen and b["second"] not in seen
    notes = {info.note for info in ana.annotations()}
    assert notes == {"note a", "", "library-wide"}
    assert {info.note for info in ben.annotations()} == {"note b", "", "library-wide"}
    assert not ana.annotations(tag="disputed", text="note b")
    assert ana.versions(b["source"]) == [] and ana.previous_text(b["source"]) is None
    assert ana.verdicts() and all(
        {v.a.source_id, v.b.source_id} <= {a["source"], a["second"]} for v in ana.verdicts()
    )
    assert not [path for c in ana.comparisons() for path in c.paths if path.startswith("/desk-b")]
    with pytest.raises(StoreError, match="no annotation"):
        ana.annotation(b["annotation"])
    with pytest.raises(StoreError, match="no annotation"):
        ana.update_annotation(b["annotation"], note="overwritten by ana")
    with pytest.raises(StoreError, match="no annotation"):
        ana.delete_annotation(b["annotation"])
    with pytest.raises(StoreError, match="no source"):
        ana.set_group(None, source_id=b["source"])
    with pytest.raises(StoreError, match="not a member"):
        ana.use_group("Desk B")
    with pytest.raises(StoreError, match="not a member"):
        ana.set_group("Desk B", annotation_id=a["annotation"])
    assert ben.annotation(b["annotation"]).note == "note b"  # untouched
    # The change log: ana does not learn the ids of B's rows, nor that they changed.
    b_annotations = {key[0] for key in newsroom.rows["b"]["annotations"]}
    b_sources = {key[0] for key in newsroom.rows["b"]["sources"]}
    for change in ana.changes_since(0):
        named = b_annotations if change.kind.startswith("annotation") else b_sources
        assert not set(change.ids) & named, change
    assert any(set(change.ids) & b_annotations for change in ben.changes_since(0))
    # What ana writes goes into her group: ben does not see it.
    new = ana.add_annotation([NewTarget(a["source"], 0, 3)], tags=("later",), note="ana's second")
    assert new.group_id == ana._group_id and new.id not in {i.id for i in ben.annotations()}


def test_a_member_connecting_directly_sees_and_changes_nothing_of_another_group(
    postgres, newsroom: Newsroom
) -> None:
    """psql, a script: the member's own role, straight to the server, on every table under the policies."""
    theirs = newsroom.rows["b"]
    with connect(postgres, newsroom.url, "ana") as connection:
        for table, keys in theirs.items():
            columns = KEYS[table]
            assert not _keys(connection, table) & keys, table
            assert _keys(connection, table) & newsroom.rows["a"][table], table
            match = " OR ".join(
                "(" + " AND ".join(f"{c} = %s" for c in columns.split(", ")) + ")" for _ in keys
            )
            values = [value for key in keys for value in key]
            first = columns.split(", ")[0]
            updated = connection.execute(
                f"UPDATE {table} SET {first} = {first} WHERE {match}",  # type: ignore[arg-type]
                values,
            ).rowcount
            deleted = connection.execute(f"DELETE FROM {table} WHERE {match}", values).rowcount  # type: ignore[arg-type]
            assert (updated, deleted) == (0, 0), table
            # Unrestricted, they reach what ana may see, and nothing else (rolled back: A keeps its rows).
            assert connection.execute(f"DELETE FROM {table}").rowcount > 0  # type: ignore[arg-type]
            connection.rollback()
    for table, keys in theirs.items():
        assert keys <= newsroom.keys(table), f"a row of B's in {table} was changed or deleted"


def _refused(postgres, url: str, statement: str, values: tuple[object, ...]) -> str:
    with connect(postgres, url, "ana") as connection:
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as refused:
            connection.execute(statement, values)  # type: ignore[arg-type]
        return str(refused.value)


def test_a_member_cannot_put_a_row_into_another_group(postgres, newsroom: Newsroom) -> None:
    url, a, b = newsroom.url, newsroom.ids["a"], newsroom.ids["b"]
    with connect_owner(url) as owner:
        group_b = owner.execute("SELECT id FROM groups WHERE name = 'Desk B'").fetchone()[0]  # type: ignore[index]
        tag = owner.execute("SELECT id FROM tags LIMIT 1").fetchone()[0]  # type: ignore[index]
        comparison = owner.execute("SELECT min(comparison_id) FROM comparison_sources").fetchone()[0]  # type: ignore[index]
    inserts = [
        (
            "INSERT INTO sources (path, title, format, encoding, text, sha256, imported_at, updated_at, "
            "group_id) VALUES ('/x', 'x', 'text', 'utf-8', 'x', 'x', now(), now(), %s)",
            (group_b,),
        ),
        (
            "INSERT INTO annotations (note, created_at, modified_at, group_id) VALUES ('x', now(), now(), %s)",
            (group_b,),
        ),
        (
            'INSERT INTO targets (annotation_id, source_id, start, "end", exact, prefix, suffix, status) '
            "VALUES (%s, %s, 0, 1, 'T', '', '', 'anchored')",
            (b["annotation"], a["source"]),
        ),
        (
            'INSERT INTO targets (annotation_id, source_id, start, "end", exact, prefix, suffix, status) '
            "VALUES (%s, %s, 0, 1, 'T', '', '', 'anchored')",
            (a["annotation"], b["source"]),
        ),
        ("INSERT INTO annotation_tags (annotation_id, tag_id) VALUES (%s, %s)", (b["annotation"], tag)),
        (
            "INSERT INTO source_revisions (source_id, text, sha256, replaced_at) VALUES (%s, 'x', 'x', now())",
            (b["source"],),
        ),
        (
            "INSERT INTO note_conflicts (annotation_id, base, mine, theirs, author, at) "
            "VALUES (%s, '', '', '', 'ana', now())",
            (b["annotation"],),
        ),
        (
            "INSERT INTO change_log (at, author, client, kind, ids, group_id) "
            "VALUES (now(), 'ana', 'x', 'annotation_changed', '[]', %s)",
            (group_b,),
        ),
        (
            "INSERT INTO comparison_sources (comparison_id, source_id, position, hidden) VALUES (%s, %s, 9, false)",
            (comparison, b["source"]),
        ),
        ("UPDATE annotations SET group_id = %s WHERE id = %s", (group_b, a["annotation"])),
        ("UPDATE sources SET group_id = %s WHERE id = %s", (group_b, a["source"])),
    ]
    for statement, values in inserts:
        assert "row-level security" in _refused(postgres, url, statement, values), statement
    # The same through Reader: one line, nothing saved.
    ana = newsroom.libraries["ana"]
    with pytest.raises(StoreError, match="no source"):
        ana.add_annotation([NewTarget(b["source"], 0, 3)], note="into B's story")


def test_library_wide_rows_are_everyones_and_a_moved_row_follows_its_group(newsroom: Newsroom) -> None:
    everyone = newsroom.ids["everyone"]
    for library in newsroom.libraries.values():
        assert library.annotation(everyone["annotation"]).note == "library-wide"
        assert everyone["source"] in {info.id for info in library.sources()}
    ana, ben, cal = (newsroom.libraries[m] for m in MEMBERS)
    a = newsroom.ids["a"]
    seq = ben.last_seq()
    ana.set_group(None, source_id=a["source"])  # the story and its annotation become library-wide
    assert ben.annotation(a["annotation"]).note == "note a"
    assert any(a["source"] in change.ids for change in ben.changes_since(seq))
    ana.set_group("Desk A", source_id=a["source"])
    with pytest.raises(StoreError):
        ben.annotation(a["annotation"])
    assert cal.annotation(a["annotation"]).note == "note a"
    # Undo of a deletion puts the annotation back in its group, not library-wide.
    deleted = ana.delete_annotation(a["annotation"])
    restored = ana.restore_annotation(deleted)
    assert restored.group_id == deleted.group_id is not None
    with pytest.raises(StoreError):
        ben.annotation(a["annotation"])


def test_removing_a_member_takes_effect_with_the_next_transaction(newsroom: Newsroom) -> None:
    cal = newsroom.libraries["cal"]  # an open Library: its pooled connections stay open throughout
    a = newsroom.ids["a"]
    assert cal.annotation(a["annotation"]).note == "note a"
    remove_member(newsroom.owner, "Desk A", "cal")
    with pytest.raises(StoreError, match="no annotation"):
        cal.annotation(a["annotation"])
    assert a["source"] not in {info.id for info in cal.sources()}
    assert newsroom.ids["everyone"]["source"] in {info.id for info in cal.sources()}
    with pytest.raises(StoreError, match="no annotation"):
        cal.update_annotation(a["annotation"], note="after leaving")
    assert newsroom.libraries["ana"].annotation(a["annotation"]).note == "note a"
    assert [g.members for g in newsroom.owner.groups() if g.name == "Desk A"] == [("ana",)]


def test_group_commands_and_their_messages(
    postgres, newsroom: Newsroom, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = newsroom.url
    assert run_library(["group", "list", "--db", url]) == 0
    listed = capsys.readouterr().out
    assert "Desk A (role reader_" in listed and "ana, cal" in listed and "Desk B" in listed
    assert run_library(["group", "create", "Desk C", "--db", url]) == 0
    assert "created the group “Desk C”" in capsys.readouterr().out
    assert run_library(["group", "add", "Desk C", "ben", "--db", url]) == 0
    assert run_library(["group", "remove", "Desk C", "ben", "--db", url]) == 0
    capsys.readouterr()
    # Without the privilege: one line, nothing done.
    for args in (["create", "Desk D"], ["add", "Desk A", "ben"], ["remove", "Desk A", "ana"]):
        assert run_library(["group", *args, "--db", as_member(url, "ana")]) == 2
        err = capsys.readouterr().err
        assert "needs an administrator" in err and len(err.strip().splitlines()) == 1, err
    assert [g.members for g in newsroom.owner.groups() if g.name == "Desk A"] == [("ana", "cal")]
    for args, words in (
        (["add", "Desk A", "nobody"], "no role"),
        (["add", "Desk Z", "ana"], "no group"),
        (["remove", "Desk B", "ana"], "not a member"),
        (["create", "Desk A"], "already"),
    ):
        assert run_library(["group", *args, "--db", url]) == 2
        err = capsys.readouterr().err
        assert words in err and len(err.strip().splitlines()) == 1, err
    # SQLite: one user, no groups, one line.
    path = str(tmp_path / "personal.sqlite3")
    assert run_library(["group", "list", "--db", path]) == 2
    err = capsys.readouterr().err
    assert "one user and no groups" in err and len(err.strip().splitlines()) == 1
    with closing(Library.open(path)) as library:
        assert library.groups() == []
        with pytest.raises(StoreError, match="no groups"):
            library.use_group("Desk A")
        with pytest.raises(StoreError, match="no groups"):
            create_group(library, "Desk A")


def test_the_owner_of_the_tables_is_under_the_policies_too(postgres) -> None:
    """FORCE ROW LEVEL SECURITY: the role that created the library (not a superuser) sees a group's rows
    only as a member, and may still administer groups with CREATEROLE."""
    postgres.admin_sql(
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'desk_owner') THEN "
        "CREATE ROLE desk_owner LOGIN CREATEROLE; END IF; END $$"
    )
    name = f"owned_{make_url(postgres.new_database()).database}"
    postgres.admin_sql(f'CREATE DATABASE "{name}" OWNER desk_owner')
    url = postgres.url(name, user="desk_owner")
    with closing(Library.open(url)) as owner:
        grant_least_privileges(postgres, postgres.url(name))
        create_group(owner, "Desk B")
        add_member(owner, "Desk B", "ben")
        with closing(Library.open(postgres.url(name, user="ben"))) as ben:
            ben.use_group("Desk B")
            theirs = add_story(ben, "/desk-b/owned.txt", "B.", ("disputed",), "ben's")
        assert owner.sources() == [] and owner.annotations() == []
        with pytest.raises(StoreError, match="no annotation"):
            owner.annotation(theirs[1])
        add_member(owner, "Desk B", "desk_owner")
        assert [info.note for info in owner.annotations()] == ["ben's"]


def test_group_roles_are_identifiers_apart_for_every_name() -> None:
    names = ["Desk A", "Политика", "Экономика", "Desk-A", "x" * 200, "x" * 201, '"; DROP ROLE ana; --']
    roles = [role_name("newsroom", name) for name in names]
    assert roles[0] == "reader_newsroom_desk_a"
    assert len(set(roles)) == len(roles)
    assert all(re.fullmatch(r"[a-z0-9_]{1,63}", role) for role in roles), roles
