"""The leaders' dashboard: the year's figures of a unit's whole subtree, the same year before, and
the charts that split them by county, unit kind, status, month and grade.

Every number comes from the sources in figures.py, the ones the annual report quotes: the
headline figures *are* `report_figures` of the year, and each chart groups the same rows of the
same selector differently. So the report and the dashboard cannot disagree.

`dashboard()` returns plain dicts and lists (JSON for the charts, pickled in the cache):
  {"issuer": {"id", "name"}, "year", "last_year",
   "figures": [{"key", "label", "value", "display", "source", "url", "last_value", "last_display", "change"}],
   "charts": {key: {"title", "type", "categories", "series": [{"name", "data", "stack"?, "colour"?}], "urls"}}}
A chart's `urls[i]` opens the list page filtered to the rows behind category i.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from fazhi.core.workdays import today as local_today
from fazhi.indicators.measures import per_unit
from fazhi.org.choices import UnitKind

from . import figures as f
from fazhi.core.rollups import cached
from fazhi.org.scoping import scope_key

COLOURS = {"green": "#198754", "amber": "#ffc107", "red": "#dc3545", "late": "#fd7e14", "": "#adb5bd"}
# Figures compared year on year in the chart (counts; rates are compared in the table).
YEAR_ON_YEAR = ("assignments", "problems", "submissions", "inspections", "trainings", "outreach_events",
                "enforcement_cases", "special_actions")


def _url(name: str, args=None, **params) -> str:
    params = {k: v for k, v in params.items() if v not in (None, "")}
    path = reverse(name, args=args)
    return f"{path}?{urlencode(params)}" if params else path


def _change(now, before):
    if not isinstance(now, (int, float)) or not isinstance(before, (int, float)) or isinstance(now, bool):
        return None
    return round(now - before, 2)


def _figures(this: OrderedDict, last: OrderedDict) -> list[dict]:
    rows = []
    for key, fig in this.items():
        before = last.get(key)
        row = fig.as_dict()
        row.update(last_value=before.value if before else None, last_display=before.display if before else "",
                   change=_change(fig.value, before.value if before else None))
        rows.append(row)
    return rows


def _children(issuer) -> list:
    from fazhi.org.models import Unit

    return list(Unit.objects.filter(parent=issuer, is_active=True).order_by("order", "path"))


def _progress_by_county(actor, issuer, year, counties, today):
    rows = per_unit(f.assignment_rows(actor=actor, year=year), "unit__path", counties,
                    n=Count("id"), done=Count("id", filter=Q(status="done")),
                    overdue=Count("id", filter=~Q(status="done") & Q(due_date__lt=today)))
    shown = [u for u in counties if rows.get(u.pk, {}).get("n")]
    data = [rows[u.pk] for u in shown]
    return {"title": _("各县（单位）任务进度"), "type": "stacked",
            "categories": [u.short_name or u.name for u in shown],
            "series": [{"name": _("已完成"), "data": [r["done"] for r in data], "colour": COLOURS["green"]},
                       {"name": _("在办"), "data": [r["n"] - r["done"] - r["overdue"] for r in data], "colour": "#0d6efd"},
                       {"name": _("逾期未完成"), "data": [r["overdue"] for r in data], "colour": COLOURS["red"]}],
            "urls": [_url("campaigns:assignments", unit=u.pk) for u in shown]}


def _colour_chart(title, qs, issuer, url_name, labels, unit_param="unit"):
    counts = dict(qs.order_by().values_list("colour").annotate(n=Count("id")))
    keys = [k for k in ("red", "amber", "green", "late") if counts.get(k)]
    return {"title": title, "type": "pie", "categories": [str(labels.get(k, k)) for k in keys],
            "series": [{"name": title, "data": [counts[k] for k in keys], "colours": [COLOURS[k] for k in keys]}],
            "urls": [_url(url_name, **{unit_param: issuer.pk}, colour=k) for k in keys]}


def _ledger_status(actor, issuer, year):
    from fazhi.ledger.choices import ProblemStatus

    qs = f.problem_rows(actor=actor, year=year).filter(f.subtree_of(issuer, "unit__path"))
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("id")))
    overdue = qs.filter(overdue=True).count()
    keys = [k for k in ProblemStatus.values if counts.get(k)]
    labels = dict(ProblemStatus.choices)
    return {"title": _("问题台账整改状态"), "type": "bar",
            "categories": [str(labels[k]) for k in keys] + [_("逾期未整改")],
            "series": [{"name": _("问题"), "data": [counts[k] for k in keys] + [overdue],
                        "colours": ["#198754" if k == "closed" else "#0d6efd" for k in keys] + [COLOURS["red"]]}],
            "urls": [_url("ledger:list", unit=issuer.pk, status=k) for k in keys]
            + [_url("ledger:list", unit=issuer.pk, overdue="on")]}


def _notices(actor, issuer):
    from fazhi.notices.choices import NoticeStatus, Tier
    from fazhi.ledger import selectors as ledger

    qs = ledger.notice_list(actor=actor, filters={"status": NoticeStatus.ACTIVE, "unit": issuer})
    counts = dict(qs.order_by().values_list("tier").annotate(n=Count("id")))
    keys = list(Tier.values)
    colours = {"blue": "#0d6efd", "yellow": "#ffc107", "red": "#dc3545"}
    return {"title": _("督办中的督办单"), "type": "bar", "categories": [str(dict(Tier.choices)[k]) for k in keys],
            "series": [{"name": _("督办单"), "data": [counts.get(k, 0) for k in keys], "colours": [colours[k] for k in keys]}],
            "urls": [_url("ledger:notices", tier=k, status=NoticeStatus.ACTIVE) for k in keys]}


def _intake_months(actor, issuer, year):
    series = []
    for y in (year, year - 1):
        qs = f.submission_rows(actor=actor, year=y).filter(f.subtree_of(issuer, "received_by__path"))
        counts = dict(qs.order_by().annotate(m=ExtractMonth("received_at")).values_list("m").annotate(n=Count("id")))
        series.append({"name": _("{year}年").format(year=y), "data": [counts.get(m, 0) for m in range(1, 13)],
                       "colour": "#0d6efd" if y == year else "#adb5bd"})
    return {"title": _("群众意见投诉受理量（按月）"), "type": "line",
            "categories": [_("{m}月").format(m=m) for m in range(1, 13)], "series": series,
            # The month of the year shown (the line of last year is there to compare).
            "urls": [_url("intake:inbox", received_by=issuer.pk, month=f"{year:04d}-{m:02d}") for m in range(1, 13)]}


def _grades(actor, issuer):
    """Units of the subtree by their current grade (分类分级管理's register, the grade the unit list
    shows and filters by): each bar opens the unit list filtered to that grade."""
    from fazhi.assessment import selectors as assessment

    qs = assessment.unit_grade_list(actor=actor, filters={"current": True}).filter(f.subtree_of(issuer, "unit__path"))
    counts: dict[str, int] = {}
    labels: dict[str, str] = {}
    for grade, label in qs.order_by("grade").values_list("grade", "label"):
        counts[grade] = counts.get(grade, 0) + 1
        labels.setdefault(grade, f"{grade} {label}".strip())
    keys = sorted(counts)
    return {"title": _("各单位当前等次"), "type": "bar", "categories": [labels[k] for k in keys],
            "series": [{"name": _("单位数"), "data": [counts[k] for k in keys],
                        "colours": (["#198754", "#0d6efd", "#ffc107", "#dc3545"] + ["#adb5bd"] * len(keys))[:len(keys)]}],
            "urls": [_url("org:units", grade=k, under=issuer.pk) for k in keys]}


def _learning_by_county(actor, issuer, year, learning):
    figures = [u for u in learning.per_unit if u.trainings or u.outreach_events or u.sessions]
    return {"title": _("各县（单位）学法普法"), "type": "bar",
            "categories": [u.unit_name for u in figures],
            "series": [{"name": _("法治培训和讲座（期）"), "data": [u.trainings for u in figures], "colour": "#6f42c1"},
                       {"name": _("普法活动（场次）"), "data": [u.outreach_events for u in figures], "colour": "#20c997"}],
            "urls": [_url("learning:sessions", unit=u.unit_id) for u in figures]}


def _learning_kinds(issuer, year, learning):
    from fazhi.learning.choices import SessionKind

    counts = (learning.by_kind or {}).get("sessions", {})
    keys = [k for k in SessionKind.values if counts.get(k)]
    labels = dict(SessionKind.choices)
    return {"title": _("学法活动（按形式）"), "type": "bar", "categories": [str(labels[k]) for k in keys],
            "series": [{"name": _("场次"), "data": [counts[k] for k in keys], "colour": "#6f42c1"}],
            "urls": [_url("learning:sessions", unit=issuer.pk, kind=k, year=year) for k in keys]}


def _enforcement(issuer, year, enforcement):
    from fazhi.enforcement.choices import CaseKind

    cases = enforcement["cases"]
    by_kind = cases.get("by_kind") or {}
    keys = [k for k in CaseKind.values if by_kind.get(k)]
    labels = dict(CaseKind.choices)
    late = (cases.get("disclosure_counted") or 0) - (cases.get("disclosed_on_time") or 0)
    return {"title": _("行政执法案件"), "type": "bar",
            "categories": [str(labels[k]) for k in keys] + [_("专项执法行动"), _("未按时公示")],
            "series": [{"name": _("件"), "data": [by_kind[k] for k in keys] + [cases.get("special_actions") or 0, late],
                        "colours": ["#0d6efd"] * len(keys) + ["#20c997", COLOURS["red"]]}],
            # Cases of a kind: the case list with the figures' filters (opened in the year, the subtree).
            # Special actions and late disclosures have no list with those filters: the figures page.
            "urls": [_url("enforcement:list", args=["cases"], unit=issuer.pk, kind=k, year=year) for k in keys]
            + [_url("enforcement:figures", unit=issuer.pk, year=year)] * 2}


def _approvals(enforcement):
    rows = [r for r in enforcement["approvals"].get("by_unit") or [] if r.get("completed")]
    return {"title": _("审批即办件率（按窗口）"), "type": "bar", "categories": [r["name"] for r in rows],
            "series": [{"name": _("即办件率（%）"), "data": [round(100 * (r.get("same_day_rate") or 0), 1) for r in rows],
                        "colour": "#fd7e14"}],
            "urls": [_url("enforcement:figures") for _r in rows]}


def _indicators(evaluations):
    counts: dict[str, int] = {}
    for ev in evaluations:
        counts[ev.colour] = counts.get(ev.colour, 0) + 1
    labels = {"green": _("达标"), "amber": _("未达标（周期未结束）"), "red": _("未达标"), "": _("无数据")}
    keys = [k for k in ("green", "amber", "red", "") if counts.get(k)]
    return {"title": _("数量指标达标情况"), "type": "pie", "categories": [str(labels[k]) for k in keys],
            "series": [{"name": _("指标"), "data": [counts[k] for k in keys], "colours": [COLOURS[k] for k in keys]}],
            "urls": [_url("indicators:list") for _k in keys]}


def _year_on_year(this, last, year):
    keys = [k for k in YEAR_ON_YEAR if k in this]
    return {"title": _("同比（本年与上年）"), "type": "bar", "categories": [this[k].label for k in keys],
            "series": [{"name": _("{year}年").format(year=year), "data": [this[k].value for k in keys], "colour": "#0d6efd"},
                       {"name": _("{year}年").format(year=year - 1), "data": [last[k].value for k in keys],
                        "colour": "#adb5bd"}],
            "urls": [this[k].url or "" for k in keys]}


def compute(*, actor, issuer, year: int, day: dt.date | None = None) -> dict:
    from fazhi.campaigns.choices import Colour

    today = day or local_today()
    kept: dict = {}
    this = f.report_figures(actor=actor, issuer=issuer, year=year, keep=kept)
    last = f.report_figures(actor=actor, issuer=issuer, year=year - 1)
    counties = _children(issuer)
    learning, enforcement = kept["learning"], kept["enforcement"]
    colour_labels = dict(Colour.choices)
    assignments = f.assignment_rows(actor=actor, year=year).filter(f.subtree_of(issuer, "unit__path"))
    submissions = f.submission_rows(actor=actor, year=year).filter(f.subtree_of(issuer, "received_by__path"))
    charts = {
        "progress_county": _progress_by_county(actor, issuer, year, counties, today),
        "progress_kind": _progress_by_kind_in(actor, issuer, year),
        "assignment_colours": _colour_chart(_("任务预警"), assignments, issuer, "campaigns:assignments", colour_labels),
        "ledger_status": _ledger_status(actor, issuer, year),
        "notices": _notices(actor, issuer),
        "intake_months": _intake_months(actor, issuer, year),
        # Cases counted by the office that received them (the inbox's unit= is the unit reported or assigned).
        "intake_colours": _colour_chart(_("群众诉求办理时限"), submissions, issuer, "intake:inbox", colour_labels,
                                        unit_param="received_by"),
        "grades": _grades(actor, issuer),
        "learning_county": _learning_by_county(actor, issuer, year, learning),
        "learning_kinds": _learning_kinds(issuer, year, learning),
        "enforcement": _enforcement(issuer, year, enforcement),
        "approvals": _approvals(enforcement),
        "indicators": _indicators(kept["evaluations"]),
        "year_on_year": _year_on_year(this, last, year),
    }
    return {"issuer": {"id": issuer.pk, "name": issuer.name}, "year": year, "last_year": year - 1,
            "figures": _figures(this, last), "charts": charts}


def _progress_by_kind_in(actor, issuer, year):
    rows = (f.assignment_rows(actor=actor, year=year).filter(f.subtree_of(issuer, "unit__path")).order_by()
            .values("unit__kind").annotate(n=Count("id"), done=Count("id", filter=Q(status="done"))))
    by_kind = {r["unit__kind"]: r for r in rows}
    kinds = [k for k in UnitKind.values if k in by_kind]
    labels = dict(UnitKind.choices)
    return {"title": _("按单位类别的任务进度"), "type": "stacked",
            "categories": [str(labels[k]) for k in kinds],
            "series": [{"name": _("已完成"), "data": [by_kind[k]["done"] for k in kinds], "colour": COLOURS["green"]},
                       {"name": _("未完成"), "data": [by_kind[k]["n"] - by_kind[k]["done"] for k in kinds],
                        "colour": "#adb5bd"}],
            "urls": [_url("campaigns:assignments", unit=issuer.pk, unit_kind=k) for k in kinds]}


def dashboard(*, actor, issuer, year: int) -> dict:
    """The dashboard of `issuer`'s subtree for `year`, from the cache while nothing it reads has changed."""
    today = local_today()
    parts = (scope_key(actor), issuer.pk, year, translation.get_language(), today.isoformat())
    return cached(parts, lambda: compute(actor=actor, issuer=issuer, year=year, day=today))
