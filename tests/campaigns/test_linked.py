"""上级活动: a county's campaign implements the city's; the city sees who issued a plan, and when."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from fazhi.campaigns import services
from fazhi.campaigns.choices import CampaignStatus
from fazhi.campaigns.models import Milestone
from fazhi.org.choices import Role, UnitKind
from tests.factories import CampaignFactory, UnitFactory, person_with_role

pytestmark = pytest.mark.django_db


def test_county_plan_linked_to_the_city_plan(client):
    city = UnitFactory(name="晋城市卫计委", kind=UnitKind.ADMIN_DEPT)
    zz = UnitFactory(name="泽州县卫计局", short_name="泽州县", kind=UnitKind.ADMIN_DEPT, parent=city)
    gp = UnitFactory(name="高平市卫计局", short_name="高平市", kind=UnitKind.ADMIN_DEPT, parent=city)
    yc = UnitFactory(name="阳城县卫计局", short_name="阳城县", kind=UnitKind.ADMIN_DEPT, parent=city)
    city_office = person_with_role(Role.OFFICE, city, username="office").user
    zz_office = person_with_role(Role.OFFICE, zz, username="zz").user
    city_plan = CampaignFactory(issuer=city, status=CampaignStatus.ACTIVE)
    Milestone.objects.create(campaign=city_plan, date=dt.date(2026, 5, 15), what="行动方案、示范点名单和示范点工作任务清单")
    with time_machine.travel(dt.datetime(2026, 5, 10, 9, 0), tick=False):
        on_time = CampaignFactory(issuer=zz, status=CampaignStatus.DRAFT)
    with time_machine.travel(dt.datetime(2026, 5, 20, 9, 0), tick=False):
        late = CampaignFactory(issuer=gp, status=CampaignStatus.DRAFT)
    services.campaign_update(actor=zz_office, campaign=on_time, parent=city_plan)
    with pytest.raises(ValidationError):
        services.campaign_update(actor=zz_office, campaign=on_time, parent=on_time)
    services.campaign_update(actor=city_office, campaign=late, parent=city_plan)
    client.force_login(city_office)
    page = client.get(f"/campaigns/{city_plan.pk}/").content.decode()
    linked = page.split('id="linked"')[1].split('id="campaign-chart"')[0]
    assert "泽州县卫计局" in linked and "按时" in linked and "高平市卫计局" in linked and "超期" in linked
    assert "尚未印发实施方案：阳城县" in " ".join(linked.split())
    client.force_login(zz_office)
    page = client.get(f"/campaigns/{on_time.pk}/edit/").content.decode()
    assert city_plan.title in page  # the city's campaign is offered as 上级活动
    page = client.get(f"/campaigns/{on_time.pk}/").content.decode()
    assert "上级活动" in page and city_plan.title in page
    assert yc
