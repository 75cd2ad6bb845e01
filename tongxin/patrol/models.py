"""Video patrol (SPEC §12): belt cameras, their calibrations, and the detections the
analysis of their frames opens as hazards for a Party-member patrol to confirm.

A `Camera` watches one belt at one place; a `Calibration` version says where the belt
runs when it runs normally (tongxin/patrol/vision). Each frame is analysed against the
current version; the camera keeps only the state the next frame needs (the levels of
the last frames, the last picture's signature, a fault) and its latest frame. An alarm
that persists (K of the last N frames) opens one `Detection` per camera and kind,
which is a hazard of the hazards area waiting for the patrol (hazards' detection
intake); it stays the camera's active detection of that kind until the alarm clears.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    DEVIATION = "deviation", _("皮带跑偏")
    PILEUP = "pileup", _("物料堆积")


class Fault(models.TextChoices):
    BLACK = "black", _("画面全黑（摄像头或照明故障）")
    COVERED = "covered", _("镜头被遮挡或污损")
    FROZEN = "frozen", _("画面冻结")
    EDGES = "edges", _("看不清皮带边缘")
    SIZE = "size", _("画面尺寸与标定不符")
    UNCALIBRATED = "uncalibrated", _("尚未标定")
    OFFLINE = "offline", _("取不到画面")


class Camera(models.Model):
    unit = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("所属单位"),
        limit_choices_to={"tree": "unit"},
    )
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    code = models.CharField(_("编号"), max_length=24, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    belt = models.CharField(_("皮带"), max_length=60)
    location = models.CharField(_("位置"), max_length=120)
    workplace = models.ForeignKey(
        "hazards.Workplace",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("作业地点"),
    )
    # An NVR's HTTP snapshot, an RTSP stream or (for tests) a video file; empty when
    # frames are posted to the API instead.
    snapshot_url = models.CharField(_("取图地址"), max_length=300, blank=True)
    snapshot_every = models.PositiveIntegerField(_("取图间隔（秒）"), default=10)
    maintainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("维护人"),
    )
    # Who registered the camera: a manager of its unit, in whose name the camera's
    # detections enter the hazards' detection intake (which checks that reach).
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    deviation_warning = models.FloatField(_("跑偏预警"), default=0.05)
    deviation_alarm = models.FloatField(_("跑偏报警"), default=0.10)
    pileup_warning = models.FloatField(_("堆积预警"), default=0.30)
    pileup_alarm = models.FloatField(_("堆积报警"), default=0.60)
    alarm_k = models.PositiveSmallIntegerField(_("报警帧数 K"), default=3)
    alarm_n = models.PositiveSmallIntegerField(_("最近帧数 N"), default=4)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # The state the next frame needs, written by services.frames under the row's lock.
    calibration = models.ForeignKey(
        "Calibration", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recent = models.JSONField(default=dict, blank=True)  # {"deviation": [...], ...}
    signature = models.BinaryField(blank=True, default=b"")
    fault = models.CharField(max_length=16, choices=Fault.choices, blank=True)
    fault_since = models.DateTimeField(null=True, blank=True)
    last_frame_at = models.DateTimeField(null=True, blank=True)
    last_offset = models.FloatField(null=True, blank=True)
    last_pileup = models.FloatField(null=True, blank=True)
    latest = models.ImageField(upload_to="patrol/latest/", blank=True)
    pulled_at = models.DateTimeField(null=True, blank=True)
    pull_position = models.PositiveIntegerField(default=0)  # a video file's next frame
    frames_seen = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("摄像头")
        verbose_name_plural = _("摄像头")
        ordering = ["org_path", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Calibration(models.Model):
    """One version of a camera's calibration: found in a reference frame, then confirmed
    or adjusted by a person (each adjustment a new version)."""

    camera = models.ForeignKey(Camera, on_delete=models.CASCADE, related_name="calibrations")
    number = models.PositiveIntegerField(_("版本"))
    data = models.JSONField()  # vision.Calibration.to_dict()
    reference = models.ImageField(upload_to="patrol/reference/")
    confirmed = models.BooleanField(_("已人工确认"), default=False)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("标定版本")
        verbose_name_plural = _("标定版本")
        ordering = ["camera", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["camera", "number"], name="patrol_calibration_once")
        ]

    def __str__(self) -> str:
        return f"{self.camera.code} v{self.number}"


class Detection(models.Model):
    camera = models.ForeignKey(Camera, on_delete=models.PROTECT, related_name="detections")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    hazard = models.OneToOneField(
        "hazards.Hazard", on_delete=models.PROTECT, related_name="video_detection"
    )
    opened_at = models.DateTimeField(_("报警时间"))
    cleared_at = models.DateTimeField(_("报警解除"), null=True, blank=True)
    value = models.FloatField(_("测得值"))  # at opening: offset ratio or covered share
    peak = models.FloatField(_("峰值"))
    frame = models.ImageField(upload_to="patrol/frames/")  # the frame as received
    overlay = models.ImageField(upload_to="patrol/frames/")  # with what was found drawn
    calibration = models.ForeignKey(
        Calibration, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("视频检测")
        verbose_name_plural = _("视频检测")
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["org_path", "opened_at"])]
        constraints = [
            # One active detection per camera and kind: a persisting alarm, not one per frame.
            models.UniqueConstraint(
                fields=["camera", "kind"],
                condition=Q(cleared_at__isnull=True),
                name="patrol_one_active_detection",
            )
        ]

    def __str__(self) -> str:
        return f"{self.camera.code} {self.get_kind_display()}"


# --- Patrol rounds (党员巡检) -------------------------------------------------------------


class Shift(models.TextChoices):
    MORNING = "morning", _("早班")
    NOON = "noon", _("中班")
    NIGHT = "night", _("夜班")


class Route(models.Model):
    """A patrol route of checkpoints, walked in order, in a unit (its branch patrols it)."""

    unit = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位")
    )
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    name = models.CharField(_("路线名称"), max_length=60)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("巡检路线")
        verbose_name_plural = _("巡检路线")
        ordering = ["org_path", "name"]

    def __str__(self) -> str:
        return self.name


class Checkpoint(models.Model):
    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="checkpoints")
    order = models.PositiveSmallIntegerField(_("顺序"))
    name = models.CharField(_("巡检点"), max_length=60)
    # What its QR code carries: the hazards' place code where the point is a work place.
    code = models.CharField(_("编码"), max_length=24, unique=True)
    workplace = models.ForeignKey(
        "hazards.Workplace", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Taken off its route (services.route_edit): kept, since past rounds scanned it and
    # list it; its code stays its own, so adding it back revives it.
    retired = models.BooleanField(_("已移除"), default=False)

    class Meta:
        verbose_name = _("巡检点")
        verbose_name_plural = _("巡检点")
        ordering = ["route", "order"]
        constraints = [
            models.UniqueConstraint(fields=["route", "order"], name="patrol_checkpoint_order")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class RoundState(models.TextChoices):
    PLANNED = "planned", _("待巡检")
    WALKING = "walking", _("巡检中")
    DONE = "done", _("已完成")


class Round(models.Model):
    """One Party member's round of a route on a day's shift. Not finished by the end of
    its shift (`due_by`): missed; a checkpoint not scanned in a finished round: missed."""

    route = models.ForeignKey(Route, on_delete=models.PROTECT, related_name="rounds")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    patrol = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("巡检人"),
    )  # fmt: skip
    day = models.DateField(_("日期"))
    shift = models.CharField(_("班次"), max_length=8, choices=Shift.choices)
    due_by = models.DateTimeField(_("应完成时间"))
    state = models.CharField(max_length=8, choices=RoundState.choices, default=RoundState.PLANNED)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    missed_points = models.PositiveSmallIntegerField(default=0)
    # The checkpoint ids the round walks, in order, as the route was when it was assigned
    # (or last edited before it started): a route edited later keeps its past rounds'.
    points = models.JSONField(default=list, editable=False)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("巡检任务")
        verbose_name_plural = _("巡检任务")
        ordering = ["-day", "route", "shift"]
        indexes = [models.Index(fields=["org_path", "day"]), models.Index(fields=["patrol", "day"])]
        constraints = [
            models.UniqueConstraint(fields=["route", "day", "shift"], name="patrol_round_once")
        ]

    def __str__(self) -> str:
        return f"{self.route} {self.day} {self.get_shift_display()}"


class Scan(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="scans")
    checkpoint = models.ForeignKey(Checkpoint, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    note = models.CharField(_("情况"), max_length=300, blank=True)
    photo = models.ImageField(upload_to="patrol/rounds/", blank=True)

    class Meta:
        verbose_name = _("巡检记录")
        verbose_name_plural = _("巡检记录")
        ordering = ["round", "at"]
        constraints = [
            models.UniqueConstraint(fields=["round", "checkpoint"], name="patrol_scan_once")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.checkpoint.name}"
