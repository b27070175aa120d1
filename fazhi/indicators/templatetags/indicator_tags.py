from decimal import Decimal

from django import template

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
