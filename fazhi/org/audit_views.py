"""The audit log page: office only, scoped to the office's subtree, filtered, paginated,
each row's before/after shown as a diff with the changed fields highlighted."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from fazhi.audit import selectors
from fazhi.core.keyset import keyset_page

from .widgets import use_unit_chooser

PAGE_SIZE = 25
NOT_OFFICE = _("只有领导小组办公室可以查看审计日志。")
BAD_RANGE = _("起始日期不能晚于截止日期。")


class AuditFilterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("单位（含下级）"), queryset=None, required=False, empty_label=_("全部单位"))
    object_type = forms.ChoiceField(label=_("对象类型"), required=False)
    action = forms.ChoiceField(label=_("操作"), required=False)
    actor = forms.CharField(label=_("操作人"), required=False, widget=forms.TextInput(attrs={"placeholder": _("姓名或账号"), "type": "search"}))
    date_from = forms.DateField(label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, units, actions, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        use_unit_chooser(self.fields["unit"], units)
        self.fields["object_type"].choices = [("", _("全部类型"))] + selectors.object_type_choices()
        self.fields["action"].choices = [("", _("全部操作"))] + [(a, selectors.action_label(a)) for a in actions]
        for f in self.fields.values():
            f.widget.attrs.setdefault("class", "form-select" if isinstance(f.widget, forms.Select) else "form-control")

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(BAD_RANGE)
        return data


@login_required
def audit_list(request):
    from .choices import Role
    from .scoping import is_unrestricted, office_paths, visible_units

    units = visible_units(request.user, roles=[Role.OFFICE])
    if not is_unrestricted(request.user) and not units.exists():
        return render(request, "core/forbidden.html", {"reason": NOT_OFFICE}, status=403)
    form = AuditFilterForm(request.GET or None, units=units, actions=selectors.actions_seen(paths=office_paths(request.user)))
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.audit_list(paths=office_paths(request.user), filters=filters)
    if request.GET.get("export") == "xlsx":
        return _export(qs[:EXPORT_LIMIT])
    # Newest first, a page at a time from the last row seen: as fast on the thousandth page as on the first.
    page = keyset_page(qs, size=PAGE_SIZE, before=request.GET.get("before"), after=request.GET.get("after"))
    params = request.GET.copy()
    for key in ("page", "before", "after"):
        params.pop(key, None)
    base = params.urlencode()
    params["export"] = "xlsx"
    return render(request, "audit/list.html", {
        "form": form, "page": page, "rows": _rows(list(page)), "export_query": params.urlencode(), "page_query": base,
        "filtered": any(v not in (None, "") for v in filters.values()),
    })


EXPORT_LIMIT = 20000  # one sheet a person can still open; narrow the filters for more


def _rows(entries) -> list[dict]:
    from .models import Unit

    unit_names = dict(Unit.objects.filter(path__in={e.unit_path for e in entries if e.unit_path}).values_list("path", "name"))
    names = selectors.related_names(entries)
    return [{
        "entry": e, "action": selectors.action_label(e.action), "type": selectors.object_type_label(e.object_type),
        "unit": unit_names.get(e.unit_path, ""), "changes": selectors.diff(e, names), "url": selectors.object_url(e),
        "kind": "update" if e.before is not None and e.after is not None else ("create" if e.after is not None else "delete"),
    } for e in entries]


def _export(qs):
    """The filtered log as an Excel ledger: local time, translated actions, changed fields one per line."""
    from django.utils import timezone
    from django.utils.translation import gettext as _g

    from fazhi.core.excel import ledger_workbook, workbook_response
    from fazhi.core.workdays import today

    rows = []
    for row in _rows(list(qs)):
        e = row["entry"]
        changes = [c for c in row["changes"] if c.changed or row["kind"] != "update"]
        text = "\n".join(f"{c.label}：{c.before} → {c.after}" if row["kind"] == "update" else f"{c.label}：{c.after or c.before}"
                         for c in changes)
        rows.append([timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"), e.actor_name, row["action"], row["type"],
                     e.object_repr, row["unit"], text, e.ip or ""])
    headers = [_g("时间"), _g("操作人"), _g("操作"), _g("对象类型"), _g("对象"), _g("单位"), _g("修改内容"), _g("IP 地址")]
    title = _g("审计日志")
    return workbook_response(ledger_workbook(title=title, headers=headers, rows=rows), f"{title}-{today():%Y%m%d}.xlsx")
