"""The person who looks a case up reads what they sent (text and files), never the reporter
fields; the receipt is a printable card whose QR code holds the case number only; the query
password is accepted pasted with or without its group separators."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.demo.files import png_bytes
from fazhi.intake import services
from fazhi.intake.portal_views import RECEIPT_KEY, lookup_url
from fazhi.intake.tracking import normalize_password

from .conftest import KNOWN_NAME, KNOWN_PHONE

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(tree):
    photo = SimpleUploadedFile("现场照片.png", png_bytes(7), content_type="image/png")
    sub, password = services.submission_submit(kind="complaint", text="挂号窗口排队两小时无人处理。", title="窗口服务",
                                               unit=tree.hospital, name=KNOWN_NAME, phone=KNOWN_PHONE, anonymous=False,
                                               files=[photo], ip="127.0.0.1")
    return sub, password


def _open(client, sub, password):
    r = client.post(reverse("portal:lookup"), {"case_number": sub.case_number, "password": password})
    assert r.status_code == 302, r.content.decode()[:500]
    return client.get(r["Location"])


def test_the_citizen_reads_their_own_text_and_files_never_the_reporter_fields(client, tree, case):
    sub, password = case
    page = _open(client, sub, password)
    html = page.content.decode()
    assert "挂号窗口排队两小时无人处理。" in html and "窗口服务" in html
    assert sub.attachments.get().name in html  # the file under the name the portal stored it
    assert KNOWN_NAME not in html and KNOWN_PHONE not in html
    href = re.search(r'href="([^"]*/files/\d+/)"', html).group(1)
    got = client.get(href)
    assert got.status_code == 200 and b"".join(got.streaming_content) == png_bytes(7)
    # another browser, without the password, gets nothing
    assert type(client)().get(href).status_code == 404


@pytest.mark.parametrize("shape", [
    lambda p: p,                                   # as shown: groups joined by "-"
    lambda p: p.replace("-", ""),                  # without separators
    lambda p: p.replace("-", " ").lower(),         # spaces, lower case
    lambda p: p.replace("-", "‑"),                 # a non-breaking hyphen a phone pastes
    lambda p: p.replace("-", "—"),                 # an em dash from a word processor
    lambda p: "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else "　" for c in p),  # full-width, ideographic spaces
    lambda p: f"  {p}\n",                          # pasted with surrounding blanks
])
def test_password_accepted_pasted_with_or_without_separators(client, tree, case, shape):
    sub, password = case
    assert _open(client, sub, shape(password)).status_code == 200
    assert normalize_password(shape(password)) == password.replace("-", "")


def test_receipt_is_a_printable_card_with_a_qr_of_the_case_number_only(client, tree, case, rf):
    sub, password = case
    session = client.session
    session[RECEIPT_KEY] = {"case_number": sub.case_number, "password": password}
    session.save()
    html = client.get(reverse("portal:receipt")).content.decode()
    assert 'id="receipt-card"' in html and "<svg" in html and "打印回执" in html
    # It prints through core/behaviour.js's data-print, loaded by every portal page.
    assert re.search(r'<button[^>]*id="receipt-print"[^>]*data-print', html) and "core/behaviour.js" in html
    assert "receipt.js" not in html
    # the password is printed on the card, but is part of no address on the page
    for address in re.findall(r'(?:href|src|action)="([^"]*)"', html):
        assert password not in address and password.replace("-", "") not in address
    url = lookup_url(rf.get("/"), sub.case_number)
    assert url.endswith(f"/portal/lookup/?case={sub.case_number}") and password not in url
    # the QR opens the look-up page with the number filled in
    prefilled = client.get(reverse("portal:lookup"), {"case": sub.case_number}).content.decode()
    assert f'value="{sub.case_number}"' in prefilled
