"""The one unit chooser of every form: a select that renders only the unit chosen, and a script
(org/unit-chooser.js) that searches the caller's scoped units API as one types.

A province holds some 20,000 units; a select listing every one of them weighed 1.8 MB on each
list page. The chooser's page weight no longer grows with the tree: the choices come from
`/api/units/?search=…` (scoped like every read), and the form still validates the chosen id
against its own queryset, so that a unit outside the form's scope is refused as before.
"""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Unit

SEARCH_PLACEHOLDER = _("输入单位名称搜索")
NO_MATCH = _("没有匹配的单位")
CLEAR = _("清除")


class UnitChooser(forms.Select):
    """A select holding only the chosen unit(s); `params` narrow the search (e.g. {"kind": "window"})."""

    def __init__(self, attrs=None, *, params: dict | None = None, url=None, search_param: str = "search"):
        super().__init__(attrs)
        self.params = dict(params or {})
        self.url, self.search_param = url, search_param

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.params = dict(self.params)
        copy.url, copy.search_param = self.url, self.search_param
        return copy

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs.setdefault("class", "form-select")
        attrs["data-unit-chooser"] = ""
        attrs["data-url"] = str(self.url or reverse("api:unit-list"))
        attrs["data-search-param"] = self.search_param
        if self.params:
            attrs["data-params"] = "&".join(f"{k}={v}" for k, v in self.params.items())
        attrs["data-placeholder"] = str(SEARCH_PLACEHOLDER)
        attrs["data-no-match"] = str(NO_MATCH)
        attrs["data-clear"] = str(CLEAR)
        return attrs

    def optgroups(self, name, value, attrs=None):
        everything = self.choices
        self.choices = self._chosen(everything, value)
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = everything

    def _chosen(self, choices, value) -> list:
        chosen = {str(v) for v in value if v not in (None, "")}
        if isinstance(choices, ModelChoiceIterator):
            field = choices.field
            out = [("", field.empty_label)] if field.empty_label is not None and not self.allow_multiple_selected else []
            ids = [v for v in chosen if v.isdigit()]
            if ids:
                out += [(ModelChoiceIteratorValue(field.prepare_value(u), u), field.label_from_instance(u))
                        for u in choices.queryset.filter(pk__in=ids).order_by("path")]
            return out
        return [(k, v) for k, v in choices if (str(k) == "" and not self.allow_multiple_selected) or str(k) in chosen]


class UnitMultipleChooser(UnitChooser, forms.SelectMultiple):
    allow_multiple_selected = True


def as_queryset(units) -> QuerySet:
    """The units a field accepts, as a queryset (a list already loaded becomes a filter on its ids)."""
    if units is None:
        return Unit.objects.none()
    if isinstance(units, QuerySet):
        return units
    return Unit.objects.filter(pk__in=[u.pk for u in units])


class UnitField(forms.ModelChoiceField):
    """A unit out of the form's queryset, chosen through the search-as-you-type chooser.
    `as_pk`: the cleaned value is the unit's id (filter forms that pass ids to a selector)."""

    widget = UnitChooser

    def __init__(self, *, queryset=None, as_pk: bool = False, **kwargs):
        kwargs.setdefault("empty_label", _("（请选择）"))
        super().__init__(queryset=as_queryset(queryset), **kwargs)
        self.as_pk = as_pk

    def set_units(self, units) -> None:
        self.queryset = as_queryset(units)

    def label_from_instance(self, obj):
        return obj.name

    def to_python(self, value):
        unit = super().to_python(value)
        return unit.pk if self.as_pk and unit is not None else unit


class UnitMultipleField(forms.ModelMultipleChoiceField):
    widget = UnitMultipleChooser

    def __init__(self, *, queryset=None, **kwargs):
        super().__init__(queryset=as_queryset(queryset), **kwargs)

    def set_units(self, units) -> None:
        self.queryset = as_queryset(units)

    def label_from_instance(self, obj):
        return obj.name


def use_unit_chooser(field: forms.ModelChoiceField, units, *, empty_label=None, url=None, search_param="search") -> None:
    """Turn a form's unit field (single or multiple) into the chooser over `units`; `url` and
    `search_param` name another search API (the public portal's, for people without an account)."""
    multiple = isinstance(field, forms.ModelMultipleChoiceField)
    attrs = {k: v for k, v in field.widget.attrs.items() if k not in ("size",)}
    field.widget = (UnitMultipleChooser if multiple else UnitChooser)(attrs=attrs, url=url, search_param=search_param)
    field.label_from_instance = lambda u: u.name
    if empty_label is not None:
        field.empty_label = empty_label
    field.queryset = as_queryset(units)  # also hands the widget its (lazy) choices
