"""Small pieces the campaign pages repeat: colour and status badges, sortable headers."""

from django import template
from django.utils.html import format_html

from fazhi.campaigns.choices import AssignmentStatus, Colour, ReportStatus

register = template.Library()

STATUS_CSS = {
    AssignmentStatus.NOT_STARTED: "text-bg-light border",
    AssignmentStatus.IN_PROGRESS: "text-bg-primary",
    AssignmentStatus.PENDING_REVIEW: "text-bg-info",
    AssignmentStatus.RETURNED: "text-bg-warning",
    AssignmentStatus.DONE: "text-bg-success",
    ReportStatus.SUBMITTED: "text-bg-info",
    ReportStatus.ACCEPTED: "text-bg-success",
}


@register.simple_tag
def colour_badge(colour):
    label = dict(Colour.choices).get(colour, "")
    return format_html('<span class="badge rounded-pill colour-{0} colour-badge"><span class="dot dot-{0}"></span> {1}</span>',
                       colour, label)


@register.simple_tag
def status_badge(status, label):
    return format_html('<span class="badge {}">{}</span>', STATUS_CSS.get(status, "text-bg-secondary"), label)


@register.simple_tag(takes_context=True)
def sort_link(context, key, label, target=""):
    """A column header that sorts by `key`, and reverses when it already does."""
    current = context.get("ordering") or ""
    params = context["request"].GET.copy()
    params.pop("page", None)
    params["ordering"] = f"-{key}" if current == key else key
    href = "?" + params.urlencode()
    arrow = "bi-caret-up-fill" if current == key else "bi-caret-down-fill" if current == f"-{key}" else "bi-arrow-down-up text-muted"
    if target:
        return format_html('<a class="sort-link" href="{0}" hx-get="{0}" hx-target="{1}" hx-push-url="true">{2} <i class="bi {3} small"></i></a>',
                           href, target, label, arrow)
    return format_html('<a class="sort-link" href="{0}">{1} <i class="bi {2} small"></i></a>', href, label, arrow)


@register.simple_tag
def page_numbers(page):
    """Page numbers around the current one, with … for the gaps."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.filter
def colour_label(colour):
    return dict(Colour.choices).get(colour, "")
