"""Many links at once: splitting a crew among its Party members, and importing a file.
Both are all or nothing, and say what is wrong with each worker or row."""

import codecs
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from tongxin.core.models import AuditEvent
from tongxin.grid.coverage import branch_coverage, branch_roster, covering_member, split_proposal
from tongxin.grid.models import GridLink, Level
from tongxin.grid.services import network
from tongxin.people import services as people_services

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _message(exc_info) -> str:
    return "；".join(exc_info.value.messages)


# --- the even split ---------------------------------------------------------------------------


def test_the_even_split_goes_round_the_crews_members(cast, crew):
    roster = branch_roster(cast.branch_a)
    proposal = split_proposal(cast.crew_a1, roster)
    # 一班's workers: 王强, 刘明, 何军; its only Party member living there: 陈党
    assert proposal == {
        cast.wang_worker.pk: crew.chen_member.pk,
        crew.liu_worker.pk: crew.chen_member.pk,
        crew.he_worker.pk: crew.chen_member.pk,
    }
    assert split_proposal(cast.crew_a2, roster) == {crew.yang_worker.pk: cast.li_member.pk}


def test_the_even_split_starts_with_the_least_loaded_member(cast, crew):
    second = people_services.person_create(
        actor=None,
        employee_no="100016",
        name="钟党",
        unit=cast.crew_a1,
        political_status="member",
        party_org=cast.party_group_a,
    )
    network.link_assign(
        actor=cast.zhao_secretary,
        level=Level.MEMBER_WORKER,
        responsible=crew.chen_member,
        person=cast.wang_worker,
    )
    proposal = split_proposal(cast.crew_a1, branch_roster(cast.branch_a))
    # 王强 is covered already; 钟党 covers nobody yet so takes the first of the rest
    assert proposal == {crew.liu_worker.pk: second.pk, crew.he_worker.pk: crew.chen_member.pk}


def test_splitting_a_crew_leaves_none_of_it_uncovered(cast, crew):
    roster = branch_roster(cast.branch_a)
    links = network.crew_split(
        actor=cast.zhao_secretary,
        crew=cast.crew_a1,
        assignments=split_proposal(cast.crew_a1, roster),
    )
    assert len(links) == 3
    assert {link.person for link in links} == {cast.wang_worker, crew.liu_worker, crew.he_worker}
    assert all(link.branch == cast.branch_a and link.starts_on == TODAY for link in links)
    report = branch_coverage(cast.branch_a)
    crew_row = next(r for r in report.rows if r.org == cast.crew_a1)
    assert (crew_row.workers, crew_row.covered) == (3, 3)
    assert not report.uncovered.filter(unit=cast.crew_a1).exists()
    assert AuditEvent.objects.filter(action="grid.crew.split").count() == 1
    assert AuditEvent.objects.filter(action="grid.link.assigned").count() == 3


def test_a_split_with_one_bad_worker_saves_nothing_and_names_every_problem(cast, crew):
    network.link_assign(
        actor=cast.zhao_secretary,
        level=Level.MEMBER_WORKER,
        responsible=cast.li_member,
        person=cast.wang_worker,
    )
    before = GridLink.objects.count()
    with pytest.raises(ValidationError) as exc:
        network.crew_split(
            actor=cast.zhao_secretary,
            crew=cast.crew_a1,
            assignments={
                cast.wang_worker.pk: crew.chen_member.pk,  # covered by 李红 already
                crew.liu_worker.pk: crew.chen_member.pk,  # fine
                crew.he_worker.pk: cast.qian_outsider.pk,  # another branch's member
                crew.yang_worker.pk: crew.chen_member.pk,  # 二班, not this crew
            },
        )
    text = _message(exc)
    assert "王强已由李红联系" in text
    assert "何军：所选党员不在综采一队党支部" in text
    assert "所选职工不在一班" in text
    assert GridLink.objects.count() == before
    assert covering_member(crew.liu_worker) is None


def test_a_split_keeps_a_worker_already_with_the_chosen_member(cast, crew):
    network.link_assign(
        actor=cast.zhao_secretary,
        level=Level.MEMBER_WORKER,
        responsible=crew.chen_member,
        person=cast.wang_worker,
    )
    links = network.crew_split(
        actor=cast.zhao_secretary,
        crew=cast.crew_a1,
        assignments={
            cast.wang_worker.pk: crew.chen_member.pk,
            crew.liu_worker.pk: crew.chen_member.pk,
        },
    )
    assert [link.person for link in links] == [crew.liu_worker]
    assert GridLink.objects.filter(person=cast.wang_worker).count() == 1


def test_an_empty_split_and_a_readers_split_are_refused(cast, crew):
    with pytest.raises(ValidationError) as exc:
        network.crew_split(actor=cast.zhao_secretary, crew=cast.crew_a1, assignments={})
    assert "请至少为一名职工选择联系党员" in _message(exc)
    with pytest.raises(PermissionDenied):
        network.crew_split(
            actor=cast.wu_leader,
            crew=cast.crew_a1,
            assignments={cast.wang_worker.pk: crew.chen_member.pk},
        )
    with pytest.raises(PermissionDenied):
        network.crew_split(
            actor=cast.qian_outsider,
            crew=cast.crew_a1,
            assignments={cast.wang_worker.pk: crew.chen_member.pk},
        )
    assert not GridLink.objects.exists()


# --- import -----------------------------------------------------------------------------------


def _csv(rows, *, encoding="utf-8-sig", name="links.csv"):
    text = "\n".join(",".join(str(c) for c in row) for row in rows) + "\n"
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def _xlsx(rows, *, name="links.xlsx"):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _import(cast, upload, actor=None):
    return network.links_import(
        actor=actor or cast.zhao_secretary, branch=cast.branch_a, upload=upload
    )


def test_importing_a_good_file(cast, crew):
    upload = _xlsx(
        [
            ["综采一队网格联系名单"],
            ["责任人工号", "责任人姓名", "联系对象工号", "联系对象姓名", "层级", "生效日期"],
            [100014, "陈党", 100001, "王强", "党员包职工群众", None],
            ["100014", "陈党", "100011", "刘明", "", datetime.date(2026, 1, 5)],
            ["100002", "李红", "100013", "杨工", 4, "2026/1/5"],
            ["100015", "马队", "100014", "陈党", "队干包班组长和党员", ""],
            ["900001", "吴矿长", "", "", "班子成员联系党支部", ""],
        ]
    )
    result = _import(cast, upload)
    assert result == {"rows": 5, "created": 5, "unchanged": 0, "errors": []}
    assert covering_member(cast.wang_worker) == crew.chen_member
    assert covering_member(crew.chen_member) == crew.ma_cadre
    liu = GridLink.objects.get(person=crew.liu_worker)
    assert liu.starts_on == datetime.date(2026, 1, 5)
    assert GridLink.objects.get(level=Level.LEADER_BRANCH).responsible == cast.wu_leader
    # the same file again changes nothing
    upload.seek(0)
    again = _import(cast, upload)
    assert (again["created"], again["unchanged"], again["errors"]) == (0, 5, [])


def test_importing_a_gb18030_csv(cast, crew):
    upload = _csv(
        [["责任人工号", "联系对象工号", "层级"], ["100014", "100001", "党员包职工"]],
        encoding="gb18030",
    )
    assert _import(cast, upload)["created"] == 1


def test_a_file_with_bad_rows_saves_nothing_and_names_each_row(cast, crew):
    network.link_assign(
        actor=cast.zhao_secretary,
        level=Level.MEMBER_WORKER,
        responsible=cast.li_member,
        person=crew.he_worker,
    )
    before = GridLink.objects.count()
    upload = _csv(
        [
            ["责任人工号", "联系对象工号", "层级", "生效日期"],
            ["100014", "100001", "", ""],  # 2: fine
            ["100014", "999999", "", ""],  # 3: nobody
            ["100004", "100011", "", ""],  # 4: 孙工 is not a Party member
            ["100014", "100002", "", ""],  # 5: 李红 is a Party member
            ["100014", "100001", "", ""],  # 6: repeats row 2
            ["100014", "100012", "", ""],  # 7: 何军 covered by 李红
            ["100014", "100013", "第九级", ""],  # 8: no such level
            ["100014", "100013", "", "明天"],  # 9: no such date
            ["", "100013", "", ""],  # 10: no responsible
            ["100014", "300001", "", ""],  # 11: another branch's worker
        ]
    )
    result = _import(cast, upload)
    assert result["created"] == 0
    reasons = {e["row"]: e["reason"] for e in result["errors"]}
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert "999999不存在" in reasons[3]
    assert "孙工不是综采一队党支部在册的党员" in reasons[4]
    assert "李红是党员" in reasons[5]
    assert "与第2行" in reasons[6]
    assert "何军已由李红联系" in reasons[7]
    assert "层级“第九级”无法识别" in reasons[8]
    assert "生效日期“明天”无法识别" in reasons[9]
    assert "缺少责任人工号" in reasons[10]
    assert "周科长不是综采一队党支部在职的职工群众" in reasons[11]
    assert GridLink.objects.count() == before


@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        (SimpleUploadedFile("links.txt", b"a,b"), "请上传"),
        (SimpleUploadedFile("links.csv", b""), "文件是空的"),
        (SimpleUploadedFile("links.xlsx", b"not a workbook at all"), "不是 Excel 工作簿"),
        (SimpleUploadedFile("links.csv", "姓名,单位\n王强,一班\n".encode()), "找不到表头"),
        (SimpleUploadedFile("links.csv", "责任人工号,联系对象工号\n".encode()), "没有数据行"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_whole(cast, crew, upload, expected):
    with pytest.raises(ValidationError) as exc:
        _import(cast, upload)
    assert expected in _message(exc)
    assert not GridLink.objects.exists()


def test_only_a_manager_may_import(cast, crew):
    upload = _csv([["责任人工号", "联系对象工号"], ["100014", "100001"]])
    with pytest.raises(PermissionDenied):
        _import(cast, upload, actor=cast.wu_leader)
    assert not GridLink.objects.exists()


def test_utf16_csv_with_tabs(cast, crew):
    text = "责任人工号\t联系对象工号\n100014\t100001\n"
    upload = SimpleUploadedFile("links.csv", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert _import(cast, upload)["created"] == 1
