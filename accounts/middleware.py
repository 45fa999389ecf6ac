"""Puts who is looking on every request, so that views of every app can ask for it
without importing this app: ``request.viewer``."""

from django.utils.functional import SimpleLazyObject

from accounts.access import viewer_for


class ViewerMiddleware:
    """``request.viewer``: the request user's :class:`~accounts.access.Viewer`, computed on
    first use (a page that shows nothing personal runs no query for it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.viewer = SimpleLazyObject(lambda: viewer_for(request.user))
        return self.get_response(request)
