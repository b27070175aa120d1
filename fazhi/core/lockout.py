"""Login lock-out (django-axes) by user name at an address, and by address across user names.

Axes locks the pair (user name, address) after AXES_FAILURE_LIMIT failures: five wrong
passwords typed by a stranger lock `office` out at the stranger's address only, and the real
office logs in from its own (then passes its second factor, if it has one). One address
trying many user names is locked too, past FAZHI_LOGIN_ADDRESS_LIMIT failures in the same
30 minutes: higher, because a whole office may sit behind one address.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.attempts import get_cool_off_threshold
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def address_failures(ip_address: str | None, request) -> int:
    """Failed logins from this address within the cool-off time, whatever the user name."""
    if not ip_address:
        return 0
    recent = AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=get_cool_off_threshold(request))
    return recent.aggregate(n=Sum("failures_since_start"))["n"] or 0


class LockoutHandler(AxesDatabaseHandler):
    def _address_locked(self, request) -> bool:
        return address_failures(getattr(request, "axes_ip_address", None), request) >= settings.FAZHI_LOGIN_ADDRESS_LIMIT

    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or self._address_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        # Axes decides the lock-out response here from the pair's count; the address's count is added.
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not getattr(request, "axes_locked_out", False) and self._address_locked(request):
            request.axes_locked_out = True
