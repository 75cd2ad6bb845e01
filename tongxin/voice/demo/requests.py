"""Requests (诉求) from the workers: what the demo sign-ins find on first look, a matter
several workers raised (one handled, the rest merged into it), and some seventy more in
every state, a few overdue."""

from __future__ import annotations

from .. import services
from ..models import Channel
from .context import DEMO_DEPARTMENT, Script, Seeder
from .driving import scripts, submit
from .timing import plan

# --- what people write (invented) ------------------------------------------------------
# (category, title, body[, department]). Placeholders are filled per case.

REQUESTS = [
    ("薪酬福利", "{month}月夜班津贴未足额发放",
     "我在{unit}{crew}，{month}月份上了{nights}个夜班，工资条上夜班津贴只算了{counted}个，"
     "请帮忙核实补发。"),
    ("薪酬福利", "井下津贴标准多年未调整",
     "井下津贴还是好几年前定的标准，这几年物价涨了不少，一线职工意见比较大，希望研究调整。"),
    ("薪酬福利", "工资条扣款项目看不明白",
     "这个月工资条上多了一项“其他扣款”{amount}元，班长也说不清楚是什么，请给个解释。"),
    ("薪酬福利", "地面高温补贴什么时候发",
     "往年七月就发高温补贴，今年到现在还没发，车间温度很高，大家都在问。"),
    ("薪酬福利", "节假日加班费计算基数有疑问",
     "节假日加班按三倍计算，但拿到的好像只按岗位工资算，没算绩效部分，请解释计算办法。"),
    ("薪酬福利", "冬季取暖补贴没有到账",
     "去年冬季取暖补贴到现在还没到账，{unit}好几个人都没收到，请查一下原因。"),
    ("薪酬福利", "绩效工资二次分配没有公示",
     "{crew}的绩效工资二次分配一直没有公示，大家不知道怎么算的，希望按规定张榜公开。"),
    ("休息休假", "检修班连续三个周末加班无法调休",
     "{unit}检修班已经连续三个周末加班，说好的调休一直没安排，人都很疲劳，请协调轮休。"),
    ("休息休假", "年休假申请一直没有批",
     "我{month}月初提交的年休假申请到现在没批，队里说人手紧，可我已经两年没休过年假了。"),
    ("休息休假", "探亲假天数计算有误",
     "我父母在外省，按规定探亲假应该是20天，这次只批了12天，请人力资源部核实。"),
    ("休息休假", "倒班表临时调整没有提前通知",
     "这周倒班表周日晚上才临时调整，好多人已经安排了家里的事，希望以后至少提前三天通知。"),
    ("休息休假", "春节值班安排不公平",
     "去年春节就是我们班值班，今年又排到我们，希望各班轮流，排班结果公开。"),
    ("劳动安全", "自救器到期未及时更换",
     "{crew}有几台自救器的检验期已经过了，交上去一个多月还没换新的，下井心里不踏实。"),
    ("劳动安全", "矿灯电池续航不足",
     "矿灯充满电下井，到第七八个小时就暗了，检修班经常延点，很不安全，请更换电池。"),
    ("劳动安全", "防尘口罩不合适、发放不够",
     "现在发的防尘口罩戴着憋气，很多人不愿意戴，每月只发{masks}个也不够用，"
     "希望换型号并增加数量。", "供应部"),
    ("劳动安全", "回风巷一段没有照明",
     "{unit}回风巷有两百多米没有照明，行人和运料都靠矿灯，容易磕碰，请安装照明。"),
    ("劳动安全", "劳保鞋磨损快、发放周期太长",
     "井下积水多，劳保鞋三个月就开胶了，但发放周期是一年，希望缩短周期或换质量好的。",
     "供应部"),
    ("劳动安全", "耳塞发放不及时",
     "采煤机和破碎机附近噪声很大，耳塞上个月就发完了，请尽快补发。", "供应部"),
    ("劳动安全", "反光背心尺码不全",
     "新发的反光背心只有L码，个子大的穿不上，请补发大号。", "供应部"),
    ("食堂", "食堂菜价上涨、份量变少",
     "最近一个月食堂几个菜都涨了一两块钱，份量反而少了，希望公开菜价和成本。"),
    ("食堂", "夜班升井后食堂没饭吃",
     "夜班早上七点多升井，食堂早饭七点半就收了，洗完澡过去什么都没有了，希望延长供应时间。"),
    ("食堂", "餐具清洗不干净",
     "二楼餐厅的餐盘经常有油污，筷子也有异味，希望加强清洗消毒。"),
    ("食堂", "希望食堂增加面食品种",
     "食堂面食就是馒头和面条，北方职工多，希望增加饺子、包子等品种。"),
    ("食堂", "饭卡充值不方便",
     "饭卡只能到食堂窗口用现金充值，下班时窗口又关了，希望开通手机充值。"),
    ("宿舍", "单身公寓晚上没有热水",
     "单身公寓{building}号楼三楼晚上十点以后就没有热水了，夜班回来洗不上澡，请维修。"),
    ("宿舍", "宿舍暖气不热",
     "{building}号楼北面房间暖气片一直不热，室温只有十二三度，请检查管道。"),
    ("宿舍", "洗衣房洗衣机坏了一个多月",
     "公寓洗衣房四台洗衣机坏了两台，报修一个多月没人来修。"),
    ("宿舍", "浴室水温忽冷忽热",
     "职工浴室淋浴水温忽冷忽热，有人被烫到过，请检修恒温设备。"),
    ("宿舍", "公寓楼手机信号差",
     "公寓楼一楼和地下室手机基本没信号，家里有事联系不上，希望协调加装信号设备。"),
    ("宿舍", "宿舍楼道灯坏了没人修",
     "{building}号楼四楼楼道灯坏了两个星期，晚上回来很黑，容易摔倒。"),
    ("通勤", "早班车发车时间太早",
     "早班车五点十分从市区发车，到矿上要等一个多小时才开班前会，希望推迟到五点四十。"),
    ("通勤", "夜班下班没有回市区的班车",
     "夜班早上七点多升井，回市区的班车七点就开走了，只能打车，希望增加一班。"),
    ("通勤", "班车座位不够经常站着",
     "早班{building}路班车每天都有十几个人站着，路上一个多小时，希望换大车或加车。"),
    ("通勤", "班车在山路上车速太快",
     "下午回市区的班车在山路上开得很快，大家都很害怕，请提醒司机注意安全。"),
    ("通勤", "希望增开到新区的班车线路",
     "住在新区的职工越来越多，现在要转两趟车，希望增开一条到新区的班车线路。"),
    ("培训", "特种作业证复训与生产冲突",
     "这次特种作业证复训安排在检修日，队里走不开人，能不能分两批或安排在休息日。"),
    ("培训", "安全培训考试题库太旧",
     "安全培训考试题库还有几年前老规程的内容，希望按新规程更新。"),
    ("培训", "希望组织电工技能提升培训",
     "{unit}年轻电钳工多，变频器和PLC方面不太懂，希望组织专题培训。"),
    ("培训", "培训期间的误餐补贴没有发",
     "上个月参加五天安全培训，说好的误餐补贴到现在没发。"),
    ("职业发展", "技师评聘打分细则不透明",
     "今年技师评聘的打分细则没有公布，希望公开评分标准和结果。"),
    ("职业发展", "转岗申请三个月没有答复",
     "我因为腰伤申请从井下转到地面岗位，三个月了没有任何答复。"),
    ("职业发展", "班组长竞聘通知公布太晚",
     "班组长竞聘的通知贴出来第二天就报名截止了，很多人不知道，希望以后提前公布。"),
    ("设备", "液压支架立柱漏液严重",
     "{unit}工作面{support_a}号到{support_b}号支架立柱漏液严重，影响支护，"
     "请安排更换密封件。"),
    ("设备", "皮带机尾托辊异响",
     "主运输皮带机尾附近托辊异响，有几个已经不转了，请安排检修。"),
    ("设备", "副井底绞车信号按钮失灵",
     "副井底绞车信号装置按钮失灵，有时候要按好几次，请尽快更换。"),
    ("设备", "检修工具不够用",
     "检修班扭矩扳手和拉马只有一套，几个小组抢着用，耽误时间，希望增配。"),
    ("设备", "更衣室柜子锁坏了",
     "更衣室好几个柜子锁坏了，东西丢过两次，希望统一更换。", "后勤服务队"),
    ("设备", "采煤机内喷雾喷嘴经常堵",
     "采煤机内喷雾喷嘴经常堵，截割时粉尘很大，希望加装过滤器。"),
    ("其他", "职工书屋开放时间短",
     "职工书屋只在白天上班时间开，倒班职工根本去不了，希望晚上也开放。"),
    ("其他", "篮球场晚上没有灯光",
     "矿区篮球场没有照明，下班后天黑了就没法打球，希望安装灯光。"),
    ("其他", "停车场车位紧张",
     "早班时段停车场车位不够，很多车停在路边，希望规划更多车位。"),
    ("其他", "希望开通职工心理咨询",
     "井下工作压力大，有的年轻职工情绪不好，希望工会开通心理咨询。"),
    ("薪酬福利", "夜班伙食补助标准偏低",
     "夜班伙食补助每班只有8元，现在一顿饭都不够，希望提高标准。"),
    ("薪酬福利", "工伤医药费报销太慢",
     "我去年工伤住院的医药费交上去四个月了还没报销下来，请帮忙催办。"),
    ("休息休假", "婚假申请被要求推迟",
     "我下个月结婚，申请婚假被要求推迟到生产任务完成以后，希望按规定批准。"),
    ("劳动安全", "井下作业服不透气",
     "新发的作业服太厚不透气，夏天井下闷热，希望换成透气面料。", "供应部"),
    ("劳动安全", "安全帽内衬老化",
     "{crew}很多安全帽内衬已经老化断裂，戴着不稳，请更换。", "供应部"),
    ("劳动安全", "水仓附近缺少警示标志",
     "{unit}水仓附近没有警示标志和护栏，夜班照明也差，容易出事。"),
    ("食堂", "食堂就餐高峰排队太久",
     "中午升井高峰只开两个窗口，排队要二十多分钟，希望增开窗口。"),
    ("食堂", "班中餐品种单一",
     "班中餐连续几周都是同样的几样菜，希望每周换换花样。"),
    ("宿舍", "公寓热水器频繁跳闸",
     "{building}号楼公用热水器一开就跳闸，请检查线路。"),
    ("宿舍", "宿舍窗户关不严漏风",
     "{building}号楼好几间宿舍窗户变形关不严，冬天漏风，请维修。"),
    ("通勤", "班车站点没有遮雨棚",
     "矿区班车站点没有遮雨棚，下雨下雪时等车很受罪，希望加建。"),
    ("培训", "取证复审培训费要个人承担",
     "岗位要求的特种作业证，复审培训费却要个人出，希望由单位承担。"),
    ("职业发展", "高级工鉴定名额太少",
     "{unit}符合条件的人很多，高级工鉴定名额只有两个，希望增加名额。"),
    ("设备", "井下电话经常打不通",
     "{unit}工作面附近的井下电话经常打不通，有事联系不上调度，请检修。"),
    ("设备", "工作服烘干机不够用",
     "井下工作服每天要洗，烘干机只有两台，经常排不上，希望增加。", "后勤服务队"),
    ("其他", "希望组织职工子女暑期托管",
     "暑假孩子没人看，希望工会组织职工子女暑期托管班。"),
]  # fmt: skip


def for_the_sign_ins(seeder: Seeder) -> None:
    """What the demo sign-ins find on first look."""
    demo01 = seeder.logins.get("demo01")
    demo05 = seeder.logins.get("demo05")
    templates = {t[1]: t for t in REQUESTS}
    if demo01 is not None:
        for title, script in (
            ("{month}月夜班津贴未足额发放", Script("replied")),
            ("单身公寓晚上没有热水", Script("assigned")),
            ("矿灯电池续航不足", Script("closed", rating=4)),
        ):
            submit(seeder, demo01, templates[title], script)
            seeder.used.add(title)
    # demo05: equipment cases of 机电科, two named to the head, one of them overdue.
    equipment = [t for t in REQUESTS if t[0] == "设备" and len(t) == 3]
    for i, script in enumerate(
        [
            Script("assigned_overdue", overdue_days=6),
            Script("assigned"),
            Script("handled"),
            Script("assigned_overdue", overdue_days=2),
        ]
    ):
        script.department = DEMO_DEPARTMENT
        if i < 2 and demo05 is not None:
            script.handler = demo05
        submit(seeder, seeder.worker(district=True), equipment[i % len(equipment)], script)
        seeder.used.add(equipment[i % len(equipment)][1])
    # demo03 / demo04: new matters of 综采一队 waiting to be accepted, and some
    # accepted and waiting to be assigned.
    for script in scripts(seeder, {"submitted": 4, "accepted": 2, "assigned": 1}):
        submit(seeder, seeder.worker(demo_district=True), seeder.draw(REQUESTS), script)
    # demo06: major matters, shown to leadership at once. (The reopened cases the mine's
    # leadership watches come with the requests below.)
    majors = [
        ("薪酬福利", "两个月工资未按时足额发放",
         "{unit}部分职工近两个月工资发放推迟，而且少发了井下津贴，大家生活受影响，请尽快解决。"),
        ("劳动安全", "采煤工作面自救器数量不足",
         "{unit}工作面自救器数量少于下井人数，部分职工下井没有领到自救器，存在严重安全隐患。"),
        ("宿舍", "公寓冬季停暖三天",
         "寒潮期间单身公寓停暖三天，室温降到五度以下，很多职工只能在车里过夜。"),
        ("薪酬福利", "调岗后岗位工资降档未协商",
         "我们班组十多人被调整岗位后工资降档，事先没有协商，也没有书面通知。"),
    ]  # fmt: skip
    for template, script in zip(
        majors,
        [
            Script("assigned_overdue", major=True, overdue_days=5),
            Script("handled", major=True),
            Script("closed", major=True, rating=5),
            Script("accepted", major=True),
        ],
        strict=True,
    ):
        submit(seeder, seeder.worker(demo_district=template[0] == "劳动安全"), template, script)


def duplicates(seeder: Seeder) -> None:
    """A matter several workers raised: the first is handled, the rest merged into it."""
    target_text = (
        "食堂",
        "班中餐送到井下已经凉了",
        "中班的班中餐送到工作面时已经凉透了，冬天吃了胃疼，希望改用保温桶或调整送饭时间。",
    )
    target = submit(seeder, seeder.worker(demo_district=True), target_text, Script("assigned"))
    copies = [
        ("食堂", "井下班中餐是凉的", "送到井下的饭菜都是凉的，吃了不舒服，希望解决保温问题。"),
        ("食堂", "班中餐能不能热一点", "班中餐到我们手里时已经凉了，能不能配保温箱？"),
        ("食堂", "班中餐保温问题", "井下吃的饭一直是凉的，夏天还好，冬天实在受不了。"),
    ]  # fmt: skip
    for i, template in enumerate(copies):
        channel = Channel.SUGGESTION if i == 2 else Channel.REQUEST
        person = seeder.worker(demo_district=True)
        case, _ = services.case_submit(
            submitter=person, channel=channel, title=template[1], body=template[2]
        )
        officer = seeder.officer(case)
        if i == 0:
            services.case_accept(
                case_id=case.pk,
                version=None,
                actor=officer,
                category=seeder.categories["食堂"],
            )
        services.case_merge(case_id=case.pk, version=None, actor=officer, into_id=target.pk)
        plan(seeder, case, Script("merged"), "食堂")


def in_every_state(seeder: Seeder) -> None:
    counts = {
        "submitted": 5, "accepted": 4, "assigned": 6, "assigned_overdue": 4,
        "awaiting_info": 4, "handled": 3, "handled_overdue": 2, "replied": 6,
        "autoclose": 2, "closed": 15, "reopened": 2, "reopened_overdue": 1,
        "reopened_closed": 1,
    }  # fmt: skip
    for script in scripts(seeder, counts):
        person = seeder.worker(demo_district=seeder.rng.random() < 0.2, district=True)
        submit(seeder, person, seeder.draw(REQUESTS), script)
