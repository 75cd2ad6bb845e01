from .registry import menu_for


def navigation(request):
    """The navigation items every area declares (core.registry) that the person's roles
    allow, and the unread count of the bell (one COUNT query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_desk": False, "unread_notifications": 0}
    from .notify import unread_count

    items = menu_for(user)
    return {
        "nav_items": items,
        "nav_desk": any(item.desk for item in items),
        "unread_notifications": unread_count(user),
    }
