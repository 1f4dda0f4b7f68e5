def unread_notifications(request):
    """The unread count in the header; only for signed-in people with a municipality."""
    viewer = getattr(request, "viewer", None)
    if viewer is None or not viewer.is_authenticated or viewer.membership is None:
        return {}
    from .selectors import unread_count

    return {"unread_notifications": unread_count(viewer=viewer)}
