"""Staff pages: the organisation tree, finding people, a person's card."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.accounts import services as account_services
from tongxin.core.access import area_required
from tongxin.core.http import client_ip

from . import selectors
from .models import Role, Tree
from .scoping import has_role, is_staff_member, reach_of

PAGE_SIZE = 50


# Staff pages are for people who hold an office; others get 404, not a hint.
staff_required = area_required(is_staff_member)


@staff_required
def tree(request):
    tree_kind = request.GET.get("tree", Tree.UNIT)
    if tree_kind not in Tree.values:
        tree_kind = Tree.UNIT
    roots = selectors.reach_roots(request.user, tree_kind).select_related("unit")
    return render(
        request,
        "people/tree.html",
        {"roots": roots, "tree_kind": tree_kind, "trees": Tree.choices},
    )


@staff_required
def org_detail(request, pk: int):
    org = selectors.org_for_viewer(request.user, pk)
    children = selectors.org_children(request.user, org).select_related("unit")
    context = {
        "org": org,
        "breadcrumbs": selectors.org_breadcrumbs(request.user, org),
        "children": children,
        "holders": org.role_holders.select_related("person").order_by("role"),
        "headcount": selectors.org_headcount(request.user, org),
    }
    if request.htmx and request.GET.get("fragment") == "children":
        return render(request, "people/org_detail.html#children", context)
    return render(request, "people/org_detail.html", context)


@staff_required
def person_list(request):
    viewer = request.user
    query = request.GET.get("q", "")[:40]
    unit = None
    if request.GET.get("unit", "").isdigit():
        unit = selectors.org_for_viewer(viewer, int(request.GET["unit"]))
        if unit.tree != Tree.UNIT:
            raise Http404
    people = selectors.search_people(viewer, query, unit)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.person_rows(viewer, page.object_list)
    context = {"page": page, "rows": rows, "query": query, "unit": unit}
    if request.htmx:
        return render(request, "people/person_list.html#results", context)
    return render(request, "people/person_list.html", context)


@login_required
def person_detail(request, pk: int):
    viewer = request.user
    person = selectors.person_for_viewer(viewer, pk)
    context = {
        "card": selectors.person_card(viewer, person),
        "person": person,
        "can_issue_password": person.pk != viewer.pk
        and reach_of(viewer, {Role.ADMIN}).covers(person.unit),
    }
    return render(request, "people/person_detail.html", context)


@login_required
def me(request):
    return redirect("people:detail", pk=request.user.pk)


@login_required
@require_POST
def person_issue_password(request, pk: int):
    viewer = request.user
    person = selectors.person_for_viewer(viewer, pk)
    if not has_role(viewer, Role.ADMIN) or not reach_of(viewer, {Role.ADMIN}).covers(person.unit):
        raise PermissionDenied
    codes = account_services.issue_initial_passwords(
        actor=viewer, people=[person], ip=client_ip(request)
    )
    messages.warning(
        request,
        _("已为%(name)s重置初始密码：%(code)s（只显示这一次，请当面交给本人；首次登录须修改）")
        % {"name": person.name, "code": codes[person.employee_no]},
    )
    return redirect("people:detail", pk=person.pk)
