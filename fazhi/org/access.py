"""Which role may use which page: one table read by the menu and by the pages themselves, so
that a page the menu hides answers 403 with a reason instead of an empty list."""

from __future__ import annotations

import functools

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .choices import Role
from .scoping import grants_of, is_unrestricted

R = Role
PAGE_ROLES: dict[str, set[str]] = {
    "campaigns": {R.OFFICE, R.LEADER, R.LIAISON, R.INSPECTOR, R.REVIEWER, R.INTAKE},
    "assignments": {R.OFFICE, R.LEADER, R.LIAISON, R.INSPECTOR},
    "assessment": {R.OFFICE, R.LEADER, R.LIAISON, R.INSPECTOR},
    "ledger": {R.OFFICE, R.LEADER, R.LIAISON, R.INSPECTOR, R.INTAKE},
    "intake": {R.OFFICE, R.LEADER, R.INTAKE},
    "units": {R.OFFICE, R.LEADER, R.LIAISON, R.INSPECTOR, R.REVIEWER, R.INTAKE},
    "people": {R.OFFICE},
    "audit": {R.OFFICE},
    # Everyone studies and sits exams; the office and leaders see every unit's figures.
    "learning": {R.OFFICE, R.LEADER, R.LIAISON, R.INSPECTOR, R.REVIEWER, R.INTAKE},
    "enforcement": {R.OFFICE, R.LEADER, R.REVIEWER},
    # A city's rule applies to the counties below, which see how they stand against it.
    "indicators": {R.OFFICE, R.LEADER, R.LIAISON, R.INSPECTOR},
    "reports": {R.OFFICE, R.LEADER},
    "dashboard": {R.OFFICE, R.LEADER},
}
PAGE_NAMES = {
    "campaigns": _("创建活动"), "assignments": _("任务分工"), "assessment": _("考评评选"), "ledger": _("问题台账"),
    "intake": _("意见投诉"), "units": _("单位"), "people": _("人员"), "audit": _("审计日志"),
    "learning": _("学法普法"), "enforcement": _("依法行政"),
    "indicators": _("指标"), "reports": _("报告与公文"), "dashboard": _("领导看板"),
}
ROLE_NOT_ALLOWED = _("您的角色（{roles}）不使用“{page}”。如需办理，请联系本单位的领导小组办公室。")


def roles_of(user) -> set[str]:
    return {g.role for g in grants_of(user)}


def pages_for(user) -> set[str]:
    """The pages this user may open; the menu shows exactly these."""
    if is_unrestricted(user):
        return set(PAGE_ROLES)
    roles = roles_of(user)
    return {page for page, allowed in PAGE_ROLES.items() if roles & allowed}


def may_use(user, page: str) -> bool:
    return page in pages_for(user)


def page_for_roles(page: str):
    """A page only the roles of PAGE_ROLES[page] use; the others get a 403 page saying so."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not may_use(request.user, page):
                labels = dict(Role.choices)
                roles = "、".join(str(labels[r]) for r in sorted(roles_of(request.user))) or str(_("未分配角色"))
                reason = str(ROLE_NOT_ALLOWED).format(roles=roles, page=PAGE_NAMES[page])
                return render(request, "403.html", {"reason": reason}, status=403)
            return view(request, *args, **kwargs)

        return login_required(wrapper)

    return decorate
