"""Personal data absent from every public page: the demo's parties (people's names and id
numbers, organisations' credit codes) are collected, then every portal page — ours and the
intake portal's, every page of every list, with searches for the names themselves — is
fetched without an account, and none of them appears. The masked form (张**) does."""

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse

from fazhi.enforcement.models import EnforcementCase, Inspector

pytestmark = pytest.mark.django_db


def portal_urls() -> list[str]:
    out = []
    for prefix, module in (("lawportal", "fazhi.enforcement.portal_urls"), ("portal", "fazhi.intake.portal_urls")):
        for p in get_resolver(module).url_patterns:
            if isinstance(p, URLPattern) and p.name and not getattr(p.pattern, "converters", {}):
                out.append(reverse(f"{prefix}:{p.name}"))
    return out


def test_no_personal_data_on_any_public_page(demo):
    people = EnforcementCase.objects.filter(party_kind="person", disclosed_on__isnull=False)
    assert people.exists()
    secrets = set()
    for c in EnforcementCase.objects.all():
        if c.party_kind == "person":
            secrets.add(c.party_name)
        if c.party_id_number:
            secrets.add(c.party_id_number)
    secrets |= set(Inspector.objects.values_list("name", flat=True))
    client = Client()
    urls = portal_urls()
    assert reverse("lawportal:decisions") in urls and reverse("lawportal:documents") in urls
    fetched, masked_seen = 0, False
    for url in urls:
        queries = [("", "")] + [(f"?page={n}", "") for n in range(2, 12)] + [(f"?q={s}", s) for s in sorted(secrets)[:5]]
        for q, typed in queries:
            r = client.get(url + q)
            if r.status_code != 200:
                continue
            # What the visitor typed is echoed in the search box; the rest of the page must not know it.
            body = r.content.decode().replace(f'value="{typed}"', "") if typed else r.content.decode()
            fetched += 1
            for secret in secrets:
                assert secret not in body, f"{secret} on {url}{q}"
            masked_seen = masked_seen or "**" in body
    assert fetched > 20 and masked_seen
