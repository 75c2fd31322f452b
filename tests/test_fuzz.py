"""Property-based fuzzing on arbitrary Unicode, lone surrogates included: reading files, aligning, storing
annotations and every export either work or refuse with Reader's own one-line error, never anything else.
Bounded: a fixed number of examples, so the suite's time stays put."""

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.alignment.align import align
from reader.core.reading.sources import SourceError, read_source, source_from_text
from reader.export.csv_export import to_csv
from reader.export.html import to_html
from reader.export.markdown_report import to_markdown
from reader.export.report import build_report
from reader.export.webannotation import to_json
from reader.store import Library, NewTarget, StoreError
from tests.documents import make_docx, make_pdf, text_page

SURROGATES = st.sampled_from(["\ud800", "\udbff", "\udc00", "\udfff"])
CHARACTERS = st.one_of(st.characters(), SURROGATES, st.sampled_from(list(" \n\n.!?\"'<>&`*_[]()")))
TEXT = st.text(CHARACTERS, max_size=300)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(
    st.one_of(TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=400)),
    st.sampled_from([".txt", ".md", ".html", ""]),
)
def test_read_source_reads_or_refuses_any_bytes(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            source = read_source(path)
        except SourceError as error:
            assert str(error).startswith(str(path)) and "\n" not in str(error)
            return
        source.text.encode("utf-8")  # strict: no lone surrogate is ever handed on
        assert source.text.strip() and len(source.sha256) == 64


DOCUMENTS = {
    ".pdf": make_pdf(
        [text_page(1, 1, ["The witness said the lab used the models.", "", "Counsel asked again."])]
    ),
    ".docx": make_docx([("h1", "The hearing"), ("p", "The witness said so.[^1]")], footnotes={1: "A note."}),
}
# Each example starts a child process to read the document: fewer examples keep the time put.
DAMAGE = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@DAMAGE
@given(
    st.sampled_from(sorted(DOCUMENTS)),
    st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=8),
    st.floats(0.2, 1),
)
def test_a_damaged_pdf_or_word_document_is_read_or_refused_in_one_line(
    suffix: str, changes: list[tuple[float, int]], kept: float
) -> None:
    data = bytearray(DOCUMENTS[suffix])
    for where, value in changes:
        data[int(where * len(data))] = value
    data = data[: max(1, int(len(data) * kept))]  # cut short, too, now and then
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"damaged{suffix}"
        path.write_bytes(bytes(data))
        try:
            source = read_source(path)
        except SourceError as error:
            message = str(error)
            assert message.startswith(f"{path}: ") and "\n" not in message
            assert "Error" not in message and "Exception" not in message, message
            return
        source.text.encode("utf-8")


@FUZZ
@given(st.lists(TEXT, min_size=1, max_size=4), TEXT, TEXT)
def test_align_store_and_every_export_survive_any_text(texts: list[str], tag: str, note: str) -> None:
    sources = [source_from_text(text, path=f"/fuzz/{n}.txt") for n, text in enumerate(texts)]
    alignment = align(sources)
    for group in alignment.groups:
        for member in group.members:
            assert 0 <= member.start <= member.end <= len(sources[member.source].text)
    with tempfile.TemporaryDirectory() as folder:
        library = Library.open(Path(folder) / "library.sqlite3")
        try:
            ids = {n: library.import_source(source).source_id for n, source in enumerate(sources)}
            text = sources[0].text
            if text:
                try:
                    library.add_annotation([NewTarget(ids[0], 0, len(text))], [tag], note)
                except StoreError as error:
                    assert "\n" not in str(error)
            report = build_report(alignment, library)
            html = to_html(report)
            assert "<script" not in html.lower()
            to_markdown(report).encode("utf-8")
            to_csv(report).encode("utf-8")
            json.loads(to_json(report))
        finally:
            library.close()
