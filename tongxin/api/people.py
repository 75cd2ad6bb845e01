"""Organisations and people (SPEC §1), read-only, scoped like the staff pages.

Every read goes through `tongxin.people.selectors`, which already limits it to the
viewer's reach; an id outside it is a 404, exactly as on the pages. The lists and the
organisation endpoints are staff endpoints: a person who holds no office gets 404, as
`people.views.staff_required` does for the pages. A person's own card is open to them.
"""

from __future__ import annotations

from math import ceil

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from ninja import Path, Query, Router

from tongxin.people import selectors
from tongxin.people.models import Organisation, Person, Tree
from tongxin.people.scoping import (
    can_see_contact,
    can_see_id_number,
    is_staff_member,
    mask_id_number,
    mask_phone,
)

from .schemas import Error, OrgDetail, OrgPage, PersonDetail, PersonPage, ValidationErrorOut

router = Router(tags=["组织与人员"])

# Ids are 64-bit; a larger number cannot name anything.
MAX_ID = 2**63 - 1
MAX_PAGE = 100_000
ERRORS = {401: Error, 403: Error, 404: Error, 422: ValidationErrorOut}

OrgId = Path(..., ge=1, le=MAX_ID, description="组织编号")
PageNo = Query(1, ge=1, le=MAX_PAGE, description="页码，从 1 开始；每页 50 条")
PersonId = Path(..., ge=1, le=MAX_ID, description="人员编号")
TreeParam = Query(Tree.UNIT, description="哪棵树：unit 行政单位 / party 党组织 / union 工会组织")
SearchText = Query(
    "",
    max_length=40,
    pattern=r"^[^\x00-\x1f\x7f]*$",  # no control characters (PostgreSQL rejects NUL)
    description="姓名、工号或拼音首字母；最多 40 个字",
)
UnitFilter = Query(None, ge=1, le=MAX_ID, description="只查此行政单位（含下级）的人员，填组织编号")


def require_staff(person: Person) -> None:
    if not is_staff_member(person):
        raise Http404


def page_of(queryset: QuerySet, page: int) -> tuple[dict, list]:
    """One page of a list: a count and a slice, two queries whatever the size of the list."""
    per_page = settings.NINJA_PAGINATION_PER_PAGE
    count = queryset.count()
    offset = (page - 1) * per_page
    items = list(queryset[offset : offset + per_page]) if offset < count else []
    return {"count": count, "page": page, "pages": max(1, ceil(count / per_page))}, items


# --- Building the responses -----------------------------------------------------


def org_ref(org: Organisation | None) -> dict | None:
    if org is None:
        return None
    return {"id": org.pk, "name": org.name, "kind": org.kind, "tree": org.tree}


def org_out(org: Organisation) -> dict:
    return {
        **org_ref(org),
        "kind_label": str(org.get_kind_display()),
        "tree_label": str(org.get_tree_display()),
        "depth": org.depth,
        "is_active": org.is_active,
        "unit": org_ref(org.unit),
    }


def person_row(viewer: Person, person: Person) -> dict:
    """A list row; phone and ID number masked by the scoping rules."""
    phone = person.phone
    if phone and not can_see_contact(viewer, person):
        phone = mask_phone(phone)
    id_number = person.id_number
    if id_number and not can_see_id_number(viewer, person):
        id_number = mask_id_number(id_number)
    return {
        "id": person.pk,
        "employee_no": person.employee_no,
        "name": person.name,
        "unit": org_ref(person.unit),
        "post": person.post,
        "phone": phone,
        "id_number": id_number,
        "political_status": person.political_status,
        "political_status_label": str(person.get_political_status_display()),
        "union_member": person.union_member,
        "is_active": person.is_active,
    }


def person_detail(viewer: Person, person: Person) -> dict:
    """A person's card, from the same selector as the page (masks included)."""
    card = selectors.person_card(viewer, person)
    return {
        **person_row(viewer, person),
        "phone": card["phone"],
        "id_number": card["id_number"],
        "party_org": org_ref(person.party_org),
        "union_org": org_ref(person.union_org),
        "skill_grade": person.skill_grade,
        "skill_grade_label": str(person.get_skill_grade_display()),
        "hire_date": person.hire_date,
        "unit_path": [org_ref(org) for org in card["unit_path"]],
        "roles": [
            {
                "role": assignment.role,
                "role_label": str(assignment.get_role_display()),
                "organisation": org_ref(assignment.organisation),
            }
            for assignment in card["roles"]
        ],
        "certificates": [
            {
                "name": c.name,
                "number": c.number,
                "issued_on": c.issued_on,
                "valid_until": c.valid_until,
            }
            for c in card["certificates"]
        ],
    }


# --- Organisations ----------------------------------------------------------------


@router.get(
    "/orgs",
    response={200: OrgPage, **ERRORS},
    summary="可见范围的顶层组织",
    description="本人职务覆盖范围在所选树中的顶层组织，由此逐级浏览。仅限担任职务的人员。",
)
def org_roots(request, tree: Tree = TreeParam, page: int = PageNo):
    viewer = request.auth
    require_staff(viewer)
    roots = selectors.reach_roots(viewer, tree).select_related("unit").order_by("path")
    meta, items = page_of(roots, page)
    return {**meta, "items": [org_out(org) for org in items]}


@router.get(
    "/orgs/{org_id}",
    response={200: OrgDetail, **ERRORS},
    summary="一个组织",
    description="组织的基本信息、可见的上级和人数。不在本人范围内的组织返回 404。",
)
def org_detail(request, org_id: int = OrgId):
    viewer = request.auth
    require_staff(viewer)
    org = selectors.org_for_viewer(viewer, org_id)
    return {
        **org_out(org),
        "breadcrumbs": [org_ref(o) for o in selectors.org_breadcrumbs(viewer, org)],
        "headcount": selectors.org_headcount(viewer, org),
    }


@router.get(
    "/orgs/{org_id}/children",
    response={200: OrgPage, **ERRORS},
    summary="组织的直接下级",
    description="按树中顺序分页列出。不在本人范围内的组织返回 404。",
)
def org_children(request, org_id: int = OrgId, page: int = PageNo):
    viewer = request.auth
    require_staff(viewer)
    org = selectors.org_for_viewer(viewer, org_id)
    children = selectors.org_children(viewer, org).select_related("unit")
    meta, items = page_of(children, page)
    return {**meta, "items": [org_out(child) for child in items]}


# --- People -----------------------------------------------------------------------


@router.get(
    "/people",
    response={200: PersonPage, **ERRORS},
    summary="查找人员",
    description=(
        "在本人职务覆盖范围内按姓名、工号或拼音首字母（如 zs 查张三）查找，按工号排序、分页。"
        "手机号、身份证号按查看者的职责脱敏。仅限担任职务的人员。"
    ),
)
def people_search(request, q: str = SearchText, unit: int | None = UnitFilter, page: int = PageNo):
    viewer = request.auth
    require_staff(viewer)
    unit_org = None
    if unit is not None:
        unit_org = selectors.org_for_viewer(viewer, unit)
        if unit_org.tree != Tree.UNIT:
            raise Http404
    people = selectors.search_people(viewer, q, unit_org)
    meta, items = page_of(people, page)
    return {**meta, "items": [person_row(viewer, person) for person in items]}


@router.get(
    "/people/{person_id}",
    response={200: PersonDetail, **ERRORS},
    summary="一个人员的信息卡",
    description="本人可随时查看自己；他人须在本人职务覆盖范围内，否则返回 404。",
)
def person_card(request, person_id: int = PersonId):
    viewer = request.auth
    person = selectors.person_for_viewer(viewer, person_id)
    return person_detail(viewer, person)
