"""`seed_demo --no-<area>` leaves each area's demo records out. One seed with every area
left out serves the four checks (it is the same command each of them ran on its own)."""

import pytest

from tests.demo_fixture import seeded_demo
from tongxin.care.models import Counsellor, HardshipFile, NeedSurvey
from tongxin.grid.models import GridLink, GridTask
from tongxin.hazards.models import Hazard, Workplace
from tongxin.integrity.models import Report
from tongxin.learning.models import PointRule
from tongxin.patrol.models import Camera, Detection
from tongxin.people.models import Person
from tongxin.voice.models import Case

pytestmark = pytest.mark.django_db

output = seeded_demo(
    "--no-voice",
    "--no-hazards",
    "--no-grid",
    "--no-care",
    "--no-learning",
    "--no-patrol",
    "--no-integrity",
)


def test_no_voice_leaves_it_out(output):
    assert "职工诉求：" not in output
    assert not Case.objects.exists()


def test_no_hazards_leaves_them_out(output):
    assert "隐患排查" not in output
    assert not Hazard.objects.exists() and not Workplace.objects.exists()


def test_no_grid_leaves_it_out(output):
    assert "网格化管理" not in output
    assert not GridLink.objects.exists() and not GridTask.objects.exists()


def test_no_care_leaves_it_out(output):
    assert "职工关爱" not in output
    assert not NeedSurvey.objects.exists() and not HardshipFile.objects.exists()
    assert not Counsellor.objects.exists()


def test_no_learning_leaves_it_out(output):
    assert not PointRule.objects.exists()


def test_no_patrol_leaves_it_out(output):
    assert "视频巡检" not in output
    assert not Camera.objects.exists() and not Detection.objects.exists()


def test_no_integrity_leaves_it_out(output):
    assert "廉洁监督" not in output
    assert not Report.objects.exists()
    assert not Person.objects.filter(employee_no="demo11").exists()
