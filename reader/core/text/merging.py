"""Three-way merge of two edits of one text (a note two people changed at once), or an honest "no".

The edit from ``base`` to ``mine`` is made into diff-match-patch patches and applied to ``theirs``, and
the edit from ``base`` to ``theirs`` to ``mine``. The merge is clean when every patch of both applied and
both ways give the same text: then the result holds both people's changes, whichever came first. Edits
that touch the same words (or insert at the same place, where the order of the two insertions is a
choice) give different texts or a patch that does not apply, and the merge is refused: the caller keeps
both texts for the user to choose. Patches find their place only where their context matches exactly
(a threshold below one wrong character in 32, the most a pattern holds), so a patch is never applied to words that merely look like its context.

This sits beside ``diffing`` (the word diffs of passages) and uses the library's patch API, which
``diffing`` does not: character edits of a note, not words of two articles.
"""

from __future__ import annotations

from diff_match_patch import diff_match_patch


def _patcher() -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0.0  # an exact diff: a note is short, and a timeout would give "replace everything"
    # A patch's context must be found exactly (one wrong character of 32 scores 0.03), wherever the other
    # edit moved it: a shift of 20,000 characters scores 0.02.
    dmp.Match_Threshold = 0.025
    dmp.Match_Distance = 1_000_000
    dmp.Patch_DeleteThreshold = 0.0  # text a patch deletes must be exactly the text found there
    return dmp


def merge_texts(base: str, mine: str, theirs: str) -> str | None:
    """The text with both the change from ``base`` to ``mine`` and the one from ``base`` to ``theirs``,
    or None when the two cannot both be kept without a person choosing."""
    if mine == theirs or base == theirs:
        return mine
    if base == mine:
        return theirs
    onto_theirs = _apply(base, mine, theirs)
    if onto_theirs is None:
        return None
    onto_mine = _apply(base, theirs, mine)
    return onto_theirs if onto_theirs == onto_mine else None


def _apply(base: str, changed: str, onto: str) -> str | None:
    """The change from ``base`` to ``changed`` made to ``onto``, or None when a part of it does not apply."""
    dmp = _patcher()
    patches = dmp.patch_make(base, changed)
    result, applied = dmp.patch_apply(patches, onto)
    return result if all(applied) else None
