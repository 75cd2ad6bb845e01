from .registry import menu_for

# How many of a person's own entries the bar holds on one line at a desk; the rest go
# under 更多 (which opens in place in a phone's folded menu). Every area adds an entry, and
# a worker who is also a Party member and a patrol reached nine, wider than 1366 px.
NAV_BAR_ITEMS = 6


def navigation(request):
    """The navigation items every area declares (core.registry) that the person's roles
    allow, and the unread count of the bell (one COUNT query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_bar": [], "nav_more": [], "nav_desk": [], "unread_notifications": 0}
    from .notify import unread_count

    items = menu_for(user)
    own = [item for item in items if not item.desk]
    return {
        "nav_bar": own[:NAV_BAR_ITEMS],
        "nav_more": own[NAV_BAR_ITEMS:],
        "nav_desk": [item for item in items if item.desk],
        "unread_notifications": unread_count(user),
    }
