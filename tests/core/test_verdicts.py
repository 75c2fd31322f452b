"""The user's verdicts on links, applied to an alignment: a rejected link counts nowhere, a confirmed one is
sure, and a verdict outlives a re-alignment and an edited text where its words are still found."""

from __future__ import annotations

from datetime import datetime, timedelta

from reader.core.align import Alignment, AlignOptions, Member, align
from reader.core.anchoring import make_selector
from reader.core.sources import Source, source_from_text
from reader.core.verdicts import LinkEnd, LinkVerdict, PlacedVerdict, Span, Verdict, links_of, place_end
from tests.core.test_provenance import CRACKS, CREDITING, FIRST, UNDATED

WHEN = datetime(2026, 5, 1, 12, 0)


def story(*texts: str, options: AlignOptions | None = None) -> Alignment:
    return align(
        [source_from_text(text, f"{n}.txt") for n, text in enumerate(texts)], options or AlignOptions()
    )


def end(source: Source, start: int, stop: int) -> LinkEnd:
    return LinkEnd(hash(source.path) % 1000, make_selector(source.text, start, stop), source.sha256)


def verdict_on(
    alignment: Alignment, first: Member, second: Member, verdict: Verdict, number: int = 1
) -> LinkVerdict:
    a, b = alignment.sources[first.source], alignment.sources[second.source]
    return LinkVerdict(
        number,
        end(a, first.start, first.end),
        end(b, second.start, second.end),
        verdict,
        WHEN + timedelta(minutes=number),
    )


def placed_on(alignment: Alignment, verdict: LinkVerdict, indexes: tuple[int, int]) -> PlacedVerdict:
    """The verdict placed on ``alignment``'s texts, as the library places it."""
    spans = []
    for stored, index in zip((verdict.a, verdict.b), indexes, strict=True):
        source = alignment.sources[index]
        spans.append(place_end(stored, index, source.text, source.sha256))
    return PlacedVerdict(verdict, spans[0], spans[1])


def link_between(alignment: Alignment, a: int, b: int, words: str) -> tuple[Member, Member]:
    for group in alignment.groups:
        for member, other in links_of(alignment, group):
            if {member.source, other.source} == {a, b} and words in alignment.member_text(member) + (
                alignment.member_text(other)
            ):
                return (member, other) if member.source == a else (other, member)
    raise AssertionError(f"no link between {a} and {b} on {words!r}")


def test_a_rejected_link_counts_in_no_share_no_copying_and_is_split_out() -> None:
    alignment = story(FIRST, CREDITING, UNDATED)
    before = alignment.provenance.between(0, 1)
    assert before is not None and before.verbatim == 145
    member, other = link_between(alignment, 1, 0, "The mayor said")
    verdict = verdict_on(alignment, member, other, "rejected")
    judged = alignment.with_verdicts([placed_on(alignment, verdict, (1, 0))])
    assert judged.shares[(0, 1)] < alignment.shares[(0, 1)] - 0.2
    after = judged.provenance.between(0, 1)
    assert after is not None and after.verbatim == 75  # only the other sentence is taken now
    assert all("mayor" not in judged.sources[1].text[p.start : p.end] for p in after.passages)
    found = judged.member_at(1, member.start)
    assert found is not None and found[1].kind == "unique"
    assert judged.judged is not None and len(judged.judged.rejected) == 1
    assert judged.judged.verdict_of(Span(1, member.start, member.end), Span(0, other.start, other.end)) == (
        "rejected"
    )
    # The other pairs keep what they share; the sources' texts and passages are the same.
    assert judged.shares[(0, 2)] == alignment.shares[(0, 2)]
    assert judged.passages == alignment.passages


def test_rejecting_one_link_of_three_keeps_the_other_two_linked() -> None:
    alignment = story(FIRST, CREDITING, UNDATED)
    member, other = link_between(alignment, 2, 0, "Engineers found")
    verdict = verdict_on(alignment, member, other, "rejected")
    judged = alignment.with_verdicts([placed_on(alignment, verdict, (2, 0))])
    assert judged.shares[(0, 2)] < alignment.shares[(0, 2)]
    assert judged.shares[(1, 2)] < alignment.shares[(1, 2)]
    assert judged.shares[(0, 1)] == alignment.shares[(0, 1)]
    found = judged.member_at(0, other.start)
    assert found is not None and found[1].sources == frozenset({0, 1})
    alone = judged.member_at(2, member.start)
    assert alone is not None and alone[1].kind == "unique" and alone[0].discrepancies == ()


def test_differing_details_of_a_rejected_link_are_not_counted() -> None:
    first = "The council approved a budget of 4 million dollars on Tuesday after a long debate in the hall."
    second = "The council approved a budget of 5 million dollars on Tuesday after a long debate in the hall."
    alignment = story(first, second)
    assert alignment.discrepancy_counts() == {(0, 1): 1}
    member, other = link_between(alignment, 1, 0, "council")
    judged = alignment.with_verdicts(
        [placed_on(alignment, verdict_on(alignment, member, other, "rejected"), (1, 0))]
    )
    assert judged.discrepancy_counts() == {}
    assert judged.shares[(0, 1)] == 0.0


def test_a_confirmed_link_is_sure_and_a_later_verdict_wins() -> None:
    first = "The council has set aside four million dollars for the work."
    second = "Four million dollars were reserved by the council to pay for the works."
    alignment = story(first, second)  # linked by meaning, 0.62 sure
    member, other = link_between(alignment, 1, 0, "reserved")
    assert member.classification == "paraphrase" and member.confidence < 1.0
    confirmed = verdict_on(alignment, member, other, "confirmed", 1)
    judged = alignment.with_verdicts([placed_on(alignment, confirmed, (1, 0))])
    sure = judged.member_at(1, member.start)
    assert sure is not None and sure[0].confidence == 1.0 and sure[1].kind == "paraphrase"
    assert judged.shares == alignment.shares
    rejected = verdict_on(alignment, other, member, "rejected", 2)  # later, and the other way round
    both = [placed_on(alignment, rejected, (0, 1)), placed_on(alignment, confirmed, (1, 0))]
    again = judged.with_verdicts(both)  # applied to the alignment as made, not on top of the last verdicts
    assert again.judged is not None and again.judged.base is alignment
    assert [link.verdict.verdict.verdict for link in again.judged.rejected] == ["rejected"]
    assert again.judged.confirmed == () and again.shares[(0, 1)] == 0.0


def test_a_verdict_survives_a_realignment_of_an_edited_text() -> None:
    alignment = story(FIRST, CREDITING, UNDATED)
    member, other = link_between(alignment, 1, 0, "The mayor said")
    verdict = verdict_on(alignment, member, other, "rejected")
    edited = CREDITING.replace("the announcement went", "the mayor's announcement went").replace(
        f"\n\n{CRACKS}", f"\n\nA crowd gathered outside the town hall on Monday evening.\n\n{CRACKS}"
    )
    again = story(FIRST, edited, UNDATED, options=AlignOptions(threshold=0.6))
    assert again.sources[1].sha256 != alignment.sources[1].sha256
    placed = placed_on(again, verdict, (1, 0))
    assert placed.a is not None and placed.a.start != member.start  # moved with its words
    judged = again.with_verdicts([placed])
    assert judged.judged is not None and len(judged.judged.rejected) == 1
    found = judged.member_at(1, placed.a.start)
    assert found is not None and found[1].kind == "unique"
    copy = judged.provenance.between(0, 1)
    assert copy is not None and copy.verbatim < (again.provenance.between(0, 1) or copy).verbatim


def test_a_verdict_whose_words_are_gone_is_kept_and_listed() -> None:
    alignment = story(FIRST, CREDITING, UNDATED)
    member, other = link_between(alignment, 1, 0, "The mayor said")
    verdict = verdict_on(alignment, member, other, "rejected")
    without = CREDITING.replace(
        "The mayor said the old river bridge would close for repairs on May 12.",
        "Nobody at the meeting wanted to talk about money at all.",
    )
    again = story(FIRST, without, UNDATED)
    placed = placed_on(again, verdict, (1, 0))
    assert placed.a is None and placed.b is not None
    judged = again.with_verdicts([placed])
    assert judged.judged is not None and judged.judged.lost == (placed,)
    assert judged.shares == again.shares


def test_a_verdict_on_passages_no_longer_linked_is_listed_apart() -> None:
    alignment = story(FIRST, CREDITING, UNDATED)
    member, other = link_between(alignment, 1, 0, "The mayor said")
    verdict = verdict_on(alignment, member, other, "confirmed")
    placed = PlacedVerdict(verdict, Span(1, member.start, member.end), Span(0, 0, 20))  # the title
    judged = alignment.with_verdicts([placed])
    assert judged.judged is not None and judged.judged.unlinked == (placed,)
    assert judged.shares == alignment.shares
