import datetime as dt

import pytest
from django.urls import reverse

from fazhi.audit.models import AuditEntry
from fazhi.core.choices import CalendarSource, DayKind
from fazhi.core.models import StatutoryDay
from fazhi.core.services import NOT_CALENDAR_OFFICE
from fazhi.core.workdays import WorkCalendar
from tests.core.notices import NOTICE_2027
from tests.org.helpers import make_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(db):
    return make_tree()


def test_everyone_signed_in_sees_the_table_with_its_source(client, tree):
    StatutoryDay.objects.create(date=dt.date(2027, 1, 1), kind=DayKind.HOLIDAY, name="元旦")
    client.force_login(tree.liaison.user)
    r = client.get(reverse("core:holidays"), {"year": 2027})
    html = r.content.decode()
    assert r.status_code == 200 and "2027年1月1日" in html and "本单位维护的节假日表" in html
    assert r.context["form"] is None and "导入国务院放假通知" not in html
    sources = {o["year"]: o["source"] for o in r.context["overview"]}
    assert sources[2026] == CalendarSource.BUILTIN and sources[2027] == CalendarSource.TABLE
    r = client.get(reverse("core:holidays"), {"year": 2029})
    assert "2029 年的法定节假日安排尚未录入" in r.content.decode()


def test_only_a_top_level_office_edits(client, tree):
    client.force_login(tree.county_office.user)
    r = client.post(reverse("core:holidays"), {"date": "2027-01-01", "kind": DayKind.HOLIDAY, "name": "元旦"})
    assert r.status_code == 403 and str(NOT_CALENDAR_OFFICE) in r.content.decode()
    assert client.get(reverse("core:holiday_import")).status_code == 403
    assert not StatutoryDay.objects.exists()

    client.force_login(tree.city_office.user)
    r = client.post(reverse("core:holidays"), {"date": "2027-01-01", "kind": DayKind.HOLIDAY, "name": "元旦"})
    assert r.status_code == 302
    day = StatutoryDay.objects.get()
    assert AuditEntry.objects.filter(action="statutoryday.create", unit_path=tree.city.path).exists()
    r = client.post(reverse("core:holidays"), {"date": "2027-01-01", "kind": DayKind.WORKDAY})
    assert r.status_code == 200 and StatutoryDay.objects.count() == 1  # one entry per date
    assert client.post(reverse("core:holiday_delete", args=[day.pk])).status_code == 302
    assert not StatutoryDay.objects.exists()
    assert AuditEntry.objects.filter(action="statutoryday.delete").exists()


def test_notice_import_previews_then_saves_and_deadlines_follow_it(client, tree):
    client.force_login(tree.city_office.user)
    r = client.post(reverse("core:holiday_import"), {"text": NOTICE_2027, "preview": "1"})
    assert r.status_code == 200 and r.context["parsed"].ok
    html = r.content.decode()
    assert "确认导入 2027 年" in html and "2027年2月20日（周六）" in html
    assert not StatutoryDay.objects.exists()  # a preview writes nothing

    before = WorkCalendar()
    assert before.add_working_days(dt.date(2027, 2, 1), 10) == dt.date(2027, 2, 15)  # weekends only
    assert before.source(2027) == CalendarSource.WEEKENDS

    r = client.post(reverse("core:holiday_import"), {"text": NOTICE_2027, "confirm": "1"})
    assert r.status_code == 302
    assert StatutoryDay.objects.filter(kind=DayKind.HOLIDAY).count() == 29
    assert StatutoryDay.objects.filter(kind=DayKind.WORKDAY).count() == 6
    assert AuditEntry.objects.filter(action="holiday.import").count() == 1

    cal = WorkCalendar()
    assert cal.source(2027) == CalendarSource.TABLE and cal.warnings() == []
    # 2 Feb – 4 Feb (3), 春节 5–13 Feb, Sunday 14 Feb worked (4), 15–19 Feb (9), Saturday 20 Feb worked (10).
    assert cal.add_working_days(dt.date(2027, 2, 1), 10) == dt.date(2027, 2, 20)
    # The case that started it all: 15 working days from 21 Dec 2026 (元旦 2027 is 1–3 Jan, no make-up day).
    assert cal.add_working_days(dt.date(2026, 12, 21), 15) == dt.date(2027, 1, 12)

    # Importing again replaces the year instead of duplicating it.
    client.post(reverse("core:holiday_import"), {"text": NOTICE_2027, "confirm": "1"})
    assert StatutoryDay.objects.filter(date__year=2027).count() == 35


def test_a_notice_with_errors_cannot_be_saved(client, tree):
    client.force_login(tree.city_office.user)
    bad = NOTICE_2027.replace("2027年部分", "2028年部分")
    r = client.post(reverse("core:holiday_import"), {"text": bad, "confirm": "1"})
    html = r.content.decode()
    assert r.status_code == 200 and "请核对年份和日期" in html and "确认导入" not in html
    assert not StatutoryDay.objects.exists()
