"""Small but real evidence files for the demo, made in code: a PNG picture and a one-page PDF.

Every file differs (the serial number is drawn into it), because evidence is stored under
its SHA-256 and identical bytes would be one file.
"""

from __future__ import annotations

import struct
import zlib

# A 5×7 dot font for the digits drawn into the picture.
_DIGITS = {
    "0": ["01110", "10001", "10011", "10101", "11001", "10001", "01110"],
    "1": ["00100", "01100", "00100", "00100", "00100", "00100", "01110"],
    "2": ["01110", "10001", "00001", "00010", "00100", "01000", "11111"],
    "3": ["11110", "00001", "00001", "01110", "00001", "00001", "11110"],
    "4": ["00010", "00110", "01010", "10010", "11111", "00010", "00010"],
    "5": ["11111", "10000", "11110", "00001", "00001", "10001", "01110"],
    "6": ["00110", "01000", "10000", "11110", "10001", "10001", "01110"],
    "7": ["11111", "00001", "00010", "00100", "01000", "01000", "01000"],
    "8": ["01110", "10001", "10001", "01110", "10001", "10001", "01110"],
    "9": ["01110", "10001", "10001", "01111", "00001", "00010", "01100"],
}


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bytes(serial: int, width: int = 160, height: int = 90) -> bytes:
    """A red-banner "document photo" with the serial number in dots: a valid 8-bit RGB PNG."""
    red, paper, ink = b"\xc8\x1e\x23", b"\xfa\xfa\xf5", b"\x28\x28\x28"
    text, scale, left, top = str(serial), 3, 12, 40
    band = b"\x00" + red * width  # filter byte "none", then the red header band of an official document
    rule = b"\x00" + paper * 12 + red * (width - 24) + paper * 12
    blank = b"\x00" + paper * width
    rows = []
    for y in range(height):
        if y < 18:
            rows.append(band)
        elif 26 <= y <= 28:
            rows.append(rule)
        elif top <= y < top + 7 * scale:
            dots = "".join(_DIGITS[c][(y - top) // scale] + "0" for c in text)
            row = bytearray(blank)
            for i, dot in enumerate(dots):
                if dot == "1":
                    x = left + i * scale
                    row[1 + 3 * x: 1 + 3 * (x + scale)] = ink * scale
            rows.append(bytes(row[: 1 + 3 * width]))
        else:
            rows.append(blank)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
            + _chunk(b"IEND", b""))


def pdf_bytes(serial: int, title: str = "Fazhi evidence") -> bytes:
    """A one-page A4 PDF with a line of Latin text (the base fonts carry no Chinese)."""
    line = f"{title} No. {serial}".replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 18 Tf 72 760 Td ({line}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
