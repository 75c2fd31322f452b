"""Who had it first: direction from dates and credits, shares of copied text, credited or not."""

from pathlib import Path

from reader.comparison import Comparison
from reader.core.alignment.align import align
from reader.core.provenance.attribution import find_credits, outlet_key
from reader.core.provenance.who_first import (
    both_quote_sentence,
    copying_sentence,
    origin_sentence,
    provenance,
)
from reader.core.reading.sources import source_from_text

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

BRIDGE = "The mayor said the old river bridge would close for repairs on May 12."
CRACKS = "Engineers found deep cracks in three of the supporting pillars last winter."


def story(*texts: str):
    return align([source_from_text(text, f"{n}.txt") for n, text in enumerate(texts)])


FIRST = (
    "Outlet: Daily Planet\n2026-04-30T10:00:00Z\n\n"
    f"{BRIDGE}\n\n{CRACKS}\n\nThe council has set aside four million dollars for the work.\n"
)
CREDITING = (
    "Outlet: Morning Star\n2026-04-30T15:00:00Z\n\n"
    "As the Daily Planet reported, the announcement went like this:\n\n"
    f"{BRIDGE}\n\n{CRACKS}\n\nTraffic will be diverted through the old town during the works.\n"
)
UNDATED = f"Bridge news\n\n{CRACKS}\n\nA ferry will run every twenty minutes while the bridge is shut.\n"


def test_a_later_source_that_credits_the_first_takes_its_text_credited() -> None:
    alignment = story(FIRST, CREDITING, UNDATED)
    found = provenance(alignment)
    copy = found.between(0, 1)
    assert copy is not None and (copy.origin, copy.copier) == (0, 1)
    assert (
        copy.evidence == "dates and credit" and copy.gap is not None and copy.gap.total_seconds() == 5 * 3600
    )
    text = alignment.sources[1].text
    copied = {text[p.start : p.end]: p for p in copy.passages}
    assert set(copied) == {BRIDGE, CRACKS} and all(
        p.kind == "verbatim" and p.credited for p in copied.values()
    )
    assert copy.share == (len(BRIDGE) + len(CRACKS)) / copy.total
    assert copy.credited == copy.copied and copy.credits == 1
    sentence = copying_sentence(copy, ["s1", "s2", "s3"])
    assert sentence.startswith(f"s2 takes {copy.share:.0%} of its text from s1, published 5 h earlier")


def test_without_a_date_or_a_credit_the_direction_is_unknown_and_said_so() -> None:
    alignment = story(FIRST, CREDITING, UNDATED)
    found = provenance(alignment)
    copy = found.between(0, 2)
    assert (
        copy is not None and copy.evidence == "unknown" and copy.reason == "Bridge news has no date"
    )  # by its label
    assert copy.credited == 0 and copy.gap is None
    assert "which came first is unknown: Bridge news has no date" in copying_sentence(
        copy, ["s1", "s2", "s3"]
    )
    start = alignment.sources[2].text.index(CRACKS)
    _member, group = alignment.member_at(2, start) or (None, None)
    assert group is not None
    origin = found.origins[group.id]
    # s1 is before s2 by its date, but s3 could be earlier than both.
    assert not origin.known and origin.first == 0 and origin.unsure == (2,)
    assert origin_sentence(origin, ["s1", "s2", "s3"], found.published) == (
        "First known in s1 (Apr 30, 2026 10:00 AM UTC); later s2 word for word; s3 could be earlier (no date)."
    )


def test_a_copy_without_credit_is_uncredited_and_the_first_wording_is_named() -> None:
    plain = CREDITING.replace("As the Daily Planet reported, the", "The")
    alignment = story(FIRST, plain)
    found = provenance(alignment)
    copy = found.between(0, 1)
    assert copy is not None and copy.evidence == "dates" and copy.credited == 0 and copy.credits == 0
    assert "it never credits s1" in copying_sentence(copy, ["s1", "s2"])
    _member, group = alignment.member_at(1, alignment.sources[1].text.index(BRIDGE)) or (None, None)
    assert group is not None
    origin = found.origins[group.id]
    assert origin.known and origin.first == 0 and origin.wordings == ((1, "identical"),)
    assert origin_sentence(origin, ["s1", "s2"], found.published) == (
        "First in s1 (Apr 30, 2026 10:00 AM UTC); later s2 word for word."
    )


def test_dates_that_contradict_a_credit_leave_the_direction_unknown() -> None:
    # The earlier source credits the later one: one of the two is wrong, and Reader says so.
    early = FIRST.replace(BRIDGE, f"As the Morning Star reported, {BRIDGE[0].lower()}{BRIDGE[1:]}")
    alignment = story(early, CREDITING.replace("As the Daily Planet reported, the", "The"))
    copy = provenance(alignment).between(0, 1)
    assert copy is not None and copy.evidence == "unknown"
    assert copy.reason == "the dates put Daily Planet first, but Daily Planet credits it"


def test_the_same_day_cannot_order_two_sources() -> None:
    a = FIRST.replace("2026-04-30T10:00:00Z", "April 30, 2026")
    b = CREDITING.replace("2026-04-30T15:00:00Z", "April 30, 2026").replace(
        "As the Daily Planet reported, the", "The"
    )
    copy = provenance(story(a, b)).between(0, 1)
    assert copy is not None and copy.evidence == "unknown"
    assert copy.reason == "the dates cannot tell which came first"


def test_credits_name_outlets_in_and_out_of_the_comparison() -> None:
    sources = [
        source_from_text("Outlet: WIRED\n\nBody.\n", "w.txt"),
        source_from_text(
            "Headline\n\nAccording to reports from TechCrunch, WIRED, and The Verge, Musk was asked.\n"
            "It is standard practice, per Wired. Musk said so. According to Musk, it is fine.\n",
            "x.txt",
        ),
    ]
    credits = [(c.outlet, c.credited) for c in find_credits(sources)]
    assert credits == [("TechCrunch", None), ("WIRED", 0), ("The Verge", None), ("Wired", 0)]
    assert outlet_key("The Verge") == outlet_key("verge") and outlet_key("Wired.com") == outlet_key("WIRED")


def test_on_the_sample_story_wired_is_the_credited_origin_of_the_exchange() -> None:
    comparison, refused = Comparison.load(sorted(SEEDS.glob("*.txt")))
    assert comparison is not None and not refused
    alignment = comparison.alignment
    wired = alignment.sources[0]
    assert wired.outlet == "WIRED" and wired.published is not None
    assert wired.published.shown == "Apr 30, 2026 1:41 PM"
    found = provenance(alignment)
    copy = found.between(0, 4)
    assert copy is not None and (copy.origin, copy.copier) == (0, 4) and copy.evidence == "credit"
    text = alignment.sources[4].text
    exchange = "Savitt: Has xAI done that with OpenAI?"
    passage = next(p for p in copy.passages if text[p.start : p.end] == exchange)
    assert passage.kind == "verbatim" and passage.credited
    _member, group = alignment.member_at(4, text.index(exchange)) or (None, None)
    origin = found.origins[group.id]
    # 002 (no date) retells the exchange in other words: it could be earlier, and Reader says so.
    assert (
        group is not None
        and origin.first == 0
        and 4 not in origin.unsure
        and (4, "identical") in origin.wordings
    )


def test_a_later_wording_copied_verbatim_by_two_is_told_apart_from_the_first() -> None:
    edited = BRIDGE.replace("old river bridge", "old bridge over the river")
    first = FIRST
    second = CREDITING.replace(BRIDGE, edited).replace("As the Daily Planet reported, the", "The")
    third = (
        "Outlet: Evening Post\n2026-05-02T08:00:00Z\n\n"
        f"{edited}\n\nThe works are expected to take about six weeks in all.\n"
    )
    alignment = story(first, second, third)
    found = provenance(alignment)
    _member, group = alignment.member_at(2, alignment.sources[2].text.index(edited)) or (None, None)
    assert group is not None
    origin = found.origins[group.id]
    assert origin.known and origin.first == 0 and origin.later_wordings == ((1, 2),)
    assert origin_sentence(origin, ["s1", "s2", "s3"], found.published) == (
        "First in s1 (Apr 30, 2026 10:00 AM UTC); later s2, s3 edited; s2 and s3 carry the same later wording."
    )


def test_origins_cover_exactly_the_groups_more_than_one_source_carries() -> None:
    alignment = story(FIRST, CREDITING, UNDATED)
    found = provenance(alignment)
    shared = [group.id for group in alignment.groups if len(group.members) > 1]
    alone = [group.id for group in alignment.groups if len(group.members) == 1]
    assert alone and list(found.origins) == shared and len(found.origins) == len(shared)
    assert all(found.origins[g].group == g for g in shared)
    assert found.origins.get(alone[0]) is None and found.origins.get(-1) is None


def test_credits_start_at_word_boundaries_only() -> None:
    def credited(text: str) -> list[str]:
        return [credit.outlet for credit in find_credits([source_from_text(text, "a.txt")])]

    assert credited("Sources close to it, per Bloomberg, said so.") == ["Bloomberg"]
    assert credited("The upper Bloomberg floors were empty.") == []  # "upper" is not "per"
    assert credited("It was, as Reuters reported, a long day.") == ["Reuters"]
    assert credited("Their alias Reuters reported nothing.") == ["Reuters"]
    assert credited("The Verge had first reported the deal.") == ["The Verge"]
    assert credited("The Verge kept it unreported.") == []
    found = find_credits([source_from_text("Earlier, Semafor has reported it.", "a.txt")])
    assert [(c.start, c.end) for c in found] == [(9, 16)]


def test_an_alignment_with_its_provenance_is_freed_without_the_cyclic_collector() -> None:
    import gc
    import weakref

    alignment = story(FIRST, CREDITING, UNDATED)
    assert provenance(alignment).origins  # worked out and kept by the alignment
    gone = weakref.ref(alignment)
    collecting = gc.isenabled()
    gc.disable()
    try:
        del alignment
        assert gone() is None  # freed by reference counting alone: no cycle through the provenance
    finally:
        if collecting:
            gc.enable()


# -- quotations both sources carry are not copying ---------------------------------------------------------

PLEDGE = "We will close the old river bridge for repairs on May 12 and reopen it before the autumn"
QUOTING = (
    "Outlet: Daily Planet\n2026-04-30T10:00:00Z\n\n"
    "The mayor spoke at the town hall on Monday evening.\n\n"
    f"“{PLEDGE},” Mayor Jane Doe said.\n\nThe council has set aside four million dollars for the work.\n"
)
QUOTING_TOO = (
    "Outlet: Morning Star\n2026-04-30T15:00:00Z\n\n"
    "Residents packed the hall to hear about the closure.\n\n"
    f"“{PLEDGE},” she told the crowd, after Jane Doe took the stage.\n\n"
    "Traffic will be diverted through the old town during the works.\n"
)


def test_two_sources_quoting_the_same_speaker_do_not_copy_each_other() -> None:
    alignment = story(QUOTING, QUOTING_TOO)
    found = provenance(alignment)
    assert found.between(0, 1) is None  # nothing copied: not a pair in "who copies whom"
    both = found.quoted_between(0, 1)
    assert both is not None and both.speakers == ("Mayor Jane Doe",)
    (passage,) = both.passages
    said = PLEDGE + ","  # the words between the marks, the comma the quotation closes on included
    assert alignment.sources[0].text[passage.start : passage.end] == said
    assert alignment.sources[1].text[passage.other_start : passage.other_end] == said
    assert both.characters == (len(said), len(said))
    assert "both quote Mayor Jane Doe" in both_quote_sentence(both, ["s1", "s2"])


def test_a_speaker_quoted_by_one_and_reported_by_the_other_is_not_copying() -> None:
    # One outlet quotes the mayor; the other gives her words without quotation marks, as what she said.
    # The words are hers in both: neither takes them from the other.
    reporting = QUOTING_TOO.replace(
        f"“{PLEDGE},” she told the crowd, after Jane Doe took the stage.",
        f"Jane Doe told the crowd {PLEDGE[0].lower()}{PLEDGE[1:]}.",
    )
    alignment = story(QUOTING, reporting)
    found = provenance(alignment)
    copy = found.between(0, 1)
    assert copy is None or copy.copied < len(PLEDGE) // 4  # at most the words around her words
    both = found.quoted_between(0, 1)
    assert both is not None and "Mayor Jane Doe" in both.speakers


def test_a_quotation_taken_with_a_credit_stays_copying() -> None:
    crediting = QUOTING_TOO.replace(
        "Residents packed the hall to hear about the closure.",
        "As the Daily Planet reported, the mayor put it like this:",
    )
    alignment = story(QUOTING, crediting)
    found = provenance(alignment)
    copy = found.between(0, 1)
    assert copy is not None and (copy.origin, copy.copier) == (0, 1)
    assert copy.quoted == 0 and copy.copied >= len(PLEDGE) and copy.credited == copy.copied
    assert found.quoted_between(0, 1) is None


def test_only_the_quoted_words_of_a_copied_passage_leave_the_copying() -> None:
    sentence = f"Mayor Jane Doe said on Monday that “{PLEDGE}” after the inspection of its pillars."
    first = f"Outlet: Daily Planet\n2026-04-30T10:00:00Z\n\n{sentence}\n\n{CRACKS}\n"
    second = f"Outlet: Morning Star\n2026-04-30T15:00:00Z\n\n{sentence}\n\nA ferry will run every hour.\n"
    alignment = story(first, second)
    found = provenance(alignment)
    copy = found.between(0, 1)
    assert copy is not None
    (passage,) = copy.passages
    assert passage.kind == "verbatim" and passage.quoted == len(PLEDGE)
    # The words around the quotation are still copied: the attribution and the end of the sentence.
    assert copy.verbatim == copy.copied == len(sentence) - len(PLEDGE)
    both = found.quoted_between(0, 1)
    assert both is not None and both.speakers == ("Mayor Jane Doe",)


def test_an_edited_copy_counts_the_words_it_takes_not_the_whole_passage() -> None:
    original = "The council has set aside four million dollars for the repair work on the bridge."
    edited = "The city council has set aside four million dollars for the urgent repair work on the bridge."
    first = f"Outlet: Daily Planet\n2026-04-30T10:00:00Z\n\n{BRIDGE}\n\n{original}\n"
    second = f"Outlet: Morning Star\n2026-04-30T15:00:00Z\n\n{edited}\n\nA ferry will run every hour.\n"
    alignment = story(first, second)
    copy = provenance(alignment).between(0, 1)
    assert copy is not None and copy.origin == 0
    (passage,) = copy.passages
    assert passage.kind == "edited" and alignment.sources[1].text[passage.start : passage.end] == edited
    assert copy.edited == passage.copied == len(edited) - len("city ") - len("urgent ")
    assert copy.share == copy.edited / copy.total
