from django.conf import settings

from .scoping import grants_of


def fazhi(request):
    """What every page's frame needs: the product name and the user's roles for the menu."""
    roles, pages = set(), set()
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        # core imports no product app at module level; the menu's table lives with the roles in org.
        from fazhi.org.access import pages_for, roles_of

        roles, pages = roles_of(user), pages_for(user)
    return {"fazhi_roles": roles, "fazhi_pages": pages, "fazhi_debug": settings.DEBUG}
