"""示范点名单: a county names its demonstration sites on its own campaign; the city's campaign shows,
for each county that implements it, its plan and its list, and which came after the date set."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from fazhi.audit.models import AuditEntry
from fazhi.campaigns import messages as m
from fazhi.campaigns import services
from fazhi.campaigns.choices import CampaignStatus, DemoLevel
from fazhi.campaigns.models import DemoSite, Milestone
from fazhi.org.choices import Role, UnitKind
from tests.factories import CampaignFactory, UnitFactory, person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    city = UnitFactory(name="晋城市卫计委", kind=UnitKind.ADMIN_DEPT)
    zz = UnitFactory(name="泽州县卫计局", short_name="泽州县", kind=UnitKind.ADMIN_DEPT, parent=city)
    gp = UnitFactory(name="高平市卫计局", short_name="高平市", kind=UnitKind.ADMIN_DEPT, parent=city)
    yc = UnitFactory(name="阳城县卫计局", short_name="阳城县", kind=UnitKind.ADMIN_DEPT, parent=city)
    zz_hospital = UnitFactory(name="泽州县人民医院", kind=UnitKind.INSTITUTION, parent=zz)
    zz_window = UnitFactory(name="泽州县人民医院收费窗口", kind=UnitKind.WINDOW, parent=zz_hospital)
    zz_office_room = UnitFactory(name="泽州县卫计局办公室", kind=UnitKind.OFFICE, parent=zz)
    gp_hospital = UnitFactory(name="高平市人民医院", kind=UnitKind.INSTITUTION, parent=gp)
    city_plan = CampaignFactory(issuer=city, title="法治建设规范年", start_date=dt.date(2026, 5, 2), end_date=dt.date(2026, 12, 31))
    Milestone.objects.create(campaign=city_plan, date=dt.date(2026, 5, 15), what="行动方案、示范点名单和示范点工作任务清单")
    users = {
        "city": person_with_role(Role.OFFICE, city, "office").user,
        "zz": person_with_role(Role.OFFICE, zz, "zz-office").user,
        "gp": person_with_role(Role.OFFICE, gp, "gp-office").user,
        "zz_liaison": person_with_role(Role.LIAISON, zz, "zz-liaison").user,
    }
    zz_plan = CampaignFactory(issuer=zz, title="泽州县法治建设规范年实施方案", parent=city_plan, status=CampaignStatus.DRAFT)
    gp_plan = CampaignFactory(issuer=gp, title="高平市法治建设规范年实施方案", parent=city_plan, status=CampaignStatus.DRAFT)
    yc_plan = CampaignFactory(issuer=yc, title="阳城县法治建设规范年实施方案", parent=city_plan, status=CampaignStatus.DRAFT)
    return dict(locals(), **users)


def test_county_office_lists_its_sites_with_audit(w):
    site = services.demo_site_add(actor=w["zz"], campaign=w["zz_plan"], unit=w["zz_hospital"], day=dt.date(2026, 5, 12))
    assert (site.level, site.listed_on) == (DemoLevel.INSTITUTION, dt.date(2026, 5, 12))
    window = services.demo_site_add(actor=w["zz"], campaign=w["zz_plan"], unit=w["zz_window"])
    assert window.level == DemoLevel.WINDOW and window.listed_on == dt.date(2026, 12, 2)
    row = AuditEntry.objects.filter(action="demo_site.add").latest("id")
    assert row.after.get("unit_id", row.after.get("unit")) == w["zz_window"].pk
    services.demo_site_remove(actor=w["zz"], site=window)
    assert AuditEntry.objects.filter(action="demo_site.remove").exists()
    assert list(DemoSite.objects.filter(campaign=w["zz_plan"])) == [site]


@pytest.mark.parametrize("case", ["other county's unit", "an office room", "twice", "liaison", "closed"])
def test_bad_sites_are_refused_and_nothing_written(w, case):
    from django.core.exceptions import PermissionDenied, ValidationError
    services.demo_site_add(actor=w["zz"], campaign=w["zz_plan"], unit=w["zz_hospital"])
    before = (DemoSite.objects.count(), AuditEntry.objects.count())
    actor, unit, expected = w["zz"], w["zz_window"], ValidationError
    if case == "other county's unit":
        unit, message = w["gp_hospital"], str(m.SITE_OUTSIDE_ISSUER).format(unit="高平市人民医院", issuer="泽州县卫计局")
        actor = w["city"]  # the city's office sees both counties, and is still refused
    elif case == "an office room":
        unit, message = w["zz_office_room"], str(m.SITE_KIND).format(unit="泽州县卫计局办公室", kind="科室")
    elif case == "twice":
        unit, message = w["zz_hospital"], str(m.SITE_TWICE).format(unit="泽州县人民医院")
    elif case == "liaison":
        actor, expected, message = w["zz_liaison"], PermissionDenied, str(m.NOT_OFFICE)
    else:
        CampaignFactory._meta.model.objects.filter(pk=w["zz_plan"].pk).update(status=CampaignStatus.CLOSED)
        message = "已结束"
    with pytest.raises(expected) as err:
        services.demo_site_add(actor=actor, campaign=w["zz_plan"], unit=unit)
    assert message in " ".join(getattr(err.value, "messages", [str(err.value)]))
    assert (DemoSite.objects.count(), AuditEntry.objects.count()) == before


def test_city_page_shows_each_countys_plan_and_list_marking_the_late(client, w):
    services.demo_site_add(actor=w["zz"], campaign=w["zz_plan"], unit=w["zz_hospital"], day=dt.date(2026, 5, 14))
    services.demo_site_add(actor=w["zz"], campaign=w["zz_plan"], unit=w["zz_window"], day=dt.date(2026, 6, 1))
    services.demo_site_add(actor=w["gp"], campaign=w["gp_plan"], unit=w["gp_hospital"], day=dt.date(2026, 5, 20))
    client.force_login(w["city"])
    page = client.get(reverse("campaigns:detail", args=[w["city_plan"].pk])).content.decode()
    linked = page.split('id="linked"')[1].split('id="campaign-chart"')[0]
    assert "示范点名单应于 2026年5月15日 前报送" in linked
    rows = {r.split("</a>")[0].rsplit(">", 1)[-1]: r for r in linked.split('class="list-group-item small linked-unit"')[1:]}
    sites = {name: r.split('linked-sites')[1] for name, r in rows.items()}
    # 泽州县: first listed 14 May, on time (a unit added later does not make the list late).
    assert "泽州县人民医院" in sites["泽州县卫计局"] and "2026年5月14日" in sites["泽州县卫计局"]
    assert "按时" in sites["泽州县卫计局"] and "超期" not in sites["泽州县卫计局"]
    # 高平市: listed 20 May, after the date: marked late.
    assert "高平市人民医院" in sites["高平市卫计局"] and "site-late" in sites["高平市卫计局"]
    # 阳城县: nothing listed and the date has passed.
    assert "尚未报送" in sites["阳城县卫计局"] and "site-late" in sites["阳城县卫计局"]


def test_city_page_costs_the_same_with_more_sites(client, w):
    client.force_login(w["city"])
    url = reverse("campaigns:detail", args=[w["city_plan"].pk])
    services.demo_site_add(actor=w["zz"], campaign=w["zz_plan"], unit=w["zz_hospital"])
    client.get(url)
    services.demo_site_add(actor=w["gp"], campaign=w["gp_plan"], unit=w["gp_hospital"])
    # Both requests compute every cached roll-up (the units added below change the unit tree, which
    # the roll-ups' branches are read from: emptying the cache keeps the two counts alike).
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(4):
        services.demo_site_add(actor=w["gp"], campaign=w["gp_plan"],
                               unit=UnitFactory(name=f"高平市卫生院{i}", kind=UnitKind.INSTITUTION, parent=w["gp_hospital"].parent))
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_county_page_adds_and_removes_sites(client, w):
    client.force_login(w["zz"])
    url = reverse("campaigns:detail", args=[w["zz_plan"].pk])
    page = client.get(url).content.decode()
    card = page.split('id="demo-sites"')[1].split('bi-bar-chart-line')[0]
    # The units are searched as one types (the one unit chooser); the form accepts only its own.
    assert "data-unit-chooser" in card and "泽州县人民医院收费窗口" not in card
    response = client.post(reverse("campaigns:demo_site_add", args=[w["zz_plan"].pk]), {"unit": w["zz_hospital"].pk})
    assert response.status_code == 302
    site = DemoSite.objects.get(campaign=w["zz_plan"])
    response = client.post(reverse("campaigns:demo_site_add", args=[w["zz_plan"].pk]), {"unit": w["zz_hospital"].pk})
    assert response.status_code == 400 and str(m.SITE_TWICE).format(unit="泽州县人民医院") in response.content.decode()
    client.force_login(w["gp"])
    assert client.post(reverse("campaigns:demo_site_remove", args=[site.pk])).status_code == 404
    client.force_login(w["zz_liaison"])
    assert client.post(reverse("campaigns:demo_site_remove", args=[site.pk])).status_code == 403
    assert client.post(reverse("campaigns:demo_site_add", args=[w["zz_plan"].pk]), {"unit": w["zz_window"].pk}).status_code == 403
    assert DemoSite.objects.count() == 1
    client.force_login(w["zz"])
    assert client.post(reverse("campaigns:demo_site_remove", args=[site.pk])).status_code == 302
    assert not DemoSite.objects.exists()


def test_api_field_and_actions(w):
    api = APIClient()
    api.force_authenticate(w["zz"])
    url = f"/api/campaigns/{w['zz_plan'].pk}/"
    response = api.post(url + "demo-sites/", {"unit": w["zz_window"].pk}, format="json")
    assert response.status_code == 200, response.content
    assert [(s["unit_name"], s["level"]) for s in response.json()["demo_sites"]] == [("泽州县人民医院收费窗口", DemoLevel.WINDOW)]
    assert api.post(url + "demo-sites/", {"unit": w["zz_window"].pk}, format="json").status_code == 400
    api.force_authenticate(w["city"])
    listed = api.get("/api/campaigns/", {"issuer": w["zz_plan"].issuer_id}).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert rows[0]["demo_sites"][0]["listed_on"] == "2026-12-02"
    api.force_authenticate(w["zz_liaison"])
    assert api.post(url + "demo-sites/remove/", {"unit": w["zz_window"].pk}, format="json").status_code == 403
    api.force_authenticate(w["zz"])
    assert api.post(url + "demo-sites/remove/", {"unit": w["zz_hospital"].pk}, format="json").status_code == 400
    assert api.post(url + "demo-sites/remove/", {"unit": w["zz_window"].pk}, format="json").json()["demo_sites"] == []
