"""Publication dates: the formats outlets print, which date on a page is its publication date, and order."""

from datetime import UTC, datetime, timedelta

import pytest

from reader.core.reading.sources import read_source, source_from_text
from reader.core.text.dates import Published, dateline, describe_gap, parse_date, publication_date


@pytest.mark.parametrize(
    ("words", "iso", "shown"),
    [
        ("Apr 30, 2026 1:41 PM", "2026-04-30T13:41", "Apr 30, 2026 1:41 PM"),
        ("2026-04-30T13:41:00Z", "2026-04-30T13:41+00:00", "Apr 30, 2026 1:41 PM UTC"),
        ("2019-01-03T07:00:02.000Z", "2019-01-03T07:00+00:00", "Jan 3, 2019 7:00 AM UTC"),
        ("April 30, 2026", "2026-04-30", "Apr 30, 2026"),
        ("30 April 2026", "2026-04-30", "Apr 30, 2026"),
        ("Thursday, April 30, 2026 at 9:05 a.m. EDT", "2026-04-30T09:05-04:00", "Apr 30, 2026 9:05 AM UTC-4"),
        ("Sept. 3, 2025, 11:00 pm", "2025-09-03T23:00", "Sep 3, 2025 11:00 PM"),
        ("2026-05-01 08:00", "2026-05-01T08:00", "May 1, 2026 8:00 AM"),
    ],
)
def test_the_formats_outlets_print_are_read_and_normalized(words: str, iso: str, shown: str) -> None:
    found = parse_date(words)
    assert found is not None
    assert (found.iso, found.shown) == (iso, shown)
    assert Published.from_iso(found.iso) == Published(found.when, found.has_time, found.iso)


def test_relative_dates_count_back_from_when_the_page_was_saved() -> None:
    saved = datetime(2026, 4, 30, 16, 45)
    hours = parse_date("Updated 3 hours ago", saved)
    assert hours is not None and hours.when == datetime(2026, 4, 30, 13, 45) and hours.has_time
    days = parse_date("2 days ago", saved)
    assert days is not None and days.iso == "2026-04-28" and not days.has_time
    assert parse_date("3 hours ago") is None  # no saved time: no guess


def test_impossible_dates_and_plain_numbers_are_not_dates() -> None:
    assert parse_date("February 30, 2026") is None
    assert parse_date("It rose 30 points in 2026 to 1:41") is None
    assert parse_date("") is None


def test_a_date_inside_a_sentence_is_not_the_publication_date() -> None:
    head = "Musk Admits xAI Used OpenAI Models\nElon Musk admitted on April 30, 2026, that his startup used them.\n"
    assert publication_date(head) is None
    dated = "Musk Says xAI Partly Used OpenAI Models\n\nMay 4, 2026\nThe moment came in court.\n"
    found = publication_date(dated)
    assert found is not None and found.iso == "2026-05-04"
    byline = "Title\nMaxwell Zeff Business Apr 30, 2026 1:41 PM Elon Musk Seemingly Admits it, and a long summary.\n"
    stamped = publication_date(byline)
    assert stamped is not None and stamped.iso == "2026-04-30T13:41"
    labelled = publication_date(
        "Title\nPublished: 2 May 2026 - the long line about the story goes on and on here"
    )
    assert labelled is not None and labelled.iso == "2026-05-02"


def test_order_is_claimed_only_where_the_dates_can_tell() -> None:
    def at(words: str) -> Published:
        found = parse_date(words)
        assert found is not None
        return found

    assert at("Apr 30, 2026 1:41 PM").order(at("May 4, 2026")) == "before"
    assert at("May 4, 2026").order(at("Apr 30, 2026 1:41 PM")) == "after"
    # The same day, or times without a zone a few hours apart: the zones could reverse them.
    assert at("Apr 30, 2026").order(at("Apr 30, 2026 1:41 PM")) == "unknown"
    assert at("Apr 30, 2026 1:41 PM").order(at("Apr 30, 2026 4:41 PM")) == "unknown"
    # With zones, minutes are enough.
    assert at("2026-04-30T13:41:00Z").order(at("2026-04-30T13:50:00Z")) == "before"
    assert at("2026-04-30T13:41:00-04:00").order(at("2026-04-30T15:00:00Z")) == "after"
    gap = at("2026-04-30T13:41:00Z").difference(at("2026-04-30T16:41:00Z"))
    assert gap == timedelta(hours=3) and describe_gap(gap) == "3 h"
    assert describe_gap(timedelta(days=4, hours=2)) == "4 days"


def test_sources_carry_their_publication_date(tmp_path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>T</title><meta property='article:published_time' content='2026-04-30T17:41:00Z'>"
        "<meta property='og:site_name' content='WIRED'></head><body><p>Body text here.</p></body></html>"
    )
    source = read_source(page)
    assert source.published is not None and source.published.when == datetime(2026, 4, 30, 17, 41, tzinfo=UTC)
    assert source.outlet == "WIRED" and source.outlet_from is None
    note = tmp_path / "note.txt"
    note.write_text("Headline\nPosted 2 hours ago\n\nBody.\n")
    saved = datetime.fromtimestamp(note.stat().st_mtime)
    relative = read_source(note).published
    assert relative is not None and abs(relative.when - (saved - timedelta(hours=2))) < timedelta(minutes=1)
    assert source_from_text("Headline\n\nBody with no date.\n").published is None


def test_an_outlet_that_names_itself_is_read_with_the_words_it_came_from() -> None:
    source = source_from_text(
        "Headline\n\nBody. OpenAI did not immediately respond to WIRED’s request for comment.\n"
    )
    assert source.outlet == "WIRED" and source.outlet_from == "respond to WIRED’s request for comment"
    other = source_from_text(
        "Headline\n\nThe firm did not respond to a request for comment from The Verge.\n"
    )
    assert other.outlet == "The Verge"
    assert source_from_text("Headline\n\nHe responded to questions.\n").outlet is None


def test_a_files_metadata_line_is_never_a_fact_two_sources_share() -> None:
    from reader.core.alignment.align import align

    def source(outlet: str) -> str:
        return f"Outlet: {outlet}\n\nThe council voted on Tuesday to close the old bridge for repairs.\n"

    alignment = align([source_from_text(source("cnn.com")), source_from_text(source("foxnews.com"))])
    linked = [g for g in alignment.groups if len(g.members) > 1]
    assert [alignment.member_text(g.members[0]) for g in linked] == [
        "The council voted on Tuesday to close the old bridge for repairs."
    ]
    # Two copies from one outlet: the same metadata line word for word is not a fact they share either.
    alignment = align([source_from_text(source("cnn.com")), source_from_text(source("cnn.com") + "More.\n")])
    linked = [g for g in alignment.groups if len(g.members) > 1]
    assert [alignment.member_text(g.members[0]) for g in linked] == [
        "The council voted on Tuesday to close the old bridge for repairs."
    ]
    assert dateline("Outlet: cnn.com") and not dateline("Source: a man at the scene said the bridge fell.")
