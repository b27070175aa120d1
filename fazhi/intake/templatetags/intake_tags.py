"""The campaign page's section of meetings and published complaint channels, drawn by the
intake app that owns them: the campaign page only includes the tag."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("intake/_campaign_section.html", takes_context=True)
def campaign_meetings_and_channels(context, campaign):
    return {"campaign": campaign, "meetings": selectors.campaign_meetings(campaign),
            "channels": selectors.campaign_channels(campaign), "request": context.get("request")}
