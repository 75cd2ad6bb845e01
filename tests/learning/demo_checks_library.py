"""The demo mine's study library (gathered into test_demo.py, also run at five awkward
dates by tests/core/test_demo_any_date.py): what the README promises."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from tongxin.core import registry
from tongxin.learning.demo.library import UPLOADED_VIDEOS
from tongxin.learning.models import (
    CourseCompletion,
    Material,
    Module,
    PointDay,
    RequiredCourse,
    StudyDay,
    StudyFlag,
)
from tongxin.people.models import Organisation, OrgKind, Person

MODULES = {"政策理论", "党纪法规", "会议精神解读", "安全生产", "工会知识", "法律法规", "先进典型",
           "技术技能", "廉洁文化", "企业文化"}  # fmt: skip


def test_ten_modules_with_articles_videos_and_pdf_documents(demo, client):
    assert set(Module.objects.values_list("name", flat=True)) == MODULES
    for module in Module.objects.all():
        assert module.materials.filter(kind="article").count() >= 3, module.name
    article = Material.objects.filter(kind="article").first()
    assert article.body.count("<p>") >= 5 and "<script" not in article.body
    assert Material.objects.filter(kind="video").exclude(url="").count() >= 5
    docs = Material.objects.filter(kind="document")
    assert docs.count() >= 5
    # The files themselves live in each test's own media folder (tests/conftest.py):
    # the PDF's bytes are checked in test_library_setup.py.
    assert all(d.file.name.endswith(".pdf") for d in docs)
    assert docs.filter(audience="cadres").exists()
    client.force_login(Person.objects.get(employee_no="demo02"))
    public = docs.filter(audience="everyone").first()
    page = client.get(reverse("learning:library_material", args=[public.pk]))
    assert page.status_code == 200 and "pdfjs" in page.content.decode()
    cadres = docs.get(audience="cadres")
    assert client.get(reverse("learning:library_material", args=[cadres.pk])).status_code == 404


def test_an_uploaded_video_plays_and_seeks(demo, client):
    """One video lives on the platform: served whole, and from a byte range so that a
    phone's player can seek."""
    video = Material.objects.get(kind="video", url="")
    assert video.file.name.endswith(".webm")
    # Each test has its own media folder (tests/conftest.py): put the demo's file back.
    video.file.save("demo.webm", ContentFile(UPLOADED_VIDEOS[video.title].read_bytes()))
    client.force_login(Person.objects.get(employee_no="demo01"))
    page = client.get(reverse("learning:library_material", args=[video.pk])).content.decode()
    assert "<video" in page
    url = reverse("learning:library_file", args=[video.pk])
    whole = client.get(url)
    size = int(whole["Content-Length"])
    assert whole.status_code == 200 and whole["Content-Type"] == "video/webm" and size > 100_000
    part = client.get(url, HTTP_RANGE="bytes=1000-1999")
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 1000-1999/{size}"
    assert len(b"".join(part.streaming_content)) == 1000


def test_months_of_study_in_daily_rhythms(demo):
    today = timezone.localdate()
    rows = StudyDay.objects.all()
    assert not rows.filter(day=today).exists()
    assert rows.filter(day__lte=today - timedelta(days=60)).exists()
    weekdays = sum(1 for d in rows.values_list("day", flat=True) if d.weekday() < 5)
    assert weekdays > 0.8 * rows.count()
    assert rows.filter(seconds__lt=60 * 31).count() == rows.count()
    mine = Organisation.objects.get(kind=OrgKind.MINE)
    people = Person.objects.filter(unit__path__startswith=mine.path, is_active=True).count()
    studied = rows.values("person").distinct().count()
    assert 0.3 * people < studied < 0.9 * people  # some never study
    assert PointDay.objects.filter(rule__code="read_article", points__gt=12).count() == 0


def test_required_courses_one_past_one_due_some_unfinished(demo, client):
    today = timezone.localdate()
    past = RequiredCourse.objects.get(title="班组长安全必修")
    due = RequiredCourse.objects.get(title="学习党的创新理论")
    assert past.deadline < today <= due.deadline
    demo02 = Person.objects.get(employee_no="demo02")
    assert not CourseCompletion.objects.filter(course=due, person=demo02).exists()
    client.force_login(demo02)
    home = client.get(reverse("core:home")).content.decode()
    assert "学习党的创新理论" in home and reverse("learning:library_course", args=[due.pk]) in home
    client.force_login(Person.objects.get(employee_no="demo03"))
    desk = client.get(reverse("learning:library_desk"))
    assert desk.status_code == 200
    rows = {c["course"].title: c for c in desk.context["courses"]}
    assert rows["学习党的创新理论"]["finished"] > 0 and rows["学习党的创新理论"]["missing"]
    assert len(desk.context["flags"]) == 2
    assert StudyFlag.objects.count() == 2
    mine = Organisation.objects.get(kind=OrgKind.MINE)
    start, end = today - timedelta(days=60), today + timedelta(days=60)
    finished = registry.figure("learning.courses_finished").value(mine, start, end)
    required = registry.figure("learning.courses_required").value(mine, start, end)
    assert 0 < finished < required
