"""404, 403, 500 and a refused CSRF token answer in the product's layout and language,
with a way back to the work."""

import pytest
from django.test import Client

from tests.org.helpers import make_tree

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.error_urls")]


def _page(response) -> str:
    html = response.content.decode()
    assert "navbar-brand" in html and 'href="/"' in html  # the frame and the way back to the work
    assert "bootstrap.min.css" in html
    return html


def test_not_found_in_chinese_and_in_english(client, settings):
    tree = make_tree()
    client.force_login(tree.liaison.user)
    r = client.get("/no-such-page/")
    assert r.status_code == 404
    html = _page(r)
    assert "页面不存在" in html and "Not Found" not in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = _page(client.get("/no-such-page/"))
    assert "Page not found" in html and "页面不存在" not in html


def test_forbidden_and_server_error_pages(client):
    tree = make_tree()
    client.force_login(tree.liaison.user)
    r = client.get("/forbidden/")
    assert r.status_code == 403 and "无权访问此页面" in _page(r) and "403 Forbidden" not in r.content.decode()
    anonymous = Client(raise_request_exception=False)
    r = anonymous.get("/broken/")
    assert r.status_code == 500
    html = _page(r)
    assert "系统出错" in html and "Server Error" not in html


def test_csrf_failure_page():
    tree = make_tree()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(tree.city_office.user)
    r = strict.post("/ledger/import/", {})
    assert r.status_code == 403
    html = _page(r)
    assert "页面已过期，请重新提交" in html and "CSRF verification failed" not in html
