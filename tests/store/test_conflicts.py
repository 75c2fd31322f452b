"""Two people changing one annotation at once lose nothing: a save says the version its edit started from,
and a save that lost the race is merged (tags as sets, notes three ways where that is clean) or keeps both
texts for the user to choose. On both engines, with two Readers (two Library instances) on one library."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from reader.core.reading.sources import source_from_text
from reader.core.text.merging import merge_texts
from reader.store import AnnotationInfo, ConflictError, Library, NewTarget, StoreError

TEXT = "Musk said it is standard practice to use other AIs to validate your AI. Savitt: So that's a yes."
NOTE = (
    "Claim: standard practice, says Musk.\n\n"
    "Source: the deposition transcript, page 12.\n\n"
    "Status: not yet checked against the video."
)


@pytest.fixture
def two(library_address: str) -> Iterator[tuple[Library, Library]]:
    """Ana and Ben, each with a Reader of their own on the same library."""
    ana, ben = Library.open(library_address), Library.open(library_address)
    ana.author, ben.author = "Ana", "Ben"
    yield ana, ben
    ana.close()
    ben.close()


def _annotation(library: Library, note: str = NOTE, tags: tuple[str, ...] = ("disputed",)) -> AnnotationInfo:
    source = library.import_source(source_from_text(TEXT, "/story/a.txt")).source_id
    return library.add_annotation([NewTarget(source, 0, 4)], list(tags), note)


# -- the merge itself ----------------------------------------------------------------------------------------
def test_a_three_way_merge_keeps_both_changes_or_refuses() -> None:
    mine = NOTE.replace("page 12", "page 12 (seen)")
    theirs = NOTE.replace("not yet checked", "checked")
    merged = merge_texts(NOTE, mine, theirs)
    assert merged is not None and "page 12 (seen)" in merged and "Status: checked against" in merged
    assert merge_texts(NOTE, theirs, mine) == merged  # whichever saved first
    assert merge_texts(NOTE, NOTE.replace("Musk", "Elon Musk"), NOTE.replace("Musk", "the CEO")) is None
    assert merge_texts("A", "A then mine", "A then theirs") is None  # two insertions at one place: an order
    assert merge_texts(NOTE, "", theirs) is None  # deleting all of it against an edit of it
    assert merge_texts(NOTE, mine, mine) == mine and merge_texts(NOTE, NOTE, theirs) == theirs
    emoji = "😀 first line\n\nsecond line 🎉\n\nthird line"
    both = merge_texts(emoji, emoji.replace("first", "1st"), emoji.replace("third", "3rd"))
    assert both == "😀 1st line\n\nsecond line 🎉\n\n3rd line"


# -- two Readers, one annotation ------------------------------------------------------------------------------
def test_a_save_on_the_current_version_is_a_plain_save(two: tuple[Library, Library]) -> None:
    ana, _ben = two
    made = _annotation(ana)
    saved = ana.save_annotation(made.id, None, NOTE + "\n\nMore.", made)
    assert saved.outcome == "saved" and not saved.raced and saved.annotation.version == made.version + 1
    assert ana.note_conflicts() == []


def test_edits_of_different_paragraphs_from_one_version_are_merged(two: tuple[Library, Library]) -> None:
    ana, ben = two
    made = _annotation(ana)
    at_ben = ben.annotation(made.id)  # both open the same version
    first = ana.update_annotation(made.id, note=NOTE.replace("page 12", "page 12 (seen)"), based_on=made)
    saved = ben.save_annotation(made.id, None, NOTE.replace("not yet checked", "checked"), at_ben)
    assert saved.outcome == "merged" and saved.by == "Ana" and saved.raced
    assert saved.annotation.note == NOTE.replace("page 12", "page 12 (seen)").replace(
        "not yet checked", "checked"
    )
    assert saved.annotation.version == first.version + 1 and saved.annotation.modified_by == "Ben"
    assert ana.annotation(made.id).note == saved.annotation.note and ana.note_conflicts() == []
    assert "both changes are kept" in (saved.message() or "")


def test_overlapping_edits_keep_both_texts_and_lose_nothing(two: tuple[Library, Library]) -> None:
    ana, ben = two
    made = _annotation(ana)
    at_ben = ben.annotation(made.id)
    anas = NOTE.replace("Claim: standard practice, says Musk.", "Claim: Musk says everyone does it.")
    bens = NOTE.replace("Claim: standard practice, says Musk.", "Claim (Musk): AIs validate AIs.")
    ana.update_annotation(made.id, note=anas, based_on=made)
    with pytest.raises(ConflictError) as caught:
        ben.update_annotation(made.id, note=bens, based_on=at_ben)
    error = caught.value
    assert isinstance(error, StoreError) and "\n" not in str(error) and "Ana changed this note" in str(error)
    kept = error.saved.conflict
    assert kept is not None and error.saved.outcome == "conflict"
    assert (kept.base, kept.mine, kept.theirs, kept.author) == (NOTE, bens, anas, "Ben")
    # The winner's text is the note; the loser's is kept, and both Readers see the conflict.
    assert ana.annotation(made.id).note == anas and ana.conflicted() == {made.id}
    assert ana.note_conflicts(made.id) == [kept] == ben.note_conflicts()
    # The user chooses (here a combination): the note takes it, the conflict is closed.
    chosen = anas + "\n\nAlso: " + bens
    resolved = ben.resolve_conflict(kept.id, chosen)
    assert resolved.outcome == "saved" and resolved.annotation.note == chosen
    assert ana.note_conflicts() == [] and ana.conflicted() == set()
    closed = ana.note_conflicts(made.id, open_only=False)
    assert len(closed) == 1 and closed[0].resolved_at is not None
    with pytest.raises(StoreError, match="resolved already"):
        ana.resolve_conflict(kept.id, anas)


def test_undoing_the_deletion_of_an_annotation_brings_back_its_kept_aside_text(
    two: tuple[Library, Library],
) -> None:
    ana, ben = two
    made = _annotation(ana)
    ana.update_annotation(made.id, note=NOTE.replace("Musk.", "Musk!"), based_on=made)
    with pytest.raises(ConflictError) as caught:
        ben.update_annotation(made.id, note=NOTE.replace("Musk.", "Musk?"), based_on=made)
    kept = caught.value.saved.conflict
    assert kept is not None
    deleted = ana.delete_annotation(made.id)
    assert ana.note_conflicts() == []  # gone with the annotation, but held by the deletion's record
    ana.restore_annotation(deleted)  # undo
    [back] = ben.note_conflicts(made.id)
    assert (back.base, back.mine, back.theirs, back.author, back.at) == (
        kept.base,
        kept.mine,
        kept.theirs,
        kept.author,
        kept.at,
    )
    assert ben.conflicted() == {made.id}


def test_a_choice_made_after_a_later_edit_does_not_replace_it(two: tuple[Library, Library]) -> None:
    ana, ben = two
    made = _annotation(ana)
    ana.update_annotation(made.id, note=NOTE.replace("Musk.", "Musk!"), based_on=made)
    with pytest.raises(ConflictError) as caught:
        ben.update_annotation(made.id, note=NOTE.replace("Musk.", "Musk?"), based_on=made)
    kept = caught.value.saved.conflict
    assert kept is not None
    now = ana.annotation(made.id)
    later = now.note.replace("page 12", "page 13")
    ana.update_annotation(made.id, note=later, based_on=now)  # Ana edits elsewhere before Ben chooses
    resolved = ben.resolve_conflict(kept.id, kept.mine)
    assert resolved.outcome == "merged" and resolved.annotation.note == later.replace("Musk!", "Musk?")


def test_tags_are_merged_as_sets(two: tuple[Library, Library]) -> None:
    ana, ben = two
    made = _annotation(ana, tags=("disputed", "quote"))
    at_ben = ben.annotation(made.id)
    ana.update_annotation(made.id, tags=["disputed", "quote", "verified"], based_on=made)  # adds one
    saved = ben.save_annotation(made.id, ["disputed", "needs-source"], None, at_ben)  # drops one, adds one
    assert saved.outcome == "merged"
    assert set(saved.annotation.tags) == {"disputed", "verified", "needs-source"}
    assert "needs-source" in {t.name for t in ana.tags()}


def test_a_note_and_tags_saved_together_merge_each(two: tuple[Library, Library]) -> None:
    ana, ben = two
    made = _annotation(ana)
    at_ben = ben.annotation(made.id)
    ana.update_annotation(made.id, ["disputed", "verified"], NOTE.replace("Musk.", "Musk!"), based_on=made)
    with pytest.raises(ConflictError) as caught:
        ben.update_annotation(made.id, [], NOTE.replace("Musk.", "Musk?"), based_on=at_ben)
    now = ana.annotation(made.id)
    assert now.tags == ("verified",)  # Ben's removal of "disputed" and Ana's "verified" are both kept
    assert now.note == NOTE.replace("Musk.", "Musk!") and caught.value.saved.annotation == now


def test_a_save_with_only_a_version_number_keeps_a_differing_note_as_a_conflict(
    two: tuple[Library, Library],
) -> None:
    ana, ben = two
    made = _annotation(ana)
    ana.update_annotation(made.id, note=NOTE + " A.", based_on=made.version)
    with pytest.raises(ConflictError) as caught:
        ben.update_annotation(made.id, note=NOTE + " B.", based_on=made.version)
    kept = caught.value.saved.conflict
    assert kept is not None and (kept.mine, kept.theirs, kept.base) == (NOTE + " B.", NOTE + " A.", "")
    same = ben.save_annotation(made.id, None, NOTE + " A.", made.version)  # the same text: nothing to choose
    assert same.outcome == "merged" and len(ben.note_conflicts()) == 1


def test_an_annotation_deleted_while_edited_comes_back_with_the_note(two: tuple[Library, Library]) -> None:
    ana, ben = two
    made = _annotation(ana)
    at_ben = ben.annotation(made.id)
    ana.delete_annotation(made.id)
    with pytest.raises(ConflictError, match="Ana deleted this annotation") as caught:
        ben.update_annotation(made.id, note="Ben's note, typed meanwhile", based_on=at_ben)
    back = ana.annotation(made.id)
    assert caught.value.saved.outcome == "restored" and back == caught.value.saved.annotation
    assert back.note == "Ben's note, typed meanwhile" and back.tags == ("disputed",)
    assert back.targets[0].exact == made.targets[0].exact and back.uid == made.uid
    assert back.version > at_ben.version
    # Past every version the deleted one had: a save based on one of them is told it raced.
    edited = ana.update_annotation(made.id, note="Ana's", based_on=ana.annotation(made.id))
    ana.update_annotation(made.id, note="Ana's again", based_on=edited)
    last = ana.delete_annotation(made.id)
    with pytest.raises(ConflictError):
        ben.update_annotation(made.id, note="Ben's once more", based_on=back)
    again = ana.annotation(made.id)
    assert again.version > last.version and again.note == "Ben's once more"
    with pytest.raises(StoreError, match="was it deleted"):  # with only a version there is nothing to restore
        ana.delete_annotation(made.id)
        ben.update_annotation(made.id, note="again", based_on=back.version)


def test_undo_and_redo_still_save_without_a_version(two: tuple[Library, Library]) -> None:
    ana, ben = two
    made = _annotation(ana)
    ben.update_annotation(made.id, note="Ben's")
    assert ana.update_annotation(made.id, note="undone").note == "undone" and ana.note_conflicts() == []


# -- real concurrency -------------------------------------------------------------------------------------------
def test_writers_racing_on_a_server_each_lose_nothing(postgres) -> None:
    """Eight Readers on a server save edits of one note from one version at the same moment: one is a
    plain save, every other one is told it raced, and every text is in the note or in a conflict."""
    url = postgres.new_database()
    libraries = [Library.open(url) for _ in range(8)]
    try:
        lines = [f"line {index}: nothing yet" for index in range(8)]
        made = _annotation(libraries[0], note="\n".join(lines))
        start = threading.Barrier(len(libraries))
        results: dict[int, object] = {}

        def edit(index: int) -> None:
            library = libraries[index]
            library.author = f"writer {index}"
            base = library.annotation(made.id)
            mine = list(lines)
            mine[index] = f"line {index}: writer {index} was here"  # a line of its own: merges cleanly
            if index % 2:
                mine.append(f"shared: writer {index}")  # the same place for four of them: conflicts
            start.wait()
            try:
                results[index] = library.save_annotation(made.id, None, "\n".join(mine), base)
            except StoreError as error:  # pragma: no cover - said in the assertion below
                results[index] = error

        threads = [threading.Thread(target=edit, args=(index,)) for index in range(len(libraries))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        outcomes = [getattr(results[i], "outcome", results[i]) for i in range(len(libraries))]
        assert outcomes.count("saved") == 1, outcomes
        assert set(outcomes) <= {"saved", "merged", "conflict"}
        final = libraries[0].annotation(made.id)
        assert final.version == made.version + len(libraries)
        kept = "\n".join(c.mine for c in libraries[0].note_conflicts(made.id))
        for index in range(len(libraries)):
            mark = f"writer {index} was here"
            assert mark in final.note or mark in kept, f"writer {index}'s edit was lost"
        assert "conflict" in outcomes  # the shared line: two insertions at one place
    finally:
        for library in libraries:
            library.close()
