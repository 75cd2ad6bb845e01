"""Learning's records for the permission matrix (tests/core/test_permission_matrix.py).

Each part of learning gives its own; this module joins them. Point rules belong to a
mine and are edited by its Party committee: 红岩矿's administrator opens them; the
outsider (a secretary of 掘进二队) and the stranger (every office of 青山矿) do not.
"""

from tests.matrix_world import Record, World
from tongxin.learning.models import MeetingType, PointRule
from tongxin.learning.points.rules import ensure_rules


def points(world: World) -> dict[str, Record]:
    ensure_rules(PointRule, world.cast.mine)
    rule = PointRule.objects.filter(mine=world.cast.mine).first()
    return {"learning:point_rule_update:pk": Record(rule, viewer="admin", rows=[rule])}


def contests(world: World) -> dict[str, Record]:
    """A contest of 综采一队党支部, open now: its members (the officer among them) have
    papers; the worker (not a Party member) and the outsider of 掘进二队 have none."""
    from datetime import timedelta

    from tests.learning.contests_helpers import bank
    from tongxin.learning.contests import services as contest_services
    from tongxin.learning.models import Paper, QuestionImport

    officer = world.people["officer"]
    bank(world.cast.mine)
    contest = contest_services.contest_create(
        actor=officer,
        scope=world.cast.branch_a,
        title="支部党章知识测试",
        opens_at=world.now - timedelta(hours=1),
        closes_at=world.now + timedelta(days=1),
        minutes=30,
        draw_spec=[{"category": "党章党规", "difficulty": 2, "count": 3}],
    )
    contest = contest_services.contest_schedule(
        actor=officer, contest_id=contest.pk, version=contest.version
    )
    paper = Paper.objects.get(contest=contest, person=officer)
    question = paper.question_ids[0]
    from tongxin.learning.models import Question

    record = QuestionImport.objects.create(
        mine=world.cast.mine,
        org_path=world.cast.mine.path,
        file_name="题库.xlsx",
        status="rejected",
        rows=1,
        errors=[{"row": 2, "stem": "", "errors": ["请填写题干。"]}],
        uploaded_by=world.people["admin"],
    )
    drawn = Question.objects.get(pk=question)
    return {
        "learning:contest_id": Record(contest, rows=[contest, paper]),
        "learning:question_id": Record(Question.objects.get(pk=question), rows=[paper]),
        "learning:import_id": Record(record, viewer="admin", rows=[record]),
        # The bank is the mine's committee's: its administrator edits a question.
        "learning:question_edit:pk": Record(drawn, viewer="admin", rows=[drawn]),
        "learning:question_active:pk": Record(drawn, viewer="admin", rows=[drawn]),
        "api:contest_id": Record(contest, rows=[contest, paper]),
        "api:question_id": Record(Question.objects.get(pk=question), rows=[paper]),
    }


def meetings(world: World) -> dict[str, Record]:
    from tongxin.learning.meetings import services as meeting_services

    meeting = meeting_services.meeting_create(
        actor=world.people["officer"],
        branch=world.cast.branch_a,
        type_code="committee",
        title="支部委员会",
        starts_at=world.now,
        place="会议室",
        agenda=(("第一议题：学习重要讲话", True),),
    )
    meeting_services.types_of(world.cast.mine)
    kind = MeetingType.objects.filter(mine=world.cast.mine).first()
    names = ("detail", "edit", "hold", "file", "correct", "cancel", "attendance", "leave")
    found = {f"learning:meeting_{n}:pk": Record(meeting, rows=[meeting]) for n in names}
    found["learning:meeting_checkin:pk"] = Record(meeting, rows=[meeting])
    found["learning:meeting_checkin:token"] = Record(meeting.checkin_token)
    found["learning:meeting_type_update:pk"] = Record(kind, viewer="admin", rows=[kind])
    found["api:meeting_id"] = Record(meeting, rows=[meeting])
    # A held meeting of 综采一队 with one photo, uploaded by its secretary (the officer).
    from tests.matrix_world import jpeg
    from tongxin.learning.meetings import photos

    held = meeting_services.meeting_create(
        actor=world.people["officer"],
        branch=world.cast.branch_a,
        type_code="lecture",
        title="党课",
        starts_at=world.now,
    )
    held = meeting_services.meeting_hold(
        actor=world.people["officer"], meeting_id=held.pk, version=held.version
    )
    (photo,) = photos.photos_add(
        actor=world.people["officer"], meeting_id=held.pk, photos=[jpeg("会场.jpg")]
    )
    found["learning:meeting_photos:pk"] = Record(held, rows=[held])
    found["learning:meeting_photo:photo_id"] = Record(photo, rows=[photo])
    # Asked by the administrator (in scope, not the uploader: refused, the photo stays).
    found["learning:meeting_photo_remove:photo_id"] = Record(photo, viewer="admin", rows=[photo])
    return found


def library(world: World) -> dict[str, Record]:
    from datetime import timedelta

    from tongxin.learning.library import services as lib

    admin = world.people["admin"]
    module = lib.module_create(actor=admin, mine=world.cast.mine, name="安全生产")
    item = lib.material_create(
        actor=admin,
        module_id=module.pk,
        unit_id=world.cast.district_a.pk,
        kind="article",
        title="综采工作面安全要点",
        body="<p>开机前检查支架与煤壁。</p>",
    )
    item = lib.material_publish(actor=admin, material_id=item.pk, version=item.version)
    shared = Record(item, audience="shared", rows=[item])
    from django.core.files.uploadedfile import SimpleUploadedFile

    doc = lib.material_create(
        actor=admin,
        module_id=module.pk,
        unit_id=world.cast.district_a.pk,
        kind="document",
        title="规程",
        file=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
    )
    doc = lib.material_publish(actor=admin, material_id=doc.pk, version=doc.version)
    course = lib.course_create(
        actor=admin,
        unit_id=world.cast.district_a.pk,
        title="综采安全必修课",
        who="everyone",
        deadline=world.today + timedelta(days=30),
        material_ids=[item.pk],
    )
    return {
        "learning:library_module:pk": Record(module, audience="shared", mine_wide=True),
        "learning:library_course:pk": Record(course, audience="shared"),
        "learning:library_module_rename:pk": Record(module, viewer="admin", rows=[module]),
        "learning:library_module_move:pk": Record(module, viewer="admin", rows=[module]),
        "api:material_id": Record(item, audience="shared", rows=[item]),
        "learning:library_material:pk": shared,
        "learning:library_file:pk": Record(doc, audience="shared"),
        "learning:library_beat:pk": shared,
        "learning:library_publish:pk": Record(item, audience="shared", viewer="admin", rows=[item]),
        "learning:library_withdraw:pk": Record(
            item, audience="shared", viewer="admin", rows=[item]
        ),
    }


PARTS = (points, library, contests, meetings)


def records(world: World) -> dict[str, Record]:
    found: dict[str, Record] = {}
    for part in PARTS:
        found.update(part(world))
    return found
