from django.conf import settings

from .scoping import grants_of


def fazhi(request):
    """What every page's frame needs: the user's roles for the menu, and whether this is development."""
    roles = set()
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        roles = {g.role for g in grants_of(user)}
    return {"fazhi_roles": roles, "fazhi_debug": settings.DEBUG}
