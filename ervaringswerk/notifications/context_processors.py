def unread_notifications(request):
    """The unread count in the header; only for signed-in people with a municipality. Counted once per
    request: panels rendered with the request run the context processors again."""
    viewer = getattr(request, "viewer", None)
    if viewer is None or not viewer.is_authenticated or viewer.membership is None:
        return {}
    if not hasattr(request, "_ew_unread_notifications"):
        from .selectors import unread_count

        request._ew_unread_notifications = unread_count(viewer=viewer)
    return {"unread_notifications": request._ew_unread_notifications}
