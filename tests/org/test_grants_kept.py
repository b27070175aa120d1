"""A person's grants are kept between requests (fazhi.org.scoping.grants_of) and never outlive a
change of the org app's rows: a grant revoked or given, a unit moved, take effect on the next
request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.org import services
from fazhi.org.choices import Role
from fazhi.org.models import Grant

pytestmark = pytest.mark.django_db


def _grant_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries if 'FROM "org_grant"' in q["sql"]]


def test_the_second_request_reads_no_grant(client, tree):
    client.force_login(tree.county_office.user)
    first, read = _grant_queries(client, reverse("org:units"))
    assert first.status_code == 200 and len(read) == 1
    second, read = _grant_queries(client, reverse("org:units"))
    assert second.status_code == 200 and read == []
    assert [row["unit"].name for row in second.context["rows"]] == ["泽州县卫生计生局", "泽州县人民医院"]


def test_a_revoked_grant_ends_on_the_next_request(client, tree):
    client.force_login(tree.county_office.user)
    url = reverse("org:unit_edit", args=[tree.hospital.pk])
    assert client.get(url).status_code == 200
    grant = Grant.objects.get(person=tree.county_office, role=Role.OFFICE)
    services.grant_revoke(actor=tree.city_office.user, grant=grant)
    assert client.get(url).status_code == 404  # out of scope: hidden


def test_a_new_grant_counts_on_the_next_request(client, tree):
    client.force_login(tree.county_office.user)
    url = reverse("org:unit_edit", args=[tree.gaoping.pk])
    assert client.get(url).status_code == 404  # out of scope: hidden
    services.grant_create(actor=tree.city_office.user, person=tree.county_office, role=Role.OFFICE, unit=tree.gaoping)
    assert client.get(url).status_code == 200


def test_a_moved_unit_is_seen_where_it_now_lies(client, tree):
    """The grants hold their units' paths: after the county moves under 高平, its office's list
    is read with the new paths (its hospital is still there; under the old paths it would not be)."""
    client.force_login(tree.county_office.user)
    assert client.get(reverse("org:units")).status_code == 200
    services.unit_move(actor=tree.city_office.user, unit=tree.zezhou, parent=tree.gaoping)
    rows = client.get(reverse("org:units")).context["rows"]
    assert [row["unit"].name for row in rows] == ["泽州县卫生计生局", "泽州县人民医院"]
