"""A crew daily checklist for 综采一队一班 at the 1201 working face."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tongxin.hazards import services
from tongxin.hazards.models import ChecklistTemplate, HazardCategory, Workplace


@pytest.fixture
def categories(cast):
    return {c.name: c for c in HazardCategory.objects.all()}


@pytest.fixture
def face(cast):
    return Workplace.objects.create(unit=cast.district_a, name="1201综采工作面", code="ZC1201")


@pytest.fixture
def daily_plan(cast, categories, face):
    template = ChecklistTemplate.objects.create(
        name="综采工作面班组日查表", unit=cast.district_a, level="crew_daily", standard="一面一册"
    )
    services.checklist_publish(
        actor=cast.wu_leader,
        template=template,
        items=[
            ("支架", categories["顶板"], "支架初撑力达标，无歪斜咬架"),
            ("通风", categories["通风"], "风筒吊挂平直，距工作面不超过5米"),
            ("瓦斯", categories["瓦斯"], "甲烷传感器位置正确、读数正常"),
        ],
    )
    return services.plan_create(
        actor=cast.wu_leader,
        unit=cast.crew_a1,
        level="crew_daily",
        template=template,
        workplace=face,
    )


@pytest.fixture
def photo():
    def make(name="found.jpg", color="gray"):
        out = io.BytesIO()
        Image.new("RGB", (120, 90), color).save(out, "JPEG")
        return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")

    return make
