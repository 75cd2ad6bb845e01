import pytest

from tongxin.voice import services
from tongxin.voice.models import Category


@pytest.fixture
def canteen(cast):
    return Category.objects.get(name="食堂")


@pytest.fixture
def submit(cast):
    """王强 raises a request; returns the case."""

    def raise_request(
        title="食堂饭菜太咸", body="二食堂最近的班中餐太咸，希望改进口味。", who=None
    ):
        case, _receipt = services.case_submit(
            submitter=who or cast.wang_worker, channel="request", title=title, body=body
        )
        return case

    return raise_request
