"""The campaign page's quota section as the apps above campaigns fill it in: the assessment
app knows how many units each county has nominated and who strives for what, campaigns does
not. An app registers a builder from its AppConfig.ready(); without one the page lists the
quotas alone."""

from __future__ import annotations

from collections.abc import Callable

_QUOTA_SECTION: list[Callable] = []


def register_quota_section(build: Callable) -> None:
    """build(user, campaign) -> {"template": str, "context": dict} | None."""
    if build not in _QUOTA_SECTION:
        _QUOTA_SECTION.append(build)


def quota_section(user, campaign) -> dict | None:
    for build in _QUOTA_SECTION:
        built = build(user, campaign)
        if built:
            return built
    return None
