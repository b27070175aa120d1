"""The reviewer's work on the workbench: legal reviews (法制审核) waiting for them — major
enforcement decisions, normative documents and major decisions — oldest first."""

from __future__ import annotations

from collections import Counter

from django.urls import reverse
from django.utils.translation import gettext as _

from fazhi.campaigns.home import Item, Panel, panel
from fazhi.core.workdays import today as local_today
from fazhi.org.choices import Role

from . import selectors
from .choices import ReviewSubject


@panel(Role.REVIEWER, order=10, reads=("enforcement",))
def legal_review(user, cal):
    qs = selectors.review_inbox(actor=user)
    today = local_today()
    items = [Item(text=r.title, url=reverse("enforcement:detail", args=["reviews", r.pk]),
                  meta=_("{subject} · {unit} · 已送审 {days} 天").format(subject=r.get_subject_display(), unit=r.unit.name,
                                                                   days=(today - r.requested_on).days),
                  date=r.requested_on) for r in qs[:8]]
    counts = Counter(qs.values_list("subject", flat=True))
    labels = dict(ReviewSubject.choices)
    note = "，".join(_("{subject} {n} 件").format(subject=labels[s], n=counts[s]) for s in ReviewSubject.values if counts[s])
    return Panel("legal_review", _("待法制审核的事项"), "bi-journal-check", items,
                 _("目前没有送审的行政执法决定或规范性文件。送审后将在此列出。"), count=sum(counts.values()),
                 more_url=reverse("enforcement:inbox"), note=note)
