"""Demo data from seed 002: 晋城市卫生计生委 and its 2018 卫生计生法治建设规范年.

`load_demo()` is idempotent: every row is looked up by its natural key before it is
created, so loading twice duplicates nothing. All writes but the very first ones (the top
unit, 政策法规科 and the office account, which nobody could authorise yet) go through the
services with the office account as actor, so the audit log reads like a real installation's.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import sys
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.core.formats import cn_date
from fazhi.core.workdays import WorkCalendar, today as local_today

from .assignments import assignments_create_demo
from .campaign import TITLE, campaign_create_demo
from .people import DEMO_ACCOUNTS, DEMO_PASSWORD, PasswordHash, office_bootstrap, people_create
from .units import commission_get_or_bootstrap, offices_create, policy_office_get_or_bootstrap, units_create

__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "DemoResult", "TITLE", "load_all", "load_demo", "app_demo_loaders"]


@dataclass
class DemoResult:
    campaign_id: int
    kept_month_day: bool
    assignments_created: int
    reports_created: int


@transaction.atomic
def load_demo(stdout=None, today: dt.date | None = None) -> DemoResult:
    """Load (or complete) the demo data; `today` lets tests try other days of the year."""
    out = stdout if stdout is not None else sys.stdout
    today = today or local_today()
    cal = WorkCalendar()
    commission = commission_get_or_bootstrap()
    hashed = PasswordHash()
    office = office_bootstrap(commission, policy_office_get_or_bootstrap(commission), hashed)
    offices = offices_create(office, commission)
    units = units_create(office, commission, offices)
    users = people_create(office, units, hashed)
    demo = campaign_create_demo(office, units, today, cal)
    summary = assignments_create_demo(office=office, units=units, users=users, campaign=demo.campaign,
                                      tasks_by_kind=demo.tasks_by_kind, today=today, cal=cal)
    campaign = demo.campaign
    out.write(_("演示数据：“{title}”（{start} 至 {end}），任务 {tasks} 项；本次新建任务分工 {created} 条、进展报送 {reports} 份。").format(
        title=campaign.title, start=cn_date(campaign.start_date), end=cn_date(campaign.end_date),
        tasks=demo.task_count, created=summary.created, reports=summary.reports) + "\n")
    return DemoResult(campaign_id=campaign.pk, kept_month_day=demo.schedule.kept_month_day,
                      assignments_created=summary.created, reports_created=summary.reports)


def app_demo_loaders() -> list:
    """`load_demo` of every fazhi app that has a `demo` module, in INSTALLED_APPS order, which
    is the order of their dependencies: each builds on the platform demo and on those before it."""
    loaders = []
    for config in apps.get_app_configs():
        module = f"{config.name}.demo"
        if config.name.startswith("fazhi.") and importlib.util.find_spec(module) is not None:
            loader = getattr(importlib.import_module(module), "load_demo", None)
            if loader is not None:
                loaders.append(loader)
    return loaders


def load_all(stdout=None, today: dt.date | None = None) -> DemoResult:
    """The platform demo, then the demo data of every app on top of it (all idempotent). The
    dashboard's cached figures are invalidated once for the lot, not once per row written."""
    from fazhi.core.rollups import one_bump

    with one_bump():
        result = load_demo(stdout=stdout, today=today)
        for loader in app_demo_loaders():
            loader(stdout=stdout, today=today)
    return result
