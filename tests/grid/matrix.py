"""Grid's records for the permission matrix (tests/core/test_permission_matrix.py): a task
of 李红's grid in 综采一队党支部 with a photo, a problem, a submitted monthly report, a
quarter's meeting, and a spot check of the inspector's."""

from tests.matrix_world import Record, World, jpeg
from tongxin.grid.models import (
    GridMeeting,
    GridTask,
    MonthlyReport,
    Problem,
    SpotCheck,
    SpotCheckItem,
    TaskKind,
    TaskPhoto,
)


def records(world: World) -> dict[str, Record]:
    cast, today = world.cast, world.today
    member = cast.li_member
    task = GridTask.objects.create(
        owner=member,
        branch=cast.branch_a,
        month=today.replace(day=1),
        kind=TaskKind.ADDED,
        title="走访联系职工",
        due_on=today,
    )
    task_photo = TaskPhoto.objects.create(task=task, image=jpeg("task.jpg"))
    problem = Problem.objects.create(
        branch=cast.branch_a,
        title="井口班车太挤",
        body="早班车坐不下。",
        source="direct",
        raised_by=member,
    )
    report = MonthlyReport.objects.create(
        member=member,
        branch=cast.branch_a,
        month=today.replace(day=1),
        own_words="走访了三户。",
        state="submitted",
        submitted_at=world.now,
    )
    meeting = GridMeeting.objects.create(
        branch=cast.branch_a,
        year=today.year,
        quarter=(today.month - 1) // 3 + 1,
        held_on=today,
        minutes="通报网格工作。",
        recorded_by=world.people["officer"],
    )
    spot = SpotCheck.objects.create(
        inspector=cast.zheng_inspector, scope=cast.branch_a, sample_size=1
    )
    spot_item = SpotCheckItem.objects.create(spot_check=spot, member=member)
    return {
        "grid:branch_id": Record(cast.branch_a),
        "grid:crew_id": Record(cast.crew_a1),
        "grid:task_photo:pk": Record(task_photo, rows=[task]),
        "grid:problem_detail:pk": Record(problem),
        "grid:problem_act:pk": Record(problem),
        "grid:problem_act:action": Record("solve"),
        "grid:report_detail:pk": Record(report),
        "grid:report_act:pk": Record(report),
        "grid:report_act:action": Record("accept"),
        "grid:meeting_detail:pk": Record(meeting),
        "grid:spot_detail:pk": Record(spot, viewer="inspector"),
        "grid:spot_record:pk": Record(spot, viewer="inspector"),
        "grid:item_id": Record(spot_item, viewer="inspector"),
        "grid:pk": Record(task),
        "api:task_id": Record(task),
    }
