"""The 30-minute idle timeout without a write on every request.

Each request used to save the session (SESSION_SAVE_EVERY_REQUEST) so that the idle time started
again: an UPDATE and a COMMIT of the session row on every page and API call, read-only or not,
10–25 ms of each on PostgreSQL. Now the end is pushed back when the last push is at least
TOUCH_EVERY seconds old, so a session is kept for at least SESSION_COOKIE_AGE - TOUCH_EVERY
seconds of idle time (29½ of the 30 minutes) and ends at most SESSION_COOKIE_AGE after the last
request, as before.
"""

from __future__ import annotations

import time

TOUCH_EVERY = 30
TOUCHED_KEY = "_fazhi_touched"


class IdleSessionMiddleware:
    """After the view: mark the session modified (SessionMiddleware then saves it with a new expiry
    date) when it belongs to a signed-in user and was last pushed back TOUCH_EVERY seconds ago."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is None or session.modified or user is None or not user.is_authenticated:
            return response
        if session.is_empty():  # signed in without a session (an API token): nothing to push back, nor to create
            return response
        now = int(time.time())
        if now - int(session.get(TOUCHED_KEY, 0)) >= TOUCH_EVERY:
            session[TOUCHED_KEY] = now
        return response


def touched_at_login(sender, request, user, **kwargs) -> None:
    """Signing in saves the session with a fresh expiry: the first requests after it need not."""
    session = getattr(request, "session", None)
    if session is not None:
        session[TOUCHED_KEY] = int(time.time())


def connect() -> None:
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.connect(touched_at_login, dispatch_uid="core.sessions.login")
