import pytest

from reader.core.reading.encoding import DecodeProblem, decode_bytes

PROSE = "Musk said the “café” meeting — on Apr. 30 — was naïve. "


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (PROSE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + PROSE.encode("utf-8"), "utf-8"),
        (PROSE.encode("utf-16"), "utf-16-le"),  # Python writes a BOM, little-endian here
        ("\ufeff".encode("utf-16-be") + PROSE.encode("utf-16-be"), "utf-16-be"),
        (PROSE.encode("utf-16-le"), "utf-16-le"),  # no BOM: recognised by its zero bytes
        (PROSE.encode("cp1252"), "cp1252"),
    ],
)
def test_decodes_common_encodings(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.text.lstrip("\ufeff") == PROSE
    assert decoded.encoding == encoding


def test_short_legacy_file_is_not_guessed_wildly() -> None:
    # Two accented letters are no evidence for statistics; Windows-1252 is the honest default.
    decoded = decode_bytes("Café naïve".encode("cp1252"))
    assert decoded.text == "Café naïve"


def test_long_cyrillic_legacy_file_is_detected() -> None:
    text = "Илон Маск признал, что компания использовала модели OpenAI для обучения своей модели. " * 20
    decoded = decode_bytes(text.encode("cp1251"))
    assert decoded.text == text


def test_long_windows_1252_prose_stays_windows_1252() -> None:
    text = ("Déjà vu: the “naïve” café owner’s résumé — façade, coöperate, señor. " * 30).strip()
    assert decode_bytes(text.encode("cp1252")).text == text


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"%PDF-1.7\n...", "PDF"),
        (b"PK\x03\x04\x14\x00", "ZIP"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"some\x00binary\x00\x01\x02data\x00\xff", "binary"),
        (bytes(range(1, 32)) * 10, "binary"),
    ],
)
def test_binary_data_is_refused_by_name(data: bytes, fragment: str) -> None:
    with pytest.raises(DecodeProblem, match=fragment):
        decode_bytes(data)


def test_damaged_utf8_is_refused_with_the_offset() -> None:
    data = "Déjà vu, señor — naïve café.".encode() + b" \xff\xfe broken " + "Ünïcödé".encode()
    with pytest.raises(DecodeProblem, match=r"not valid UTF-8.*0xff at offset \d+"):
        decode_bytes(data)


def test_truncated_utf16_is_refused() -> None:
    with pytest.raises(DecodeProblem, match="UTF-16"):
        decode_bytes(b"\xff\xfe" + "text".encode("utf-16-le") + b"\x00\xd8")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Zażółć gęślą jaźń — polski tekst o sztucznej inteligencji i modelach językowych. " * 20, "cp1250"),
        ("Η εταιρεία του Μασκ χρησιμοποίησε τα μοντέλα της OpenAI για εκπαίδευση. " * 20, "cp1253"),
    ],
)
def test_other_legacy_code_pages_with_enough_evidence(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding)).text == text
