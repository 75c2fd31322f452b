from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.anchoring.anchor import MIN_SIMILARITY, PositionMap, make_selector, reanchor

TEXT = (
    "Elon Musk testified in federal court on Thursday. "
    "Savitt asked whether xAI had distilled OpenAI's models. "
    "Musk said it is standard practice to use other AIs to validate your AI. "
    "The exchange ended there. Savitt: So that's a yes. Musk: Partly. Savitt: So that's a yes."
)
QUOTE = "Musk said it is standard practice to use other AIs to validate your AI."


def select(text: str, words: str, occurrence: int = 0):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(words, start + 1)
    return make_selector(text, start, start + len(words))


def test_unchanged_text_stays_anchored() -> None:
    selector = select(TEXT, QUOTE)
    anchor = reanchor(selector, TEXT)
    assert (anchor.status, TEXT[anchor.start : anchor.end]) == ("anchored", QUOTE)


def test_moved_words_follow() -> None:
    selector = select(TEXT, QUOTE)
    new = "A new opening paragraph was added by the editors. " + TEXT
    anchor = reanchor(selector, new, len(TEXT))
    assert (anchor.status, new[anchor.start : anchor.end]) == ("moved", QUOTE)


def test_edited_long_quote_reattaches_without_the_old_text() -> None:
    selector = select(TEXT, QUOTE)  # 71 characters: more than diff-match-patch's 32-character matcher takes
    new = TEXT.replace("standard practice", "common practice")
    anchor = reanchor(selector, new, len(TEXT))
    assert anchor.status == "edited"
    assert (
        new[anchor.start : anchor.end]
        == "Musk said it is common practice to use other AIs to validate your AI."
    )
    assert MIN_SIMILARITY <= anchor.similarity < 1.0


def test_edited_short_quote_reattaches_through_the_old_text() -> None:
    old = "Musk said it is standard practice. Other text here."
    selector = make_selector(old, 0, 34)
    new = "Intro. Musk said it is common practice. Other text here."
    anchor = reanchor(selector, new, positions=PositionMap(old, new))
    assert (anchor.status, new[anchor.start : anchor.end]) == ("edited", "Musk said it is common practice.")


def test_deleted_or_rewritten_words_are_orphaned_not_moved() -> None:
    selector = select(TEXT, QUOTE)
    deleted = TEXT.replace(QUOTE + " ", "")
    assert reanchor(selector, deleted, positions=PositionMap(TEXT, deleted)).status == "orphaned"
    rewritten = TEXT.replace(QUOTE, "He declined to say anything about the training of the model.")
    assert reanchor(selector, rewritten, positions=PositionMap(TEXT, rewritten)).status == "orphaned"
    assert reanchor(selector, rewritten, len(TEXT)).status == "orphaned"


def test_repeated_quotes_are_told_apart_by_context_and_position() -> None:
    second = select(TEXT, "Savitt: So that's a yes.", occurrence=1)
    new = "Breaking. " + TEXT
    anchor = reanchor(second, new, len(TEXT))
    assert anchor.status == "moved"
    assert anchor.start == new.rindex("Savitt: So that's a yes.")
    first = select(TEXT, "Savitt: So that's a yes.", occurrence=0)
    assert reanchor(first, new, len(TEXT)).start == new.index("Savitt: So that's a yes.")


def test_emoji_text() -> None:
    old = "Intro 😀. Musk 🎉 said it is standard practice to use other AIs, he said 😀. End."
    words = "Musk 🎉 said it is standard practice to use other AIs"
    selector = select(old, words)
    new = "New 🧪 intro! " + old.replace("standard", "common")
    anchor = reanchor(selector, new, positions=PositionMap(old, new))
    assert anchor.status == "edited"
    assert new[anchor.start : anchor.end] == words.replace("standard", "common")


@given(st.text(alphabet="abcdefghij .", max_size=300))
def test_never_placed_on_words_unlike_the_quote(new_text: str) -> None:
    selector = select(TEXT, QUOTE)
    anchor = reanchor(selector, new_text, len(TEXT))
    if anchor.placed:
        assert anchor.similarity >= MIN_SIMILARITY


def test_a_short_quote_whose_sentence_was_deleted_is_orphaned_not_put_on_the_same_word_elsewhere() -> None:
    old = "The mayor spoke first. The council will vote on the budget in May. Others left early that day.\n"
    new = "The mayor spoke first. Others left early that day, and the room was quiet.\n"
    start = old.index("the budget")
    for quote in ("the", "the budget"):
        selector = make_selector(old, start, start + len(quote))
        anchor = reanchor(selector, new, positions=PositionMap(old, new))
        assert anchor.status == "orphaned", (quote, anchor, new[anchor.start : anchor.end])


def test_a_short_quote_moves_only_where_its_context_agrees() -> None:
    old = "Intro line here.\n\nRevenue rose sharply in the third quarter, the company said.\n\nOutro line.\n"
    new = "Outro line first.\n\nIntro line here.\n\nRevenue rose sharply in the third quarter, the company said.\n"
    start = old.index("sharply")
    anchor = reanchor(make_selector(old, start, start + len("sharply")), new, positions=PositionMap(old, new))
    assert (anchor.status, new[anchor.start : anchor.end]) in (("moved", "sharply"), ("anchored", "sharply"))
    assert anchor.start == new.index("sharply")


def test_words_are_never_matched_inside_other_words() -> None:
    old = "He said it is over. His team agreed.\n"
    new = "His team agreed, and this was over.\n"
    start = old.index(" is ") + 1
    anchor = reanchor(make_selector(old, start, start + 2), new, positions=PositionMap(old, new))
    if anchor.placed:
        before, after = new[anchor.start - 1 : anchor.start], new[anchor.end : anchor.end + 1]
        assert not before.isalnum() and not after.isalnum()  # never "h|is" or "th|is"


def test_a_prefix_that_lost_a_space_still_picks_the_right_one_of_two_identical_phrases() -> None:
    old = "First, the board met.  The plan was approved by the board. Later, the plan was approved by the mayor.\n"
    new = "First, the board met. The plan was approved by the board! Later, the plan was approved by the mayor.\n"
    start = old.index("The plan was approved")
    selector = make_selector(old, start, start + len("The plan was approved"))
    anchor = reanchor(selector, new)
    assert anchor.start == new.index("The plan was approved")


def test_an_edited_quote_is_placed_on_whole_words() -> None:
    old = "The craft  would be travelling at mach 5 to 7 after reaching the upper atmosphere.\n"
    new = "The craft would be travelling at about mach 5 to 7 after reaching the upper atmosphere.\n"
    start = old.index("would")
    end = old.index("7") + 1
    anchor = reanchor(make_selector(old, start, end), new, positions=PositionMap(old, new))
    assert anchor.status in ("edited", "moved")
    text = new[anchor.start : anchor.end]
    assert text.startswith("would") and text.endswith("7"), text


def test_a_short_quote_that_only_happens_to_be_at_the_same_offset_is_not_kept_there() -> None:
    old = "An opening line that will go.\nThe vote on the bridge was close.\n"
    new = "Intro.\nA bad day: the weather was bad for the vote.\n"
    start = old.index("the bridge")
    selector = make_selector(old, start, start + len("the"))
    assert new[start : start + 3] == "the"  # the same word, by chance, at the same offset
    anchor = reanchor(selector, new, positions=PositionMap(old, new))
    assert anchor.status == "orphaned"


_VOCABULARY = [
    "the",
    "council",
    "voted",
    "to",
    "close",
    "bridge",
    "over",
    "river",
    "for",
    "repairs",
    "on",
    "May",
    "said",
    "mayor",
    "who",
    "spoke",
    "after",
    "a",
    "long",
    "meeting",
    "in",
    "town",
    "hall",
    "where",
    "residents",
    "asked",
    "about",
    "traffic",
    "and",
    "costs",
    "of",
    "work",
    "that",
    "will",
    "begin",
    "soon",
]
_NEW_WORDS = ["ferry", "winter", "budget", "harbour"]


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_an_annotation_is_on_the_words_it_was_on_or_orphaned(data) -> None:
    """Random documents (a small vocabulary, so words repeat), a random selection, random edits: each word
    carries its identity, so where the selected words went is known. A placement must overlap them."""
    count = data.draw(st.integers(20, 80))
    words: list[tuple[str, int]] = []
    for n in range(count):
        # No word again within four: in "the the" or "the council the council" a deleted word leaves a text
        # that cannot tell which one went.
        recent = {word for word, _ in words[-4:]}
        choices = [w for w in _VOCABULARY if w not in recent]
        words.append((data.draw(st.sampled_from(choices)), n))
    first = data.draw(st.integers(0, count - 1))
    last = data.draw(st.integers(first, min(count - 1, first + 6)))
    edited = list(words)
    for _ in range(data.draw(st.integers(1, 6))):
        kind = data.draw(st.sampled_from(["delete", "insert", "replace"]))
        at = data.draw(st.integers(0, max(0, len(edited) - 1)))
        fresh = (data.draw(st.sampled_from(_NEW_WORDS)), -1)  # a new word: no identity
        if kind == "delete" and len(edited) > 1:
            del edited[at]
        elif kind == "insert":
            edited.insert(at, fresh)
        elif edited:
            edited[at] = fresh

    def render(items):
        text, spans = "", []
        for word, ident in items:
            if text:
                text += " "
            spans.append((len(text), len(text) + len(word), ident))
            text += word
        return text + ".", spans

    old, old_spans = render(words)
    new, new_spans = render(edited)
    selector = make_selector(old, old_spans[first][0], old_spans[last][1])
    anchor = reanchor(selector, new, positions=PositionMap(old, new))
    survivors = [(s, e) for s, e, ident in new_spans if first <= ident <= last]
    if anchor.placed and not any(anchor.start < e and s < anchor.end for s, e in survivors):
        # Elsewhere: right only where nothing could tell the two places apart (the same words with the same
        # stored context around them: a repeated phrase whose first copy was deleted).
        around = new[max(0, anchor.start - len(selector.prefix)) : anchor.end + len(selector.suffix)]
        assert around == selector.prefix + selector.exact + selector.suffix, (
            old[selector.start : selector.end],
            new[anchor.start : anchor.end],
            anchor,
        )


def test_a_short_quote_edited_to_other_words_is_orphaned_not_re_attached() -> None:
    """A number that changed is another fact: a note on "3.7%" must not silently sit on "3.9%"."""
    old = "Inflation was 3.7% in May, the office said on Tuesday."
    new = "Inflation was 3.9% in May, the office said on Tuesday."
    start = old.index("3.7%")
    anchor = reanchor(make_selector(old, start, start + 4), new, positions=PositionMap(old, new))
    assert anchor.status == "orphaned"


def test_unchanged_words_whose_surroundings_were_rewritten_are_reported_moved_not_edited() -> None:
    """The user is told "re-attached to edited words" only when the words themselves changed."""
    old = "Musk said it is standard practice. Savitt asked again."
    new = "New intro. Musk said nothing of it. Savitt asked again."
    start = old.index("Savitt asked again.")
    anchor = reanchor(make_selector(old, start, len(old)), new, positions=PositionMap(old, new))
    assert (anchor.status, new[anchor.start : anchor.end]) == ("moved", "Savitt asked again.")
    edited = "New intro. Musk said nothing of it. Savitt asked it again."
    anchor = reanchor(make_selector(old, start, len(old)), edited, positions=PositionMap(old, edited))
    assert anchor.status in ("edited", "orphaned")


def test_a_short_quote_moves_near_where_the_diff_carries_it_or_far_only_with_all_its_context() -> None:
    filler = " ".join(f"Sentence {n} of the report says something else entirely." for n in range(20))
    old = f"The council voted on Tuesday to close the road. {filler} Residents said they would appeal."
    start = old.index("voted")
    selector = make_selector(old, start, start + len("voted"))
    # Near: words put before it, and its own sentence reworded around it.
    near = f"After a long debate, the council voted on Tuesday evening to close the road. {filler} Residents said."
    anchor = reanchor(selector, near, positions=PositionMap(old, near))
    assert near[anchor.start : anchor.end] == "voted" and anchor.start == near.index("voted")
    # Far: its sentence deleted, the same word with some of the same context paragraphs away.
    far = f"{filler} Residents said they would appeal, and the committee voted on Tuesday to close it."
    assert reanchor(selector, far, positions=PositionMap(old, far)).status == "orphaned"
    # Far, with all its stored context: the sentence itself moved to the end.
    moved = f"{filler} Residents said they would appeal. The council voted on Tuesday to close the road."
    anchor = reanchor(selector, moved, positions=PositionMap(old, moved))
    assert (anchor.status, moved[anchor.start : anchor.end]) == ("moved", "voted")


def test_a_long_quote_edited_at_both_ends_in_a_paragraph_that_moved_is_found_whole() -> None:
    """Neither end survives (so matching the first and last 32 characters cannot help) and the paragraph
    moved (so the document's diff does not carry it): the whole quote is matched approximately."""
    filler = " ".join(f"Sentence {n} of the report says something else entirely." for n in range(15))
    quote = "Elon Musk told the jury that distilling other models to validate your own is standard practice"
    old = f"{quote} at every lab. {filler}"
    edited = "Musk told the jury that distilling other models to validate your own is a standard practice"
    new = f"{filler} Later, {edited} in the industry."
    anchor = reanchor(make_selector(old, 0, len(quote)), new, positions=PositionMap(old, new))
    assert anchor.status == "edited"
    assert (
        "told the jury that distilling other models to validate your own is a standard"
        in new[anchor.start : anchor.end]
    )
    twice = f"{filler} Later, {edited} in the industry. Again: {edited} in the industry."
    assert (
        reanchor(make_selector(old, 0, len(quote)), twice, positions=PositionMap(old, twice)).status
        == "orphaned"
    )


def test_a_short_quote_whose_punctuation_changed_stays_on_its_words() -> None:
    old = "Radio broadcast stations: AM 4, FM 1. Television broadcast stations: 2."
    new = "Radio broadcast stations AM 4, FM 1. Television broadcast stations: 2."
    start = old.index("stations:")
    anchor = reanchor(
        make_selector(old, start, start + len("stations:")), new, positions=PositionMap(old, new)
    )
    assert anchor.placed and new[anchor.start : anchor.end] == "stations"


def test_a_quote_whose_white_space_changed_stays_on_its_words() -> None:
    """A re-import that puts tabs or line breaks between the same words (a list re-extracted) keeps the note
    on those words; words put between them are another matter."""
    old = "Free reed:\n gogona\n morsing\n\nPercussion:\n chande\n"
    new = "Free reed:\t\n gogona\t \n morsing\n\nPercussion:\n chande\n"
    start = old.index("gogona")
    selector = make_selector(old, start, start + len("gogona\n morsing"))
    anchor = reanchor(selector, new, positions=PositionMap(old, new))
    assert anchor.placed and new[anchor.start : anchor.end] == "gogona\t \n morsing"
    moved = "Percussion:\n chande\n\nFree reed:\t\n gogona\t \n morsing\n"
    anchor = reanchor(selector, moved)  # the previous text unknown: an orphan tried again
    assert anchor.placed and moved[anchor.start : anchor.end] == "gogona\t \n morsing"
    apart = "Free reed:\n gogona\n sundari\n morsing\n\nPercussion:\n chande\n"
    anchor = reanchor(selector, apart, positions=PositionMap(old, apart))
    assert "sundari" not in apart[anchor.start : anchor.end] or not anchor.placed


def test_an_edited_quote_is_measured_by_its_words_not_only_their_letters() -> None:
    """One long word corrected in eight ("descendents" -> "descendants") is an edit well above the floor,
    though it is a third of the letters."""
    old = (
        "Most of the Jews who came from the Mediterranean area are descendents from migrants from Spain and "
        "Portugal. Others came later."
    )
    new = old.replace("descendents", "descendants")
    quote = "area are descendents from migrants from Spain and"
    start = old.index(quote)
    anchor = reanchor(make_selector(old, start, start + len(quote)), new, positions=PositionMap(old, new))
    assert anchor.status == "edited" and anchor.similarity >= MIN_SIMILARITY
    assert new[anchor.start : anchor.end] == "area are descendants from migrants from Spain and"


def test_a_short_quote_whose_sentence_opening_was_rewritten_follows_its_unchanged_side() -> None:
    """All of its stored suffix agrees, and it is inside the words the document's diff says were rewritten:
    its place, though another "the" follows in the same sentence."""
    old = (
        "The engine was a liquid hydrogen and liquid oxygen design, but by air-breathing as the spacecraft "
        "climbed through the lower atmosphere, the amount of propellant carried fell. It was a bold plan."
    )
    new = (
        "The engine reduced the amount of oxidizer needed to be carried on board by utilising atmospheric "
        "oxygen as the spacecraft climbed through the lower atmosphere.\n\nSince propellant is heavy, it "
        "was a bold plan."
    )
    start = old.index("the spacecraft")
    anchor = reanchor(make_selector(old, start, start + 3), new, positions=PositionMap(old, new))
    assert anchor.placed and anchor.start == new.index("the spacecraft")


def test_a_few_words_edited_with_nothing_of_their_context_around_them_are_orphaned() -> None:
    """The biography's sentence was replaced by an infobox that repeats the name: a note on "as izabela
    dorota skorupko in" (where she was born) is not moved onto the infobox line."""
    filler = " ".join(f"Sentence {n} of the article says something else entirely." for n in range(6))
    old = (
        f"Izabella Scorupco is an actress.\n\nBiography\n\nBorn as Izabela Dorota Skorupko in Bialystok, "
        f"Poland to Lech and Magdalena, she moved to Sweden. {filler}"
    )
    new = (
        "{{Infobox person\n| name = Izabella Scorupco\n| birth_name = Izabela Dorota Skorupko\n"
        f"| birth_date = \n}}\nIzabella Scorupco is a Polish actress. {filler}"
    )
    quote = "as Izabela Dorota Skorupko in"
    start = old.index(quote)
    anchor = reanchor(make_selector(old, start, start + len(quote)), new, positions=PositionMap(old, new))
    assert anchor.status == "orphaned"
