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


@pytest.mark.django_db
def test_readers_do_not_open_five_musts_tasks(cast, client_for):
    from datetime import date

    from tongxin.grid.models import GridTask, TaskKind

    def task(kind, title):
        return GridTask.objects.create(
            owner=cast.li_member,
            branch=cast.branch_a,
            month=date(2026, 11, 1),
            kind=kind,
            title=title,
            description="王强父亲病故，家中困难",
            subject=cast.wang_worker,
            due_on=date(2026, 11, 30),
        )

    routine = task(TaskKind.TEMPLATE, "走访联系职工：王强")
    private = task(TaskKind.LIFE_EVENT, "家庭丧事：走访 王强")
    leader = client_for(cast.wu_leader)
    assert leader.get(f"/grid/tasks/{routine.pk}/").status_code == 200
    assert leader.get(f"/grid/tasks/{private.pk}/").status_code == 404
    # The secretary who runs the branch and the owner open both.
    assert client_for(cast.zhao_secretary).get(f"/grid/tasks/{private.pk}/").status_code == 200
    assert client_for(cast.li_member).get(f"/grid/tasks/{private.pk}/").status_code == 200


@pytest.mark.django_db
def test_readers_see_that_a_five_musts_visit_is_due_but_not_why(cast, client_for):
    from datetime import date

    from tongxin.grid.models import GridTask, TaskKind

    GridTask.objects.create(
        owner=cast.li_member,
        branch=cast.branch_a,
        month=date(2026, 11, 1),
        kind=TaskKind.LIFE_EVENT,
        title="矛盾纠纷或受到处分：谈话 王强",
        subject=cast.wang_worker,
        due_on=date(2026, 11, 30),
    )
    url = f"/grid/branch/{cast.branch_a.pk}/tasks/"
    leader = client_for(cast.wu_leader).get(url).content.decode()
    assert "五必谈五必访任务" in leader and "受到处分" not in leader
    secretary = client_for(cast.zhao_secretary).get(url).content.decode()
    assert "矛盾纠纷或受到处分：谈话 王强" in secretary


@pytest.mark.django_db
def test_home_panel_counts_everyone_a_grid_member_is_responsible_for(cast, client_for):
    from datetime import date

    from tongxin.grid.models import GridLink, Level

    GridLink.objects.create(
        level=Level.CADRE_MEMBER,
        responsible=cast.zhao_secretary,
        person=cast.li_member,
        branch=cast.branch_a,
        starts_on=date(2026, 1, 1),
    )
    page = client_for(cast.zhao_secretary).get("/").content.decode()
    assert "联系对象" in page and "网格管理" in page
    from tongxin.grid.home import home_summary

    assert home_summary(cast.zhao_secretary)["member"]["covered"] == 1
    assert home_summary(cast.wang_worker)["member"] is None
