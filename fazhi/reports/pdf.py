"""The PDF beside an issued document's Word file, made by LibreOffice headless.

Each conversion runs in its own temporary directory with its own LibreOffice profile
(-env:UserInstallation), so that two conversions at once (two workers, two hosts sharing a home)
never fight over one profile's lock, and under a timeout, so that a hung office suite cannot
hold a signing transaction. Without LibreOffice, or when it fails, there is no PDF (None): the
document is issued and archived as .docx all the same, and its page says the PDF is missing."""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 120


def soffice() -> str | None:
    return shutil.which(getattr(settings, "SOFFICE_BINARY", "soffice"))


def docx_to_pdf(data: bytes, *, timeout: int = TIMEOUT_SECONDS) -> bytes | None:
    binary = soffice()
    if binary is None:
        return None
    with tempfile.TemporaryDirectory(prefix="fazhi-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "document.docx"
        source.write_bytes(data)
        profile = (folder / "profile").as_uri()
        try:
            subprocess.run([binary, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                            "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                           capture_output=True, timeout=timeout, check=False, cwd=tmp)
        except (OSError, subprocess.SubprocessError):
            log.warning("PDF conversion failed", exc_info=True)
            return None
        target = folder / "document.pdf"
        if not target.exists() or not target.read_bytes().startswith(b"%PDF"):
            log.warning("PDF conversion produced no PDF")
            return None
        return target.read_bytes()
