"""Login lock-out by user name at an address, and by address across user names."""

import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.org.helpers import PASSWORD, make_tree

pytestmark = pytest.mark.django_db
STRANGER, OFFICE_PC = "198.51.100.66", "10.20.30.40"


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_five_anonymous_failures_do_not_lock_the_office_out_from_everywhere(settings):
    tree = make_tree()
    stranger = Client(REMOTE_ADDR=STRANGER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(stranger, "city_office", "Wrong-pass-1")
    # The stranger's address is locked for that account, even with the right password ...
    assert _login(stranger, "city_office", PASSWORD).status_code == 429
    # ... while the office logs in from its own machine.
    office = Client(REMOTE_ADDR=OFFICE_PC)
    r = _login(office, "city_office", PASSWORD)
    assert r.status_code == 302 and office.session.get("_auth_user_id") == str(tree.city_office.user.pk)


def test_a_locked_account_with_a_second_factor_still_needs_it_from_a_clean_address(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    tree = make_tree()
    user = tree.liaison.user
    device = TOTPDevice.objects.create(user=user, name="手机", confirmed=True)
    stranger = Client(REMOTE_ADDR=STRANGER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(stranger, "liaison", "Wrong-pass-1")
    assert _login(stranger, "liaison", PASSWORD).status_code == 429
    office = Client(REMOTE_ADDR=OFFICE_PC)
    r = _login(office, "liaison", PASSWORD)
    assert r.status_code == 302 and r["Location"] == reverse("org:login_otp")
    assert "_auth_user_id" not in office.session  # the password alone does not log in
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    r = office.post(reverse("org:login_otp"), {"token": f"{totp.token():0{device.digits}d}"})
    assert r.status_code == 302 and office.session.get("_auth_user_id") == str(user.pk)


def test_failures_per_address_are_limited_across_user_names(settings):
    make_tree()
    settings.FAZHI_LOGIN_ADDRESS_LIMIT = 8
    stranger = Client(REMOTE_ADDR=STRANGER)
    # Four user names, two failures each: no pair reaches five, the address reaches eight.
    answers = [_login(stranger, name, "Wrong-pass-1").status_code for name in ["a1", "a2", "a3", "a4"] for _ in range(2)]
    assert answers == [200] * 7 + [429]  # the eighth failure locks the address
    # Locked at that address whatever the account, the right password included.
    assert _login(stranger, "county_office", PASSWORD).status_code == 429
    assert "_auth_user_id" not in stranger.session
    # Another address is not affected.
    assert _login(Client(REMOTE_ADDR=OFFICE_PC), "county_office", PASSWORD).status_code == 302

