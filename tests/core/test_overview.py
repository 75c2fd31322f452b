"""The overview of sources by passages: rows by publication time, columns in story order, the form of each
cell seen from the passage's first carrier, and the passages of one source only left out."""

from reader.core.alignment.align import align
from reader.core.provenance.overview import DIFFERS, Overview, overview, publication_order, story_order
from reader.core.reading.sources import source_from_text

BRIDGE = "The mayor said the old river bridge would close for repairs on May 12."
CRACKS = "Engineers found deep cracks in three of the supporting pillars last winter."
MONEY = "The council has set aside four million dollars for the work this year."
FERRY = "A ferry will run every twenty minutes while the bridge is shut to traffic."
DETOUR = "Traffic will be diverted through the old town during the works on the bridge."
PLEDGE = "We will close the old river bridge for repairs on May 12 and reopen it before the autumn"


def head(outlet: str, when: str | None) -> str:
    return f"Outlet: {outlet}\n" + (f"{when}\n" if when else "") + "\n"


def story(*texts: str) -> tuple[Overview, list[str]]:
    """The overview of ``texts`` (given in this order), and the sources' outlets by index."""
    alignment = align([source_from_text(text, f"{n}.txt") for n, text in enumerate(texts)])
    return overview(alignment), [source.outlet or "" for source in alignment.sources]


def row_named(found: Overview, outlets: list[str], outlet: str) -> int:
    return found.row_of(outlets.index(outlet))


def column_of(found: Overview, outlets: list[str], outlet: str, nth: int) -> int:
    """The column of the ``nth`` passage (in text order) that ``outlet`` carries."""
    row = row_named(found, outlets, outlet)
    return [c for c in range(len(found.columns)) if found.form(row, c) is not None][nth]


def test_rows_go_by_publication_time_and_sources_without_a_date_come_last() -> None:
    body = f"{BRIDGE}\n\n{CRACKS}\n"
    found, outlets = story(
        head("Undated Daily", None) + body,
        head("Late Star", "2026-04-30T15:00:00Z") + body,
        head("Early Planet", "2026-04-30T10:00:00Z") + body,
        head("Undated Weekly", None) + body,
    )
    assert [outlets[row.source] for row in found.rows] == [
        "Early Planet",
        "Late Star",
        "Undated Daily",
        "Undated Weekly",
    ]
    assert found.dated == 2 and found.rows[2].published is None and found.rows[1].published is not None


def test_the_first_carrier_is_marked_and_each_copy_shows_its_form() -> None:
    edited = BRIDGE.replace("would close", "is set to close").replace("old river", "old")
    found, outlets = story(
        head("Daily Planet", "2026-04-30T10:00:00Z") + f"{BRIDGE}\n\n{CRACKS}\n\n{MONEY}\n",
        head("Morning Star", "2026-04-30T15:00:00Z") + f"{edited}\n\n{CRACKS}\n",
        head("Evening Post", "2026-05-01T09:00:00Z") + f"{BRIDGE}\n\n{MONEY}\n",
    )
    planet, star, post = (
        row_named(found, outlets, name) for name in ("Daily Planet", "Morning Star", "Evening Post")
    )
    assert (planet, star, post) == (0, 1, 2)
    bridge, cracks, money = (column_of(found, outlets, "Daily Planet", n) for n in range(3))
    assert [found.form(planet, c) for c in (bridge, cracks, money)] == ["first", "first", "first"]
    assert all(
        found.columns[c].first == outlets.index("Daily Planet") and found.columns[c].known
        for c in (bridge, cracks, money)
    )
    assert found.form(star, bridge) == "edited" and found.form(post, bridge) == "verbatim"
    assert found.form(star, cracks) == "verbatim" and found.form(post, cracks) is None  # the Post lacks it
    assert found.form(star, money) is None and found.form(post, money) == "verbatim"
    assert found.carriers(bridge) == [
        outlets.index(n) for n in ("Daily Planet", "Morning Star", "Evening Post")
    ]
    assert found.counts(bridge) == {"first": 1, "edited": 1, "verbatim": 1}


def test_a_passage_a_later_source_adds_sits_where_it_tells_it() -> None:
    found, outlets = story(
        head("Daily Planet", "2026-04-30T10:00:00Z") + f"{BRIDGE}\n\n{CRACKS}\n\n{MONEY}\n",
        head("Morning Star", "2026-04-30T15:00:00Z") + f"{BRIDGE}\n\n{FERRY}\n\n{CRACKS}\n\n{MONEY}\n",
        head("Evening Post", "2026-05-01T09:00:00Z") + f"{CRACKS}\n\n{FERRY}\n\n{MONEY}\n",
    )
    star = row_named(found, outlets, "Morning Star")
    # The ferry, first told by the Star between the bridge and the cracks, is the second column.
    assert len(found.columns) == 4
    ferry = column_of(found, outlets, "Morning Star", 1)
    assert ferry == 1 and found.form(star, ferry) == "first"
    assert found.form(row_named(found, outlets, "Daily Planet"), ferry) is None


def test_a_passage_of_one_source_only_is_counted_in_its_row_not_a_column() -> None:
    found, outlets = story(
        head("Daily Planet", "2026-04-30T10:00:00Z") + f"{BRIDGE}\n\n{CRACKS}\n\n{FERRY}\n",
        head("Morning Star", "2026-04-30T15:00:00Z") + f"{BRIDGE}\n\n{CRACKS}\n\n{DETOUR}\n\n{MONEY}\n",
    )
    planet, star = row_named(found, outlets, "Daily Planet"), row_named(found, outlets, "Morning Star")
    assert len(found.columns) == 2  # the bridge and the cracks: the ferry, detour and money are one source's
    assert found.rows[planet].carried == 2 and found.rows[star].carried == 2
    assert found.rows[planet].own >= 1 and found.rows[star].own >= 2
    assert all(len(cells) == len(found.columns) for cells in found.cells)


def test_a_quotation_both_carry_is_both_quote_not_a_copy() -> None:
    found, outlets = story(
        head("Daily Planet", "2026-04-30T10:00:00Z")
        + f"The mayor spoke at the town hall on Monday evening.\n\n“{PLEDGE},” Mayor Jane Doe said.\n\n{MONEY}\n",
        head("Morning Star", "2026-04-30T15:00:00Z")
        + f"Residents packed the hall to hear about the closure.\n\n“{PLEDGE},” she told the crowd, after Jane Doe "
        f"took the stage.\n\n{DETOUR}\n",
    )
    star = row_named(found, outlets, "Morning Star")
    forms = {found.form(star, c) for c in range(len(found.columns))} - {None}
    assert forms == {"both quote"}


def test_a_detail_that_differs_is_flagged_on_its_cell() -> None:
    found, outlets = story(
        head("Daily Planet", "2026-04-30T10:00:00Z") + f"{BRIDGE}\n\n{CRACKS}\n",
        head("Morning Star", "2026-04-30T15:00:00Z") + f"{BRIDGE.replace('May 12', 'May 14')}\n\n{CRACKS}\n",
    )
    planet, star = row_named(found, outlets, "Daily Planet"), row_named(found, outlets, "Morning Star")
    bridge, cracks = (
        column_of(found, outlets, "Daily Planet", 0),
        column_of(found, outlets, "Daily Planet", 1),
    )
    assert found.differs(star, bridge) and found.cell(star, bridge) & DIFFERS
    assert found.form(star, bridge) == "edited"  # the flag leaves the form readable
    assert not found.differs(star, cracks) and not found.differs(planet, cracks)


def test_without_dates_no_first_carrier_is_marked() -> None:
    found, _outlets = story(
        head("Daily Planet", None) + f"{BRIDGE}\n\n{CRACKS}\n",
        head("Morning Star", None) + f"{BRIDGE}\n\n{CRACKS}\n",
    )
    assert found.dated == 0 and all(column.first is None for column in found.columns)
    # Neither is first: both carry each passage word for word.
    assert {found.form(r, c) for r in range(2) for c in range(len(found.columns))} == {"verbatim"}


def test_an_undated_carrier_leaves_the_first_carrier_unsure() -> None:
    found, outlets = story(
        head("Daily Planet", "2026-04-30T10:00:00Z") + f"{BRIDGE}\n\n{CRACKS}\n",
        head("Morning Star", "2026-04-30T15:00:00Z") + f"{BRIDGE}\n\n{CRACKS}\n",
        head("Undated Weekly", None) + f"{BRIDGE}\n\n{FERRY}\n",
    )
    weekly = outlets.index("Undated Weekly")
    bridge = column_of(found, outlets, "Daily Planet", 0)
    cracks = column_of(found, outlets, "Daily Planet", 1)
    assert found.columns[bridge].first == outlets.index("Daily Planet")
    assert not found.columns[bridge].known and found.columns[bridge].unsure == (weekly,)
    assert found.columns[cracks].known  # the Weekly does not carry it


def test_a_row_is_read_beside_the_source_it_takes_most_from() -> None:
    found, outlets = story(
        head("Daily Planet", "2026-04-30T10:00:00Z") + f"{BRIDGE}\n\n{CRACKS}\n\n{MONEY}\n",
        head("Morning Star", "2026-04-30T15:00:00Z") + f"{FERRY}\n\n{DETOUR}\n\n{CRACKS}\n",
        head("Evening Post", "2026-05-01T09:00:00Z") + f"{FERRY}\n\n{DETOUR}\n\n{BRIDGE}\n",
    )
    by_outlet = {outlets[row.source]: row.partner for row in found.rows}
    assert by_outlet["Evening Post"] == outlets.index(
        "Morning Star"
    )  # two passages from the Star, one from the Planet
    assert by_outlet["Morning Star"] == outlets.index("Daily Planet")  # it takes from the Planet only
    assert by_outlet["Daily Planet"] is not None  # the first: read beside the one that shares most with it


def test_publication_order_puts_ties_in_the_given_order() -> None:
    from reader.core.text.dates import parse_date

    dates = [parse_date(d) for d in ("2026-04-30T15:00:00Z", "2026-04-30T10:00:00Z", "2026-04-30T10:00:00Z")]
    assert publication_order([None, *dates, None]) == [2, 3, 1, 0, 4]


def test_story_order_inserts_a_later_addition_after_what_precedes_it() -> None:
    assert story_order([[1, 2, 3], [1, 4, 2, 3], [5, 1, 3, 6]]) == [5, 1, 4, 2, 3, 6]
    assert story_order([[1, 2], [2, 1, 3]]) == [
        1,
        3,
        2,
    ]  # told in another order: right after what precedes it
    assert story_order([]) == []


def test_story_order_of_a_long_story_needs_no_deep_recursion() -> None:
    chain = list(range(20_000))
    assert story_order([chain, [*chain, 20_000]]) == [*chain, 20_000]
