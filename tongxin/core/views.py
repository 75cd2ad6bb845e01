from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone

from tongxin.people.scoping import role_assignments

from .registry import home_panels


@login_required
def home(request):
    """The greeting, the person's roles, and every registered area's panel."""
    person = request.user
    context = {
        "person": person,
        "roles": role_assignments(person),
        "panels": home_panels(person, timezone.localdate()),
    }
    return render(request, "core/home.html", context)


def healthz(request):
    """For load balancers and the run script: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
