import io

import pytest
from django.conf import settings
from django.urls import reverse

from fazhi.demo.files import png_bytes
from fazhi.intake import messages as m, proof, ratelimit
from fazhi.intake.models import Attachment, RateHit, Submission

from .conftest import KNOWN_NAME, KNOWN_PHONE

pytestmark = pytest.mark.django_db


def post_submit(client, tree, answer=None, meta=None, **extra):
    """GET the form (it carries a fresh challenge), solve it as the page's script does, POST."""
    meta = meta or {}
    challenge = client.get(reverse("portal:submit"), **meta).context["form"]["proof_challenge"].value()
    difficulty = settings.FAZHI_PORTAL_PROOF_BITS
    data = {"kind": "complaint", "unit": tree.hospital.pk, "title": "窗口服务", "text": "挂号窗口排队两小时无人处理。",
            "name": KNOWN_NAME, "phone": KNOWN_PHONE, "consent": "on", "proof_challenge": challenge,
            "proof_answer": proof.solve(challenge, difficulty) if answer is None else answer}
    data.update(extra)
    return client.post(reverse("portal:submit"), data, **meta)


def test_pages_render_for_anonymous_visitor(client, tree):
    for name in ("portal:index", "portal:submit", "portal:lookup", "portal:channels"):
        r = client.get(reverse(name))
        assert r.status_code == 200, name


def test_submit_with_photo_then_lookup(client, tree, easy_proof):
    photo = io.BytesIO(png_bytes(7))
    photo.name = "现场照片.png"
    r = post_submit(client, tree, files=[photo])
    assert r.status_code == 302 and r["Location"] == reverse("portal:receipt")
    receipt = client.get(r["Location"])
    number, password = receipt.context["receipt"]["case_number"], receipt.context["receipt"]["password"]
    assert Attachment.objects.get().mime == "image/png"
    assert client.get(reverse("portal:receipt")).context["receipt"] is None  # shown once
    other = type(client)()
    r = other.post(reverse("portal:lookup"), {"case_number": number, "password": password})
    assert r.status_code == 302
    page = other.get(r["Location"])
    assert page.status_code == 200 and number in page.content.decode()
    assert KNOWN_NAME not in page.content.decode()


def test_wrong_proof_refused_nothing_written(client, tree, easy_proof, settings):
    settings.FAZHI_PORTAL_PROOF_BITS = 20  # "7" is then a wrong answer but for one chance in a million
    r = post_submit(client, tree, answer="7")
    assert r.status_code == 200 and str(m.PROOF_WRONG) in r.content.decode()
    r = client.post(reverse("portal:submit"), {"kind": "complaint", "text": "没有校验的提交。", "consent": "on",
                                               "proof_challenge": "forged", "proof_answer": "1"})
    assert str(m.PROOF_EXPIRED) in r.content.decode()
    assert not Submission.objects.exists()


def test_refused_file_type_writes_nothing(client, tree, easy_proof):
    exe = io.BytesIO(b"MZ\x90\x00" + b"\x00" * 200)
    exe.name = "照片.png"
    r = post_submit(client, tree, files=[exe])
    assert r.status_code == 200 and "类型不在允许范围内" in r.content.decode()
    assert not Submission.objects.exists()


def test_wrong_number_or_password_same_answer(client, tree, easy_proof):
    post_submit(client, tree)
    receipt = client.get(reverse("portal:receipt")).context["receipt"]
    fresh = type(client)()
    a = fresh.post(reverse("portal:lookup"), {"case_number": receipt["case_number"], "password": "ABCD-EFGH-JKMN"})
    b = fresh.post(reverse("portal:lookup"), {"case_number": "20990101-123456", "password": receipt["password"]})
    assert a.status_code == b.status_code == 200
    assert str(m.LOOKUP_FAILED) in a.content.decode() and str(m.LOOKUP_FAILED) in b.content.decode()
    # Opening a case page without having given its password: the same refusal, not "not found".
    r = fresh.get(reverse("portal:case", args=[receipt["case_number"]]))
    assert r.status_code == 404


def test_submissions_rate_limited_per_address(client, tree, easy_proof):
    for _ in range(5):
        assert post_submit(client, tree).status_code == 302
    r = post_submit(client, tree)
    assert r.status_code == 429
    assert str(m.RATE_LIMITED).format(minutes=10) in r.content.decode()
    assert Submission.objects.count() == 5
    # Another address is not held back; the counter is in the database, keyed by a hash.
    assert post_submit(client, tree, meta={"REMOTE_ADDR": "198.51.100.7"}).status_code == 302
    assert not RateHit.objects.filter(key__contains="127.0.0.1").exists()


def test_rate_limit_window_expires(client, tree, easy_proof):
    import datetime as dt

    from django.utils import timezone

    for _ in range(5):
        post_submit(client, tree)
    RateHit.objects.filter(scope="submit").update(at=timezone.now() - dt.timedelta(minutes=11))
    assert post_submit(client, tree).status_code == 302


def test_lookups_rate_limited(client, tree):
    for _ in range(ratelimit.LOOKUP.limit):
        assert client.post(reverse("portal:lookup"), {"case_number": "20250101-000001", "password": "X"}).status_code == 200
    r = client.post(reverse("portal:lookup"), {"case_number": "20250101-000001", "password": "X"})
    assert r.status_code == 429 and "查询过于频繁" in r.content.decode()


def test_rating_after_reply(client, tree, easy_proof):
    from fazhi.intake import services

    post_submit(client, tree)
    receipt = client.get(reverse("portal:receipt")).context["receipt"]
    sub = Submission.objects.get()
    services.submission_route(actor=tree.intake, submission=sub, unit=tree.hospital)
    reply = services.reply_draft(actor=tree.liaison, submission=sub, text="已整改。")
    services.reply_approve(actor=tree.office, reply=reply)
    page = client.get(reverse("portal:case", args=[receipt["case_number"]]))
    assert "已整改。" in page.content.decode()
    client.post(reverse("portal:rate", args=[receipt["case_number"]]), {"rating": 3})
    sub.refresh_from_db()
    assert sub.rating == 3


def test_csrf_enforced(tree):
    from django.test import Client

    r = Client(enforce_csrf_checks=True).post(reverse("portal:lookup"), {"case_number": "1", "password": "2"})
    assert r.status_code == 403
