"""Checks on every uploaded file: size, type sniffed from the content, SHA-256.

The type is read from the bytes, never from the file name, so that a renamed executable
cannot pass as a PDF.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Sniffed MIME type -> what the user is told is allowed.
ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPG",
    "image/png": "PNG",
    "image/gif": "GIF",
    "image/webp": "WEBP",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PPTX",
    "application/msword": "DOC",
    "application/vnd.ms-excel": "XLS",
    "application/zip": "ZIP",
    "application/x-ole-storage": "DOC/XLS",
}

FILE_EMPTY = _("文件为空。")
FILE_TOO_LARGE = _("文件“{name}”大小为 {size_mb:.1f} MB，超过上限 {limit_mb} MB。")
FILE_TYPE_REFUSED = _("文件“{name}”的类型不在允许范围内（允许：{allowed}）。系统按文件内容识别类型，而不是按扩展名。")


@dataclass(frozen=True)
class CheckedFile:
    """What is recorded of an accepted upload."""

    name: str
    size: int
    sha256: str
    mime: str


def _sniff(head: bytes) -> str | None:
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2 container: old Word and Excel files
        return "application/x-ole-storage"
    return None


def check_upload(upload) -> CheckedFile:
    """Validate an UploadedFile (or any file object with name/size/chunks) and describe it."""
    name = getattr(upload, "name", "") or ""
    size = getattr(upload, "size", None)
    limit = settings.FAZHI_UPLOAD_MAX_BYTES
    if size is not None and size > limit:
        raise ValidationError(
            str(FILE_TOO_LARGE).format(name=name, size_mb=size / 1048576, limit_mb=limit // 1048576), code="too_large"
        )
    digest, total, head = hashlib.sha256(), 0, b""
    upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b""):
        if len(head) < 8192:
            head += chunk[: 8192 - len(head)]
        digest.update(chunk)
        total += len(chunk)
        if total > limit:
            raise ValidationError(
                str(FILE_TOO_LARGE).format(name=name, size_mb=total / 1048576, limit_mb=limit // 1048576), code="too_large"
            )
    upload.seek(0)
    if total == 0:
        raise ValidationError(FILE_EMPTY, code="empty")
    mime = _sniff(head)
    if mime not in ALLOWED_TYPES:
        allowed = "、".join(sorted(set(ALLOWED_TYPES.values())))
        raise ValidationError(str(FILE_TYPE_REFUSED).format(name=name, allowed=allowed), code="type")
    return CheckedFile(name=name, size=total, sha256=digest.hexdigest(), mime=mime)
