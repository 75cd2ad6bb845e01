"""The demo's reports: who, about what, and how far each got (invented)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Story:
    reporter: str  # "" for anonymous, else a key of the seeder's people
    unit: str  # "district", "department" or "mine"
    about_leadership: bool
    category: str
    subject: str
    content: str
    steps: tuple[tuple[str, str], ...]
    days_ago: int
    print_receipt: bool = False


STORIES = (
    Story(
        "",
        "district",
        False,
        "procurement",
        "综采一队材料员",
        "材料员领用截齿时多报数量，每月多领二三十个，差额拉到矿外废品站卖掉，班组长都知道。",
        (("accept", "线索具体，予以受理"), ("ask", "请说明大约从几月开始，废品站叫什么名字？")),
        days_ago=9,
        print_receipt=True,
    ),
    Story(
        "demo01",
        "department",
        False,
        "integrity",
        "机电科某技术员",
        "机电科一名技术员在检修外委项目验收时接受施工单位宴请，验收单上的工程量明显多于实际。",
        (
            ("accept", ""),
            ("reveal", "需向举报人当面核实验收现场情况"),
            ("verify", "调取验收资料，约谈相关人员"),
            (
                "conclude",
                "经核实，反映的宴请问题属实，已对当事人批评教育并责令退还费用；工程量已重新核定。",
            ),
        ),
        days_ago=75,
    ),
    Story(
        "demo01",
        "district",
        False,
        "other",
        "综采一队调度员",
        "综采一队调度员排班不公平，夜班总是安排同几个人，希望纪委过问一下。",
        (
            (
                "decline",
                "排班问题不属于纪检监察受理范围，已转请工会和队部协调，您也可通过“我要反映”提出。",
            ),
        ),
        days_ago=40,
    ),
    Story(
        "demo01",
        "district",
        False,
        "abuse",
        "综采一队副队长",
        "副队长对提意见的职工扣发绩效，还在班前会上点名批评，大家不敢再提意见。",
        (
            ("accept", ""),
            ("verify", "调取近三个月绩效考核记录"),
            ("retaliation", "注意保护反映问题的职工，核实期间不得调整其岗位"),
        ),
        days_ago=30,
    ),
    Story(
        "",
        "department",
        False,
        "finance",
        "机电科",
        "机电科年底突击报销差旅费，有的出差根本没有去，票据是找人开的。",
        (),
        days_ago=32,
    ),
    Story(
        "",
        "mine",
        True,
        "work_style",
        "矿领导班子成员",
        "矿上一位领导周末多次用公务车办私事，车辆去向登记表上写的是下井检查。",
        (("accept", "反映本矿领导班子成员，由公司纪委受理"),),
        days_ago=20,
    ),
)
