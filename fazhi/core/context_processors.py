from django.conf import settings


def fazhi(request):
    """What every page's frame needs: the product name and the user's roles for the menu."""
    roles = set()
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from fazhi.org.scoping import grants_of

        roles = {g.role for g in grants_of(user)}
    return {"fazhi_roles": roles, "fazhi_debug": settings.DEBUG}
