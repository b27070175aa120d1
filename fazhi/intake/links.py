"""The portal's public addresses, built in one place: what a QR code, a receipt or a printed
form sends a person to. Absolute, from the address the request came in on (ALLOWED_HOSTS
decides which hosts are accepted), so that a code printed from the office's pages opens the
same portal the office reaches."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse


def portal_url(request, name: str, *args, **query) -> str:
    url = request.build_absolute_uri(reverse(name, args=args))
    query = {k: v for k, v in query.items() if v not in (None, "")}
    return url + ("?" + urlencode(query) if query else "")


def lookup_url(request, case_number: str) -> str:
    """The look-up page with the case number filled in: what the receipt's QR code holds.
    Never the password: a URL ends up in histories and server logs."""
    return portal_url(request, "portal:lookup", case=case_number)


def unit_submit_url(request, unit) -> str:
    """The submission form with the unit already chosen: what a unit's 征询意见表 QR code holds."""
    return portal_url(request, "portal:submit", unit=unit.pk)


def survey_url(request, questionnaire, unit=None) -> str:
    return portal_url(request, "portal:survey", questionnaire.pk, unit=unit.pk if unit else None)


def qr_svg(url: str, box_size: int = 6) -> str:
    """An inline SVG QR code, drawn on the server (no outside service)."""
    import qrcode
    import qrcode.image.svg

    return qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=box_size).to_string(encoding="unicode")
