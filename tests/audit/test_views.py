import datetime as dt

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fazhi.audit.admin import AuditEntryAdmin
from fazhi.audit.models import AuditEntry
from fazhi.audit.selectors import action_label, diff
from fazhi.org.audit_views import NOT_OFFICE
from fazhi.org import services
from fazhi.org.choices import UnitKind
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def entries(response):
    return [row["entry"] for row in response.context["rows"]]


def test_only_the_office_may_read_the_log(client, tree):
    assert client.get(reverse("audit:list")).status_code == 302
    client.force_login(tree.liaison.user)
    r = client.get(reverse("audit:list"))
    assert r.status_code == 403 and str(NOT_OFFICE) in r.content.decode()
    client.force_login(tree.county_office.user)
    assert client.get(reverse("audit:list")).status_code == 200


def test_log_is_scoped_to_the_office_subtree_and_filtered(client, tree):
    city = tree.city_office.user
    services.unit_create(actor=city, name="泽州县中医院", kind=UnitKind.INSTITUTION, parent=tree.zezhou)
    gp = services.unit_create(actor=city, name="高平市人民医院", kind=UnitKind.INSTITUTION, parent=tree.gaoping)
    services.unit_update(actor=city, unit=gp, short_name="高平医院")

    client.force_login(tree.county_office.user)
    assert [e.object_repr for e in entries(client.get(reverse("audit:list")))] == ["泽州县中医院"]

    client.force_login(city)
    assert len(entries(client.get(reverse("audit:list")))) == 3
    assert [e.action for e in entries(client.get(reverse("audit:list"), {"unit": tree.gaoping.pk}))] == ["unit.update", "unit.create"]
    assert [e.action for e in entries(client.get(reverse("audit:list"), {"action": "unit.update"}))] == ["unit.update"]
    assert len(entries(client.get(reverse("audit:list"), {"object_type": "org.unit", "actor": "city_office"}))) == 3
    assert entries(client.get(reverse("audit:list"), {"object_type": "org.person"})) == []
    today = timezone.localdate()
    assert len(entries(client.get(reverse("audit:list"), {"date_from": today, "date_to": today}))) == 3
    assert entries(client.get(reverse("audit:list"), {"date_to": today - dt.timedelta(days=1)})) == []
    r = client.get(reverse("audit:list"), {"date_from": today, "date_to": today - dt.timedelta(days=1)})
    assert "起始日期不能晚于截止日期。" in r.content.decode()


def test_update_is_shown_as_a_diff_with_changed_fields_highlighted(client, tree):
    city = tree.city_office.user
    services.unit_update(actor=city, unit=tree.hospital, short_name="泽州医院")
    entry = AuditEntry.objects.get(action="unit.update")
    changes = {c.label: c for c in diff(entry)}
    assert changes["简称"].changed and changes["简称"].before == "—" and changes["简称"].after == "泽州医院"
    assert not changes["单位名称"].changed
    assert action_label("unit.update") == "修改单位"
    client.force_login(city)
    html = client.get(reverse("audit:list")).content.decode()
    assert '<tr class="changed"><th class="text-nowrap text-muted fw-normal">简称</th>' in html
    assert "修改单位" in html


def test_audit_page_costs_a_fixed_number_of_queries(client, tree):
    city = tree.city_office.user
    client.force_login(city)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("audit:list")).status_code == 200
        return len(ctx)

    services.unit_create(actor=city, name="院0", kind=UnitKind.INSTITUTION, parent=tree.zezhou)
    few = count()
    for i in range(1, 40):
        services.unit_create(actor=city, name=f"院{i}", kind=UnitKind.INSTITUTION, parent=tree.gaoping if i % 2 else tree.zezhou)
    assert count() == few


def test_admin_is_read_only(tree):
    entry = AuditEntry.objects.create(action="x.create", object_type="org.unit")
    admin = AuditEntryAdmin(AuditEntry, site)
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request, entry)
    assert not admin.has_delete_permission(request, entry)
    assert "action" in admin.get_readonly_fields(request, entry)


def test_admin_pages_refuse_changes(client, tree):
    entry = AuditEntry.objects.create(action="x.create", object_type="org.unit")
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    client.post(reverse("admin:audit_auditentry_change", args=[entry.pk]), {"action": "changed"})
    assert AuditEntry.objects.get(pk=entry.pk).action == "x.create"


def test_existing_row_cannot_be_saved_or_deleted(tree):
    entry = AuditEntry.objects.create(action="x.create")
    entry.action = "y"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
