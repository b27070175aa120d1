"""One rule for the client's address: X-Forwarded-For only behind the configured proxies, read from the right."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from fazhi.audit.models import AuditEntry
from fazhi.core.net import client_address
from fazhi.intake import ratelimit
from tests.org.helpers import PASSWORD, make_tree


def _req(remote="203.0.113.9", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize("proxies, remote, forwarded, expected", [
    (0, "203.0.113.9", "1.2.3.4", "203.0.113.9"),                   # no proxy configured: the header is ignored
    (1, "10.0.0.1", "1.2.3.4, 198.51.100.7", "198.51.100.7"),        # right-most: what our proxy saw, not the forged first
    (2, "10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.1", "198.51.100.7"),
    (1, "10.0.0.1", None, "10.0.0.1"),                              # fewer hops than proxies: the peer itself
    (1, "10.0.0.1", "<script>", None),                              # not an address: never stored or keyed
    (1, "10.0.0.1", "1.2.3.4, 99999999999999999999", None),
    (1, "10.0.0.1", "198.51.100.7:4711", "198.51.100.7"),
    (1, "10.0.0.1", "[2001:DB8::1]:443", "2001:db8::1"),
    (0, "not-an-address", None, None),
])
def test_client_address(settings, proxies, remote, forwarded, expected):
    settings.FAZHI_TRUSTED_PROXIES = proxies
    request = _req(remote, forwarded)
    assert client_address(request) == expected
    assert ratelimit.client_address(request) == (expected or "unknown")  # the portal's limits use the same rule


@pytest.mark.django_db
def test_audit_row_keeps_the_right_address_and_a_bad_header_is_no_500(settings):
    tree = make_tree()
    settings.FAZHI_TRUSTED_PROXIES = 0
    c = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    c.force_login(tree.liaison.user)
    r = c.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": "Qinshui-2027!", "new_password2": "Qinshui-2027!"})
    assert r.status_code == 302
    assert AuditEntry.objects.get(action="user.password_change").ip == "203.0.113.9"  # the forged header is not believed

    settings.FAZHI_TRUSTED_PROXIES = 1
    c = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, ' or 1=1 --")
    c.force_login(tree.county_office.user)
    r = c.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": "Gaoping-2027!", "new_password2": "Gaoping-2027!"})
    assert r.status_code == 302
    assert AuditEntry.objects.filter(action="user.password_change").order_by("-id").first().ip is None


@pytest.mark.django_db
def test_login_lockout_uses_the_same_address(client, settings):
    """Rotating a forged X-Forwarded-For does not escape the lock when no proxy is configured."""
    make_tree()
    settings.FAZHI_TRUSTED_PROXIES = 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "liaison", "password": "Wrong-pass-1"}, HTTP_X_FORWARDED_FOR=f"1.1.1.{n}")
    r = client.post(reverse("login"), {"username": "liaison", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="9.9.9.9")
    assert r.status_code == 429
