from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from fazhi.campaigns.choices import Colour

register = template.Library()


@register.filter
def figure(value, kind):
    """A figure as people read it: a ratio in per cent with one decimal, a count as a whole number."""
    if value is None or value == "":
        return "—"
    value = Decimal(value)
    if kind == "ratio":
        return f"{(value * 100).quantize(Decimal('0.1'))}%"
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value.quantize(Decimal('0.01'))}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


# What a colour means for a rule, as opposed to a deadline: reached, not yet, missed.
VERDICTS = {Colour.GREEN: _("达标"), Colour.AMBER: _("尚未达标"), Colour.RED: _("未达标")}


@register.simple_tag
def verdict_badge(colour):
    """The colour badge of every page (same classes), labelled with what it means for a rule."""
    if not colour:
        return format_html('<span class="text-muted small">{}</span>', _("无数据"))
    return format_html('<span class="badge rounded-pill colour-{0} colour-badge"><span class="dot dot-{0}"></span> {1}</span>',
                       colour, VERDICTS.get(colour, ""))
