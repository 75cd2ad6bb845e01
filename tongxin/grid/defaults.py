# ruff: noqa: E501 (one template per line reads best)
"""The monthly task templates a group starts with (每月任务清单, SPEC §2); operators
change them in the admin. (level, title, description, one per covered person, due day)."""

TEMPLATES = [
    (
        "member_worker",
        "走访联系职工",
        "本月与每名联系职工至少谈心或走访一次，记录在走访记录中。",
        True,
        0,
    ),
    (
        "member_worker",
        "收集职工诉求",
        "收集联系职工的意见、诉求和困难，需要部门解决的列入问题清单。",
        False,
        0,
    ),
    ("member_worker", "反映安全隐患", "结合岗位开展安全互保，发现隐患随手拍上报。", False, 0),
    ("member_worker", "填报月报表", "次月5日前提交网格化管理工作月报表。", False, 0),
    (
        "cadre_member",
        "联系班组长和党员",
        "本月与包保的班组长、党员各谈话一次，了解网格工作情况。",
        True,
        0,
    ),
    (
        "cadre_member",
        "检查网格任务完成情况",
        "抽查所包班组党员的走访记录和任务完成情况。",
        False,
        25,
    ),
    (
        "secretary_cadre",
        "听取包队干部汇报",
        "听取包队干部网格工作汇报，协调解决问题清单中的问题。",
        False,
        25,
    ),
    ("secretary_cadre", "审核月报表", "审核本支部党员提交的月报表。", False, 0),
    ("leader_branch", "联系党支部", "到联系的党支部参加一次活动或听取一次网格工作汇报。", False, 0),
]


def ensure_templates(TaskTemplate) -> None:
    for order, (level, title, description, per_covered, due_day) in enumerate(TEMPLATES, 1):
        TaskTemplate.objects.get_or_create(
            level=level,
            title=title,
            mine=None,
            defaults={
                "description": description,
                "per_covered": per_covered,
                "due_day": due_day,
                "order": order,
            },
        )
