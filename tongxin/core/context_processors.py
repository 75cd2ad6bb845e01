from .navigation import items_for


def navigation(request):
    """The navigation items, and the unread count of the bell (one COUNT query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_desk": False, "unread_notifications": 0}
    from .notify import unread_count

    items = items_for(user)
    return {
        "nav_items": items,
        "nav_desk": any(item.desk for item in items),
        "unread_notifications": unread_count(user),
    }
