"""A full-text index of the library, for search and "where else does this passage appear": every source's
text and titles, every earlier version of a text, annotation quotes, notes and tag names.

SQLite: one FTS5 table per indexed table, with that table as its external content (the words are not
stored twice), diacritics removed by the tokenizer (``unicode61 remove_diacritics 2``: "cafe" finds
"café"), and kept up to date by triggers, so the index changes in the transaction of the change itself: a
write rolled back leaves no trace in it either. A library that exists is indexed here ("rebuild").

PostgreSQL: a generated ``tsvector`` column ``search`` with a GIN index on each indexed table, made with the
``simple`` configuration (no stemming or stop words, like FTS5) over an IMMUTABLE wrapper of ``unaccent``
that also makes ASCII punctuation a separator, so words split where FTS5 splits them ("example.com" is
"example" and "com"). The server fills the column as rows are written, in their transaction. A tsvector
holds at most 1 MB, so a text is indexed up to its first ``PG_TEXT_INDEXED`` characters (a book; an
article is a few thousand).

The statements are written out here, frozen as this revision made them; ``reader.store.search`` queries
what they make.

Revision ID: 0009
Revises: 0008
"""

from alembic import op

from reader.store.migrations.helpers import add_index

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# (index, indexed table, its columns)
INDEXED = (
    ("search_sources", "sources", ("title", "user_title", "text")),
    ("search_versions", "source_revisions", ("text",)),
    ("search_quotes", "targets", ("exact",)),
    ("search_notes", "annotations", ("note",)),
    ("search_tags", "tags", ("name",)),
)
TOKENIZER = "unicode61 remove_diacritics 2"
PG_TEXT_INDEXED = 600_000
FOLD = "reader_search_fold"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgresql()
    else:
        _upgrade_sqlite()
    # The annotations with a tag (a search, or the panel, filtered by tag): without it, every row of
    # annotation_tags is read to find them.
    add_index("annotation_tags", "tag_id")


def downgrade() -> None:
    op.drop_index("ix_annotation_tags_tag_id", "annotation_tags")
    if op.get_bind().dialect.name == "postgresql":
        for _index, table, _columns in INDEXED:
            op.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search")
        op.execute(f"DROP FUNCTION IF EXISTS {FOLD}(text)")
        return
    for index, _table, _columns in INDEXED:
        for suffix in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS {index}_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {index}")
    op.execute("DROP TABLE IF EXISTS search_sources_vocab")


def _upgrade_sqlite() -> None:
    for index, table, columns in INDEXED:
        names = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        # An upgrade an older Reader did not finish may have left them: made again, whole.
        for suffix in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS {index}_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {index}")
        op.execute(
            f"CREATE VIRTUAL TABLE {index} USING fts5({names}, content='{table}', content_rowid='id', "
            f"tokenize='{TOKENIZER}')"
        )
        op.execute(
            f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {index}(rowid, {names}) VALUES (new.id, {new}); END"
        )
        op.execute(
            f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {index}({index}, rowid, {names}) VALUES ('delete', old.id, {old}); END"
        )
        op.execute(
            f"CREATE TRIGGER {index}_update AFTER UPDATE OF {names} ON {table} BEGIN "
            f"INSERT INTO {index}({index}, rowid, {names}) VALUES ('delete', old.id, {old}); "
            f"INSERT INTO {index}(rowid, {names}) VALUES (new.id, {new}); END"
        )
        op.execute(f"INSERT INTO {index}({index}) VALUES ('rebuild')")
    # How many sources have each word (the rarest words of a passage find where else it appears).
    op.execute("DROP TABLE IF EXISTS search_sources_vocab")
    op.execute("CREATE VIRTUAL TABLE search_sources_vocab USING fts5vocab(search_sources, row)")


def _upgrade_postgresql() -> None:
    bind = op.get_bind()
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema = bind.exec_driver_sql(
        "SELECT quote_ident(n.nspname) FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'unaccent'"
    ).scalar_one()
    # unaccent() is STABLE (its dictionary could be changed); with the dictionary named, the wrapper may be
    # IMMUTABLE, which a generated column needs. ASCII punctuation separates words, as in FTS5.
    op.execute(
        f"CREATE OR REPLACE FUNCTION {FOLD}(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE "
        f"STRICT AS $$ SELECT regexp_replace({schema}.unaccent('{schema}.unaccent'::regdictionary, "
        f"left(value, {PG_TEXT_INDEXED})), '[!-/:-@\\[-`{{-~]+', ' ', 'g') $$"
    )
    for _index, table, columns in INDEXED:
        if table == "sources":
            vector = (
                f"setweight(to_tsvector('simple'::regconfig, {FOLD}(coalesce(title, '') || ' ' || "
                f"coalesce(user_title, ''))), 'A') || to_tsvector('simple'::regconfig, {FOLD}(text))"
            )
        else:
            vector = f"to_tsvector('simple'::regconfig, {FOLD}(coalesce({columns[0]}, '')))"
        op.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search")
        op.execute(f"ALTER TABLE {table} ADD COLUMN search tsvector GENERATED ALWAYS AS ({vector}) STORED")
        op.execute(f"CREATE INDEX IF NOT EXISTS ix_{table}_search ON {table} USING gin (search)")
