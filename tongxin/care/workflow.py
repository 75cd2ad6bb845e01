"""Care's records as transition tables, run by core.timeline (no event tables: the
audit log is their trace, so each step's name is the audit code already in use,
`care.item.completed` and so on).

    need:     new ─served→ served            new ─declined→ declined
    item:     open ─completed→ done          open ─cancelled→ cancelled
              open ─reassigned→ open (another owner or deadline)
    file:     active ─reviewed→ active (kept, level changed) or closed (脱困销档)
    booking:  booked ─cancelled→ cancelled   booked ─done→ done (the counsellor's note
              written once the session has started)

`Actor` says who may: the union running the record's unit (union chairs and
administrators), the owner of a service item, the person who booked, the counsellor
of the booking. The capacities are `access.actor_kinds`.
"""

from __future__ import annotations

from enum import Enum

from django.utils.translation import gettext_lazy as _

from tongxin.core.timeline import Transition, table

from .models import BookingState, FileState, ItemState, NeedState


class Actor(Enum):
    MANAGER = "manager"
    OWNER = "owner"
    BOOKER = "booker"
    COUNSELLOR = "counsellor"


_T = Transition
NOT_YOUR_NEED = _("您无权处理这条需求。")

NEED_TRANSITIONS = table(
    _T("served", _("转为服务项目"), (NeedState.NEW,), NeedState.SERVED, (Actor.MANAGER,),
       NOT_YOUR_NEED),
    _T("declined", _("不予办理"), (NeedState.NEW,), NeedState.DECLINED, (Actor.MANAGER,),
       NOT_YOUR_NEED),
)  # fmt: skip

ITEM_TRANSITIONS = table(
    _T("completed", _("办结"), (ItemState.OPEN,), ItemState.DONE, (Actor.OWNER, Actor.MANAGER),
       _("只有责任人或本单位工会可以办结这个服务项目。")),
    _T("cancelled", _("取消"), (ItemState.OPEN,), ItemState.CANCELLED, (Actor.MANAGER,),
       _("只有本单位工会可以取消服务项目。")),
    _T("reassigned", _("改派"), (ItemState.OPEN,), ItemState.OPEN, (Actor.MANAGER,),
       _("只有本单位工会可以改派服务项目。")),
)  # fmt: skip

FILE_TRANSITIONS = table(
    # Kept or re-levelled stays active; a closing review ends the file (the caller says).
    _T("reviewed", _("复核"), (FileState.ACTIVE,), None, (Actor.MANAGER,),
       _("您无权复核这份档案。")),
)  # fmt: skip

BOOKING_TRANSITIONS = table(
    _T("cancelled", _("取消"), (BookingState.BOOKED,), BookingState.CANCELLED,
       (Actor.BOOKER, Actor.COUNSELLOR), _("只能取消本人的预约。")),
    _T("done", _("完成咨询"), (BookingState.BOOKED,), BookingState.DONE, (Actor.COUNSELLOR,),
       _("只有预约的咨询师本人可以写咨询记录。")),
)  # fmt: skip
