"""Who runs and who reads a branch's grid, and which branch a person belongs to."""

import pytest
from django.http import Http404

from tongxin.grid import access


@pytest.mark.django_db
def test_secretary_runs_own_branch_only(cast):
    managed = set(access.branches_managed_by(cast.zhao_secretary))
    assert managed == {cast.branch_a}
    assert access.can_manage(cast.zhao_secretary, cast.branch_a)
    assert not access.can_manage(cast.zhao_secretary, cast.branch_b)
    with pytest.raises(Http404):
        access.branch_for_manager(cast.qian_outsider, cast.branch_a.pk)


@pytest.mark.django_db
def test_admin_runs_every_branch_of_the_mine_and_leadership_only_reads(cast):
    assert set(access.branches_managed_by(cast.feng_admin)) == {
        cast.branch_a,
        cast.branch_b,
        cast.branch_dept,
    }
    assert not access.branches_managed_by(cast.wu_leader).exists()
    assert access.can_read(cast.wu_leader, cast.branch_a)
    assert access.can_read(cast.zheng_inspector, cast.branch_b)
    assert not access.can_manage(cast.zheng_inspector, cast.branch_b)
    assert not access.branches_visible_to(cast.wang_worker).exists()


@pytest.mark.django_db
def test_branch_of_a_member_and_of_a_worker(cast):
    # A Party member in a Party group belongs to the group's branch; a worker to the
    # branch of their crew's district.
    assert access.branch_of(cast.li_member) == cast.branch_a
    assert access.branch_of(cast.wang_worker) == cast.branch_a
    assert access.branch_of(cast.zhou_head) == cast.branch_dept
    assert access.branch_of(cast.wu_leader) is None
