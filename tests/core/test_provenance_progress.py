"""Working out who had it first tells how far it got and stops when asked: for a story many sources carry
it is counted pair by pair, and can take as long as aligning."""

import pytest

from reader.core.alignment.align import align
from reader.core.progress import AlignmentCancelled
from reader.core.provenance.who_first import provenance, work_out
from reader.core.reading.sources import read_source
from tests.syndicated import write_story


@pytest.fixture(scope="module")
def twelve(tmp_path_factory):
    paths = write_story(tmp_path_factory.mktemp("story") / "story", 12, size=1500)
    return [read_source(str(p)) for p in paths]


def test_working_out_reports_its_progress_and_keeps_the_answer(twelve) -> None:
    alignment = align(twelve)
    calls: list[float] = []
    found = work_out(alignment, lambda done: calls.append(done) is None)
    assert calls and calls == sorted(calls) and calls[0] >= 0 and calls[-1] <= 1
    assert provenance(alignment) is found  # kept as the query's answer: not worked out again
    assert work_out(alignment, lambda done: calls.append(-1.0) is None) is found and -1.0 not in calls
    assert found == provenance(align(twelve))  # the same answer as without progress


def test_cancel_stops_working_out_and_keeps_nothing(twelve) -> None:
    alignment = align(twelve)
    calls: list[float] = []

    def progress(done: float) -> bool:
        calls.append(done)
        return False  # Cancel pressed

    with pytest.raises(AlignmentCancelled):
        work_out(alignment, progress)
    assert len(calls) == 1  # heard at the first report
    assert provenance(alignment).copying  # worked out afresh when asked again, whole
