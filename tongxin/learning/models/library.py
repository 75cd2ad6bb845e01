"""The study library (学习资料库) and study records: modules of a mine, materials
(articles, videos, documents, links) published to a unit's people, each person's study
time per material and day (from the page's heartbeats), the flags raised on study that
looks machine-made, and the required courses with their deadlines."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Module(models.Model):
    """A shelf of the library (政策理论, 安全生产, …), one set per mine."""

    mine = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("矿")
    )
    org_path = models.CharField(max_length=255, db_index=True)  # the mine's path
    name = models.CharField(_("名称"), max_length=40)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("学习模块")
        verbose_name_plural = _("学习模块")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["mine", "name"], name="one_module_name")]

    def __str__(self) -> str:
        return self.name


class Kind(models.TextChoices):
    ARTICLE = "article", _("文章")
    VIDEO = "video", _("视频")
    DOCUMENT = "document", _("文档")
    LINK = "link", _("内网链接")


class MaterialState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


class Who(models.TextChoices):
    """Who a material is published to and a required course is for. Crew leaders are
    people whose post names a 班长; cadres those holding a unit office of
    people.Role (班子成员, 部门负责人)."""

    PARTY = "party", _("全体党员")
    CREW_LEADERS = "crew_leaders", _("班组长")
    CADRES = "cadres", _("管理人员（干部）")
    EVERYONE = "everyone", _("全体职工")


class Material(models.Model):
    """One piece of study. `org_path` is the unit it is published to (everyone under
    it may read it) and `audience` who of them: everyone, Party members, crew leaders
    or cadres (the `Who` of required courses). The body is sanitised HTML
    (library.sanitise), never what was typed."""

    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="materials")
    unit = models.ForeignKey("people.Organisation", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, db_index=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=120)
    body = models.TextField(_("正文"), blank=True)
    text = models.TextField(blank=True, editable=False)  # the body's plain text, for search
    file = models.FileField(_("文件"), upload_to="library/%Y/%m/", blank=True)
    url = models.URLField(_("链接"), blank=True)
    length = models.PositiveIntegerField(_("字数"), default=0)
    duration = models.PositiveIntegerField(_("时长（秒）"), default=0)
    audience = models.CharField(_("对象"), max_length=16, choices=Who.choices, default=Who.EVERYONE)
    state = models.CharField(
        max_length=10, choices=MaterialState.choices, default=MaterialState.DRAFT
    )
    version = models.PositiveIntegerField(default=1)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("学习资料")
        verbose_name_plural = _("学习资料")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["org_path", "state"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_article(self) -> bool:
        return self.kind == Kind.ARTICLE

    @property
    def is_video(self) -> bool:
        return self.kind == Kind.VIDEO


class StudyDay(models.Model):
    """A person's study of one material on one day, grown by heartbeats. The paths are
    copied so that a branch's hours sum these rows without joining people."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="days")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    seconds = models.PositiveIntegerField(default=0)
    progress = models.FloatField(default=0)  # a video's share watched, 0–1
    watched = models.BigIntegerField(default=0)  # a video's watched fortieths, as bits
    completed_at = models.DateTimeField(null=True, blank=True)
    last_beat_at = models.DateTimeField(null=True, blank=True)
    beats = models.PositiveIntegerField(default=0)
    fast_beats = models.PositiveIntegerField(default=0)
    gap_sum = models.FloatField(default=0)  # seconds between beats, for the regularity check
    gap_squares = models.FloatField(default=0)
    flagged = models.BooleanField(default=False)  # no more credit today
    unit_path = models.CharField(max_length=255, blank=True)
    party_path = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "material", "day"], name="one_study_day")
        ]
        # A branch's or a mine's rows over a period: the path prefix first (LIKE 'p%',
        # hence the pattern operator class on PostgreSQL), then the days within it. With
        # the day first, a mine's month read every branch's month of the group (bench:
        # 200,000 people, the mine ranking took 1.7 s).
        indexes = [
            models.Index(
                fields=["party_path", "day"],
                name="learning_sd_party_day",
                opclasses=["varchar_pattern_ops", "date_ops"],
            ),
            models.Index(
                fields=["unit_path", "day"],
                name="learning_sd_unit_day",
                opclasses=["varchar_pattern_ops", "date_ops"],
            ),
            models.Index(fields=["person", "day"]),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.seconds}s"


class StudyFlag(models.Model):
    """Study the server did not believe (too fast, too regular), shown to the branch."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="flags")
    reason = models.CharField(_("原因"), max_length=120)
    at = models.DateTimeField()
    day = models.DateField()
    unit_path = models.CharField(max_length=255, blank=True)
    party_path = models.CharField(max_length=255, blank=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return self.reason


class RequiredCourse(models.Model):
    """Materials a group of people must finish by a deadline (必修课)."""

    title = models.CharField(_("名称"), max_length=80)
    materials = models.ManyToManyField(Material, related_name="courses")
    who = models.CharField(_("对象"), max_length=16, choices=Who.choices, default=Who.PARTY)
    unit = models.ForeignKey("people.Organisation", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, db_index=True)
    deadline = models.DateField(_("截止日期"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("必修课")
        verbose_name_plural = _("必修课")
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.title


class CourseCompletion(models.Model):
    """A person having finished every material of a required course: written when their
    study completes the last one (or, at the course's creation, for those done already).
    The paths are the person's unit and Party organisation, so the figure of finished
    person-courses counts these rows for any organisation."""

    course = models.ForeignKey(RequiredCourse, on_delete=models.CASCADE, related_name="done")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    finished_at = models.DateTimeField()
    unit_path = models.CharField(max_length=255, blank=True, db_index=True)
    party_path = models.CharField(max_length=255, blank=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course", "person"], name="one_course_completion")
        ]

    def __str__(self) -> str:
        return f"{self.course_id}:{self.person_id}"
