"""Document numbers (发文字号) from the issuer's sequence: 晋卫政法发〔2027〕N号, no gaps, no
duplicates. The sequence row is locked for the rest of the signing transaction, so a second
signature of the same issuer, prefix and year waits for the first to commit or roll back."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from .models import DocumentSequence


def next_number(*, issuer, prefix: str, year: int) -> str:
    """Take the next number; call inside the transaction that stores it (it is given back on rollback)."""
    try:
        with transaction.atomic():  # a savepoint: the first number of a year creates the row
            DocumentSequence.objects.get_or_create(issuer=issuer, prefix=prefix, year=year)
    except IntegrityError:
        pass  # created at the same moment by another signature: it exists now
    seq = DocumentSequence.objects.select_for_update().get(issuer=issuer, prefix=prefix, year=year)
    seq.last_number += 1
    seq.save(update_fields=["last_number"])
    return f"{prefix}〔{year}〕{seq.last_number}号"
