"""The categories a mine starts with (SPEC §3), with seed words for the first proposals.

Used by the data migration, and by the tests to put them back after a flush.
"""

CATEGORIES = [
    ("薪酬福利", 10, 3, "工资 薪酬 奖金 绩效 津贴 补贴 福利 加班费 社保 公积金 年金 扣款 工资条"),
    ("休息休假", 10, 3, "休假 请假 年假 倒班 排班 调休 加班 休息 探亲假 婚假 产假"),
    ("劳动安全", 5, 2, "安全 劳保 防护 隐患 瓦斯 顶板 通风 粉尘 噪声 自救器 矿灯 工伤"),
    ("食堂", 7, 2, "食堂 饭菜 伙食 餐厅 班中餐 饭卡 就餐 卫生 价格 菜品"),
    ("宿舍", 7, 2, "宿舍 住宿 热水 空调 暖气 洗衣 浴室 澡堂 床铺 公寓"),
    ("通勤", 7, 2, "通勤 班车 交通 车辆 接送 停车 路线 大巴 班次"),
    ("培训", 10, 3, "培训 学习 考试 取证 技能 课程 教材 授课"),
    ("职业发展", 15, 5, "晋升 职称 岗位 技师 评聘 竞聘 转岗 职业 发展 考核"),
    ("设备", 10, 3, "设备 机器 工具 维修 采煤机 支架 皮带 输送机 配件 故障"),
    ("其他", 10, 3, ""),
]


def ensure_categories(Category) -> None:
    """Create the starting categories that are missing (`Category` may be a historical model)."""
    for order, (name, days, major, words) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(
            name=name,
            defaults={
                "deadline_days": days,
                "major_deadline_days": major,
                "keywords": words,
                "order": order,
            },
        )
