"""The audit log page: office only, scoped to the office's subtree, filtered, paginated,
each row's before/after shown as a diff with the changed fields highlighted."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from fazhi.audit import selectors

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
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: "　" * u.depth + u.name
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
    from .models import Unit
    from .scoping import is_unrestricted, office_paths, visible_units

    units = visible_units(request.user, roles=[Role.OFFICE])
    if not is_unrestricted(request.user) and not units.exists():
        return render(request, "core/forbidden.html", {"reason": NOT_OFFICE}, status=403)
    form = AuditFilterForm(request.GET or None, units=units, actions=selectors.actions_seen(paths=office_paths(request.user)))
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(selectors.audit_list(paths=office_paths(request.user), filters=filters), PAGE_SIZE).get_page(request.GET.get("page"))
    unit_names = dict(Unit.objects.filter(path__in={e.unit_path for e in page if e.unit_path}).values_list("path", "name"))
    rows = [{
        "entry": e, "action": selectors.action_label(e.action), "type": selectors.object_type_label(e.object_type),
        "unit": unit_names.get(e.unit_path, ""), "changes": selectors.diff(e),
        "kind": "update" if e.before is not None and e.after is not None else ("create" if e.after is not None else "delete"),
    } for e in page]
    return render(request, "audit/list.html", {
        "form": form, "page": page, "rows": rows,
        "filtered": any(v not in (None, "") for v in filters.values()),
    })
