"""The library's desk pages: the secretary's study page within its query budget, the
export, the ranking and the learning home."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.cast import PASSWORD
from tongxin.learning.library import selectors
from tongxin.learning.library import services as lib
from tongxin.learning.models import StudyDay

pytestmark = pytest.mark.django_db


def _published_article(cast):
    """A module of the mine with one published article in it."""
    module = lib.module_create(actor=cast.feng_admin, mine=cast.mine, name="政策理论")
    m = lib.material_create(
        actor=cast.feng_admin, module_id=module.pk, unit_id=cast.mine.pk,
        kind="article", title="学习要点", body="<p>正文</p>",
    )  # fmt: skip
    return module, lib.material_publish(actor=cast.feng_admin, material_id=m.pk, version=m.version)


def test_secretary_desk_export_and_ranking(client, cast, django_assert_max_num_queries):
    _module, m = _published_article(cast)
    lib.beat(person=cast.li_member, material=m)
    client.login(employee_no=cast.zhao_secretary.employee_no, password=PASSWORD)
    with django_assert_max_num_queries(25):
        assert client.get("/learning/library/desk/").status_code == 200
    r = client.get("/learning/library/desk/export/")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    assert book.active.cell(2, 5).value == "学习要点"
    assert client.get("/learning/library/ranking/?period=year&scope=mine").status_code == 200
    assert client.get("/learning/").status_code == 200
    client.login(employee_no=cast.wang_worker.employee_no, password=PASSWORD)
    assert client.get("/learning/library/desk/").status_code == 404


def test_desk_courses_match_each_course_audience_in_a_fixed_number_of_queries(client, cast):
    """The desk's course rows, read for all courses at once, agree with each course's
    own audience and completions; adding courses adds no query."""
    module, m = _published_article(cast)
    deadline = timezone.localdate() + timedelta(days=30)
    client.login(employee_no=cast.zhao_secretary.employee_no, password=PASSWORD)
    client.get("/learning/library/desk/")  # the session's and menu's first reads
    counts = []
    for who in ("party", "everyone", "cadres", "crew_leaders"):
        lib.course_create(
            actor=cast.feng_admin, unit_id=cast.mine.pk, title=f"必修{who}", who=who,
            deadline=deadline, material_ids=[m.pk],
        )  # fmt: skip
        with CaptureQueriesContext(connection) as queries:
            r = client.get("/learning/library/desk/")
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts
    # 李红 reads it to the end: she finishes every course she is in the audience of.
    StudyDay.objects.create(
        person=cast.li_member, material=m, day=timezone.localdate(), seconds=600,
        module=module, completed_at=timezone.now(), unit_path=cast.li_member.unit.path,
        party_path=cast.li_member.party_org.path,
    )  # fmt: skip
    r = client.get("/learning/library/desk/")
    members = [row["person"] for row in r.context["rows"]]
    ids = [p.pk for p in members]
    for row in r.context["courses"]:
        audience = set(
            selectors.course_audience(row["course"]).filter(pk__in=ids).values_list("pk", flat=True)
        )
        finished = selectors.finished_ids(row["course"], audience)
        assert row["total"] == len(audience)
        assert row["finished"] == len(finished)
        assert {p.pk for p in row["missing"]} == audience - finished
    party = next(row for row in r.context["courses"] if row["course"].who == "party")
    assert party["finished"] == 1 and cast.li_member not in party["missing"]
    assert party["total"] >= 2
