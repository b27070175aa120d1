"""Messages of core shared by the apps above it; tests assert on these constants."""

from django.utils.translation import gettext_lazy as _

# One answer for a missing object and for one outside the caller's scope: never a probe.
NOT_FOUND = _("找不到该记录，或您无权查看。")
