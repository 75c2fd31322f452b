import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.alignment.align import Alignment, AlignOptions, align
from reader.core.alignment.relations import moved_between, shares
from reader.core.reading.sources import read_source, source_from_text
from reader.core.text.normalize import Normalization
from reader.export.alignment_json import to_json

POOL = [
    "Elon Musk testified in federal court on Thursday about his artificial intelligence company.",
    "OpenAI lawyer William Savitt asked whether xAI had distilled the models of OpenAI.",
    "Distillation trains a smaller model to mimic the behavior of a larger and more capable one.",
    "Anthropic blocked access to its Claude coding models after alleging violated terms of service.",
    "The Trump administration took steps to stop Chinese companies distilling American models.",
    "Michael Kratsios said the government would share information with domestic laboratories.",
    "Critics called the practice a double standard in a competitive and unregulated industry.",
    "Builders should know that distilling a rival model almost certainly breaks its contract.",
]
UNRELATED = [
    "Bake the bread at two hundred degrees until golden.",
    "The river froze early that winter across the northern valley.",
    "Violin strings should be replaced every few months of practice.",
]


def doc(*sentences: str, name: str) -> "object":
    return source_from_text(" ".join(sentences), path=name)


def group_sets(alignment: Alignment) -> set[frozenset[tuple[str, int, int, str]]]:
    """Groups as sets of (source path, start, end, classification): independent of source order and ids."""
    return {
        frozenset((alignment.sources[m.source].path, m.start, m.end, m.classification) for m in g.members)
        for g in alignment.groups
    }


def test_verbatim_reworded_and_unique_are_told_apart() -> None:
    a = doc(POOL[0], POOL[1], POOL[2], name="a.txt")
    b = doc(POOL[0], POOL[1].replace("asked whether", "wanted to know if"), UNRELATED[0], name="b.txt")
    alignment = align([a, b])
    kinds = {alignment.member_text(g.members[0])[:20]: g.kind for g in alignment.groups}
    assert kinds[POOL[0][:20]] == "verbatim"
    assert kinds[POOL[1][:20]] == "reworded"
    assert kinds[POOL[2][:20]] == "unique" and kinds[UNRELATED[0][:20]] == "unique"
    reworded = next(g for g in alignment.groups if g.kind == "reworded")
    member = next(m for m in reworded.members if m.source != reworded.reference)
    ref_text, own_text = alignment.sources[reworded.reference].text, alignment.sources[member.source].text
    changes = {
        (e.op, ref_text[e.a_start : e.a_end] if e.op == "delete" else own_text[e.b_start : e.b_end])
        for e in member.diff
        if e.op != "equal"
    }
    words = {"asked whether ", "wanted to know if "}
    assert {text for _, text in changes} == words and {op for op, _ in changes} == {"delete", "insert"}
    assert 0.5 < member.similarity < 1.0


def test_moved_passages_are_aligned_and_marked() -> None:
    a = doc(*POOL, name="a.txt")
    order = [POOL[0], POOL[1], POOL[6], POOL[2], POOL[3], POOL[4], POOL[5], POOL[7]]  # POOL[6] moved up
    b = doc(*order, name="b.txt")
    alignment = align([a, b])
    assert all(g.kind == "verbatim" for g in alignment.groups) and len(alignment.groups) == len(POOL)
    moved = [alignment.member_text(g.members[0]) for g in alignment.groups if g.members[0].moved]
    assert moved == [POOL[6]]
    assert moved_between(alignment, 0, 1) == {g.id for g in alignment.groups if g.members[0].moved}


def test_all_sources_at_once_not_pair_by_pair() -> None:
    a = doc(POOL[0], POOL[1], name="a.txt")
    b = doc(POOL[1], POOL[0], name="b.txt")
    c = doc(POOL[0].replace("Thursday", "Friday"), name="c.txt")
    alignment = align([a, b, c])
    first = next(g for g in alignment.groups if len(g.members) == 3)
    assert [m.classification for m in first.members] == ["identical", "identical", "reworded"]
    assert first.reference in (0, 1)


def test_a_split_sentence_contributes_both_halves() -> None:
    whole = "Musk said distillation is standard practice across the industry, and he added that xAI had done it partly."
    halves = "Musk said distillation is standard practice across the industry. He added that xAI had done it partly."
    alignment = align([doc(whole, POOL[0], name="a.txt"), doc(halves, POOL[0], name="b.txt")])
    split = next(g for g in alignment.groups if g.kind == "reworded")
    member = split.member(1)
    assert len(member.passages) == 2 and alignment.member_text(member) == halves
    assert not any(g.kind == "unique" for g in alignment.groups)


def test_seeds_align_what_wired_copies_share(seed_paths) -> None:
    sources = [read_source(p) for p in seed_paths]
    alignment = align(sources)

    def classified(first_words: str) -> list[tuple[int, str]]:
        group = next(g for g in alignment.groups if alignment.member_text(g.members[0]) == first_words)
        return [(m.source, m.classification) for m in group.members]

    # WIRED's transcript line, copied by 004, and 002's account of the same answer in its own words.
    means = classified("Musk: It means to use one AI model to train another AI model.")
    assert means == [(0, "identical"), (2, "paraphrase"), (4, "identical")]
    # 004 copies WIRED's sentence word for word; 001 reports the same cut-off in its own words.
    cut_off = classified("More recently, Anthropic cut off xAI from using its AI models for coding as well.")
    assert cut_off == [(0, "identical"), (1, "paraphrase"), (4, "identical")]
    assert shares(alignment)[(0, 4)] > 0.15  # 004 quotes WIRED's report at length
    assert shares(alignment)[(1, 2)] < 0.05  # 001 and 002 reword everything
    # 002 rewords everything it reports, and adds claims of its own; what it shares with the others is in
    # other words: the terms-of-service point 004 makes too.
    meaning = [g for g in alignment.groups if g.kind == "paraphrase" and 2 in g.sources and 4 in g.sources]
    assert any("terms of service" in alignment.member_text(g.member(2)) for g in meaning)
    assert len(alignment.additions(2)) >= 0.7 * len(alignment.passages[2])  # most of 002 is its own


def test_same_inputs_same_json_bytes(seed_paths) -> None:
    sources = [read_source(p) for p in seed_paths]
    assert to_json(align(sources)) == to_json(align(list(sources)))


def test_options_change_what_matches() -> None:
    a = doc("Musk said it is standard practice to do so at OpenAI.", name="a.txt")
    b = doc("musk said it is standard practice to do so at openai.", name="b.txt")
    assert align([a, b]).groups[0].kind == "verbatim"
    case_sensitive = AlignOptions(normalization=Normalization(case=False))
    assert align([a, b], case_sensitive).groups[0].kind == "reworded"
    strict = AlignOptions(threshold=0.95, normalization=Normalization(case=False))
    # Below the rewording threshold the two still say the same thing: linked by meaning instead.
    (group,) = align([a, b], strict).groups
    assert group.kind == "paraphrase" and {m.found_by for m in group.members} == {"meaning"}


# -- properties ----------------------------------------------------------------------------------------


@st.composite
def story(draw):
    """Two to four write-ups drawn from one pool: some sentences kept, some dropped, moved or reworded."""
    count = draw(st.integers(2, 4))
    docs = []
    for number in range(count):
        chosen = draw(st.lists(st.sampled_from(POOL + UNRELATED), min_size=1, max_size=6, unique=True))
        sentences = []
        for sentence in chosen:
            if draw(st.booleans()):
                words = sentence.split()
                position = draw(st.integers(0, len(words) - 2))
                words[position] = draw(st.sampled_from(["new", "other", "😀emoji", "«quoted»", "مرحبا"]))
                sentence = " ".join(words)
            sentences.append(sentence)
        docs.append(doc(*sentences, name=f"doc{number}.txt"))
    return docs


@settings(max_examples=60, deadline=None)
@given(story())
def test_spans_inside_texts_and_diffs_rebuild_passages(docs) -> None:
    alignment = align(docs)
    seen = {i: [] for i in range(len(docs))}
    for group in alignment.groups:
        assert len({m.source for m in group.members}) == len(group.members)  # one member per source
        for member in group.members:
            text = docs[member.source].text
            assert 0 <= member.start < member.end <= len(text)
            seen[member.source].append((member.start, member.end))
            if member.compared_with is not None:
                # The comparand is in the group, or, for a passage its source tells again, in the group
                # where the other sources report it.
                home = group if group.repeats is None else alignment.group_by_id[group.repeats]
                other = home.member(member.compared_with)
                assert other is not None and (group.repeats is None) == (group.kind != "repeated")
                if group.repeats is not None:  # its source tells it again there, with other sources
                    assert len(home.members) > 1 and member.source in home.sources
                a_text, b_text = docs[member.compared_with].text, text
                left = "".join(a_text[e.a_start : e.a_end] for e in member.diff if e.op != "insert")
                right = "".join(b_text[e.b_start : e.b_end] for e in member.diff if e.op != "delete")
                assert left == alignment.member_text(other)
                assert right == alignment.member_text(member)
    for spans in seen.values():  # members of one source never overlap
        spans.sort()
        assert all(first[1] <= second[0] for first, second in itertools.pairwise(spans))


@settings(max_examples=40, deadline=None)
@given(story(), st.randoms())
def test_result_does_not_depend_on_the_order_of_files(docs, rnd: random.Random) -> None:
    shuffled = list(docs)
    rnd.shuffle(shuffled)
    assert group_sets(align(docs)) == group_sets(align(shuffled))


@given(st.lists(st.sampled_from(POOL), min_size=1, max_size=8, unique=True), st.integers(2, 5))
def test_identical_inputs_align_completely(sentences: list[str], copies: int) -> None:
    docs = [doc(*sentences, name=f"copy{i}.txt") for i in range(copies)]
    alignment = align(docs)
    assert len(alignment.groups) == len(sentences)
    assert all(g.kind == "verbatim" and len(g.members) == copies for g in alignment.groups)
    assert all(share == 1.0 for share in shares(alignment).values())


@given(st.permutations(POOL), st.permutations(UNRELATED))
def test_unrelated_inputs_align_to_nothing(pool: list[str], unrelated: list[str]) -> None:
    alignment = align([doc(*pool, name="a.txt"), doc(*unrelated, name="b.txt")])
    assert all(g.kind == "unique" for g in alignment.groups)
    assert shares(alignment)[(0, 1)] == 0.0


def test_options_survive_storage_and_odd_values_fall_back() -> None:
    options = AlignOptions("paragraph", 0.7, Normalization(case=False, punctuation=True))
    assert AlignOptions.from_dict(options.to_dict()) == options
    stored_as_ini = {
        "granularity": "sentence",
        "threshold": "0.65",
        "normalization": {"case": "false", "quotes": "true"},
    }
    assert AlignOptions.from_dict(stored_as_ini) == AlignOptions("sentence", 0.65, Normalization(case=False))
    assert (
        AlignOptions.from_dict({"granularity": "chapter", "threshold": "lots", "normalization": None})
        == AlignOptions()
    )
    assert AlignOptions.from_dict({"threshold": 9}).threshold == 1.0
