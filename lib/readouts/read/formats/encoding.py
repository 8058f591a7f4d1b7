"""Turn a file's raw bytes into text, or say clearly why they are not text."""
from __future__ import annotations

import codecs
import io
import re
import unicodedata
import warnings

from ...errors import InputError, ReadoutsWarning

# Magic numbers of the binary files people most often drop into a text folder by mistake.
_MAGIC = [
    (b"%PDF", "a PDF file, not text; convert it to text first (for example with pdftotext)"),
    (b"\x89PNG", "a PNG image, not text"),
    (b"\xff\xd8\xff", "a JPEG image, not text"),
    (b"GIF8", "a GIF image, not text"),
    (b"PK\x03\x04", "a ZIP archive (a .docx or .xlsx file?), not text; save it as plain text first"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file, not text; save it as plain text first"),
    (b"{\\rtf", "an RTF file, not plain text; save it as plain text first"),
]
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# Control characters that carry no text (tab, newline, carriage return, form feed excepted).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# Invisible characters pasted from web pages and Word: they split words ("Ja<ZWSP>pan") and
# carry no text. Zero-width (non-)joiners stay: Persian and Indic spelling and emoji need them.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NEWLINES = re.compile(r"\r\n?|[\u2028\x85\x0c\x0b]")


def decode(data: bytes, path: str) -> str:
    """Decode ``data`` read from ``path``; raise :class:`InputError` if it is not text.

    Accepts UTF-8 (with or without a byte-order mark), UTF-16 and UTF-32 with a
    byte-order mark, and, with a warning, Windows-1252 and Latin-1.

    >>> decode("“Café”".encode("utf-8"), "x.txt")
    '“Café”'
    >>> decode(b"%PDF-1.7", "x.txt")
    Traceback (most recent call last):
    readouts.errors.InputError: x.txt: a PDF file, not text; convert it to text first (for example with pdftotext)
    """
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(path, what)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as err:
                raise InputError(path, f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                                       f"(byte {err.start})") from None
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise InputError(path, "binary file (it holds NUL bytes), not text")
        warnings.warn(f"{path}: UTF-16 without a byte-order mark; read as {utf16} (re-save it as UTF-8)",
                      ReadoutsWarning, stacklevel=3)
        return data.decode(utf16)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        text = _decode_legacy(data, path, err)
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 50):
        raise InputError(path, f"binary file ({controls} control characters in {len(text)}), not text")
    return text


STREAM_BLOCK = 1 << 20        # bytes decoded at a time when a file is checked as it streams


def read_bytes(path) -> bytes:
    """A file's bytes; a file that cannot be read is an :class:`InputError` naming it."""
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as err:
        raise InputError(path, f"cannot be read ({err.strerror or err})") from None


def text_stream(path):
    """A file's text as a stream, read as it is consumed (newlines as written, for the csv module).

    A file of UTF-8 (with or without a byte-order mark) whose every block decodes, with no NUL byte and few
    control characters, streams from the disk; any other file is decoded whole by :func:`decode`, with its
    errors and warnings (other encodings are the small files of the past; big files are UTF-8).
    """
    encoding = _streamable_encoding(path)
    if encoding is None:
        return io.StringIO(decode(read_bytes(path), str(path)).removeprefix("\ufeff"), newline="")
    try:
        return open(path, encoding=encoding, newline="")
    except OSError as err:
        raise InputError(path, f"cannot be read ({err.strerror or err})") from None


def _streamable_encoding(path) -> str | None:
    """``utf-8`` or ``utf-8-sig`` when the whole file decodes as UTF-8 block by block and is text; else None."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    controls = chars = 0
    try:
        with open(path, "rb") as f:
            first = f.read(STREAM_BLOCK)
            if any(first.startswith(magic) for magic, _ in _MAGIC) or any(
                    first.startswith(bom) for bom, enc in _BOMS if enc != "utf-8-sig"):
                return None
            block = first
            while block:
                if b"\x00" in block:
                    return None
                text = decoder.decode(block)
                controls, chars = controls + len(_CONTROL.findall(text)), chars + len(text)
                block = f.read(STREAM_BLOCK)
            decoder.decode(b"", final=True)
    except (OSError, UnicodeDecodeError):
        return None
    if controls > max(8, chars // 50):
        return None
    return "utf-8-sig" if first.startswith(codecs.BOM_UTF8) else "utf-8"


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when NUL bytes sit at every other place, as in UTF-16 text."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    odd_nuls = sample[1::2].count(0) / (len(sample) // 2)
    even_nuls = sample[0::2].count(0) / (len(sample) // 2)
    for encoding, nuls, other in (("utf-16-le", odd_nuls, even_nuls), ("utf-16-be", even_nuls, odd_nuls)):
        if nuls > 0.6 and other < 0.05:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return encoding if not _CONTROL.search(text[:2048]) else None
    return None


def _decode_legacy(data: bytes, path: str, err: UnicodeDecodeError) -> str:
    for encoding, name in (("cp1252", "Windows-1252 (cp1252)"), ("latin-1", "Latin-1")):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        warnings.warn(f"{path}: not UTF-8 (byte {err.start}); read as {name}", ReadoutsWarning, stacklevel=4)
        return text
    raise InputError(path, "not text in any encoding Readouts reads")  # latin-1 never fails


def normalize(text: str) -> str:
    """One newline convention (``\\n``), no control or invisible characters, NFC.

    >>> normalize("Ja\\u200bpan\\r\\nsaid\\x07")
    'Japan\\nsaid'
    """
    return normalize_counting(text)[0]


def normalize_counting(text: str) -> tuple[str, int]:
    """:func:`normalize`, and how many control or invisible characters it removed."""
    text = _NEWLINES.sub("\n", text.lstrip("\ufeff")).replace("\u2029", "\n\n")
    text, controls = _CONTROL.subn("", text)
    text, invisible = _INVISIBLE.subn("", text)
    return unicodedata.normalize("NFC", text), controls + invisible
