"""Care on a worker's phone: my needs and the service items for me, raising a need (提需求,
for myself, or as a grid member for a worker I cover), a service item's page (its owner
completes it there; the union cancels or reassigns it), and counselling — the
counsellors serving my unit with their free slots, booking one, my bookings, cancelling.

Thin: the views read what was posted, call a service, and show its Chinese message with
what the person typed when it refuses (400 bad input, 403 not theirs, 409 someone acted
first). Anything outside what the person may see is 404. Nothing here reads a
counselling note.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.access import OutOfScope
from tongxin.core.forms import all_messages, parse_date, posted, refusal, small_id
from tongxin.grid import member as grid_member
from tongxin.people.selectors import unit_labels

from . import selectors, services
from .access import (
    counsellor_of,
    counsellors_for,
    is_care_manager,
    item_for,
    may_complete_item,
    may_manage_item,
    open_surveys_for,
)
from .forms import TYPED_MAX, person_by_no, version_of
from .models import Booking, BookingState, ItemState, NeedCategory
from .services import Conflict

PAGE_SIZE = 20
REFUSALS = (ValidationError, PermissionDenied, Conflict)
MAX_COVERED = 200


def _page(request, queryset, name: str = "page"):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get(name))


@login_required
def home(request):
    """我的关爱: what I asked for and what is being done for me; the items I own."""
    person = request.user
    today = timezone.localdate()
    needs = _page(request, selectors.my_needs(person))
    items = list(selectors.items_for_person(person).filter(need__isnull=True)[:20])
    owned = _page(request, selectors.items_owned(person), "owned")
    for item in [*items, *owned.object_list]:
        item.overdue = item.state == ItemState.OPEN and item.deadline < today
    context = {
        "needs": needs,
        "items": items,
        "owned": owned,
        "surveys": list(open_surveys_for(person)[:5]),
        "is_manager": is_care_manager(person),
        "is_counsellor": counsellor_of(person) is not None,
        "today": today,
    }
    return render(request, "care/worker/home.html", context)


NEED_FIELDS = ("for", "category", "text", "survey")


@login_required
def need_new(request):
    """提需求: my own need, or one a grid member heard from a worker they cover; joined to
    the open survey of the unit when there is one."""
    person = request.user
    # The people the member covers, in 工号 order for the 提需求 form.
    covered = list(grid_member.covered_people(person).order_by("employee_no")[:MAX_COVERED])
    surveys = list(open_surveys_for(person)[:5])
    values, errors, status = {"survey": str(surveys[0].pk) if surveys else ""}, {}, 200
    if request.method == "POST":
        values = posted(request.POST, NEED_FIELDS, limit=TYPED_MAX)
        subject = person
        chosen = small_id(values["for"])
        if chosen and chosen != person.pk:
            subject = next((p for p in covered if p.pk == chosen), None)
            if subject is None:
                raise Http404
        survey = None
        if subject.pk == person.pk:
            survey = next((s for s in surveys if s.pk == small_id(values["survey"])), None)
        try:
            services.need_collect(
                actor=person,
                person=subject,
                category=values["category"],
                text=values["text"],
                survey=survey,
            )
        except REFUSALS as exc:
            errors, status = refusal(exc)
        else:
            if subject.pk == person.pk:
                messages.success(request, _("需求已提交，工会将转为服务项目并告诉您办理人。"))
            else:
                messages.success(request, _("已为 %(n)s 登记需求。") % {"n": subject.name})
            return redirect("care:home")
    labels = unit_labels({p.unit for p in covered})
    for p in covered:
        p.unit_label = labels.get(p.unit_id, "")
    context = {
        "values": values,
        "errors": errors,
        "error_list": all_messages(errors),
        "covered": covered,
        "surveys": surveys,
        "categories": NeedCategory.choices,
    }
    return render(request, "care/worker/need_new.html", context, status=status)


ITEM_FIELDS = ("result", "done_on", "reason", "owner_no", "deadline")


@login_required
def item(request, pk: int):
    """A service item: its owner completes it with the result; the union cancels or
    reassigns it; the worker it serves follows it."""
    viewer = request.user
    row = item_for(viewer, pk)
    values, errors, status, action = {}, {}, 200, ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        values = posted(request.POST, ITEM_FIELDS, limit=TYPED_MAX)
        version = version_of(request.POST)
        try:
            if action == "complete":
                done_on, ok = parse_date(values["done_on"])
                if not ok:
                    raise ValidationError({"done_on": _("完成日期的格式不对。")})
                services.item_complete(
                    actor=viewer,
                    item_id=row.pk,
                    version=version,
                    result=values["result"],
                    done_on=done_on,
                )
                messages.success(request, _("服务项目已办结。"))
            elif action == "cancel":
                services.item_cancel(
                    actor=viewer, item_id=row.pk, version=version, reason=values["reason"]
                )
                messages.success(request, _("服务项目已取消。"))
            elif action == "reassign":
                owner = person_by_no(values["owner_no"])
                deadline, ok = parse_date(values["deadline"])
                if owner is None:
                    raise ValidationError({"owner": _("请填写责任人的工号（本矿在职人员）。")})
                if not ok:
                    raise ValidationError({"deadline": _("完成期限的日期格式不对。")})
                services.item_reassign(
                    actor=viewer, item_id=row.pk, version=version, owner=owner, deadline=deadline
                )
                messages.success(request, _("已改派，并通知了新的责任人。"))
            else:
                raise Http404
            return redirect("care:item", pk=row.pk)
        except REFUSALS as exc:
            errors, status = refusal(exc)
        row = item_for(viewer, pk)
    today = timezone.localdate()
    row.overdue = row.state == ItemState.OPEN and row.deadline < today
    row.unit_label = unit_labels([row.organisation]).get(row.organisation_id, "")
    is_open = row.state == ItemState.OPEN
    context = {
        "item": row,
        "values": values,
        "errors": errors,
        "error_list": all_messages(errors),
        "action": action,
        "may_complete": is_open and may_complete_item(viewer, row),
        "may_manage": is_open and may_manage_item(viewer, row),
        "is_manager": may_manage_item(viewer, row),
        "today": today,
    }
    return render(request, "care/worker/item.html", context, status=status)


# --- counselling -----------------------------------------------------------------------------


def _counselling_page(request, *, errors=None, status=200):
    person = request.user
    counsellors = list(counsellors_for(person).select_related("person").order_by("pk")[:50])
    chosen = small_id(request.GET.get("counsellor"))
    if chosen not in {c.pk for c in counsellors}:
        chosen = None
    slots = _page(request, selectors.free_slots(person, chosen))
    bookings = _page(request, selectors.my_bookings(person), "mine")
    now = timezone.now()
    for booking in bookings.object_list:
        booking.cancellable = booking.state == BookingState.BOOKED and booking.slot.starts_at > now
    context = {
        "counsellors": counsellors,
        "chosen": chosen,
        "slots": slots,
        "bookings": bookings,
        "errors": errors or {},
        "error_list": all_messages(errors or {}),
        "is_counsellor": counsellor_of(person) is not None,
    }
    return render(request, "care/worker/counselling.html", context, status=status)


@login_required
def counselling(request):
    """心理疏导: the counsellors serving my unit, their free slots, and my bookings."""
    return _counselling_page(request)


@login_required
@require_POST
def book(request):
    """Book a free slot; a slot taken a moment ago is said so, and nothing is booked."""
    slot_id = small_id(request.POST.get("slot"))
    if slot_id is None:
        raise Http404
    try:
        booking = services.booking_make(actor=request.user, slot_id=slot_id)
    except OutOfScope:
        raise Http404 from None
    except REFUSALS as exc:
        errors, status = refusal(exc)
        return _counselling_page(request, errors=errors, status=status)
    when = timezone.localtime(booking.slot.starts_at)
    messages.success(
        request,
        _("预约成功：%(w)s，%(p)s。如不能前往，请提前取消。")
        % {"w": when.strftime("%m月%d日 %H:%M"), "p": booking.slot.place},
    )
    return redirect("care:counselling")


@login_required
@require_POST
def booking_cancel(request, pk: int):
    """Cancel my booking (the counsellor cancels theirs from their own page)."""
    if not Booking.objects.filter(pk=pk, person=request.user).exists():
        raise Http404
    try:
        services.booking_cancel(actor=request.user, booking_id=pk)
    except REFUSALS as exc:
        errors, status = refusal(exc)
        return _counselling_page(request, errors=errors, status=status)
    messages.success(request, _("预约已取消，该时段已重新开放。"))
    return redirect("care:counselling")
