"""A unit head revises a checklist at the desk; inspections keep the version they used."""

from tongxin.hazards import services
from tongxin.hazards.models import ChecklistVersion
from tongxin.hazards.services import Mark


def test_a_head_publishes_a_new_version_and_old_inspections_keep_theirs(
    cast, client_for, daily_plan
):
    old = services.current_version(daily_plan)
    services.inspection_record(
        actor=cast.wang_worker,
        plan=daily_plan,
        marks=[Mark(item_id=i.pk, ok=True) for i in old.items.all()],
    )
    client = client_for(cast.wu_leader)
    url = f"/hazards/checklists/{daily_plan.template.pk}/"
    page = client.get(url).content.decode()
    assert "支架｜顶板｜支架初撑力达标，无歪斜咬架" in page
    text = "\n".join(
        [
            "支架｜顶板｜支架初撑力达标",
            "运输\t运输\t刮板输送机护罩齐全",
            "",
            "防灭火|防灭火|灭火器在有效期内",
        ]
    )
    assert client.post(url, {"items": text}).status_code == 302
    new = services.current_version(daily_plan)
    assert new.number == old.number + 1 and new.items.count() == 3
    assert daily_plan.inspections.get().version == old  # the done inspection keeps v1


def test_bad_lines_are_named_and_nothing_is_published(cast, client_for, daily_plan):
    client = client_for(cast.wu_leader)
    url = f"/hazards/checklists/{daily_plan.template.pk}/"
    response = client.post(
        url, {"items": "支架｜顶板｜好的一行\n只有一段\n通风｜不存在的类别｜风筒"}
    )
    page = response.content.decode()
    assert response.status_code == 400 and "第 2 行" in page and "第 3 行" in page
    assert "只有一段" in page  # what was typed is kept
    assert ChecklistVersion.objects.filter(template=daily_plan.template).count() == 1


def test_only_heads_publish_and_outsiders_see_nothing(cast, client_for, daily_plan):
    url = f"/hazards/checklists/{daily_plan.template.pk}/"
    assert client_for(cast.qian_outsider).get(url).status_code == 404
    assert client_for(cast.wang_worker).get(url).status_code == 404
    secretary = client_for(cast.zhao_secretary)  # sees it, may not publish
    assert "发布新版本" not in secretary.get(url).content.decode()
    assert secretary.post(url, {"items": "支架｜顶板｜x"}).status_code == 404
