"""The workspace model without Qt: what the user has open, its typed changes, and the arrangement kept by
path across alignments."""

import subprocess
import sys
from pathlib import Path

import pytest

from reader.comparison import Comparison, source_key
from reader.core.alignment.align import AlignOptions
from reader.store import SourceDetails
from reader.workspace import (
    AlignmentChanged,
    Change,
    OptionsChanged,
    OrderChanged,
    SourcesChanged,
    Workspace,
    hidden_except,
    shares_no_source,
    visible,
)

STORY = (
    "The council voted on Tuesday to close the old bridge for repairs. "
    "Engineers found cracks in two of its supports last month. "
    "The work is expected to take a year and to cost four million pounds."
)


@pytest.fixture
def files(tmp_path: Path) -> list[str]:
    paths = []
    for number, extra in enumerate(["", " Traffic will go by the ring road.", " Residents objected."]):
        path = tmp_path / f"story{number}.txt"
        path.write_text(STORY + extra + "\n", encoding="utf-8")
        paths.append(source_key(path))
    return paths


def aligned(workspace: Workspace) -> Comparison:
    comparison, errors = Comparison.load(workspace.paths, workspace.options, workspace.known)
    assert comparison is not None and not errors
    return comparison


def recording(workspace: Workspace) -> list[Change]:
    changes: list[Change] = []
    workspace.subscribe(changes.append)
    return changes


def test_opening_and_receiving_a_comparison_tells_subscribers_in_order(files: list[str]) -> None:
    workspace = Workspace()
    changes = recording(workspace)
    workspace.open(files[:2])
    workspace.open(files[2:], add=True)
    assert changes == [SourcesChanged(tuple(files[:2])), SourcesChanged(tuple(files))]
    change = workspace.receive(aligned(workspace))
    assert changes[-1] is change and change.new_story and change.generation == 1
    assert workspace.order == [0, 1, 2] and workspace.hidden == set()
    assert set(workspace.known) == set(files)  # aligning again does not read them again


def test_the_arrangement_survives_aligning_again_with_a_source_removed(files: list[str]) -> None:
    workspace = Workspace()
    workspace.open(files)
    workspace.receive(aligned(workspace))
    changes = recording(workspace)
    workspace.move(2, -2)
    workspace.hide(1)
    assert changes == [OrderChanged((2, 0, 1), frozenset()), OrderChanged((2, 0, 1), frozenset({1}))]
    assert workspace.visible() == [2, 0]
    assert workspace.saved() == (files, [files[2], files[0], files[1]], [files[1]])
    workspace.remove(files[0])
    change = workspace.receive(aligned(workspace))
    assert not change.new_story and change.generation == 2  # the same story: what the user arranged stays
    assert workspace.comparison is not None and workspace.comparison.paths == [files[1], files[2]]
    assert workspace.order == [1, 0] and workspace.hidden == {0}


def test_a_restored_arrangement_applies_when_the_alignment_arrives(files: list[str]) -> None:
    workspace = Workspace()
    workspace.restore(files, [files[1], files[2]], [files[0]])
    assert workspace.offline and workspace.comparison is None and workspace.order == []
    change = workspace.receive(aligned(workspace))
    assert not change.new_story  # reopened as saved: not arranged as a new story
    assert workspace.order == [1, 2, 0] and workspace.hidden == {0}
    assert workspace.comparison is not None and workspace.comparison.display_paths() == (
        [files[1], files[2], files[0]],
        [files[0]],
    )


def test_panes_moved_while_a_reopened_comparison_aligns_leave_its_arrangement(files: list[str]) -> None:
    workspace = Workspace()
    workspace.open(files)
    workspace.receive(aligned(workspace))
    workspace.restore(files, [files[2], files[1], files[0]], [files[1]])
    workspace.move(0, 1)  # the comparison still on screen, while the reopened one aligns
    workspace.receive(aligned(workspace))
    assert workspace.order == [2, 1, 0] and workspace.hidden == {1}


def test_nothing_read_after_a_reopening_leaves_no_reopening_behind(files: list[str]) -> None:
    workspace = Workspace()
    workspace.restore(files, [files[1]], [])
    workspace.receive(None)
    workspace.open(files)
    assert workspace.receive(aligned(workspace)).new_story


def test_arranging_to_the_same_state_says_nothing(files: list[str]) -> None:
    workspace = Workspace()
    workspace.move(0, 1)  # nothing open: nothing to arrange
    workspace.open(files)
    workspace.receive(aligned(workspace))
    changes = recording(workspace)
    workspace.arrange([0, 1, 2], set())
    workspace.show_only([])
    workspace.set_options(workspace.options)
    assert changes == []
    workspace.show_only([2, 0])
    workspace.set_options(AlignOptions(threshold=0.7))
    assert changes == [OrderChanged((0, 1, 2), frozenset({1})), OptionsChanged(AlignOptions(threshold=0.7))]


def test_revisions_tell_whether_views_show_the_comparison_as_it_is(files: list[str]) -> None:
    workspace = Workspace()
    workspace.open(files[:2])
    comparison = aligned(workspace)
    workspace.receive(comparison)
    assert workspace.replaced() is None  # shown as it is
    comparison.set_details(0, SourceDetails(title="Bridge to close"))
    change = workspace.replaced()
    assert isinstance(change, AlignmentChanged) and change.revision == 1 and change.replaced
    assert not change.regrouped
    assert change.generation == 1 and workspace.replaced() is None


def test_nothing_read_empties_the_workspace(files: list[str]) -> None:
    workspace = Workspace()
    workspace.open(files)
    workspace.receive(aligned(workspace))
    workspace.hide(0)
    changes = recording(workspace)
    change = workspace.receive(None)
    assert changes == [change] and change.comparison is None
    assert workspace.paths == [] and workspace.saved() == ([], [], [])


def test_one_listener_unsubscribed_hears_nothing_more(files: list[str]) -> None:
    workspace = Workspace()
    changes = recording(workspace)
    workspace.unsubscribe(changes.append)
    workspace.unsubscribe(changes.append)  # twice: harmless
    workspace.open(files)
    assert changes == []


def test_the_rules_of_showing_panes() -> None:
    assert visible([2, 0, 1], {0}) == [2, 1]
    assert hidden_except([2, 0, 1], {1}) == {0, 2}
    assert shares_no_source(["a", "b"], {"c"}) and not shares_no_source(["a", "b"], {"b"})


def test_the_workspace_loads_no_qt() -> None:
    code = "import sys, reader.workspace; print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
