"""The demo mine's learning: its rules, and each part's stories (the checks of each
part live in demo_checks_<part>.py and are gathered here, so that the demo is seeded
once for all of them and tests/core/test_demo_any_date.py runs them all at its five
awkward dates)."""

import pytest

from tests.demo_fixture import seeded_demo
from tongxin.learning.models import PointRule
from tongxin.people.models import Organisation, OrgKind

from .demo_checks_contests import *  # noqa: F403
from .demo_checks_library import *  # noqa: F403
from .demo_checks_meetings import *  # noqa: F403

pytestmark = pytest.mark.django_db

demo = seeded_demo("--only", "learning")


def test_every_mine_has_the_point_rules(demo):
    for mine in Organisation.objects.filter(kind=OrgKind.MINE):
        rules = PointRule.objects.filter(mine=mine)
        assert rules.filter(code="read_article", daily_cap=12).exists()
        assert rules.count() >= 7
