"""Who sees whom: a permission matrix over the cast."""

import pytest

from tongxin.people import selectors
from tongxin.people.scoping import can_see_contact, can_see_id_number, mask_id_number, mask_phone

pytestmark = pytest.mark.django_db


def visible_names(viewer):
    return set(selectors.people_visible_to(viewer).values_list("name", flat=True))


def test_branch_secretary_sees_the_district_and_no_one_else(cast):
    assert visible_names(cast.zhao_secretary) == {"王强", "李红", "赵书文", "孙工"}


def test_outsider_secretary_does_not_see_the_other_branch(cast):
    assert visible_names(cast.qian_outsider) == {"钱进"}


def test_union_chair_reaches_the_units_the_sub_union_hangs_on(cast):
    assert visible_names(cast.sun_chair) == {"王强", "李红", "赵书文", "孙工"}


def test_department_head_sees_the_department(cast):
    assert visible_names(cast.zhou_head) == {"周科长"}


def test_leadership_and_admin_see_the_whole_mine(cast):
    everyone = set(selectors.people_visible_to(cast.feng_admin).values_list("name", flat=True))
    assert len(everyone) == 9
    assert visible_names(cast.wu_leader) == everyone


def test_worker_sees_only_themself(cast):
    assert visible_names(cast.wang_worker) == {"王强"}


def test_mine_committee_secretary_reaches_the_mine(cast, django_user_model):
    from tongxin.people import services
    from tongxin.people.models import Role

    services.role_assign(
        actor=None, person=cast.li_member, role=Role.BRANCH_SECRETARY, organisation=cast.committee
    )
    person = django_user_model.objects.get(pk=cast.li_member.pk)
    assert len(visible_names(person)) == 9


def test_phone_shown_to_those_who_must_call_masked_for_leadership(cast):
    assert can_see_contact(cast.zhao_secretary, cast.wang_worker)
    assert can_see_contact(cast.wang_worker, cast.wang_worker)
    assert not can_see_contact(cast.wu_leader, cast.wang_worker)
    assert not can_see_contact(cast.qian_outsider, cast.wang_worker)
    assert mask_phone("13800001111") == "138****1111"


def test_id_number_only_for_self_and_admin(cast):
    assert can_see_id_number(cast.feng_admin, cast.wang_worker)
    assert not can_see_id_number(cast.zhao_secretary, cast.wang_worker)
    assert mask_id_number("110101199001011234") == "110***********1234"


def test_pinyin_initials_find_people(cast):
    found = selectors.search_people(cast.feng_admin, "wq")
    assert [p.name for p in found] == ["王强"]
    assert [p.name for p in selectors.search_people(cast.feng_admin, "wangq")] == ["王强"]
    assert [p.name for p in selectors.search_people(cast.feng_admin, "1000")] == [
        "王强",
        "李红",
        "赵书文",
        "孙工",
    ]
    assert [p.name for p in selectors.search_people(cast.feng_admin, "红")] == ["李红"]


def test_search_never_leaves_the_reach(cast):
    assert list(selectors.search_people(cast.qian_outsider, "wq")) == []
