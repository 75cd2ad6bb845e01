"""Session idle timeout and the password policy, applied to every page request."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .services import password_expired

# How often a live session's expiry is pushed forward: once a minute rather than on
# every request, which would rewrite the session row each time.
TOUCH_SECONDS = 60
# Anonymous channels: a signed-in worker posting here must leave no trace in their
# session row (its timestamp would tie the submission to them), so it is not touched.
UNTOUCHED_PREFIXES = ("/voice/anonymous/", "/api/voice/anonymous")


class IdleTimeoutMiddleware:
    """Sign out a session that has been idle for SESSION_IDLE_MINUTES."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(UNTOUCHED_PREFIXES):
            return self.get_response(request)
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get("last_seen", now)
            if now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
                if request.path.startswith("/api/"):
                    # The API answers 401 in JSON itself; no redirect to a page.
                    return self.get_response(request)
                messages.info(request, _("长时间未操作，已自动退出，请重新登录。"))
                return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
            if now - last_seen >= TOUCH_SECONDS or "last_seen" not in request.session:
                request.session["last_seen"] = now
        return self.get_response(request)


class PasswordPolicyMiddleware:
    """Send people who must change their password to the change page, and nowhere else."""

    # The anonymous suggestion box works whatever the state of the account.
    ALLOWED_PREFIXES = (
        "/static/",
        "/accounts/password/",
        "/accounts/logout/",
        "/api/",
        "/voice/anonymous/",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not request.path.startswith(self.ALLOWED_PREFIXES):
            if user.must_change_password or password_expired(user):
                return redirect("accounts:password_change")
        return self.get_response(request)
