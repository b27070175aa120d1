"""Content-Security-Policy without inline script, and a Permissions-Policy, on every response."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("fazhi.urls")]


def _script_src(csp: str) -> str:
    return next(d for d in csp.split(";") if d.strip().startswith("script-src"))


@pytest.mark.parametrize("path", ["/accounts/login/", "/portal/", "/api/docs/", "/no-such-page/", "/static/core/behaviour.js"])
def test_every_response_carries_the_policies(client, world, path):
    client.force_login(world.office)
    r = client.get(path)
    csp = r["Content-Security-Policy"]
    assert "'unsafe-inline'" not in _script_src(csp) and "'unsafe-eval'" not in csp
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "camera=()" in r["Permissions-Policy"] and "geolocation=()" in r["Permissions-Policy"]


def test_pages_have_no_inline_script(client, world):
    client.force_login(world.office)
    for path in ["/", reverse("org:units"), reverse("assessment:rubrics"), "/portal/", "/api/docs/", reverse("core:holidays")]:
        html = client.get(path, follow=True).content.decode()
        assert not INLINE_SCRIPT.search(html), path
        assert not INLINE_HANDLER.search(re.sub(r"<script[^>]*>.*?</script>", "", html, flags=re.S)), path


def test_no_template_uses_an_inline_handler():
    found = [str(p.relative_to(ROOT)) for p in (ROOT / "fazhi").rglob("*.html")
             if INLINE_HANDLER.search(p.read_text(encoding="utf-8")) or INLINE_SCRIPT.search(p.read_text(encoding="utf-8"))]
    assert found == []
