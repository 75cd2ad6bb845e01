"""Changing a contest after it was made: editing it before it opens (its papers drawn
again when the draw rules change), extending its end once it is open, cancelling it
with a reason (everyone with a paper is told).

Which of these is allowed depends on the clock as well as the state, so the checks of
the phase are made on the locked row, inside the runner's step."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tongxin.core.notify import notify
from tongxin.people.models import Person

from ..models.contests import Contest, ContestState, Paper
from .services import (
    DRAW_IN_BACKGROUND,
    clean_contest,
    contest_flow,
    draw_papers,
    eligible_people,
)

REASON_MAX = 500


NAMES = {
    "title": _lazy("名称"),
    "opens_at": _lazy("开始时间"),
    "closes_at": _lazy("结束时间"),
    "minutes": _lazy("答题时长"),
    "draw_spec": _lazy("抽题规则"),
}


def _tell_holders(contest: Contest, *, title: str, body: str, actor, unsubmitted=False) -> None:
    """Everyone with a paper (or only those yet to hand it in), in the caller's
    transaction as every notification is: a rolled-back change tells nobody."""
    papers = Paper.objects.filter(contest=contest)
    if unsubmitted:
        papers = papers.filter(submitted_at__isnull=True)
    notify(
        recipients=Person.objects.filter(pk__in=papers.values("person")).only("pk"),
        title=title,
        body=body,
        url=reverse("learning:contest_detail", args=[contest.pk]),
        exclude=actor,
    )


def contest_edit(
    *,
    actor,
    contest_id: int,
    version: int,
    title: str,
    opens_at: datetime | None,
    closes_at: datetime | None,
    minutes,
    draw_spec,
    now: datetime | None = None,
) -> Contest:
    """Before the contest opens: title, window, minutes and draw rules. A scheduled
    contest whose draw rules change has every paper drawn again (none is started yet);
    a large audience's in the background, the contest showing 正在抽题 meanwhile."""
    now = now or timezone.now()
    with transaction.atomic():
        contest, step = contest_flow.begin(pk=contest_id, name="edit", actor=actor, version=version)
        phase = contest.phase(now)
        if phase == "open":
            raise ValidationError(_("竞赛已经开始，只能延长结束时间。"))
        if phase == "closed":
            raise ValidationError(_("竞赛已经结束，不能再修改。"))
        values = clean_contest(
            mine=contest.mine,
            title=title,
            opens_at=opens_at,
            closes_at=closes_at,
            minutes=minutes,
            draw_spec=draw_spec,
        )
        if contest.state == ContestState.SCHEDULED and values["closes_at"] <= now:
            raise ValidationError({"closes_at": _("结束时间须晚于现在。")})
        changed = [name for name, value in values.items() if getattr(contest, name) != value]
        for name in changed:
            setattr(contest, name, values[name])
        note = _("修改了：%(what)s") % {"what": "、".join(str(NAMES[n]) for n in changed)}
        background = False
        if contest.state == ContestState.SCHEDULED and "draw_spec" in changed:
            # Nobody has started (the contest has not opened): the old papers go.
            Paper.objects.filter(contest=contest).delete()
            contest.eligible = eligible_people(contest).count()
            background = contest.eligible > DRAW_IN_BACKGROUND
            contest.drawn = 0 if background else draw_papers(contest)
            changed += ["eligible", "drawn"]
            note += _("；试卷已按新的抽题规则重新抽取")
        if not changed:
            return contest
        contest_flow.finish(
            contest,
            step,
            actor=actor,
            fields=changed,
            to_state=ContestState.DRAWING if background else contest.state,
            note=note,
            audit_after={"changed": changed},
        )
        if contest.state == ContestState.SCHEDULED and {"opens_at", "closes_at"} & set(changed):
            _tell_holders(
                contest,
                title=_("知识竞赛“%(t)s”时间调整") % {"t": contest.title},
                body=_("新的时间：%(a)s 至 %(b)s")
                % {"a": _minute(contest.opens_at), "b": _minute(contest.closes_at)},
                actor=actor,
            )
        if background:
            from .tasks import draw_contest_papers

            transaction.on_commit(lambda: draw_contest_papers(contest.pk))
    return contest


def _minute(at: datetime) -> str:
    return timezone.localtime(at).strftime("%m-%d %H:%M")


def contest_extend(
    *, actor, contest_id: int, version: int, closes_at: datetime | None, now=None
) -> Contest:
    """Once open, only a later end: the papers whose time was cut by the old end get
    the time they are owed (start + the minutes, up to the new end)."""
    now = now or timezone.now()
    old_end = {}

    def apply(contest):
        phase = contest.phase(now)
        if phase != "open":
            raise ValidationError(
                _("竞赛已经结束，不能再延长。")
                if phase == "closed"
                else _("竞赛还没有开始，请直接修改竞赛。")
            )
        if closes_at is None:
            raise ValidationError({"closes_at": _("请填写新的结束时间。")})
        if closes_at <= contest.closes_at:
            raise ValidationError({"closes_at": _("结束时间只能延后，不能提前。")})
        old_end["at"] = contest.closes_at
        contest.closes_at = closes_at
        capped = Paper.objects.filter(
            contest=contest, started_at__isnull=False, submitted_at__isnull=True
        ).filter(deadline=old_end["at"])
        for paper in capped.only("pk", "started_at"):
            deadline = min(paper.started_at + timedelta(minutes=contest.minutes), closes_at)
            Paper.objects.filter(pk=paper.pk, submitted_at__isnull=True).update(deadline=deadline)
        return ["closes_at"]

    note = _("结束时间延长至 %(t)s") % {"t": _minute(closes_at)} if closes_at else ""
    with transaction.atomic():
        contest = contest_flow.run(
            pk=contest_id,
            name="edit",
            actor=actor,
            version=version,
            apply=apply,
            to_state=lambda c: c.state,
            note=note,
            audit_after={"closes_at": closes_at.isoformat() if closes_at else None},
        )
        _tell_holders(
            contest,
            title=_("知识竞赛“%(t)s”延长至 %(at)s")
            % {"t": contest.title, "at": _minute(contest.closes_at)},
            body="",
            actor=actor,
            unsubmitted=True,
        )
    return contest


def contest_cancel(*, actor, contest_id: int, version: int, reason: str, now=None) -> Contest:
    """Cancel a contest that has not closed, saying why; everyone with a paper is told.
    From then on it refuses starts, answers and submissions."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError({"reason": _("请填写取消竞赛的原因。")})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("取消原因不能超过 500 个字。")})

    def apply(contest):
        if contest.phase(now) == "closed":
            raise ValidationError(_("竞赛已经结束，不能再取消。"))
        contest.cancel_reason = reason
        return ["cancel_reason"]

    with transaction.atomic():
        contest = contest_flow.run(
            pk=contest_id,
            name="cancel",
            actor=actor,
            version=version,
            apply=apply,
            note=reason,
            audit_after={"reason": reason},
        )
        _tell_holders(
            contest,
            title=_("知识竞赛“%(t)s”已取消") % {"t": contest.title},
            body=reason,
            actor=actor,
        )
    return contest
