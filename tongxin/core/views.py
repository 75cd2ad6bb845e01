from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from tongxin.grid import home as grid_home
from tongxin.hazards import selectors as hazard_selectors
from tongxin.people import selectors as people_selectors
from tongxin.people.scoping import is_staff_member, role_assignments
from tongxin.voice import selectors as voice_selectors


@login_required
def home(request):
    person = request.user
    context = {
        "person": person,
        "roles": role_assignments(person),
        "is_staff_member": is_staff_member(person),
    }
    if context["is_staff_member"]:
        context["reach_summary"] = people_selectors.reach_summary(person)
    context["voice"] = voice_selectors.home_summary(person)
    context["hazards"] = hazard_selectors.home_summary(person)
    context["grid"] = grid_home.home_summary(person)
    return render(request, "core/home.html", context)


def healthz(request):
    """For load balancers and the run script: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
