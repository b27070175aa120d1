import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fazhi.audit.models import AuditEntry
from fazhi.core.excel import XLSX_MIME, workbook_bytes
from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import Grant, Person, Unit
from fazhi.org.views import NO_OFFICE_GRANT

pytestmark = pytest.mark.django_db


def login(client, person):
    client.force_login(person.user)
    return client


def test_anonymous_is_sent_to_login(client):
    for name in ("org:units", "org:people", "org:unit_create", "org:units_import"):
        r = client.get(reverse(name))
        assert r.status_code == 302 and r["Location"].startswith(reverse("login"))


def test_unit_list_is_scoped_and_filtered(client, tree):
    login(client, tree.county_office)
    names = lambda r: [row["unit"].name for row in r.context["rows"]]
    assert names(client.get(reverse("org:units"))) == ["泽州县卫生计生局", "泽州县人民医院"]
    assert names(client.get(reverse("org:units"), {"kind": UnitKind.INSTITUTION})) == ["泽州县人民医院"]
    assert names(client.get(reverse("org:units"), {"q": "医院"})) == ["泽州县人民医院"]
    html = client.get(reverse("org:units"), {"q": "无此单位"}).content.decode()
    assert "没有符合条件的单位。" in html


def test_unit_list_paginates_with_a_fixed_number_of_queries(client, tree):
    login(client, tree.city_office)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("org:units")).status_code == 200
        return len(ctx)

    for i in range(5):
        Unit.objects.create(name=f"窗口{i}", kind=UnitKind.WINDOW, parent=tree.hospital)
    few = count()
    for i in range(5, 60):
        Unit.objects.create(name=f"窗口{i}", kind=UnitKind.WINDOW, parent=tree.hospital)
    assert count() == few
    page2 = client.get(reverse("org:units"), {"page": 2})
    assert len(page2.context["page"].object_list) == 25


def test_office_creates_and_moves_a_unit_liaison_cannot(client, tree):
    login(client, tree.county_office)
    r = client.post(reverse("org:unit_create"), {"parent": tree.zezhou.pk, "name": "泽州县中医院", "kind": UnitKind.INSTITUTION})
    assert r.status_code == 302
    tcm = Unit.objects.get(name="泽州县中医院")
    assert tcm.parent == tree.zezhou and AuditEntry.objects.filter(action="unit.create", object_id=str(tcm.pk)).exists()
    # A parent outside the subtree is not even offered.
    r = client.post(reverse("org:unit_create"), {"parent": tree.gaoping.pk, "name": "某院", "kind": UnitKind.INSTITUTION})
    assert r.status_code == 200 and not Unit.objects.filter(name="某院").exists()
    # Move under the hospital.
    r = client.post(reverse("org:unit_edit", args=[tcm.pk]), {"parent": tree.hospital.pk, "name": "泽州县中医院",
                                                              "kind": UnitKind.INSTITUTION, "is_active": "on"})
    assert r.status_code == 302
    tcm.refresh_from_db()
    assert tcm.parent == tree.hospital and tcm.path.startswith(tree.hospital.path)

    client.force_login(tree.liaison.user)
    r = client.get(reverse("org:unit_create"))
    assert r.status_code == 403 and str(NO_OFFICE_GRANT) in r.content.decode()
    assert client.get(reverse("org:unit_edit", args=[tcm.pk])).status_code == 404


def test_duplicate_unit_name_is_refused_with_a_message(client, tree):
    login(client, tree.county_office)
    r = client.post(reverse("org:unit_create"), {"parent": tree.zezhou.pk, "name": "泽州县人民医院", "kind": UnitKind.INSTITUTION})
    assert r.status_code == 200 and "同一上级单位下已有同名单位。" in r.content.decode()
    assert Unit.objects.filter(name="泽州县人民医院").count() == 1


def test_people_list_is_scoped(client, tree):
    login(client, tree.county_office)
    r = client.get(reverse("org:people"))
    names = {p.name for p in r.context["page"]}
    assert names == {tree.county_office.name, tree.liaison.name}
    r = client.get(reverse("org:people"), {"role": Role.LIAISON})
    assert {p.name for p in r.context["page"]} == {tree.liaison.name}
    assert client.get(reverse("org:person", args=[tree.city_office.pk])).status_code == 404


def test_office_creates_a_person_with_roles_and_revokes_a_grant(client, tree):
    login(client, tree.county_office)
    r = client.post(reverse("org:person_create"), {
        "username": "zhangsan", "name": "张三", "unit": tree.hospital.pk, "password": "Zhang-2026!",
        "roles": [Role.LIAISON, Role.INSPECTOR],
    })
    assert r.status_code == 302, r.content.decode()
    p = Person.objects.get(user__username="zhangsan")
    assert p.user.check_password("Zhang-2026!")
    assert sorted(p.grants.values_list("role", flat=True)) == sorted([Role.LIAISON, Role.INSPECTOR])
    grant = p.grants.get(role=Role.INSPECTOR)
    assert client.post(reverse("org:grant_revoke", args=[grant.pk])).status_code == 302
    assert not Grant.objects.filter(pk=grant.pk).exists()
    assert AuditEntry.objects.filter(action="grant.revoke").exists()


def test_weak_initial_password_is_refused_and_nothing_written(client, tree):
    login(client, tree.county_office)
    r = client.post(reverse("org:person_create"), {"username": "lisi", "name": "李四", "unit": tree.hospital.pk,
                                                   "password": "abcdefgh", "roles": [Role.LIAISON]})
    assert r.status_code == 200
    assert "密码须包含大写字母、小写字母、数字和符号中的至少三类。" in r.content.decode()
    assert not Person.objects.filter(name="李四").exists()


def test_import_page_shows_the_row_report(client, tree):
    login(client, tree.county_office)
    wb = Workbook()
    ws = wb.active
    ws.append(["单位导入"])
    ws.append(["序号", "单位名称", "简称", "单位类别", "上级单位"])
    ws.append([1, "泽州县中医院", "", "机构", "泽州县卫生计生局"])
    ws.append([2, "某院", "", "医院", "泽州县卫生计生局"])
    upload = SimpleUploadedFile("单位.xlsx", workbook_bytes(wb))
    r = client.post(reverse("org:units_import"), {"file": upload})
    html = r.content.decode()
    assert r.status_code == 200 and "未导入任何数据" in html and "第 4 行" in html and "单位类别“医院”无效" in html
    assert not Unit.objects.filter(name="泽州县中医院").exists()


def test_export_and_template_downloads(client, tree):
    login(client, tree.county_office)
    r = client.get(reverse("org:units"), {"export": "xlsx"})
    assert r["Content-Type"] == XLSX_MIME
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws["A1"].value == "单位名录" and ws["A2"].value == "序号"
    assert [row[1] for row in ws.iter_rows(min_row=3, values_only=True)] == ["泽州县卫生计生局", "泽州县人民医院"]
    r = client.get(reverse("org:people"), {"export": "xlsx"})
    assert r.status_code == 200 and r["Content-Type"] == XLSX_MIME
    r = client.get(reverse("org:units_template"))
    assert "filename*=UTF-8''" in r["Content-Disposition"]
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames[1] == "填写说明"


def test_totp_enrolment_page_shows_secret_and_uri(client, tree):
    login(client, tree.liaison)
    html = client.get(reverse("org:totp")).content.decode()
    assert "otpauth://totp/" in html and "密钥" in html


def test_people_list_costs_a_fixed_number_of_queries(client, tree):
    from fazhi.org import services

    login(client, tree.city_office)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("org:people")).status_code == 200
        return len(ctx)

    def add(i):
        p = services.person_create(actor=tree.city_office.user, unit=tree.hospital, username=f"p{i}", name=f"人{i}")
        services.grant_create(actor=tree.city_office.user, person=p, role=Role.LIAISON, unit=tree.hospital)

    add(0)
    few = count()
    for i in range(1, 30):
        add(i)
    assert count() == few


def test_the_top_bar_names_the_person_from_the_grants_already_read(client, tree):
    """Every page reads the user's grants (with their person) and shows the person's name in the
    top bar: the name comes from the grants, not from a query of its own."""
    person = tree.county_office
    login(client, person)
    client.get(reverse("org:units"))
    with CaptureQueriesContext(connection) as queries:
        r = client.get(reverse("org:units"))
    assert r.status_code == 200 and f'<i class="bi bi-person-circle"></i> {person.name}</button>' in r.content.decode()
    own = [q["sql"] for q in queries if 'FROM "org_person"' in q["sql"] and '"org_person"."user_id" =' in q["sql"]]
    assert own == []
