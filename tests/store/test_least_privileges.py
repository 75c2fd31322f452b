"""The README's least privileges, run as written on a private PostgreSQL server: a member role with exactly
those grants opens an up-to-date library, annotates and follows a colleague's changes, and can change no
table; the first start needs the owner; a role outside the team cannot connect."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import psycopg
import pytest

from reader.core.reading.sources import source_from_text
from reader.store import Library, NewTarget, StoreError

README = Path(__file__).resolve().parents[2] / "README.md"
TEXT = "Musk said it is standard practice to use other AIs to validate your AI. Savitt: So that's a yes."
EXAMPLE_NAMES = ("newsroom", "reader_owner", "reader_team", "ana")


def readme_sql() -> tuple[str, str]:
    """The two SQL blocks of the README's "Sharing a library with a team": as an administrator, then in the
    library's database."""
    section = README.read_text(encoding="utf-8").split("## Sharing a library with a team", 1)[1]
    section = section.split("\n## ", 1)[0]
    blocks = re.findall(r"```sql\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == 2, "the README's privileges are two SQL blocks"
    return blocks[0], blocks[1]


def statements(block: str, names: dict[str, str]) -> list[str]:
    """The block's statements, with the example names replaced by this test's own (roles are per cluster)."""
    for example, name in names.items():
        block = re.sub(rf"\b{example}\b", name, block)
    return [part.strip() for part in re.split(r";\s*(?:\n|$)", block) if part.strip()]


class Team:
    def __init__(self, postgres) -> None:
        tag = uuid.uuid4().hex[:8]
        self.postgres = postgres
        self.names = {example: f"{example}_{tag}" for example in EXAMPLE_NAMES}
        self.database = self.names["newsroom"]
        self.owner, self.group, self.member = (
            self.names["reader_owner"],
            self.names["reader_team"],
            self.names["ana"],
        )
        self.colleague = f"ben_{tag}"

    def url(self, role: str, database: str | None = None) -> str:
        return self.postgres.url(database or self.database, role)

    def run_as_admin(self, block: str, database: str = "postgres") -> None:
        for statement in statements(block, self.names):
            self.postgres.admin_sql(statement, database=database)

    def connect(self, role: str) -> psycopg.Connection:
        return psycopg.connect(
            host=str(self.postgres.socket), user=role, dbname=self.database, autocommit=True
        )


@pytest.fixture
def team(postgres) -> Team:
    """The README's set-up: roles and database, the first start as the owner, then the grants."""
    team = Team(postgres)
    administrator, in_database = readme_sql()
    team.run_as_admin(administrator)
    postgres.admin_sql(f"CREATE ROLE {team.colleague} LOGIN IN ROLE {team.group}")
    Library.open(team.url(team.owner)).close()  # the first start: the owner makes the tables
    team.run_as_admin(in_database, database=team.database)
    return team


def test_a_member_with_exactly_the_readme_grants_annotates_and_follows_changes(team: Team) -> None:
    ana = Library.open(team.url(team.member))
    ben = Library.open(team.url(team.colleague))
    try:
        assert not ana.read_only and not ben.read_only  # an up-to-date library: nothing more needed
        ana.author, ben.author = "Ana", "Ben"
        seen = ben.last_seq()
        first = ana.import_source(source_from_text(TEXT, "/story/a.txt")).source_id
        second = ana.import_source(source_from_text(TEXT + " The judge nodded.", "/story/b.txt")).source_id
        ana.add_tag("checked", "#336699")
        info = ana.add_annotation([NewTarget(first, 0, 4)], ["checked"], "first words")
        ana.update_annotation(info.id, note="first words, checked")
        ana.judge_link(NewTarget(first, 0, 4), NewTarget(second, 0, 4), "confirmed")
        comparison = ana.save_comparison(["/story/a.txt", "/story/b.txt"], {}, name="Two")
        ana.rename_comparison(comparison, "Both")
        gone = ana.delete_annotation(ana.add_annotation([NewTarget(second, 5, 9)], [], "x").id)
        ana.restore_annotation(gone)

        changes = ben.changes_since(seen)  # the colleague's Reader catches up from the change log
        assert changes and all(change.remote and change.author == "Ana" for change in changes)
        assert {"annotation_added", "annotation_changed"} <= {change.kind for change in changes}
        (mine,) = [a for a in ben.annotations() if a.id == info.id]
        assert (mine.note, mine.created_by) == ("first words, checked", "Ana")
        seen = ana.last_seq()
        ben.update_annotation(info.id, note="Ben agrees")
        assert [c.author for c in ana.changes_since(seen)] == ["Ben"]
        assert ana.annotation(info.id).modified_by == "Ben"
    finally:
        ana.close()
        ben.close()


def test_the_member_can_change_no_table_and_gets_the_tables_an_upgrade_adds(team: Team) -> None:
    with team.connect(team.member) as member:
        for wrong in (
            "CREATE TABLE intruder (id integer)",
            "DROP TABLE annotations",
            "ALTER TABLE annotations ADD COLUMN extra text",
            "TRUNCATE annotations",
            "CREATE TEMPORARY TABLE scratch (id integer)",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                member.execute(wrong)  # type: ignore[arg-type]
    with team.connect(team.owner) as owner:  # as an upgrade would, as the owner
        owner.execute("CREATE TABLE added_later (id serial PRIMARY KEY, value text)")
    with team.connect(team.member) as member:
        member.execute("INSERT INTO added_later (value) VALUES ('by the default privileges')")
        row = member.execute("SELECT count(*) FROM added_later").fetchone()
        assert row is not None and row[0] == 1


def test_the_first_start_needs_the_owner_and_outsiders_cannot_connect(team: Team, postgres) -> None:
    empty = f"{team.database}_empty"
    postgres.admin_sql(f"CREATE DATABASE {empty} OWNER {team.owner}")
    postgres.admin_sql(f"REVOKE ALL ON DATABASE {empty} FROM PUBLIC")
    postgres.admin_sql(f"GRANT CONNECT ON DATABASE {empty} TO {team.group}")
    postgres.admin_sql("REVOKE ALL ON SCHEMA public FROM PUBLIC", database=empty)
    postgres.admin_sql(f"GRANT USAGE ON SCHEMA public TO {team.group}", database=empty)
    with pytest.raises(StoreError) as refused:
        Library.open(team.url(team.member, empty))
    message = str(refused.value)
    assert "\n" not in message and "could not be brought up to date" in message and "permission" in message
    assert empty in message
    Library.open(team.url(team.owner, empty)).close()  # the owner can

    outsider = f"eve_{team.database}"
    postgres.admin_sql(f"CREATE ROLE {outsider} LOGIN")
    with pytest.raises(StoreError) as kept_out:
        Library.open(team.url(outsider))
    assert "\n" not in str(kept_out.value) and "does not let this user in" in str(kept_out.value)
