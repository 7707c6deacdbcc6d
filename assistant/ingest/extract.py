"""Article text out of the files people have: plain text, saved web pages, Word documents, PDFs.

The kind of a file is told by its content, not its name (a PDF renamed ``.txt`` is still a PDF).
Web pages go through trafilatura, which keeps the article and drops navigation, ads and footers;
Word documents through python-docx (paragraphs and table cells, in order); PDFs through pypdf
(a PDF without a text layer, a scan, is refused: there is nothing to quote). What comes out is
cleaned by the ingest pipeline like any other article.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from ..errors import IngestError
from .read import decode_bytes

KINDS = ("text", "html", "docx", "pdf")
SUFFIXES = {".txt": "text", ".md": "text", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}
MAX_BYTES = 20 * 2**20  # per file
MIN_CHARS = 20  # less extracted text than this is no article
_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]|<(p|div|article|meta|title)[\s>]", re.I)


@dataclass(frozen=True)
class Extracted:
    """An article's text (its title as the first line when the file names one) and the file's kind."""

    text: str
    kind: str
    encoding: str = "utf-8"


def sniff(data: bytes) -> str:
    """The kind of a file from its first bytes: ``pdf``, ``docx``, ``html`` or ``text``; raises
    :class:`IngestError` for other binary formats."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            raise IngestError("a damaged ZIP or Word file") from None
        if "word/document.xml" in names:
            return "docx"
        raise IngestError("a ZIP archive, not a Word (.docx) document; unpack it and add the articles")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise IngestError("an old Word (.doc) or Office file; save it as .docx or PDF")
    if _HTML.search(data[:8192]):
        return "html"
    return "text"


def extract(data: bytes, name: str = "") -> Extracted:
    """The article text of a file's bytes. Raises :class:`IngestError` saying what is wrong (too large,
    empty, binary, a scan without text, no article found)."""
    label = name or "the file"
    if len(data) > MAX_BYTES:
        raise IngestError(f"{label} is {len(data) / 2**20:.1f} MB; articles are at most {MAX_BYTES // 2**20} MB")
    if not data.strip():
        raise IngestError(f"{label} is empty")
    try:
        kind = sniff(data)
        if kind == "pdf":
            text, encoding = _pdf(data), "pdf"
        elif kind == "docx":
            text, encoding = _docx(data), "docx"
        else:
            text, encoding = decode_bytes(data)
            if kind == "html":
                text = _html(text)
    except IngestError as exc:
        raise IngestError(f"cannot add {label}: {exc}") from None
    except ValueError as exc:  # decode_bytes: binary or implausible text
        raise IngestError(f"cannot add {label}: {exc}") from None
    text = "\n".join(line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip())
    if len(text) < MIN_CHARS:
        raise IngestError(f"cannot add {label}: no article text found in it ({len(text)} characters)")
    return Extracted(text, kind, encoding)


def _html(page: str) -> str:
    import trafilatura

    body = trafilatura.extract(page, include_comments=False, include_tables=True, favor_precision=True)
    if not body:
        raise IngestError("no article found in this web page (only navigation or scripts)")
    metadata = trafilatura.extract_metadata(page)
    title = (metadata.title or "").strip() if metadata is not None else ""
    if title and not body.startswith(title):
        body = title + "\n" + body
    return str(body)


def _docx(data: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for damaged packages
        raise IngestError(f"a damaged Word document ({type(exc).__name__})") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" ".join(dict.fromkeys(cell.text.strip() for cell in row.cells if cell.text.strip())))
    return "\n".join(lines)


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise IngestError("an encrypted PDF; save an unprotected copy")
        pages = [page.extract_text() or "" for page in reader.pages]
    except PdfReadError as exc:
        raise IngestError(f"a damaged PDF ({exc})") from None
    text = "\n".join(pages)
    if sum(ch.isalnum() for ch in text) < MIN_CHARS:
        raise IngestError("a PDF without a text layer (a scan?); only PDFs with selectable text can be quoted")
    return text
