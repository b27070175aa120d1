from django.utils.functional import SimpleLazyObject


def unread(request):
    """The unread count for the top bar's badge, counted only if a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .selectors import unread_count

    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
