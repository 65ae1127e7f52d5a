"""Join the one-page PDFs Chromium prints for each plot into one document, with fixed metadata.

Chromium's PDFs (Skia) are plain: one classic xref table, direct stream lengths, no object streams.
That is all this reader handles; it copies each page with the objects it uses and renumbers them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

_REF = re.compile(rb"(\d+) 0 R\b")
_STREAM = re.compile(rb">>\s*stream\r?\n")
_PARENT = re.compile(rb"/Parent\s+\d+ 0 R")


class PdfFormatError(ValueError):
    """A PDF is not in the simple form this module reads."""


def _objects(pdf: bytes) -> tuple[dict[int, bytes], int]:
    """Return each in-use object's body (between `obj` and `endobj`) by number, and the catalog's number."""
    found = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf)
    root = re.search(rb"trailer\s*<<.*?/Root (\d+) 0 R", pdf, re.S)
    if not found or not root:
        raise PdfFormatError("no trailer with startxref and /Root (not a simple PDF)")
    table = re.match(rb"xref\s+(\d+) (\d+)\s+", pdf[int(found.group(1)):])
    if not table:
        raise PdfFormatError("no classic xref table")
    first, count = int(table.group(1)), int(table.group(2))
    rows = pdf[int(found.group(1)) + table.end():].split(b"\n")[:count]
    offsets = {first + i: int(row[:10]) for i, row in enumerate(rows) if row[17:18] == b"n"}
    bodies = {}
    for number, offset in offsets.items():
        header = re.match(rb"%d 0 obj\s*" % number, pdf[offset:])
        end = pdf.find(b"endobj", offset)
        if not header or end < 0:
            raise PdfFormatError(f"object {number} is not where the xref table says")
        bodies[number] = pdf[offset + header.end():end].rstrip()
    return bodies, int(root.group(1))


def _head(body: bytes) -> bytes:
    """Return the dictionary part of an object (before any stream data), where references live."""
    stream = _STREAM.search(body)
    return body[:stream.start() + 2] if stream else body


def _first_page(bodies: dict[int, bytes], root: int) -> int:
    """Return the number of the first page object of a document."""
    pages = re.search(rb"/Pages (\d+) 0 R", _head(bodies[root]))
    kids = pages and re.search(rb"/Kids\s*\[\s*(\d+) 0 R", _head(bodies[int(pages.group(1))]))
    if not kids:
        raise PdfFormatError("no page in the document")
    return int(kids.group(1))


def _page_closure(bodies: dict[int, bytes], page: int) -> list[int]:
    """Return the page and every object it refers to, directly or not, except its parent."""
    seen, todo = [page], [page]
    while todo:
        number = todo.pop()
        head = _head(bodies[number])
        if number == page:
            head = _PARENT.sub(b"", head)
        for ref in (int(r) for r in _REF.findall(head)):
            if ref in bodies and ref not in seen:
                seen.append(ref)
                todo.append(ref)
    return sorted(seen)


def _text(value: str) -> bytes:
    """Encode a PDF text string as UTF-16 hex, which carries Chinese safely."""
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode() + b">"


def _date(when: dt.datetime) -> bytes:
    """Format a PDF date."""
    return b"(D:" + when.strftime("%Y%m%d%H%M%S").encode() + b"Z)"


def merge_pdfs(documents: Sequence[bytes], title: str, subject: str, when: dt.datetime) -> bytes:
    """Return one PDF with the first page of each document, in order, dated `when`."""
    out: list[bytes] = []  # bodies of new objects 4, 5, ...; 1 catalog, 2 page tree, 3 info
    kids: list[int] = []
    for document in documents:
        bodies, root = _objects(document)
        page = _first_page(bodies, root)
        keep = _page_closure(bodies, page)
        mapping = {old: 4 + len(out) + i for i, old in enumerate(keep)}

        def renumber(match: re.Match[bytes], mapping: dict[int, int] = mapping) -> bytes:
            return b"%d 0 R" % mapping.get(int(match.group(1)), 0)

        for old in keep:
            body = bodies[old]
            head, tail = _head(body), body[len(_head(body)):]
            if old == page:
                head = _PARENT.sub(b"/Parent 2 0 R", head)
            out.append(_REF.sub(renumber, head) + tail)
        kids.append(mapping[page])
    objects = [
        b"<</Type /Catalog /Pages 2 0 R>>",
        b"<</Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d>>" % len(kids),
        b"<</Title " + _text(title) + b" /Subject " + _text(subject) + b" /Producer (shezhi-dashboard)"
        + b" /CreationDate " + _date(when) + b" /ModDate " + _date(when) + b">>",
        *out,
    ]
    return _write(objects)


def _write(objects: list[bytes]) -> bytes:
    """Serialise numbered objects (1..n) with a fresh xref table and trailer."""
    data = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    data += b"trailer\n<</Size %d /Root 1 0 R /Info 3 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(data)
