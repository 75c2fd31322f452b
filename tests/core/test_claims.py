"""A link by meaning needs the claim to agree: the rules of ``claims`` and the calibrated confidence."""

import json

import pytest

from reader.core.alignment.align import align
from reader.core.alignment.relations import shares
from reader.core.checks import calibration
from reader.core.checks.calibration import POSSIBLE_BELOW, chance
from reader.core.checks.claims import AGREES_STRONGLY, Verdict, conflicts, judge
from reader.core.provenance.who_first import provenance
from reader.core.reading.sources import source_from_text
from reader.export.alignment_json import to_json
from reader.export.summary import summary
from tests.core.test_relations import FILLER_A, FILLER_B


def pair(a: str, b: str):
    first = "\n\n".join([a, *FILLER_A]) + "\n"
    second = "\n\n".join([*FILLER_B, b]) + "\n"
    return align([source_from_text(first, "a.txt"), source_from_text(second, "b.txt")])


def member_of(alignment, source: int, text: str):
    found = alignment.member_at(source, alignment.sources[source].text.index(text))
    assert found is not None
    return found


# Real-shaped pairs: the same names and topic words, another claim. Each is linked by meaning by the
# previous version (checked against main: each was a "paraphrase" group there).
DIFFERENT_CLAIMS = {
    "day": (
        "Union leaders stood firm on Friday after the second White House meeting with the carmakers.",
        "After the meeting with carmakers at the White House, the union leaders dug in on Wednesday.",
    ),
    "negation": (
        "Aides to the president said he will sign the executive order on artificial intelligence this week.",
        "The order on artificial intelligence, his aides say, will not be signed by the president.",
    ),
    "opposite": (
        "The executive order blocks states from writing their own artificial intelligence laws.",
        "States may go on drafting laws on artificial intelligence of their own: the new order allows it.",
    ),
    "speaker": (  # one speaker's line, the other's answer
        "Savitt: Did you sign the 2017 agreement with the OpenAI board because you trusted Altman?",
        "Musk: I trusted Altman, so in 2017 I put my name to the agreement with the board of OpenAI.",
    ),
    "speaker said": (  # the plaintiff's claim, the defence's answer
        "The board of OpenAI broke its promise to keep the lab a nonprofit, Musk told the jury on Tuesday.",
        "Savitt told the jury on Tuesday that OpenAI's board kept the lab's nonprofit promise to donors.",
    ),
}


@pytest.mark.parametrize("kind", sorted(DIFFERENT_CLAIMS))
def test_passages_that_share_their_words_but_not_their_claim_are_not_linked(kind: str) -> None:
    a, b = DIFFERENT_CLAIMS[kind]
    alignment = pair(a, b)
    member, group = member_of(alignment, 1, b[:30])
    assert group.kind == "unique", (kind, member)
    assert shares(alignment)[(0, 1)] == 0.0


@pytest.mark.parametrize("kind", sorted(DIFFERENT_CLAIMS))
def test_each_rule_names_what_differs(kind: str) -> None:
    a, b = DIFFERENT_CLAIMS[kind]
    found = conflicts(a, b)
    assert kind.split()[0] in {conflict.kind for conflict in found}
    verdict = judge(a, b, 0.6)
    assert verdict.veto and verdict.reason.startswith("differs: ")


def test_the_reason_says_what_each_side_writes() -> None:
    a, b = DIFFERENT_CLAIMS["day"]
    (day,) = conflicts(a, b)
    assert day.reason == "differs: Friday / Wednesday"
    (_, occurrence) = conflicts(
        "Talks stalled on Friday after the second meeting.",
        "Talks stalled Wednesday after the first meeting.",
    )
    assert occurrence.reason == "differs: second meeting / first meeting"
    negation = judge("Trump will sign the tariff order.", "Trump will not sign the tariff order.", 0.9)
    assert negation.reason == "differs: sign / not sign"
    a, b = DIFFERENT_CLAIMS["speaker"]
    assert judge(a, b, 0.9).reason == "differs: Savitt / Musk"


def test_negation_on_both_sides_or_contracted_reads_as_it_is_written() -> None:
    assert not conflicts("He won't run again, he told reporters.", "He will not run for office again.")
    assert conflicts("He won't run again, he told reporters.", "He will run again, he told reporters.")
    # A negated noun is often turned around by a retelling: not read.
    assert not conflicts(
        "No tumors were detected; rather, empty cavities and scar tissue were found in their place.",
        "The researchers found only empty cavities and scar tissue where the tumors had been.",
    )
    assert judge("The Senate refused to pass the bill.", "The Senate passed the bill.", 0.9).veto


def test_one_speaker_named_two_ways_is_one_speaker() -> None:
    assert not conflicts(
        '"This deal makes sense for both companies," Halla said in a prepared statement.',
        "Brian Halla, CEO of NatSemi, claimed the deal made sense for both companies.",
    )
    assert not conflicts("Musk said he was misled.", "He was misled, Elon Musk said.")
    # A transcript line's speaker, and "he said" (no name) says nothing.
    assert conflicts("Musk: We never agreed to that.", "Savitt: You agreed to that in 2017.")
    assert not conflicts("He said the order was signed.", "The order was signed, Musk said.")


def test_an_occurrence_is_read_before_its_noun_and_a_day_only_when_both_give_one() -> None:
    assert conflicts("The second round of talks ended.", "The first round of talks ended.")[0].kind == (
        "occurrence"
    )
    assert not conflicts("The first talks were held on Friday.", "Talks were held Friday.")
    assert not conflicts("He spoke on Friday.", "He spoke after the vote.")
    assert not conflicts("He spoke on Friday and Saturday.", "He spoke Saturday.")
    assert conflicts("It happened on May 4.", "It happened on May 9.")[0].kind == "day"


def test_a_day_or_an_occurrence_refuses_a_link_unless_the_rest_agrees_strongly() -> None:
    a = "The union and the carmakers held a second meeting at the White House over the strike."
    b = "At the White House, carmakers and the union met for the first meeting over the strike."
    assert judge(a, b, AGREES_STRONGLY - 0.01).veto
    kept = judge(a, b, AGREES_STRONGLY)
    assert not kept.veto and kept.doubtful
    assert chance(0.99, 20, kept) < POSSIBLE_BELOW  # kept, as possibly the same
    alignment = pair(a, b)
    member, group = member_of(alignment, 1, "At the White House")
    assert group.kind == "paraphrase" and member.possible
    assert member.doubt == "differs: first meeting / second meeting"  # its own first
    assert not member.discrepancies and not group.member(0).discrepancies  # type: ignore[union-attr]


NUMBER_PARAPHRASE = (
    "Crossroads GPS is spending $1 million on a television ad in Ohio that attacks Senator Sherrod Brown.",
    "An ad attacking Sherrod Brown will run on Ohio television, a $500,000 buy by Crossroads GPS.",
)


def test_a_true_paraphrase_with_another_number_is_still_linked() -> None:
    a, b = NUMBER_PARAPHRASE
    verdict = judge(a, b, 0.5)
    assert not verdict.veto and verdict.numbers
    assert verdict.reason == "differs: $1 million / $500,000"
    member, group = member_of(pair(a, b), 1, "An ad attacking")
    assert group.kind == "paraphrase" and group.sources == {0, 1}
    assert member.doubt == "differs: $500,000 / $1 million"  # its own first


def test_confidence_is_a_probability_that_grows_with_the_evidence_and_falls_with_each_difference() -> None:
    plain = Verdict((), False)
    number = judge(*NUMBER_PARAPHRASE, 0.5)
    day = judge(
        "The second meeting at the White House ended.", "The first meeting at the White House ended.", 0.9
    )
    for verdict in (plain, number, day):
        by_score = [chance(step / 100, 4, verdict) for step in range(0, 101)]
        by_shared = [chance(0.5, shared, verdict) for shared in range(0, 40)]
        for values in (by_score, by_shared):
            assert all(0.0 <= value <= 1.0 for value in values)
            assert values == sorted(values)
        assert by_shared[-1] > by_shared[2]  # more words in common, more likely the same fact
    for step in range(0, 101, 5):
        for shared in (2, 5, 12):
            assert chance(step / 100, shared, plain) > chance(step / 100, shared, number)
            assert chance(step / 100, shared, number) > chance(step / 100, shared, day)
    # A day or an occurrence that differs leaves a sentence-long link possibly the same; only passages that
    # agree on much more (a paragraph) are surely one fact with a differing detail.
    assert chance(0.9, 15, day) < POSSIBLE_BELOW
    assert calibration.SCORE >= 0 and calibration.SHARED > 0
    assert calibration.NUMBER < 0 and calibration.DOUBT < 0


def test_a_link_possibly_the_same_counts_in_no_share_and_says_so_everywhere() -> None:
    a = "The union and the carmakers held a second meeting at the White House over the strike."
    b = "At the White House, carmakers and the union met for the first meeting over the strike."
    alignment = pair(a, b)
    member, group = member_of(alignment, 1, "At the White House")
    assert member.possible and len(group.members) == 2
    assert shares(alignment)[(0, 1)] == 0.0
    assert provenance(alignment).origins[group.id].first is None
    assert alignment.discrepancy_counts() == {}
    data = json.loads(to_json(alignment))
    (entry,) = [g for g in data["groups"] if g["id"] == f"g{group.id}"]
    by_source = {m["source"]: m for m in entry["members"]}
    assert by_source["s2"]["possible"] is True and by_source["s2"]["found_by"] == "meaning"
    assert by_source["s2"]["differs"] == "first meeting / second meeting"
    assert "possibly the same; differs: second meeting / first meeting" in summary(alignment)


def test_a_link_surely_the_same_is_not_marked_possible() -> None:
    a = "Seventy years on, Parata, now 75, has supervised the restoration of the carved meeting house."
    b = "Seven decades later, Parata, 75, has now overseen the restoration of the carved meeting house."
    alignment = pair(a, b)
    member, _group = member_of(alignment, 1, "Seven decades")
    assert not member.possible and shares(alignment)[(0, 1)] > 0.0
    assert "possible" not in json.dumps(json.loads(to_json(alignment))["groups"])


def test_the_two_sides_of_a_case_are_two_speakers() -> None:
    plaintiffs = "The plaintiffs argued that OpenAI knew its chatbot was dangerous for teenagers."
    defence = (
        "OpenAI's lawyers said the company could not have known the chatbot was dangerous for teenagers."
    )
    found = {conflict.kind: conflict for conflict in conflicts(plaintiffs, defence)}
    assert found["speaker"].reason == "differs: plaintiffs / OpenAI's lawyers"
    assert found["negation"].reason == "differs: knew / not known"  # "knew" and "known": one verb
    lawsuit = "According to the lawsuit, OpenAI knew that its chatbot posed dangers to teenagers."
    assert not conflicts(plaintiffs, lawsuit)  # one side, said two ways


def test_a_date_line_makes_no_claim() -> None:
    # Every link with a date line judged on the tuning half was wrong, even between lines of one date.
    for a, b in (
        ("Posted: May 24, 2005", "MONDAY, MAY 23, 2005"),
        ("Published: November 10, 2011", "Thu Nov 10, 2011 3:00pm EST"),
        ("April 12, 2013 | 4:00am", "Police said the suspect was arrested on April 12, 2013."),
    ):
        verdict = judge(a, b, 0.9)
        assert verdict.veto and verdict.conflicts[0].kind == "dateline"
    assert not judge("The ruling came on May 24, 2005.", "A judge ruled on May 24, 2005.", 0.9).conflicts


def test_two_negative_passages_are_not_told_apart_by_their_negations() -> None:
    # Pairs the paraphrase corpora call the same, which a word-by-word reading of "not" refused.
    for a, b in (
        (
            "Ursel Reisen confirmed it operated the coach, but gave no details of the passengers.",
            "Ursel Reisen confirmed it had been operating the coach, but declined to give details.",
        ),
        ('"Nobody wants to go to war with anybody," he said.', '"We don\'t want to go to war with anybody."'),
        (
            "It was not immediately known how many people were on the flight.",
            "It was still not known exactly how many people were on the plane.",
        ),
        (
            "Details haven't been finalized, said Mike Nash of Microsoft.",
            "Details havent been finalized, Mike Nash said.",
        ),
    ):
        assert "negation" not in {c.kind for c in conflicts(a, b)}, (a, b)
    # A word the negating side also says plainly is not what it negates.
    assert not conflicts(
        '"Certainly what we know suggests that we should take it seriously," he added.',
        '"We don\'t know everything, but what we know suggests that we should take it seriously."',
    )


def test_a_speaker_written_as_initials_spelled_otherwise_or_described_is_one_speaker() -> None:
    assert not conflicts(
        "The SEC said on Thursday its staff was preparing rules to combat trading abuses.",
        "Last week the Securities and Exchange Commission said its staff was drawing up rules.",
    )
    assert not conflicts(
        "Microsoft spokesman Sean Sundwell said the company had nothing to do with it.",
        '"Microsoft had absolutely nothing to do with it," Sundwall said.',
    )
    assert not conflicts(
        'Kinsley wrote in the Post: "Sinners have long cherished the fantasy."',
        '"Sinners have long cherished the fantasy," Michael Kinsely wrote.',
    )
    assert not conflicts(
        "The Senate majority leader, Bill Frist, Republican of Tennessee, said he hoped to finish.",
        "The Senate majority leader, Bill Frist, R-Tenn., said he hoped to finish by September.",
    )
    assert not conflicts(  # a capitalised first word that is a common word is not a name
        "Assani said he did not know what to charge the men with.",
        "Prosecutors said they did not know what crimes to charge the men with.",
    )


def test_a_day_in_a_clause_about_something_else_is_not_the_day_of_the_fact() -> None:
    a = "Two brothers accused of aiding terrorists pleaded guilty on Wednesday to conspiracy charges."
    joined = (
        "The two brothers pleaded guilty to conspiracy charges of aiding terrorists, "
        "and a storm hit the coast of Maine on Tuesday."
    )
    assert not conflicts(a, joined)
    assert (
        conflicts(a, "The two brothers pleaded guilty to the terrorism charges on Tuesday.")[0].kind == "day"
    )
    assert conflicts("It began on Sept. 11.", "It began on September 12.")[0].reason == (
        "differs: Sept 11 / September 12"
    )


def test_each_side_of_a_case_is_read_however_the_text_names_it() -> None:
    claim = "The plaintiffs argued that the chatbot was dangerous for teenagers."
    for defence in (
        "Lawyers for the company said the chatbot was safe for teenagers.",
        "The defense told the jury the chatbot was safe for teenagers.",
        "According to the defendants, the chatbot was safe for teenagers.",
    ):
        assert "speaker" in {c.kind for c in conflicts(claim, defence)}, defence
    assert not conflicts(claim, "Prosecutors said the chatbot was dangerous for teenagers.")


def test_an_ordinal_in_figures_is_an_ordinal() -> None:
    found = conflicts(
        "They held the 2nd meeting at the White House.", "It was the 3rd meeting at the White House."
    )
    assert [c.reason for c in found] == ["differs: 2nd meeting / 3rd meeting"]


def test_a_speaker_named_in_the_possessive_is_named() -> None:
    assert not conflicts(
        "McKnight said there was no proof that her cocaine use caused the death.",
        "There was no proof that cocaine caused the death, McKnight's lawyers told the court, Smith said.",
    )


def test_every_export_says_a_link_is_possibly_the_same(tmp_path) -> None:
    from reader.export.formats import export
    from reader.export.report import build_report
    from reader.store import Library

    a = "The union and the carmakers held a second meeting at the White House over the strike."
    b = "At the White House, carmakers and the union met for the first meeting over the strike."
    alignment = pair(a, b)
    library = Library.open(tmp_path / "library.sqlite3")
    for source in alignment.sources:
        library.import_source(source)
    report = build_report(alignment, library)
    for name in ("r.html", "r.md"):
        export(report, str(tmp_path / name))
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<td class='possible'>" in html and "possibly the same" in html
    assert "differs: first meeting / second meeting" in html
    markdown = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "possibly the same" in markdown
    library.close()


def test_two_people_doing_the_same_thing_are_two_claims_not_an_edited_copy() -> None:
    # Two players' lines share a template: the previous version linked them as an edited copy (0.55).
    a = "Hansbrough finished the game with 20 points and nine rebounds as North Carolina beat Virginia."
    b = "Vaughn contributed 16 points and nine rebounds while North Carolina defeated Virginia."
    assert "actor" in {conflict.kind for conflict in conflicts(a, b)}
    assert judge(a, b, 0.6).veto
    alignment = pair(a, b)
    assert member_of(alignment, 1, b[:30])[1].kind == "unique"
    # One actor named two ways, or the other's actor named in the passage, is one claim.
    assert not conflicts(
        "Musk testified on Thursday that xAI used OpenAI's models.",
        "Elon Musk said on Thursday that xAI had used OpenAI's models.",
    )
    assert "actor" not in {
        c.kind for c in conflicts("AMD agreed to buy ATI for $5.4 billion.", "ATI will be bought by AMD.")
    }
    assert "actor" not in {
        c.kind for c in conflicts("Police arrested LaSalle on Friday.", "Officers held LaSalle.")
    }
