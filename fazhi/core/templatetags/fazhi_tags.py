from django import template
from django.utils import translation

from fazhi.core.formats import cn_date

register = template.Library()


@register.filter(expects_localtime=True)
def cndate(value):
    """2018年5月2日 in Chinese, 2018-05-02 in any other language."""
    if value is None or value == "":
        return ""
    if translation.get_language() and translation.get_language().startswith("zh"):
        return cn_date(value)
    return value.strftime("%Y-%m-%d")


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs):
    """The current query string with some parameters replaced (for sort and page links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode() if params else "?"
