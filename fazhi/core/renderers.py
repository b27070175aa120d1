"""The form renderer of the product (settings.FORM_RENDERER).

Django's widget templates rendered by Jinja2: the same markup as the template language's, at a
fraction of its time (it rendered each option of a select as a template of its own: a third of
a list page's time went on its filter bar). A template that exists only for the template
language (the admin's widget wrappers) is rendered by it, as before.
"""

from __future__ import annotations

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class WidgetRenderer(BaseRenderer):
    def __init__(self):
        self._jinja2, self._django = Jinja2(), DjangoTemplates()

    def get_template(self, template_name):
        try:
            return self._jinja2.get_template(template_name)
        except TemplateDoesNotExist:
            return self._django.get_template(template_name)
