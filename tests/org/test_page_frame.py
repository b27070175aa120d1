"""What every page reads for its frame (the session, the statutory calendar by which deadlines are
coloured, the unread messages in the top bar) comes from the cache once read, and a write shows
on the next page: none of the three is a query of its own on every request. The person's grants,
which decide the menu and every scope, are one query per request, not sorted by the database."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.core import services as core_services
from fazhi.core.choices import DayKind
from fazhi.core.workdays import WorkCalendar
from fazhi.notices import services as notice_services
from fazhi.notices.delivery import deliver

pytestmark = pytest.mark.django_db


def _tables(queries) -> str:
    return " ".join(q["sql"] for q in queries)


def _badge(html: str) -> str | None:
    """The number on the top bar's bell, or None when it shows none."""
    start = html.find('id="inbox-badge"')
    end = html.find("</a>", start)
    part = html[start:end]
    marker = 'text-bg-danger">'
    return part.split(marker, 1)[1].split("<", 1)[0] if marker in part else None


def test_a_page_reads_the_session_calendar_and_unread_count_once_then_from_the_cache(client, tree):
    client.force_login(tree.county_office.user)
    cache.clear()  # as after a restart of the cache: each is read from the database once
    with CaptureQueriesContext(connection) as first:
        r = client.get(reverse("campaigns:assignments"))
    assert r.status_code == 200 and r.wsgi_request.user == tree.county_office.user
    sql = _tables(first)
    assert '"django_session"' in sql and '"core_statutoryday"' in sql and '"notices_notification"' in sql
    with CaptureQueriesContext(connection) as second:
        r = client.get(reverse("campaigns:assignments"))
    assert r.status_code == 200 and r.wsgi_request.user == tree.county_office.user
    sql = _tables(second)
    assert '"django_session"' not in sql and '"core_statutoryday"' not in sql and '"notices_notification"' not in sql
    assert len(second) <= len(first) - 3


def test_a_statutory_day_entered_moves_the_next_pages_calendar(tree):
    monday = dt.date(2031, 3, 3)  # a year neither the table nor the bundled calendar knows
    assert WorkCalendar().is_working_day(monday)  # read, and kept in the cache
    assert WorkCalendar().is_working_day(monday)
    core_services.statutory_day_create(actor=tree.city_office.user, date=monday, kind=DayKind.HOLIDAY, name="假日")
    assert not WorkCalendar().is_working_day(monday)


def test_the_unread_badge_follows_a_delivery_and_a_reading(client, tree):
    user = tree.liaison.user
    client.force_login(user)
    home = reverse("home")
    assert _badge(client.get(home).content.decode()) is None
    # Delivered in bulk (no signal of a saved row): the next page counts it.
    deliver([user.pk], "请按时报送进展。", key="test:one", link="/")
    deliver([user.pk], "请按时报送整改报告。", key="test:two", link="/")
    assert _badge(client.get(home).content.decode()) == "2"
    note = user.notifications.order_by("pk").first()
    assert notice_services.notifications_read(actor=user, pk=note.pk) == 1
    assert _badge(client.get(home).content.decode()) == "1"
    client.post(reverse("notices:inbox"))  # 全部标为已读
    assert _badge(client.get(home).content.decode()) is None


def test_marking_read_touches_only_the_actors_own_messages(tree):
    mine, other = tree.liaison.user, tree.county_office.user
    deliver([mine.pk, other.pk], "请按时报送进展。", key="test:both", link="/")
    theirs = other.notifications.get()
    assert notice_services.notifications_read(actor=mine, pk=theirs.pk) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert notice_services.notifications_read(actor=mine) == 1
    assert other.notifications.filter(read_at__isnull=True).count() == 1


def test_the_grants_are_read_in_one_unsorted_query_and_kept_in_role_then_unit_order(tree):
    """The database is not asked to sort them (Grant's default ordering joins the person and cost
    more to compile than the query), yet the list comes in one stable order: by role, then by unit."""
    from django.contrib.auth import get_user_model

    from fazhi.org.choices import Role, UnitKind
    from fazhi.org.models import Grant, Unit
    from fazhi.org.scoping import grants_of

    person = tree.county_office  # office on the county, from make_tree
    # A unit made last under the county: its id is the highest, its path lies before the other county's.
    clinic = Unit.objects.create(name="泽州县门诊部", kind=UnitKind.INSTITUTION, parent=tree.zezhou)
    assert clinic.path < tree.gaoping.path and clinic.pk > tree.gaoping.pk
    # Neither the order made in, nor the ids', nor the units' order is (role, unit).
    Grant.objects.create(person=person, role=Role.LIAISON, unit=tree.gaoping)
    Grant.objects.create(person=person, role=Role.LIAISON, unit=clinic)
    Grant.objects.create(person=person, role=Role.LEADER, unit=tree.gaoping)
    user = get_user_model().objects.get(pk=person.user_id)
    with CaptureQueriesContext(connection) as read:
        grants = grants_of(user)
        assert grants_of(user) is grants  # read once for the request's user
    assert len(read) == 1 and "ORDER BY" not in read[0]["sql"]
    assert [(g.role, g.unit_id) for g in grants] == [
        (Role.LEADER, tree.gaoping.pk), (Role.LIAISON, clinic.pk), (Role.LIAISON, tree.gaoping.pk),
        (Role.OFFICE, tree.zezhou.pk)]
