"""ZIP files whose bytes depend only on their contents: fixed entry dates, order, permissions and compression."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence

# Already-compressed formats are stored; deflating them again only costs time.
STORED_SUFFIXES = (".png", ".jpg", ".jpeg", ".pdf", ".zip")


def _entry(name: str, when: dt.datetime, compress: int) -> zipfile.ZipInfo:
    """A ZIP entry header that does not depend on the clock, the platform or the umask."""
    info = zipfile.ZipInfo(name, date_time=max(when, dt.datetime(1980, 1, 1)).timetuple()[:6])
    info.compress_type = compress
    info.create_system = 3
    info.external_attr = 0o644 << 16
    return info


def zip_bytes(entries: Sequence[tuple[str, bytes]], when: dt.datetime, comment: str = "") -> bytes:
    """Pack (name, bytes) entries in the given order, every entry dated `when`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            compress = zipfile.ZIP_STORED if name.lower().endswith(STORED_SUFFIXES) else zipfile.ZIP_DEFLATED
            archive.writestr(_entry(name, when, compress), data)
        archive.comment = comment.encode("utf-8")
    return buffer.getvalue()


def restamp_zip(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite a ZIP (a .pptx is one) with every entry dated `when`, keeping order and contents."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, blob in entries:
            archive.writestr(_entry(name, when, zipfile.ZIP_DEFLATED), blob)
    return buffer.getvalue()
