"""Security baseline: lockout after 5 failures, password rules, 30-minute idle timeout,
TOTP second factor, CSRF on the login form."""

import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhi.audit.models import AuditEntry
from fazhi.core.passwords import PASSWORD_CLASSES_MESSAGE
from fazhi.org.forms import OTP_BAD_CODE
from tests.org.helpers import PASSWORD, make_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(db):
    return make_tree()


def token_for(device: TOTPDevice, offset_steps: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


def test_login_page_is_chinese_and_logs_in(client, tree):
    r = client.get(reverse("login"))
    html = r.content.decode()
    assert "法治卫健" in html and "账号" in html and "密码" in html
    r = client.post(reverse("login"), {"username": "liaison", "password": PASSWORD})
    assert r.status_code == 302 and client.session.get("_auth_user_id") == str(tree.liaison.user.pk)


def test_wrong_password_message(client, tree):
    r = client.post(reverse("login"), {"username": "liaison", "password": "wrong"})
    assert r.status_code == 200 and "账号或密码不正确" in r.content.decode()


def test_five_failures_lock_the_account_even_with_the_right_password(client, tree):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "liaison", "password": "Wrong-pass-1"})
    r = client.post(reverse("login"), {"username": "liaison", "password": PASSWORD})
    html = r.content.decode()
    assert r.status_code == 429
    assert "已被锁定 30 分钟" in html and "30 分钟后再试" in html
    assert "_auth_user_id" not in client.session
    # The lock is on the account at the address the failures came from: from an address that
    # has not failed the account still logs in (tests/security/test_lockout.py has the rest).
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(reverse("login"), {"username": "liaison", "password": PASSWORD}).status_code == 302


def test_weak_password_is_refused_with_the_chinese_message(client, tree):
    client.force_login(tree.liaison.user)
    r = client.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": "abcdefgh", "new_password2": "abcdefgh"})
    assert r.status_code == 200 and str(PASSWORD_CLASSES_MESSAGE) in r.content.decode()
    r = client.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": "Ab1!", "new_password2": "Ab1!"})
    assert r.status_code == 200 and r.context["form"].errors["new_password2"]
    tree.liaison.user.refresh_from_db()
    assert tree.liaison.user.check_password(PASSWORD)


def test_password_change_works_and_is_audited(client, tree):
    client.force_login(tree.liaison.user)
    r = client.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": "Qinshui-2027!", "new_password2": "Qinshui-2027!"})
    assert r.status_code == 302 and r["Location"] == reverse("password_change_done")
    tree.liaison.user.refresh_from_db()
    assert tree.liaison.user.check_password("Qinshui-2027!")
    entry = AuditEntry.objects.get(action="user.password_change")
    assert entry.before is None and entry.after is None  # never the password, not even hashed
    assert "密码已修改" in client.get(reverse("password_change_done")).content.decode()


def test_idle_session_expires_after_30_minutes(client, tree, clock):
    """The clock is moved on: 29 idle minutes keep the session (each request pushes its end
    back, so two such pauses in a row are fine); after 31 idle minutes the next request is
    sent to the login page."""
    import datetime as dt

    assert client.post(reverse("login"), {"username": "liaison", "password": PASSWORD}).status_code == 302
    units = reverse("org:units")
    for _ in range(2):
        clock.shift(dt.timedelta(minutes=29))
        assert client.get(units).status_code == 200
    clock.shift(dt.timedelta(minutes=31))
    response = client.get(units)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_reading_pages_does_not_write_the_session_each_time(client, tree, clock):
    """The idle time starts again through a save of the session at most every 30 seconds, not an
    UPDATE of its row on every request; 29 idle minutes after a request that did not save it,
    the session is still there."""
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.post(reverse("login"), {"username": "liaison", "password": PASSWORD}).status_code == 302
    units = reverse("org:units")
    client.get(units)
    with CaptureQueriesContext(connection) as soon:
        assert client.get(units).status_code == 200
    assert not [q for q in soon.captured_queries if "UPDATE" in q["sql"] and "django_session" in q["sql"]]
    clock.shift(dt.timedelta(seconds=31))
    with CaptureQueriesContext(connection) as later:
        assert client.get(units).status_code == 200
    assert [q for q in later.captured_queries if "UPDATE" in q["sql"] and "django_session" in q["sql"]]
    clock.shift(dt.timedelta(seconds=20))
    client.get(units)  # not saved: the end stays 30 minutes after the request before
    clock.shift(dt.timedelta(minutes=29))
    assert client.get(units).status_code == 200


def test_login_form_requires_csrf(tree):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("login"), {"username": "liaison", "password": PASSWORD}).status_code == 403


def test_totp_enrol_then_login_asks_for_the_code(client, tree, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code makes the next try wait; not what is tested here
    user = tree.liaison.user
    client.force_login(user)
    client.get(reverse("org:totp"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    r = client.post(reverse("org:totp"), {"token": "000000" if token_for(device) != "000000" else "111111"})
    assert OTP_BAD_CODE in r.context["form"].errors["token"]
    r = client.post(reverse("org:totp"), {"token": token_for(device)})
    assert r.status_code == 302
    device.refresh_from_db()
    assert device.confirmed and AuditEntry.objects.filter(action="otp.enrol").exists()

    client.logout()
    r = client.post(reverse("login"), {"username": "liaison", "password": PASSWORD})
    assert r.status_code == 302 and r["Location"] == reverse("org:login_otp")
    assert "_auth_user_id" not in client.session  # the password alone does not log in
    r = client.post(reverse("org:login_otp"), {"token": "12345x"})
    assert r.status_code == 200 and "_auth_user_id" not in client.session
    # The code used to enrol cannot be replayed; the next time step's code is accepted (drift ±1).
    r = client.post(reverse("org:login_otp"), {"token": token_for(device, offset_steps=1)})
    assert r.status_code == 302 and client.session.get("_auth_user_id") == str(user.pk)
    assert client.session.get("otp_device_id") == device.persistent_id


def test_second_step_gives_up_after_five_wrong_codes(client, tree):
    user = tree.liaison.user
    device = TOTPDevice.objects.create(user=user, name="验证器", confirmed=True)
    client.post(reverse("login"), {"username": "liaison", "password": PASSWORD})
    good = token_for(device)
    bad = "000000" if good != "000000" else "111111"
    for _ in range(5):
        client.post(reverse("org:login_otp"), {"token": bad})
    r = client.post(reverse("org:login_otp"), {"token": good})
    assert r.status_code == 302 and r["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_second_step_without_a_password_first_goes_back_to_login(client, tree):
    r = client.get(reverse("org:login_otp"))
    assert r.status_code == 302 and r["Location"] == reverse("login")
