"""Form widgets are rendered by Django's Jinja2 widget templates (settings.FORM_RENDERER): the
same markup as the template language's, field for field, bound or not, with errors; the admin's
widgets, which only the template language has, still render."""

import re

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates, Jinja2, get_default_renderer
from django.urls import reverse

from fazhi.campaigns.forms import AssignmentFilterForm
from fazhi.core.renderers import WidgetRenderer
from fazhi.org.models import Unit

pytestmark = pytest.mark.django_db


def _markup(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", str(html))).strip()


class _Every(forms.Form):
    text = forms.CharField(label="名称", max_length=5)
    number = forms.IntegerField(label="数量", required=False)
    day = forms.DateField(label="日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label="类别", choices=[("a", "甲"), ("b", "乙")], widget=forms.RadioSelect)
    many = forms.MultipleChoiceField(label="多选", choices=[("1", "一"), ("2", "二")], required=False,
                                     widget=forms.CheckboxSelectMultiple)
    yes = forms.BooleanField(label="同意", required=False)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea)
    file = forms.FileField(label="附件", required=False)


def test_the_product_renders_widgets_with_jinja2_and_the_admins_with_the_template_language():
    renderer = get_default_renderer()
    assert settings.FORM_RENDERER == "fazhi.core.renderers.WidgetRenderer" and isinstance(renderer, WidgetRenderer)
    assert "jinja2" in type(renderer.get_template("django/forms/widgets/select.html")).__module__
    assert "jinja2" not in type(renderer.get_template("admin/widgets/related_widget_wrapper.html")).__module__


def test_an_admin_page_with_related_widgets_renders(admin_client):
    for name in ("admin:org_unit_add", "admin:auth_group_add", "admin:core_statutoryday_add"):
        r = admin_client.get(reverse(name))
        assert r.status_code == 200 and "<select" in r.content.decode(), name


@pytest.mark.parametrize("data", [None, {"text": "超过五个字的名称", "number": "x", "kind": "c", "many": ["1"], "yes": "on"}])
def test_every_widget_renders_as_the_template_language_renders_it(data):
    jinja, django = _Every(data, renderer=Jinja2()), _Every(data, renderer=DjangoTemplates())
    if data:
        assert not jinja.is_valid() and not django.is_valid()
    for name in _Every.base_fields:
        assert _markup(jinja[name]) == _markup(django[name]), name
        assert _markup(jinja[name].label_tag()) == _markup(django[name].label_tag())
        assert _markup(jinja[name].errors) == _markup(django[name].errors)
    assert _markup(jinja.as_div()) == _markup(django.as_div())


def test_the_assignment_filter_bar_is_unchanged():
    args = {"campaigns": [], "units": Unit.objects.none(), "phases": []}
    data = {"q": "法律顾问", "status": "in_progress", "colour": "red", "ordering": "-due"}
    jinja = AssignmentFilterForm(data, renderer=Jinja2(), **args)
    django = AssignmentFilterForm(data, renderer=DjangoTemplates(), **args)
    for name in ("q", "unit", "unit_kind", "status", "colour", "ordering", "task"):
        assert _markup(jinja[name]) == _markup(django[name]), name
    assert 'value="red" selected' in _markup(jinja["colour"])
