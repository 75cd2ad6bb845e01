"""Monthly task lists: generation from the templates on the first of the month (per
level, per covered person, idempotent), tasks the secretary adds, completing one with a
note and photos (once, by its owner only), cancelling, and the overdue reminder.

综采一队党支部's network in these stories:
  吴矿长 → the branch;  赵书文 → 马队;  马队 → 李红, 陈党;
  李红 → 王强, 刘明;    陈党 → 何军, 杨工
"""

import datetime
import io
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from PIL import Image

from tongxin.core.models import AuditEvent, Notification
from tongxin.core.workflow import Conflict
from tongxin.grid import tasks as periodic
from tongxin.grid.defaults import ensure_templates
from tongxin.grid.models import (
    GridLink,
    GridTask,
    Level,
    TaskKind,
    TaskPhoto,
    TaskState,
    TaskTemplate,
)
from tongxin.grid.periods import first_of, month_end
from tongxin.grid.services import tasks as services
from tongxin.grid.services.tasks import due_in_month
from tongxin.people.services import org_create

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date(2024, 1, 1)


def link(responsible, person=None, *, branch, level=Level.MEMBER_WORKER, starts_on=LONG_AGO):
    return GridLink.objects.create(
        level=level, responsible=responsible, person=person, branch=branch, starts_on=starts_on
    )


@pytest.fixture
def templates(db):
    # Transactional tests elsewhere empty the table the data migration filled.
    ensure_templates(TaskTemplate)
    return {t.title: t for t in TaskTemplate.objects.all()}


@pytest.fixture
def network(cast, crew):
    b = cast.branch_a
    link(cast.wu_leader, branch=b, level=Level.LEADER_BRANCH)
    link(cast.zhao_secretary, crew.ma_cadre, branch=b, level=Level.SECRETARY_CADRE)
    link(crew.ma_cadre, cast.li_member, branch=b, level=Level.CADRE_MEMBER)
    link(crew.ma_cadre, crew.chen_member, branch=b, level=Level.CADRE_MEMBER)
    link(cast.li_member, cast.wang_worker, branch=b)
    link(cast.li_member, crew.liu_worker, branch=b)
    link(crew.chen_member, crew.he_worker, branch=b)
    link(crew.chen_member, crew.yang_worker, branch=b)
    return b


def _jpeg(name="done.jpg"):
    out = io.BytesIO()
    Image.new("RGB", (120, 90), "green").save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def _this_month():
    return first_of(timezone.localdate())


# --- generation ----------------------------------------------------------------------------


def test_due_day_zero_and_days_the_month_lacks_are_its_last_day():
    feb = datetime.date(2026, 2, 1)
    assert due_in_month(feb, 0) == datetime.date(2026, 2, 28)
    assert due_in_month(feb, 30) == datetime.date(2026, 2, 28)
    assert due_in_month(feb, 25) == datetime.date(2026, 2, 25)
    assert month_end(datetime.date(2028, 2, 1)) == datetime.date(2028, 2, 29)


def test_generation_gives_each_level_its_templates_and_one_task_per_covered(
    cast, crew, network, templates
):
    month = _this_month()
    added = services.generate_month(month=month)
    tasks = GridTask.objects.filter(month=month, kind=TaskKind.TEMPLATE)
    # 李红, 陈党: 2 covered + 3 others; 马队: 2 covered + 1; 赵书文: 2; 吴矿长: 1.
    assert added == tasks.count() == 5 + 5 + 3 + 2 + 1

    li = tasks.filter(owner=cast.li_member)
    visit_each = templates["走访联系职工"]
    assert set(li.filter(template=visit_each).values_list("subject", flat=True)) == {
        cast.wang_worker.pk,
        crew.liu_worker.pk,
    }
    assert li.get(subject=cast.wang_worker).title == "走访联系职工：王强"
    assert li.filter(subject__isnull=True).count() == 3
    assert set(
        tasks.filter(owner=crew.ma_cadre, subject__isnull=False).values_list("subject", flat=True)
    ) == {cast.li_member.pk, crew.chen_member.pk}
    leader = tasks.get(owner=cast.wu_leader)
    assert (leader.title, leader.subject_id) == ("联系党支部", None)
    # Due days: 0 = the month's last day; "检查网格任务完成情况" on the 25th.
    assert li.get(subject=cast.wang_worker).due_on == month_end(month)
    check = tasks.get(owner=crew.ma_cadre, template=templates["检查网格任务完成情况"])
    assert check.due_on == month.replace(day=25)
    assert {t.branch_id for t in tasks} == {network.pk}
    assert all(t.state == TaskState.OPEN for t in tasks)
    assert AuditEvent.objects.filter(action="grid.tasks.generated").count() == 1


def test_a_second_run_adds_nothing(cast, crew, network, templates):
    month = _this_month()
    first = services.generate_month(month=month)
    assert services.generate_month(month=month) == 0
    assert GridTask.objects.filter(month=month).count() == first
    # A link added since: the next run adds just that person's task.
    newcomer = link(cast.li_member, cast.sun_chair, branch=network)
    assert services.generate_month(month=month) == 1
    assert GridTask.objects.get(month=month, subject=newcomer.person).owner == cast.li_member


def test_only_links_current_on_the_first_count(cast, crew, network, templates):
    next_month = first_of(month_end(_this_month()) + datetime.timedelta(days=1))
    moved = GridLink.objects.get(responsible=crew.chen_member, person=crew.yang_worker)
    moved.ends_on = next_month  # ends the day the month starts: not current on the 1st
    moved.save(update_fields=["ends_on"])
    link(cast.li_member, crew.yang_worker, branch=network, starts_on=next_month)
    link(cast.li_member, cast.sun_chair, branch=network, starts_on=next_month.replace(day=2))
    services.generate_month(month=next_month)
    subjects = GridTask.objects.filter(month=next_month, template__per_covered=True)
    assert set(subjects.filter(owner=cast.li_member).values_list("subject", flat=True)) == {
        cast.wang_worker.pk,
        crew.liu_worker.pk,
        crew.yang_worker.pk,
    }
    assert set(subjects.filter(owner=crew.chen_member).values_list("subject", flat=True)) == {
        crew.he_worker.pk
    }


def test_inactive_templates_and_other_mines_templates_are_left_out(cast, crew, network, templates):
    other_mine = org_create(actor=None, name="青山矿", kind="mine", parent=cast.company)
    TaskTemplate.objects.filter(title="反映安全隐患").update(is_active=False)
    TaskTemplate.objects.create(level="member_worker", title="青山矿专项", mine=other_mine)
    TaskTemplate.objects.create(level="member_worker", title="红岩矿专项", mine=cast.mine)
    services.generate_month(month=_this_month())
    titles = set(GridTask.objects.filter(owner=cast.li_member).values_list("title", flat=True))
    assert "红岩矿专项" in titles
    assert "青山矿专项" not in titles and "反映安全隐患" not in titles


def test_a_run_for_one_mine_touches_only_its_branches(cast, crew, network, templates):
    other_mine = org_create(actor=None, name="青山矿", kind="mine", parent=cast.company)
    assert services.generate_month(month=_this_month(), mine=other_mine) == 0
    assert services.generate_month(month=_this_month(), mine=cast.mine) == 16


def test_the_periodic_task_generates_this_month(cast, crew, network, templates):
    assert periodic.generate_monthly_tasks.call_local() == 16
    assert periodic.generate_monthly_tasks.call_local() == 0


# --- added by the secretary ----------------------------------------------------------------


def test_secretary_adds_a_task_and_the_owner_is_told(cast, crew, network):
    due = timezone.localdate() + datetime.timedelta(days=5)
    task = services.task_add(
        actor=cast.zhao_secretary,
        branch=network,
        owner=cast.li_member,
        title="了解一班职工对班中餐的意见",
        description="本周内完成",
        due_on=due,
        subject=cast.wang_worker,
    )
    assert (task.kind, task.state, task.due_on, task.added_by) == (
        TaskKind.ADDED,
        TaskState.OPEN,
        due,
        cast.zhao_secretary,
    )
    assert task.month == _this_month()
    note = Notification.objects.get(recipient=cast.li_member)
    assert "班中餐" in note.title and note.url == f"/grid/tasks/{task.pk}/"
    assert AuditEvent.objects.filter(action="grid.task.added", object_id=str(task.pk)).exists()


def test_a_party_member_of_the_branch_without_links_may_own_an_added_task(cast, crew):
    task = services.task_add(
        actor=cast.zhao_secretary,
        branch=cast.branch_a,
        owner=crew.chen_member,
        title="整理党员先锋岗台账",
        due_on=timezone.localdate(),
    )
    assert task.owner == crew.chen_member


def _yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("owner", lambda c: {"owner": c.qian_outsider}),
        ("owner", lambda c: {"owner": c.wang_worker}),
        ("owner", lambda c: {"owner": None}),
        ("title", lambda c: {"title": "走"}),
        ("due_on", lambda c: {"due_on": _yesterday()}),
        ("due_on", lambda c: {"due_on": None}),
        ("subject", lambda c: {"subject": c.qian_outsider}),
    ],
)
def test_bad_added_task_saves_nothing_and_says_why(cast, crew, network, field, change):
    args = {"owner": cast.li_member, "title": "了解职工诉求", "due_on": timezone.localdate()}
    args.update(change(cast))
    with pytest.raises(ValidationError) as exc:
        services.task_add(actor=cast.zhao_secretary, branch=network, **args)
    assert field in exc.value.message_dict
    assert any("\u4e00" <= ch <= "\u9fff" for ch in exc.value.message_dict[field][0])
    assert not GridTask.objects.exists()


def test_another_branch_secretary_may_not_add_tasks(cast, crew, network):
    with pytest.raises(PermissionDenied):
        services.task_add(
            actor=cast.qian_outsider,
            branch=network,
            owner=cast.li_member,
            title="了解职工诉求",
            due_on=timezone.localdate(),
        )
    assert not GridTask.objects.exists()


# --- completing ----------------------------------------------------------------------------


@pytest.fixture
def added(cast, crew, network):
    return services.task_add(
        actor=cast.zhao_secretary,
        branch=network,
        owner=cast.li_member,
        title="了解职工诉求",
        due_on=timezone.localdate(),
    )


def test_owner_completes_with_a_note_and_photos(cast, added):
    done = services.task_complete(
        actor=cast.li_member,
        task_id=added.pk,
        version=added.version,
        note="已与一班职工座谈，收集意见 3 条",
        photos=[_jpeg(), _jpeg("two.jpg")],
    )
    assert done.state == TaskState.DONE and done.done_at is not None
    assert done.version == added.version + 1
    photos = TaskPhoto.objects.filter(task=done)
    assert photos.count() == 2 and all(p.width == 120 for p in photos)
    assert AuditEvent.objects.filter(action="grid.task.completed").count() == 1


def test_completing_twice_is_a_conflict_in_chinese(cast, added):
    services.task_complete(actor=cast.li_member, task_id=added.pk, version=0, note="已完成")
    with pytest.raises(Conflict) as exc:
        services.task_complete(actor=cast.li_member, task_id=added.pk, version=1, note="再交一次")
    assert "已于" in exc.value.message and "无需重复提交" in exc.value.message
    assert GridTask.objects.get(pk=added.pk).done_note == "已完成"


def test_a_stale_version_is_a_conflict(cast, added):
    GridTask.objects.filter(pk=added.pk).update(version=3)
    with pytest.raises(Conflict):
        services.task_complete(actor=cast.li_member, task_id=added.pk, version=0, note="已完成")
    assert GridTask.objects.get(pk=added.pk).state == TaskState.OPEN


@pytest.mark.parametrize("who", ["zhao_secretary", "wang_worker"])
def test_someone_else_may_not_complete_it(cast, added, who):
    with pytest.raises(PermissionDenied):
        services.task_complete(
            actor=getattr(cast, who), task_id=added.pk, version=0, note="替他完成"
        )
    assert GridTask.objects.get(pk=added.pk).state == TaskState.OPEN


def test_a_note_is_required_and_bad_photos_save_nothing(cast, added):
    with pytest.raises(ValidationError) as exc:
        services.task_complete(actor=cast.li_member, task_id=added.pk, version=0, note=" 好 ")
    assert "完成情况" in exc.value.message_dict["note"][0]
    fake = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        services.task_complete(
            actor=cast.li_member, task_id=added.pk, version=0, note="已完成", photos=[fake]
        )
    assert "不是可识别的图片" in exc.value.message_dict["photos"][0]
    assert GridTask.objects.get(pk=added.pk).state == TaskState.OPEN
    assert not TaskPhoto.objects.exists()


def test_secretary_cancels_with_a_reason_then_it_cannot_be_done(cast, added):
    with pytest.raises(ValidationError):
        services.task_cancel(actor=cast.zhao_secretary, task_id=added.pk, version=0, reason="")
    with pytest.raises(PermissionDenied):
        services.task_cancel(actor=cast.li_member, task_id=added.pk, version=0, reason="不做了")
    task = services.task_cancel(
        actor=cast.zhao_secretary, task_id=added.pk, version=0, reason="与月度任务重复"
    )
    assert task.state == TaskState.CANCELLED and "与月度任务重复" in task.done_note
    assert Notification.objects.filter(recipient=cast.li_member, title__contains="已取消").exists()
    with pytest.raises(Conflict) as exc:
        services.task_complete(actor=cast.li_member, task_id=added.pk, version=1, note="已完成")
    assert "已被支部取消" in exc.value.message


# --- the overdue reminder ------------------------------------------------------------------


def test_owners_are_told_once_when_a_task_goes_overdue(cast, crew, network):
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)

    def task(owner, due_on, state=TaskState.OPEN):
        return GridTask.objects.create(
            owner=owner,
            branch=network,
            month=first_of(due_on),
            kind=TaskKind.ADDED,
            title=f"任务{due_on}",
            due_on=due_on,
            state=state,
        )

    late = task(cast.li_member, yesterday)
    task(crew.chen_member, yesterday, state=TaskState.DONE)
    task(crew.chen_member, today)
    assert services.remind_overdue(today=today) == 1
    assert services.remind_overdue(today=today) == 0  # a second run the same day
    note = Notification.objects.get(recipient=cast.li_member)
    assert note.title.startswith("网格任务已超期") and note.url == f"/grid/tasks/{late.pk}/"
    assert not Notification.objects.filter(recipient=crew.chen_member).exists()
    # Tomorrow the task due today has gone overdue: its owner alone is told, once.
    tomorrow = today + datetime.timedelta(days=1)
    assert services.remind_overdue(today=tomorrow) == 1
    assert services.remind_overdue(today=tomorrow) == 0
    assert Notification.objects.filter(recipient=crew.chen_member).count() == 1
    assert periodic.remind_overdue_tasks.call_local() == 0


# --- two at once -----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_completions_exactly_one_succeeds(cast):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers, covered above")
    link(cast.li_member, cast.wang_worker, branch=cast.branch_a)
    task = services.task_add(
        actor=cast.zhao_secretary,
        branch=cast.branch_a,
        owner=cast.li_member,
        title="了解职工诉求",
        due_on=timezone.localdate(),
    )
    barrier = threading.Barrier(2)
    results = []

    def complete(note):
        try:
            barrier.wait(timeout=10)
            services.task_complete(actor=cast.li_member, task_id=task.pk, version=0, note=note)
            results.append("ok")
        except Conflict as exc:
            results.append(exc.message)
        except Exception as exc:  # noqa: BLE001 - reported below
            results.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=complete, args=(n,)) for n in ("手机上提交", "电脑上提交")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results, key=lambda r: r != "ok")[0] == "ok"
    assert results.count("ok") == 1, results
    assert any("无需重复提交" in r for r in results), results
    fresh = GridTask.objects.get(pk=task.pk)
    assert (fresh.state, fresh.version) == (TaskState.DONE, 1)
