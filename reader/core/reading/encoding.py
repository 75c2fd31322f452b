"""Turn a file's bytes into text, or say plainly why they are not text.

Order of decisions (documented in docs/sources.md):

1. A byte-order mark decides: UTF-8, UTF-16 LE/BE, UTF-32 LE/BE.
2. Known binary signatures (PDF, ZIP/DOCX/EPUB, images, ...) are refused by name.
3. UTF-16 without a BOM is recognised by its pattern of zero bytes; any other NUL byte means binary.
4. Valid UTF-8 is UTF-8.
5. Bytes that are *mostly* valid UTF-8 but broken somewhere are refused (re-save the file), because
   decoding them as a legacy code page would turn every accented letter into mojibake.
6. Otherwise a legacy code page. With few non-ASCII bytes there is not enough evidence to tell code pages
   apart, so Windows-1252 (the usual legacy encoding of Western prose) is used when it decodes; with more
   evidence charset-normalizer chooses among a fixed list of legacy encodings, never an exotic one.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass


class DecodeProblem(ValueError):
    """The bytes are not text Reader can read; the message says why, for a user."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    # Files are read as PDFs and Word documents before this (reader.core.reading.pdftext, reader.core.reading.word).
    (b"%PDF-", "a PDF document, not text"),
    (b"PK\x03\x04", "a ZIP archive (an .odt or .epub?), not text; save it as text, HTML, PDF or .docx first"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image, not text"),
    (b"\xff\xd8\xff", "a JPEG image, not text"),
    (b"GIF87a", "a GIF image, not text"),
    (b"GIF89a", "a GIF image, not text"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Microsoft Office document, not text; save it as .docx or text first",
    ),
    (b"{\\rtf", "an RTF document; save it as plain text first"),
    (b"\x1f\x8b", "a gzip-compressed file, not text"),
    (b"\x7fELF", "a program (ELF binary), not text"),
    (b"SQLite format 3\x00", "an SQLite database, not text"),
)

# Legacy encodings charset-normalizer may choose among. A short list keeps it from guessing wildly.
LEGACY_ENCODINGS: tuple[str, ...] = (
    "cp1252",
    "cp1250",
    "cp1251",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "koi8_r",
    "iso8859_15",
    "mac_roman",
    "shift_jis",
    "euc_jp",
    "gb18030",
    "big5",
    "euc_kr",
)
# Below this many non-ASCII bytes, statistics cannot tell code pages apart: use Windows-1252.
_MIN_EVIDENCE = 40

_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_ASCII_BYTES = bytes(range(128))
_NOT_ASCII_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Control characters that never occur in text (tab, newline, form feed and carriage return do).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode ``data`` as text. ``declared`` is an encoding the file names itself (HTML ``<meta charset>``).

    Raises DecodeProblem with a message for the user.
    """
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return _strict(data, codec, label)
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise DecodeProblem(f"is {what}")
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise DecodeProblem("is a binary file, not text")
        return _checked(_strict(data, utf16, "UTF-16"))
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError as error:
        utf8_error = error
    if declared:
        decoded = _declared(data, declared)
        if decoded is not None:
            return _checked(decoded)
    # Counted in C without a list of every match: a 50 MB file of high bytes made a list of 50 million.
    high = len(data.translate(None, _ASCII_BYTES))
    multibyte = _UTF8_MULTIBYTE.subn(b"", data)[1]
    # Each valid multi-byte sequence accounts for 2-4 high bytes; if they make up most of them, the file
    # is UTF-8 with damage, not a legacy code page.
    if multibyte and multibyte * 2 >= high * 0.5:
        bad = data[utf8_error.start]
        raise DecodeProblem(
            f"is not valid UTF-8: undecodable byte 0x{bad:02x} at offset {utf8_error.start}; "
            "re-save it as UTF-8"
        )
    return _checked(_legacy(data, high))


def _strict(data: bytes, codec: str, label: str) -> Decoded:
    try:
        return Decoded(data.decode(codec), codec.removesuffix("-sig"))
    except UnicodeDecodeError as error:
        raise DecodeProblem(
            f"is not valid {label}: undecodable bytes at offset {error.start}; re-save it as UTF-8"
        ) from None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text of mostly Latin script has a zero in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) <= 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) <= 0.1 * len(odd):
        return "utf-16-be"
    return None


# What a page may declare and be believed: the character encodings of the web (WHATWG's list, as Python
# names them). Anything else a hostile or broken page names ("undefined", "unicode_escape", "rot13",
# "zlib") is ignored, and the bytes are judged as if nothing had been declared.
_DECLARABLE = frozenset(
    ["utf_8", "iso8859_1", "utf_16", "utf_16_le", "utf_16_be", "ascii", "latin_1", "iso8859_15", "koi8_r", "koi8_u",
     "mac_roman", "mac_cyrillic", "shift_jis", "euc_jp", "iso2022_jp", "euc_kr", "gbk", "gb2312", "gb18030",
     "big5", "big5hkscs", "tis_620", "cp866", "cp874"]
    + [f"cp{n}" for n in range(1250, 1259)]
    + [f"iso8859_{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 16)]
)  # fmt: skip


def _declared(data: bytes, declared: str) -> Decoded | None:
    try:
        name = codecs.lookup(declared).name.replace("-", "_")
    except (LookupError, ValueError, TypeError):
        return None
    if name not in _DECLARABLE:
        return None
    try:
        return Decoded(data.decode(name), name)
    except (UnicodeError, ValueError):
        return None


_SURROGATE = re.compile("[\ud800-\udfff]")


def has_surrogates(text: str) -> bool:
    """Does ``text`` hold a lone surrogate? (Encoding is a tight C loop, far quicker than a search.)"""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate (not a character; it cannot be stored or shown) as U+FFFD, the
    replacement character, so that every offset stays where it was."""
    return _SURROGATE.sub("\ufffd", text) if has_surrogates(text) else text


def _legacy(data: bytes, high_bytes: int) -> Decoded:
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and (high_bytes < _MIN_EVIDENCE or _reads_as_western(western)):
        return Decoded(western, "cp1252")
    from charset_normalizer import from_bytes  # only legacy files need it; it is slow to import

    best = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)).best()
    if best is None:
        raise DecodeProblem("is not in an encoding Reader recognises; re-save it as UTF-8")
    return Decoded(str(best), best.encoding)


def _reads_as_western(text: str) -> bool:
    """Does Windows-1252 give Western prose? Statistics rank Baltic or Central European code pages above it
    for French or Spanish, so this is asked first: in real Western text accented letters are a minority,
    and no symbol sits inside a word (Polish read as 1252 gives "Za¿ó³æ", Russian gives "Èëîí Ìàñê")."""
    # ASCII letters are counted in C; only the other characters are looked at one by one (a few in a
    # hundred in Western prose: a 50 MB file took 17 s when every character was).
    letters = len(text.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTERS))
    accented = inside = non_ascii = 0
    for found in _NON_ASCII.finditer(text):
        char, index = found.group(), found.start()
        non_ascii += 1
        if char.isalpha():
            letters += 1
            accented += 1
        else:
            # An apostrophe or a dash inside a word is normal; other symbols are not.
            between_letters = (
                0 < index < len(text) - 1 and text[index - 1].isalpha() and text[index + 1].isalpha()
            )
            if between_letters and char not in "’‘–—·":
                inside += 1
    return accented <= 0.25 * letters and inside <= max(1, 0.02 * non_ascii)


def _checked(decoded: Decoded) -> Decoded:
    """Text full of control characters is a binary file that happened to decode."""
    if has_surrogates(decoded.text):
        raise DecodeProblem("is not valid text (it decodes to unpaired surrogates); re-save it as UTF-8")
    text = decoded.text
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) > max(2, len(sample) // 100):
        raise DecodeProblem("is a binary file, not text")
    return decoded
