"""The user's verdicts on links, applied to an alignment: a rejected link counts nowhere, a confirmed one is
sure, and a verdict outlives a re-alignment and an edited text where its words are still found."""

from __future__ import annotations

from datetime import datetime, timedelta

from reader.core.alignment.align import Alignment, AlignOptions, Member, align
from reader.core.alignment.relations import shares
from reader.core.alignment.verdicts import (
    LinkEnd,
    LinkVerdict,
    PlacedVerdict,
    Span,
    Verdict,
    apply_verdicts,
    links_of,
    place_end,
)
from reader.core.anchoring.anchor import make_selector
from reader.core.provenance.who_first import provenance
from reader.core.reading.sources import Source, source_from_text
from tests.core.test_provenance import CRACKS, CREDITING, FIRST, UNDATED
from tests.core.test_relations import FILLER_A, FILLER_B

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
    before = provenance(alignment).between(0, 1)
    assert before is not None and before.verbatim == 145
    member, other = link_between(alignment, 1, 0, "The mayor said")
    verdict = verdict_on(alignment, member, other, "rejected")
    judged = apply_verdicts(alignment, [placed_on(alignment, verdict, (1, 0))])
    assert shares(judged)[(0, 1)] < shares(alignment)[(0, 1)] - 0.2
    after = provenance(judged).between(0, 1)
    assert after is not None and after.verbatim == 75  # only the other sentence is taken now
    assert all("mayor" not in judged.sources[1].text[p.start : p.end] for p in after.passages)
    found = judged.member_at(1, member.start)
    assert found is not None and found[1].kind == "unique"
    assert judged.judged is not None and len(judged.judged.rejected) == 1
    assert judged.judged.verdict_of(Span(1, member.start, member.end), Span(0, other.start, other.end)) == (
        "rejected"
    )
    # The other pairs keep what they share; the sources' texts and passages are the same.
    assert shares(judged)[(0, 2)] == shares(alignment)[(0, 2)]
    assert judged.passages == alignment.passages


def test_rejecting_one_link_of_three_keeps_the_other_two_linked() -> None:
    alignment = story(FIRST, CREDITING, UNDATED)
    member, other = link_between(alignment, 2, 0, "Engineers found")
    verdict = verdict_on(alignment, member, other, "rejected")
    judged = apply_verdicts(alignment, [placed_on(alignment, verdict, (2, 0))])
    assert shares(judged)[(0, 2)] < shares(alignment)[(0, 2)]
    assert shares(judged)[(1, 2)] < shares(alignment)[(1, 2)]
    assert shares(judged)[(0, 1)] == shares(alignment)[(0, 1)]
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
    judged = apply_verdicts(
        alignment, [placed_on(alignment, verdict_on(alignment, member, other, "rejected"), (1, 0))]
    )
    assert judged.discrepancy_counts() == {}
    assert shares(judged)[(0, 1)] == 0.0


def test_a_confirmed_link_is_sure_and_a_later_verdict_wins() -> None:
    first = "The council has set aside four million dollars for the work."
    second = "Four million dollars were reserved by the council to pay for the works."
    alignment = story(first, second)  # linked by meaning, 0.62 sure
    member, other = link_between(alignment, 1, 0, "reserved")
    assert member.classification == "paraphrase" and member.confidence < 1.0
    confirmed = verdict_on(alignment, member, other, "confirmed", 1)
    judged = apply_verdicts(alignment, [placed_on(alignment, confirmed, (1, 0))])
    sure = judged.member_at(1, member.start)
    assert sure is not None and sure[0].confidence == 1.0 and sure[1].kind == "paraphrase"
    assert shares(judged) == shares(alignment)
    rejected = verdict_on(alignment, other, member, "rejected", 2)  # later, and the other way round
    both = [placed_on(alignment, rejected, (0, 1)), placed_on(alignment, confirmed, (1, 0))]
    again = apply_verdicts(judged, both)  # applied to the alignment as made, not on top of the last verdicts
    assert again.judged is not None and again.judged.base is alignment
    assert [link.verdict.verdict.verdict for link in again.judged.rejected] == ["rejected"]
    assert again.judged.confirmed == () and shares(again)[(0, 1)] == 0.0


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
    judged = apply_verdicts(again, [placed])
    assert judged.judged is not None and len(judged.judged.rejected) == 1
    found = judged.member_at(1, placed.a.start)
    assert found is not None and found[1].kind == "unique"
    copy = provenance(judged).between(0, 1)
    assert copy is not None and copy.verbatim < (provenance(again).between(0, 1) or copy).verbatim


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
    judged = apply_verdicts(again, [placed])
    assert judged.judged is not None and judged.judged.lost == (placed,)
    assert shares(judged) == shares(again)


def test_a_verdict_on_passages_no_longer_linked_is_listed_apart() -> None:
    alignment = story(FIRST, CREDITING, UNDATED)
    member, other = link_between(alignment, 1, 0, "The mayor said")
    verdict = verdict_on(alignment, member, other, "confirmed")
    placed = PlacedVerdict(verdict, Span(1, member.start, member.end), Span(0, 0, 20))  # the title
    judged = apply_verdicts(alignment, [placed])
    assert judged.judged is not None and judged.judged.unlinked == (placed,)
    assert shares(judged) == shares(alignment)


def test_rejecting_a_second_telling_leaves_it_alone_and_the_first_linked() -> None:
    first = "Elon Musk confirmed under oath that xAI used OpenAI models to train its chatbot Grok."
    again = "Later, Musk admitted in court that xAI had trained Grok on the models of OpenAI."
    other = (
        "Testifying in federal court, Musk acknowledged that his startup xAI built Grok with OpenAI models."
    )
    more = [
        "The library extends its opening hours during the exam season.",
        "A new ferry route links the two islands from next spring.",
        "Farmers expect a smaller harvest after the dry summer.",
        "The orchestra plays the complete symphonies over three nights.",
        "A storm closed the mountain pass for most of the week.",
        "The school board voted to build a second gymnasium.",
    ]
    alignment = story(
        "\n\n".join([first, *FILLER_A, *more[:3], again]) + "\n",
        "\n\n".join([*FILLER_B, *more[3:], other]) + "\n",
    )
    assert alignment.kind_counts()["repeated"] == 1
    member, partner = link_between(alignment, 0, 1, "Later, Musk")
    assert alignment.member_text(partner) == other
    verdict = verdict_on(alignment, partner, member, "rejected")  # either way round
    judged = apply_verdicts(alignment, [placed_on(alignment, verdict, (1, 0))])
    assert judged.kind_counts()["repeated"] == 0
    found = judged.member_at(0, member.start)
    assert found is not None and found[1].kind == "unique" and found[1].repeats is None
    assert len(judged.additions(0)) == len(alignment.additions(0)) + 1
    first_telling = judged.member_at(0, alignment.sources[0].text.index(first))
    assert first_telling is not None and first_telling[1].sources == frozenset({0, 1})  # still linked
    assert shares(judged)[(0, 1)] > 0  # the first telling and the other outlet's passage still count


def test_any_rejections_keep_every_passage_once_and_never_add_a_share(seed_paths) -> None:
    from reader.core.reading.sources import read_source

    alignment = align([read_source(p) for p in seed_paths])
    links = [pair for group in alignment.groups for pair in links_of(alignment, group)]
    assert len(links) > 20
    spans = sorted((m.source, m.start, m.end) for g in alignment.groups for m in g.members)
    for step in (1, 2, 3, 7):
        chosen = links[::step]
        verdicts = [
            placed_on(alignment, verdict_on(alignment, m, o, "rejected", n), (m.source, o.source))
            for n, (m, o) in enumerate(chosen)
        ]
        judged = apply_verdicts(alignment, verdicts)
        assert sorted((m.source, m.start, m.end) for g in judged.groups for m in g.members) == spans
        assert len({g.id for g in judged.groups}) == len(judged.groups)
        for group in judged.groups:
            assert len(group.sources) == len(group.members)  # one passage per source
            assert (group.kind == "unique") == (len(group.members) == 1 and group.repeats is None)
            assert group.member(group.reference) is not None
            for member in group.members:
                assert member.compared_with is None or member.compared_with in group.sources or group.repeats
        # A second telling that took the place of a passage whose link was rejected counts for its pair
        # (it was left out before: a group holds one passage per source); every other share can only drop.
        promoted = set()
        for group in alignment.groups:
            if group.repeats is not None:
                (telling,) = group.members
                now = judged.member_at(telling.source, telling.start)
                if now is not None and len(now[1].members) > 1 and now[1].repeats is None:
                    promoted |= {(min(telling.source, s), max(telling.source, s)) for s in now[1].sources}
        for pair, share in shares(judged).items():
            assert pair in promoted or share <= shares(alignment)[pair] + 1e-9
        assert judged.judged is not None and len(judged.judged.rejected) == len(chosen)
        for member, other in chosen:  # each rejected link is gone
            a, b = judged.member_at(member.source, member.start), judged.member_at(other.source, other.start)
            assert a is not None and b is not None and a[1].id != b[1].id
