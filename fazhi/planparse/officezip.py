"""Office files (.docx, .xlsx) are zip archives: their sizes are checked before any parser
opens them, so that a small file cannot unpack into gigabytes (a "zip bomb").

Python's zipfile never inflates a member past the size its header declares, so the declared
sizes are the bound that matters for openpyxl and python-docx; they are checked against a
total, and each large member against a compression ratio that real documents never reach.
Pure Python: used by the plan importer and by the Excel importers alike.
"""

from __future__ import annotations

import io
import zipfile
from typing import BinaryIO

from . import messages
from .errors import PlanParseError

MAX_TOTAL_BYTES = 100 * 1024 * 1024  # all members unpacked; a long plan or a 10,000-row sheet is a few MB
MAX_RATIO = 100  # XML of real documents compresses 5 to 30 times
RATIO_FLOOR_BYTES = 1024 * 1024  # small members may be as repetitive as they like
MAX_MEMBERS = 10_000


def office_zip_problem(source: bytes | BinaryIO, *, max_total: int = MAX_TOTAL_BYTES, max_ratio: float = MAX_RATIO) -> str | None:
    """The message saying why the file must not be opened, or None. A file that is not a zip
    archive at all passes: the parser that follows reports it in its own words."""
    fileobj = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source
    start = fileobj.tell() if hasattr(fileobj, "tell") else 0
    try:
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None
    finally:
        if hasattr(fileobj, "seek"):
            fileobj.seek(start)
    if len(members) > MAX_MEMBERS:
        return messages.ZIP_TOO_LARGE.format(limit=max_total // (1024 * 1024))
    total = 0
    for member in members:
        total += member.file_size
        if total > max_total:
            return messages.ZIP_TOO_LARGE.format(limit=max_total // (1024 * 1024))
        if member.file_size > RATIO_FLOOR_BYTES and member.file_size > max_ratio * max(member.compress_size, 1):
            return messages.ZIP_RATIO.format(name=member.filename)
    return None


def check_office_zip(source: bytes | BinaryIO, **limits) -> None:
    """Raise PlanParseError with the Chinese message when the archive must not be opened."""
    problem = office_zip_problem(source, **limits)
    if problem:
        raise PlanParseError(problem)
