"""The admin login's answer once django-axes has locked an account out."""

import math

from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a login refused for too many failures (``AXES_LOCKOUT_CALLABLE``):
    the admin's own page (its header and title, not Django's defaults), saying how many
    minutes the lock lasts (``AXES_COOLOFF_MINUTES``)."""
    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "title": gettext("Too many failed logins"),
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_minutes": math.ceil(cool_off.total_seconds() / 60) if cool_off else None,
    }
    return render(request, "admin/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
