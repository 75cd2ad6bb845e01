"""Worker-voice demo data for the demo mine, called by `manage.py seed_demo`.

About 150 invented cases in the first mine, in every channel and every state, built by
calling the real services with the mine's real office holders as actors, so that each
case has its timeline events, audit rows and notifications exactly as if people had
used the platform. The demo sign-ins each find something of their own: demo01 three
cases of his own (one answered and waiting for his rating), demo03 and demo04 matters
of 综采一队 to accept, demo05 cases assigned to 机电科 (one overdue), demo06 the major
and the watched cases.

Dates: the services stamp everything "now". To make a year of history the timestamps
are moved back afterwards with queryset .update() / bulk_update on created_at,
updated_at, replied_at, closed_at, paused_on, deadline and the events' `at` (and on
co-signatures, milestones and the forum meeting). That is acceptable for demo data
only: nothing else may write these fields except through the services. The audit log
is append-only and keeps the real time of seeding.

The content (who raised what, in which channel, how far it got) is drawn from a
`random.Random` seeded with --seed; the dates count back from today, so that a demo
seeded today has cases overdue today. Anonymous receipts are random (they must be).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tongxin.core.workdays import add_workdays
from tongxin.people.models import Organisation, OrgKind, Person, Role, Tree
from tongxin.people.selectors import holders_over, mine_of

from . import services
from .models import (
    CLOCK_STATES,
    Case,
    CaseEvent,
    Category,
    Channel,
    CongressSession,
    Cosign,
    ForumMeeting,
    Milestone,
)
from .services.base import intake_officers

DEMO_DISTRICT = "综采一队"
DEMO_DEPARTMENT = "机电科"
# Which department a category goes to. 后勤服务队 is a district (no department head):
# its 队长 is named as the handler.
DEPARTMENT_FOR = {
    "薪酬福利": "人力资源部",
    "休息休假": "人力资源部",
    "培训": "人力资源部",
    "职业发展": "人力资源部",
    "劳动安全": "安监处",
    "设备": "机电科",
    "食堂": "后勤服务队",
    "宿舍": "后勤服务队",
    "通勤": "后勤服务队",
    "其他": "党群工作部",
}

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

SUGGESTIONS = [
    ("其他", "建议公开困难补助评定结果",
     "困难补助评了谁、为什么评，大家都不清楚，建议在公示栏公开评定结果（隐去个人隐私）。"),
    ("薪酬福利", "奖金二次分配不透明",
     "队里奖金二次分配全凭一句话，干多干少差别不大，建议按工分公开分配。"),
    ("其他", "个别管理人员对职工态度粗暴",
     "个别管理人员在班前会上骂人，说话很难听，职工敢怒不敢言，希望加强作风建设。"),
    ("其他", "希望领导跟班下井多听一线意见",
     "领导下井跟班时间很短，看一看就走了，希望多和一线职工聊聊。"),
    ("其他", "建议设置意见处理结果公示栏",
     "提的意见不知道有没有人管，建议把处理结果定期公示。"),
    ("宿舍", "公寓调房建议按工龄公开排队",
     "公寓调房没有明确规则，建议按工龄和家庭情况公开排队。"),
    ("食堂", "食堂承包商服务态度差",
     "食堂打饭师傅态度很差，职工提意见就不给好脸色，建议考核承包商服务。"),
    ("休息休假", "澡堂开放时间建议延长",
     "澡堂晚上九点就关门，中班升井晚了洗不上，建议延长到十一点。"),
    ("劳动安全", "安全罚款只罚工人不罚管理",
     "发生三违只罚一线职工，管理人员很少被追责，建议公平考核。"),
    ("职业发展", "评先评优总是那几个人",
     "每年评先进都是那几个人，建议推荐过程公开、名额向一线倾斜。"),
    ("其他", "矿区环境卫生需要加强",
     "矿区道路两边垃圾多，煤尘大，建议增加清扫和洒水次数。"),
    ("通勤", "班车上有人吸烟没人管",
     "班车上经常有人抽烟，司机也不管，建议加强管理。"),
    ("培训", "有的培训走过场",
     "有的培训就是签个字、发个资料，建议多搞实操培训。"),
    ("薪酬福利", "劳务派遣工待遇差距大",
     "同样的岗位，派遣工比正式工每月少一千多，建议逐步同工同酬。"),
    ("劳动安全", "入井检身有时流于形式",
     "入井检身人多的时候就不认真检查，建议增加检身人员。"),
    ("食堂", "希望公开食堂收支情况",
     "食堂有补贴，但饭菜质量一般，建议定期公开食堂收支。"),
    ("其他", "工会活动希望照顾倒班职工",
     "工会组织的活动多在周末白天，倒班职工参加不了，建议分场次举办。"),
    ("设备", "井下休息硐室条件差",
     "井下休息硐室没有座椅，积水多，建议改善。"),
    ("宿舍", "公寓门禁坏了很久",
     "公寓门禁坏了很久，外来人员随便进出，建议维修并加强管理。"),
    ("其他", "困难职工帮扶应该常态化",
     "逢年过节才慰问，平时有困难找不到人，建议建立常态化帮扶机制。"),
    ("其他", "职工代表应多听一线声音",
     "有的职工代表很少征求班组意见，建议代表定期到班组座谈。"),
    ("薪酬福利", "加班审批流程太繁琐",
     "加班要层层签字，经常拖到下个月才算上，建议简化流程。"),
    ("休息休假", "希望推行弹性排班",
     "家里有老人孩子的职工希望能在一定范围内自己选择班次。"),
    ("劳动安全", "建议设立隐患举报奖励",
     "职工发现隐患怕得罪人不敢报，建议设立匿名举报奖励。"),
    ("食堂", "建议成立职工伙食管理委员会",
     "建议由职工代表参与食堂的采购监督和菜价制定。"),
    ("宿舍", "公寓公共区域卫生差",
     "公寓走廊和卫生间卫生差，保洁只是早上来一次，建议增加次数。"),
    ("通勤", "建议班车时刻表上墙上网",
     "班车时刻经常变，建议在站点和平台上公布最新时刻表。"),
    ("培训", "建议培训内容结合本岗位",
     "很多培训内容和本岗位关系不大，建议按岗位分类培训。"),
    ("职业发展", "年轻职工晋升通道窄",
     "年轻职工干得再好也很难有晋升机会，建议建立技术和管理双通道。"),
    ("设备", "建议设备报修在手机上办理",
     "现在报修要找班长再找机电科，建议在手机上直接报修并跟踪进度。"),
    ("其他", "建议公开工会经费使用情况",
     "工会会费每月都交，建议每年向会员公开经费使用情况。"),
    ("其他", "个别班组长派工不公平",
     "个别班组长把轻活派给关系好的人，建议轮换派工并公开。"),
    ("其他", "希望增加职业病相关体检项目",
     "现在的体检项目太少，建议增加尘肺、听力等职业病相关检查。"),
]  # fmt: skip

# (category, title, body, benefit, benefit amount, reward, milestones, department)
PROPOSALS = [
    ("设备", "乳化液泵站加装自动配比装置",
     "乳化液靠人工配比，浓度不稳定，建议加装自动配比装置，浓度控制在3%到5%。",
     "浓度稳定，支架故障减少，年节约乳化油约 30 吨", 186000, 3000,
     ("设备选型与采购", "综采一队试点安装", "全矿推广"), "机电科"),
    ("设备", "皮带机头清扫器改造",
     "机头清扫器刮板磨损快、清扫不净，建议改为合金刮板并加弹簧张紧。",
     "回程带粘煤减少，托辊更换量下降，年节约维修费约 8 万元", 82000, 1500,
     ("制作样件", "试运行一个月"), "机电科"),
    ("设备", "中央泵房水泵按水位自动启停",
     "中央泵房水泵靠人工开停，建议按水位自动控制并避开峰时电价。",
     "年节电约 36 万千瓦时", 210000, 5000,
     ("编制改造方案", "安装水位传感器", "联调验收"), "机电科"),
    ("设备", "大巷照明更换为矿用 LED 灯",
     "大巷照明还是老式灯具，耗电大、亮度低，建议分批更换为矿用 LED 灯。",
     "年节电约 12 万千瓦时，照度提高一倍", 72000, 1000,
     ("第一批 300 盏更换",), "机电科"),
    ("设备", "采煤机截齿修复再利用",
     "磨损截齿直接报废可惜，建议堆焊修复后用于硬度较低的煤层。",
     "年节约截齿费用约 15 万元", 150000, 2000, ("堆焊工艺试验",), "机电科"),
    ("其他", "废旧锚杆回收加工再利用",
     "回撤的废旧锚杆大部分还能用，建议校直切割后用于地面支护。",
     "年节约材料费约 6 万元", 60000, 800, (), "供应部"),
    ("劳动安全", "矿车插销加装防脱装置",
     "矿车连接插销偶有脱出，建议加装弹簧防脱卡。",
     "消除跑车隐患", None, 1000, ("全矿矿车改装",), "安监处"),
    ("劳动安全", "风门闭锁装置改进",
     "两道风门同时打开会造成风流短路，建议改为气动闭锁。",
     "杜绝风门同时打开", None, 1200, (), "安监处"),
    ("设备", "电缆挂钩改为可调式",
     "巷道电缆挂钩高低不一，建议改为可调式挂钩，统一吊挂。",
     "电缆吊挂整齐，减少挤压损坏", 20000, 500, (), "机电科"),
    ("其他", "材料领用推行二维码登记",
     "材料领用靠手工登记，对账慢，建议推行二维码扫码登记。",
     "对账时间由三天缩短到半天", None, 800, (), "供应部"),
    ("劳动安全", "掘进机外喷雾改为高压喷雾",
     "掘进机外喷雾压力低，降尘效果差，建议改为高压喷雾。",
     "工作面粉尘浓度下降约四成", None, 2000, (), "安监处"),
    ("设备", "液压支架立柱加装防护套",
     "立柱镀层容易被煤块砸伤导致漏液，建议加装防护套。",
     "立柱返修率下降", 45000, 800, (), "机电科"),
    ("设备", "托辊更换专用工具",
     "更换托辊要两三个人撬，建议制作专用顶升工具。",
     "单个托辊更换时间由 20 分钟缩短到 5 分钟", None, 500, (), "机电科"),
    ("设备", "主通风机变频改造",
     "主通风机工频运行，风量富余时浪费电，建议变频改造。",
     "年节电约 50 万千瓦时", 290000, 6000, (), "机电科"),
    ("设备", "配电室温湿度在线监测",
     "井下配电室潮湿，建议加装温湿度在线监测，超限报警。",
     "提前发现受潮隐患", None, 600, (), "机电科"),
    ("设备", "无极绳绞车张紧装置改进",
     "无极绳绞车张紧靠配重，坡度变化时打滑，建议改为液压张紧。",
     "减少打滑停车", None, 1500, (), "机电科"),
    ("其他", "洗选厂介质回收流程优化",
     "重介质损耗偏高，建议增加一级磁选回收。",
     "介耗下降约 0.3 千克每吨", 120000, 2500, (), "生产技术部"),
    ("培训", "新工人师带徒考核表改进",
     "师带徒考核表太笼统，建议按岗位列出必会技能逐项签字。",
     "新工人独立上岗时间缩短", None, 300, (), "人力资源部"),
    ("劳动安全", "井口安检分通道进行",
     "早班入井高峰排队长，建议分设两条安检通道。",
     "入井排队时间缩短一半", None, 500, (), "安监处"),
    ("食堂", "班中餐改用分格保温餐盒",
     "班中餐送到井下时已凉，建议改用分格保温餐盒。",
     "饭菜到工作面时保持温热", None, 500, (), "后勤服务队"),
    ("通勤", "班车按班次预约乘坐",
     "班车空座和超员并存，建议在手机上按班次预约乘坐，按需派车。",
     "班车满载率提高，站立乘车基本消除", 30000, 600, (), "后勤服务队"),
    ("宿舍", "公寓热水改用空气能热泵",
     "公寓热水用电锅炉，费用高还经常供不上，建议改用空气能热泵。",
     "年节约电费约 9 万元，热水全天供应", 90000, 1500, (), "后勤服务队"),
]  # fmt: skip

CONGRESS = [
    ("薪酬福利", "关于提高井下一线职工津贴标准的提案",
     "井下津贴标准多年未调整，建议结合物价水平和兄弟单位标准适当提高，并建立定期调整机制。"),
    ("宿舍", "关于改善单身职工公寓住宿条件的提案",
     "单身公寓设施老化，热水、暖气问题较多，建议列入年度改造计划。"),
    ("通勤", "关于增开夜班通勤班车的提案",
     "夜班职工升井后没有回市区的班车，建议增开夜班通勤车。"),
    ("劳动安全", "关于建立职工职业健康档案的提案",
     "建议为接触粉尘、噪声的职工建立职业健康档案，每年体检结果本人可查。"),
    ("薪酬福利", "关于完善班组长津贴制度的提案",
     "班组长责任重、津贴低，建议按班组规模和风险等级分档发放津贴。"),
    ("其他", "关于设立困难职工子女助学金的提案",
     "建议由工会设立困难职工子女助学金，资助考上大学的困难职工子女。"),
    ("食堂", "关于改善井下班中餐质量的提案",
     "建议改进班中餐配送方式，保证饭菜热乎、营养搭配合理。"),
    ("其他", "关于增设职工文体活动场所的提案",
     "矿区文体活动场所少，建议利用闲置库房改建职工活动中心。"),
    ("薪酬福利", "关于劳务派遣人员同工同酬的提案",
     "建议逐步缩小劳务派遣人员与正式职工的待遇差距，实现同岗同酬。"),
    ("休息休假", "关于推行带薪年休假计划管理的提案",
     "建议年初制定年休假计划，保证每位职工能休满年假。"),
    ("设备", "关于增加井下休息硐室的提案",
     "建议在主要运输大巷增设休息硐室，配备座椅和饮水设施。"),
    ("薪酬福利", "关于为职工发放私家车燃油补贴的提案",
     "很多职工开私家车上下班，建议按里程发放燃油补贴。"),
]  # fmt: skip

CONGRESS_DECLINE_REASON = (
    "已有通勤班车覆盖主要居住区，且燃油补贴涉及集团统一薪酬政策，不属于本届职代会职权范围，"
    "不予立案；班车线路不足的问题转入《关于增开夜班通勤班车的提案》一并办理。"
)
CONGRESS_MILESTONES = ("制定实施方案", "报矿务会审议", "组织实施", "向职工代表通报落实情况")

FORUM_MATTERS = [
    ("升井后等罐时间长", "工作面离井底远，升井后经常要等罐二三十分钟，希望优化提升调度。"),
    ("班前会时间过长", "班前会经常开四十多分钟，有些内容重复，希望精简。"),
    ("希望增加井下饮水点", "综采工作面附近没有饮水点，夏天喝水要走很远，希望增设。"),
    ("检修班人员不足", "检修班人员缺口大，检修任务重，经常延点，希望补充人员。"),
]
GRID_MATTERS = [
    ("网格走访：职工子女入学需协调",
     "网格走访中了解到，几名外地职工子女今年秋季入学遇到学位紧张问题，请工会协调。"),
    ("网格走访：矿区道路雨后积水",
     "职工反映矿区东门道路雨后积水严重，电动车无法通行，请后勤处理。"),
    ("网格走访：职工家属就医困难",
     "网格员走访时了解到有职工家属患慢性病，每月去市里复诊不便，希望协调就医绿色通道。"),
]  # fmt: skip
HAZARD_MATTERS = [
    ("隐患转办：皮带机尾护栏缺失",
     "三三制检查发现主运输皮带机尾护栏缺失，已现场警戒，需补装护栏。"),
    ("隐患转办：顶板离层仪损坏",
     "三三制检查发现回采巷道两台顶板离层仪读数异常，疑似损坏，需更换。"),
]  # fmt: skip

REPLIES = {
    "薪酬福利": "经人力资源部与财务科核对，您反映的情况属实，差额将在下月工资中补发，"
    "今后每月工资明细将在班组公示。",
    "休息休假": "已与所在单位沟通，下周起按轮休表安排调休，今后排班调整至少提前三天公布。",
    "劳动安全": "安监处已现场核实并督促整改，相关劳保用品和设施已补齐，请继续监督。",
    "食堂": "后勤服务队已约谈食堂承包方，调整了供应时间和菜价公示，欢迎继续提意见。",
    "宿舍": "后勤服务队已安排维修人员上门处理，问题已修复，如再出现请随时报修。",
    "通勤": "已调整班车时刻和车型，新的时刻表已在班车站点和平台上公布。",
    "培训": "人力资源部已调整培训安排，分两批进行，并补发了培训期间的补贴。",
    "职业发展": "评聘细则和结果已在公示栏和平台公开，您的申请已转人力资源部专人办理。",
    "设备": "机电科已安排检修并更换了损坏部件，设备运行正常，感谢您的反映。",
    "其他": "您的意见已收到并研究，相关部门已按意见改进，具体情况已在公示栏公布。",
}
HANDLING = "已现场核实，协调相关单位处理完毕，处理结果已与提出人沟通。"
INFO_QUESTION = "请补充具体时间、地点和涉及的人员，方便我们核实。"
REOPEN_REASON = "答复说已经解决，但实际情况没有改变，请再核实一次。"
RATING_COMMENTS = {
    1: "答复敷衍，问题根本没解决。",
    2: "解决得太慢，答复也不具体。",
    3: "基本解决了，但拖的时间有点长。",
    4: "问题解决了，办事效率还可以。",
    5: "处理及时，答复清楚，非常满意！",
}


@dataclass
class VoiceSeedResult:
    cases: int
    by_state: dict[str, int]
    overdue: int
    anonymous: int
    major: int
    seconds: float
    receipt: str | None = None  # one anonymous receipt, printed for trying "follow"


@dataclass
class _Plan:
    case_id: int
    start: datetime
    end: datetime
    anonymous: bool = False
    overdue_days: int = 0


@dataclass
class _Script:
    """How far one case gets, and with whom."""

    final: str
    major: bool = False
    rating: int | None = None
    overdue_days: int = 0
    adopt: bool | None = None
    milestones: tuple[str, ...] = ()
    department: str = ""
    handler: Person | None = None
    extra: dict = field(default_factory=dict)


def seed(*, seed: int, progress: Callable[[str], None] | None = None) -> VoiceSeedResult | None:
    """Seed the demo mine's worker voice, unless its cases are already there."""
    demo01 = Person.objects.filter(employee_no="demo01").select_related("unit").first()
    if demo01 is None or demo01.unit is None:
        return None
    mine = mine_of(demo01.unit)
    if Case.objects.filter(org_path__startswith=mine.path).exists():
        return None
    started = time.monotonic()
    with transaction.atomic():
        seeder = _Seeder(random.Random(f"{seed}:voice"), mine)
        seeder.run()
    result = seeder.result(time.monotonic() - started)
    if progress:
        progress(
            f"职工诉求：{result.cases} 件（超期 {result.overdue}，匿名 {result.anonymous}，"
            f"重大 {result.major}），{result.seconds:.1f} 秒"
        )
    return result


def _floor_hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def _daytime(moment: datetime) -> datetime:
    """The same day with its 24 hours squeezed into 07:30-21:30, keeping the order."""
    local = timezone.localtime(moment)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    seconds = (local - midnight).total_seconds()
    return midnight + timedelta(seconds=7.5 * 3600 + seconds * 14 / 24)


class _Seeder:
    def __init__(self, rng: random.Random, mine: Organisation):
        self.rng = rng
        self.mine = mine
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.plans: list[_Plan] = []
        self.case_ids: list[int] = []
        self.receipt: str | None = None
        self.categories = {c.name: c for c in Category.objects.all()}
        self.units = {
            o.name: o
            for o in Organisation.objects.filter(
                tree=Tree.UNIT,
                path__startswith=mine.path,
                kind__in=(OrgKind.DISTRICT, OrgKind.DEPARTMENT),
            )
        }
        self.logins = {
            p.employee_no: p
            for p in Person.objects.filter(employee_no__startswith="demo").select_related("unit")
        }
        self.district = self.units[DEMO_DISTRICT]
        self.department = self.units[DEMO_DEPARTMENT]
        workers = list(
            Person.objects.filter(
                unit__path__startswith=mine.path, is_active=True, roles__isnull=True
            )
            .exclude(employee_no__startswith="demo")
            .select_related("unit")
            .order_by("employee_no")
        )
        self.workers = workers
        step = len(mine.path) + Organisation.steplen
        by_path = {o.path: o for o in self.units.values()}
        self.unit_of = {w.pk: by_path.get(w.unit.path[:step]) for w in workers}
        self.in_demo_district = [w for w in workers if self.unit_of[w.pk] == self.district]
        self.district_workers = [
            w for w in workers if self.unit_of[w.pk] and self.unit_of[w.pk].kind == OrgKind.DISTRICT
        ]
        self.handlers: dict[str, list[Person]] = {}
        self.decks: dict[int, list] = {}
        self.used: set[str] = set()
        self.mine_officer = self._mine_officer()
        self._officer_turn = 0

    # --- people -------------------------------------------------------------------------

    def _mine_officer(self) -> Person:
        """Who takes in matters of the whole mine: its union chair, else its administrator."""
        for role in (Role.UNION_CHAIR, Role.ADMIN):
            holders = [
                p
                for p in holders_over(self.mine.path, role, nearest=True)
                if p.unit_id and p.unit.path.startswith(self.mine.path)
            ]
            if holders:
                return holders[0]
        raise LookupError("the demo mine has no union chair and no administrator")

    def worker(self, *, demo_district: bool = False, district: bool = False) -> Person:
        pool = self.workers
        if demo_district and self.in_demo_district:
            pool = self.in_demo_district
        elif district and self.district_workers:
            pool = self.district_workers
        return self.rng.choice(pool)

    def draw(self, templates: list) -> tuple:
        """The next template of a shuffled deck: no title twice until all have been used."""
        deck = self.decks.get(id(templates))
        if not deck:
            deck = [t for t in templates if t[1] not in self.used] or templates[:]
            self.rng.shuffle(deck)
            self.decks[id(templates)] = deck
        template = deck.pop()
        self.used.add(template[1])
        return template

    def officer(self, case: Case) -> Person:
        officers = intake_officers(case)
        if case.org_path.startswith(self.district.path):
            # Take turns, so that both demo03 and demo04 appear on the timelines.
            officers = sorted(officers, key=lambda p: p.employee_no)
            self._officer_turn += 1
            return officers[self._officer_turn % len(officers)]
        return self.rng.choice(officers) if officers else self.mine_officer

    def handler(self, department_name: str) -> Person:
        if department_name not in self.handlers:
            dept = self.units[department_name]
            people = list(
                Person.objects.filter(unit=dept, is_active=True)
                .select_related("unit")
                .order_by("employee_no")
            )
            if dept.kind == OrgKind.DISTRICT:
                chosen = [p for p in people if p.post == "队长"] or people[:1]
            else:
                heads = holders_over(dept.path, Role.DEPARTMENT_HEAD, nearest=True)
                staff = [p for p in people if not p.roles.exists()]
                chosen = heads + staff[:3]
            self.handlers[department_name] = chosen
        return self.rng.choice(self.handlers[department_name])

    def fill(self, text: str, person: Person | None, unit: Organisation | None) -> str:
        rng = self.rng
        nights = rng.randint(16, 22)
        crew = ""
        if person is not None and person.unit and person.unit.kind == OrgKind.CREW:
            crew = person.unit.name
        support = rng.randint(20, 120)
        return text.format(
            unit=unit.name if unit else DEMO_DISTRICT,
            crew=crew or "班组",
            month=(self.today.month - 2) % 12 + 1,
            nights=nights,
            counted=nights - rng.randint(3, 6),
            amount=rng.choice((86, 120, 150, 200, 260)),
            masks=rng.randint(2, 4),
            building=rng.randint(1, 6),
            support_a=support,
            support_b=support + rng.randint(5, 15),
        )

    # --- driving a case through the real services -----------------------------------------

    def drive(self, case: Case, script: _Script, category: str) -> None:
        final = script.final
        owner = case.submitter or case.entered_by
        anonymous = case.is_anonymous
        if final == "submitted":
            return
        officer = self.officer(case)
        services.case_accept(
            case_id=case.pk,
            version=None,
            actor=officer,
            category=self.categories[category],
            is_major=script.major,
        )
        if final == "accepted":
            return
        if final == "awaiting_info" and self.rng.random() < 0.5:
            services.case_request_info(
                case_id=case.pk, version=None, actor=officer, question=INFO_QUESTION
            )
            return
        department = script.department or DEPARTMENT_FOR[category]
        handler = script.handler or self.handler(department)
        services.case_assign(
            case_id=case.pk,
            version=None,
            actor=officer,
            department=self.units[department],
            handler=handler,
        )
        if final in ("assigned", "assigned_overdue"):
            return
        if final == "awaiting_info":
            services.case_request_info(
                case_id=case.pk, version=None, actor=handler, question=INFO_QUESTION
            )
            return
        services.case_handle(case_id=case.pk, version=None, actor=handler, result=HANDLING)
        if script.adopt is not None:
            self.adopt(case, script, officer, handler)
        if final in ("handled", "handled_overdue"):
            return
        reply = script.extra.get("reply") or REPLIES[category]
        services.case_reply(case_id=case.pk, version=None, actor=handler, text=reply)
        if final in ("replied", "autoclose"):
            return
        owner_args = {"actor": None, "receipt_ok": True} if anonymous else {"actor": owner}
        if final.startswith("reopened"):
            services.case_reopen(case_id=case.pk, reason=REOPEN_REASON, **owner_args)
            if final != "reopened_closed":
                return
            services.case_handle(
                case_id=case.pk, version=None, actor=handler, result="已再次现场核实并彻底整改。"
            )
            services.case_reply(
                case_id=case.pk,
                version=None,
                actor=handler,
                text="经矿领导督办，已再次核实并彻底整改，请您检查。" + reply,
            )
        rating = script.rating or self.rating()
        services.case_rate(
            case_id=case.pk, rating=rating, comment=RATING_COMMENTS[rating], **owner_args
        )
        if script.extra.get("done"):
            for milestone in Milestone.objects.filter(case=case).order_by("pk")[
                : script.extra["done"]
            ]:
                services.milestone_done(
                    milestone_id=milestone.pk, actor=handler, note="已按计划完成。"
                )

    def adopt(self, case: Case, script: _Script, officer: Person, handler: Person) -> None:
        benefit, amount, reward = script.extra.get("benefit", ("", None, None))
        services.proposal_adopt(
            case_id=case.pk,
            version=None,
            actor=officer,
            adopted=script.adopt,
            benefit=benefit if script.adopt else "",
            benefit_amount=Decimal(amount) if script.adopt and amount else None,
            reward_amount=Decimal(reward) if script.adopt and reward else None,
        )
        for i, title in enumerate(script.milestones if script.adopt else ()):
            services.milestone_add(
                case_id=case.pk,
                actor=handler,
                title=title,
                due_on=self.today + timedelta(days=15 + 30 * i),
            )

    def rating(self) -> int:
        return self.rng.choices((5, 4, 3, 2, 1), (40, 30, 15, 10, 5))[0]

    # --- when things happened -------------------------------------------------------------

    def ago(self, days: float) -> datetime:
        return self.now - timedelta(days=days)

    def day_at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return timezone.make_aware(datetime.combine(day, clock(hour, minute)))

    def span(self, final: str, overdue_days: int, days: int) -> tuple[datetime, datetime]:
        rng = self.rng
        u = rng.uniform
        if overdue_days:
            # The last step (assignment or reopening) a deadline's worth before it ran out.
            deadline = self.today - timedelta(days=overdue_days)
            end = self.day_at(deadline - timedelta(days=round(days * 1.4)), rng.randint(8, 16))
            back = u(20, 40) if final.startswith("reopened") else u(2, 8)
            return end - timedelta(days=back), end
        if final == "submitted":
            start = self.ago(u(0.05, 4))
            return start, start
        if final == "accepted":
            start = self.ago(u(1.5, 6))
            return start, start + timedelta(hours=u(2, 30))
        if final in ("assigned", "handled", "merged"):
            return self.ago(u(3, 8)), self.ago(u(0.1, 1.5))
        if final == "awaiting_info":
            return self.ago(u(4, 12)), self.ago(u(1, 3))
        if final == "replied":
            return self.ago(u(6, 25)), self.ago(u(0.05, 2.5))
        if final == "autoclose":
            return self.ago(u(22, 30)), self.ago(u(13, 16))
        if final == "reopened":
            return self.ago(u(15, 30)), self.ago(u(0.2, 2))
        if final == "reopened_closed":
            start = self.ago(u(40, 100))
            return start, start + timedelta(days=u(20, 35))
        # closed: any time in the past year, handled within a few weeks.
        start = self.ago(u(10, 360) if rng.random() < 0.7 else u(10, 60))
        end = min(start + timedelta(days=u(4, 25)), self.ago(u(0.5, 2)))
        return start, end

    def plan(self, case: Case, script: _Script, category: str | None) -> None:
        days = 10
        if category:
            c = self.categories[category]
            days = c.major_deadline_days if script.major else c.deadline_days
        start, end = self.span(script.final, script.overdue_days, days)
        self.plans.append(
            _Plan(case.pk, start, end, case.is_anonymous, overdue_days=script.overdue_days)
        )
        self.case_ids.append(case.pk)

    def retime(self, plan: _Plan) -> None:
        case = Case.objects.select_related("category").get(pk=plan.case_id)
        events = list(CaseEvent.objects.filter(case_id=case.pk).order_by("pk"))
        gaps = [self.rng.uniform(0.4, 1.6) for _ in events[1:]]
        total = sum(gaps) or 1.0
        span = plan.end - plan.start
        at, elapsed = [plan.start], 0.0
        for gap in gaps:
            elapsed += gap
            at.append(plan.start + span * (elapsed / total))
        at = [min(_daytime(t), self.now) for t in at]
        if plan.anonymous:
            at = [_floor_hour(t) for t in at]
        for event, moment in zip(events, at, strict=True):
            event.at = moment
        CaseEvent.objects.bulk_update(events, ["at"])

        def last(*actions: str) -> datetime | None:
            found = [e.at for e in events if e.action in actions]
            return found[-1] if found else None

        fields: dict = {"created_at": at[0], "updated_at": at[-1]}
        if case.replied_at:
            fields["replied_at"] = last("reply") or at[-1]
        if case.closed_at:
            fields["closed_at"] = last("rate", "decline", "auto_close") or at[-1]
        if case.paused_on:
            fields["paused_on"] = timezone.localdate(last("request_info") or at[-1])
        if case.deadline:
            if plan.overdue_days:
                deadline = self.today - timedelta(days=plan.overdue_days)
            else:
                base = timezone.localdate(last("assign", "reopen") or at[-1])
                deadline = services.default_deadline(case.category, case.is_major, base)
                if case.state in CLOCK_STATES and deadline <= self.today:
                    deadline = add_workdays(self.today, 2)
            fields["deadline"] = deadline
            # The assignment's note names the deadline it set: name the moved one.
            assigned = [e for e in events if e.action == "assign"]
            if assigned and str(case.deadline) in assigned[-1].note:
                assigned[-1].note = assigned[-1].note.replace(str(case.deadline), str(deadline))
                CaseEvent.objects.filter(pk=assigned[-1].pk).update(note=assigned[-1].note)
        Case.objects.filter(pk=case.pk).update(**fields)
        cosign_times = [e.at for e in events if e.action == "cosign"]
        for cosign, moment in zip(
            Cosign.objects.filter(case=case).order_by("pk"), cosign_times, strict=False
        ):
            Cosign.objects.filter(pk=cosign.pk).update(at=moment)
        added = [e.at for e in events if e.action == "milestone"]
        done = [e.at for e in events if e.action == "milestone_done"]
        milestones = list(Milestone.objects.filter(case=case).order_by("pk"))
        for i, milestone in enumerate(milestones):
            changes = {}
            if i < len(added):
                changes["created_at"] = added[i]
            if milestone.done_on and done:
                changes["done_on"] = timezone.localdate(done.pop(0))
            if changes:
                Milestone.objects.filter(pk=milestone.pk).update(**changes)

    def retime_sweep(self) -> None:
        """The sweep wrote its steps "now"; put them where the deadline put them."""
        events = CaseEvent.objects.filter(
            case_id__in=self.case_ids, action__startswith="escalate_"
        ).select_related("case")
        changed = []
        for event in CaseEvent.objects.filter(
            case_id__in=self.case_ids, action="auto_close"
        ).select_related("case"):
            replied = timezone.localdate(event.case.replied_at)
            day = add_workdays(replied, settings.VOICE_AUTO_CLOSE_WORKDAYS)
            event.at = min(self.day_at(day, 0, 15), self.now)
            Case.objects.filter(pk=event.case_id).update(closed_at=event.at, updated_at=event.at)
            changed.append(event)
        for event in events:
            deadline = event.case.deadline
            if deadline is None or deadline >= self.today:
                continue
            level = int(event.action.rsplit("_", 1)[1])
            day = {
                1: deadline - timedelta(days=1),
                2: deadline + timedelta(days=1),
                3: add_workdays(deadline, 3),
            }[level]
            moment = min(self.day_at(day, 8, 30), self.now)
            event.at = _floor_hour(moment) if event.case.is_anonymous else moment
            changed.append(event)
        CaseEvent.objects.bulk_update(changed, ["at"])

    # --- the channels ---------------------------------------------------------------------

    def submit(self, person, template, script: _Script, *, channel=Channel.REQUEST) -> Case:
        category, title, body, *rest = template
        if rest and not script.department:
            script.department = rest[0]
        unit = self.unit_of.get(person.pk) or person.unit
        case, _receipt = services.case_submit(
            submitter=person,
            channel=channel,
            title=self.fill(title, person, unit)[:60],
            body=self.fill(body, person, unit),
        )
        self.drive(case, script, category)
        self.plan(case, script, category)
        return case

    def submit_anonymous(self, template, script: _Script, unit: Organisation) -> Case:
        category, title, body, *_rest = template
        case, receipt = services.case_submit(
            submitter=None,
            channel=Channel.SUGGESTION,
            title=title,
            body=self.fill(body, None, unit),
            anonymous=True,
            organisation=unit,
        )
        self.drive(case, script, category)
        self.plan(case, script, category)
        if script.final == "replied" and self.receipt is None:
            self.receipt = receipt
        return case

    def scripts(self, counts: dict[str, int]) -> list[_Script]:
        """Scripts for `counts` of each final state, overdue ones with their days over."""
        out = []
        for final, n in counts.items():
            for _ in range(n):
                overdue = self.rng.randint(1, 20) if final.endswith("_overdue") else 0
                out.append(_Script(final, overdue_days=overdue))
        self.rng.shuffle(out)
        return out

    def run(self) -> None:
        self.demo_people()
        self.duplicates()
        self.requests()
        self.suggestions()
        self.proposals()
        self.congress()
        self.forum()
        self.other_areas()
        for plan in self.plans:
            self.retime(plan)
        # The periodic sweep, as the task worker would run it: one level per run.
        for _ in range(3):
            services.sweep()
        self.retime_sweep()

    def demo_people(self) -> None:
        """What the demo sign-ins find on first look."""
        demo01 = self.logins.get("demo01")
        demo05 = self.logins.get("demo05")
        templates = {t[1]: t for t in REQUESTS}
        if demo01 is not None:
            for title, script in (
                ("{month}月夜班津贴未足额发放", _Script("replied")),
                ("单身公寓晚上没有热水", _Script("assigned")),
                ("矿灯电池续航不足", _Script("closed", rating=4)),
            ):
                self.submit(demo01, templates[title], script)
                self.used.add(title)
        # demo05: equipment cases of 机电科, two named to the head, one of them overdue.
        equipment = [t for t in REQUESTS if t[0] == "设备" and len(t) == 3]
        for i, script in enumerate(
            [
                _Script("assigned_overdue", overdue_days=6),
                _Script("assigned"),
                _Script("handled"),
                _Script("assigned_overdue", overdue_days=2),
            ]
        ):
            script.department = DEMO_DEPARTMENT
            if i < 2 and demo05 is not None:
                script.handler = demo05
            self.submit(self.worker(district=True), equipment[i % len(equipment)], script)
            self.used.add(equipment[i % len(equipment)][1])
        # demo03 / demo04: new matters of 综采一队 waiting to be accepted, and some
        # accepted and waiting to be assigned.
        for script in self.scripts({"submitted": 4, "accepted": 2, "assigned": 1}):
            self.submit(self.worker(demo_district=True), self.draw(REQUESTS), script)
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
                _Script("assigned_overdue", major=True, overdue_days=5),
                _Script("handled", major=True),
                _Script("closed", major=True, rating=5),
                _Script("accepted", major=True),
            ],
            strict=True,
        ):
            self.submit(self.worker(demo_district=template[0] == "劳动安全"), template, script)

    def duplicates(self) -> None:
        """A matter several workers raised: the first is handled, the rest merged into it."""
        target_text = (
            "食堂",
            "班中餐送到井下已经凉了",
            "中班的班中餐送到工作面时已经凉透了，冬天吃了胃疼，希望改用保温桶或调整送饭时间。",
        )
        target = self.submit(self.worker(demo_district=True), target_text, _Script("assigned"))
        copies = [
            ("食堂", "井下班中餐是凉的", "送到井下的饭菜都是凉的，吃了不舒服，希望解决保温问题。"),
            ("食堂", "班中餐能不能热一点", "班中餐到我们手里时已经凉了，能不能配保温箱？"),
            ("食堂", "班中餐保温问题", "井下吃的饭一直是凉的，夏天还好，冬天实在受不了。"),
        ]  # fmt: skip
        for i, template in enumerate(copies):
            channel = Channel.SUGGESTION if i == 2 else Channel.REQUEST
            person = self.worker(demo_district=True)
            case, _ = services.case_submit(
                submitter=person, channel=channel, title=template[1], body=template[2]
            )
            officer = self.officer(case)
            if i == 0:
                services.case_accept(
                    case_id=case.pk,
                    version=None,
                    actor=officer,
                    category=self.categories["食堂"],
                )
            services.case_merge(case_id=case.pk, version=None, actor=officer, into_id=target.pk)
            self.plan(case, _Script("merged"), "食堂")

    def requests(self) -> None:
        counts = {
            "submitted": 5, "accepted": 4, "assigned": 6, "assigned_overdue": 4,
            "awaiting_info": 4, "handled": 3, "handled_overdue": 2, "replied": 6,
            "autoclose": 2, "closed": 15, "reopened": 2, "reopened_overdue": 1,
            "reopened_closed": 1,
        }  # fmt: skip
        for script in self.scripts(counts):
            person = self.worker(demo_district=self.rng.random() < 0.2, district=True)
            self.submit(person, self.draw(REQUESTS), script)

    def suggestions(self) -> None:
        named = {
            "submitted": 2, "accepted": 2, "assigned": 2, "assigned_overdue": 1,
            "awaiting_info": 1, "handled": 1, "replied": 2, "closed": 6,
        }  # fmt: skip
        anonymous = {
            "submitted": 3, "accepted": 2, "assigned": 2, "assigned_overdue": 1,
            "awaiting_info": 1, "handled": 1, "replied": 2, "closed": 3,
        }  # fmt: skip
        for script in self.scripts(named):
            self.submit(self.worker(), self.draw(SUGGESTIONS), script, channel=Channel.SUGGESTION)
        units = [self.district, *self.rng.sample(sorted(self.units.values(), key=str), 6)]
        for i, script in enumerate(self.scripts(anonymous)):
            self.submit_anonymous(self.draw(SUGGESTIONS), script, units[i % len(units)])

    def proposals(self) -> None:
        finals = (
            ["closed"] * 8
            + ["replied"] * 2
            + ["handled"] * 2
            + ["assigned"] * 3
            + ["assigned_overdue", "awaiting_info"]
            + ["accepted"] * 2
            + ["submitted"] * 3
        )
        adopted_closed = 0
        for (category, title, body, benefit, amount, reward, steps, dept), final in zip(
            PROPOSALS, finals, strict=False
        ):
            script = _Script(final, department=dept)
            if final == "assigned_overdue":
                script.overdue_days = self.rng.randint(3, 12)
            if final in ("closed", "replied", "handled"):
                script.adopt = final != "closed" or adopted_closed < 6
                adopted_closed += final == "closed"
                script.milestones = steps
                script.extra["benefit"] = (benefit, amount, reward)
                script.extra["reply"] = (
                    f"经合理化建议评审小组评审，您的建议予以采纳，由{dept}组织实施。"
                    f"预计效益：{benefit}；奖励 {reward} 元，随下月工资发放。感谢您的建议！"
                    if script.adopt
                    else "经合理化建议评审小组评审，该建议的思路很好，但现阶段受条件限制暂不实施，"
                    "已转有关部门作为技术储备。感谢您的参与！"
                )
                if final == "closed" and steps:
                    script.extra["done"] = max(1, len(steps) - 1)
            self.submit(self.worker(), (category, title, body), script, channel=Channel.PROPOSAL)

    def congress(self) -> None:
        session = CongressSession.objects.create(
            organisation=self.mine,
            name=f"{self.mine.name}第五届职工代表大会第三次会议",
            opens_on=self.today - timedelta(days=21),
            closes_on=self.today + timedelta(days=9),
            cosign_required=2,
        )
        representatives = [p for p in (self.logins.get("demo01"), self.logins.get("demo02")) if p]
        districts = sorted(
            (u for u in self.units.values() if u.kind == OrgKind.DISTRICT), key=lambda u: u.path
        )
        for unit in self.rng.sample(districts, min(8, len(districts))):
            people = [w for w in self.workers if self.unit_of[w.pk] == unit]
            leaders = [w for w in people if w.post == "班长"] or people
            if leaders:
                representatives.append(leaders[0])
        session.representatives.set(representatives)
        finals = [
            "assigned", "cosigning", "submitted", "accepted", "assigned", "replied",
            "closed", "cosigning", "accepted", "assigned", "submitted", "declined",
        ]  # fmt: skip
        proposers = [p for p in representatives if p.employee_no != "demo01"]
        officer = self.mine_officer
        for i, ((category, title, body), final) in enumerate(zip(CONGRESS, finals, strict=True)):
            proposer = proposers[i % len(proposers)]
            case = services.congress_submit(
                submitter=proposer, session=session, title=title, body=body
            )
            others = [p for p in representatives if p.pk != proposer.pk]
            cosigners = self.rng.sample(others, 1 if final == "cosigning" else 2)
            for person in cosigners:
                services.congress_cosign(case_id=case.pk, representative=person)
            if final == "declined":
                services.case_decline(
                    case_id=case.pk, version=None, actor=officer, reason=CONGRESS_DECLINE_REASON
                )
            elif final not in ("cosigning", "submitted"):
                services.case_accept(
                    case_id=case.pk,
                    version=None,
                    actor=officer,
                    category=self.categories[category],
                    note="经提案审查委员会审查，予以立案。",
                )
                department = DEPARTMENT_FOR[category]
                handler = self.handler(department)
                for j, step in enumerate(CONGRESS_MILESTONES[: 2 if final == "accepted" else 4]):
                    services.milestone_add(
                        case_id=case.pk,
                        actor=officer,
                        title=step,
                        due_on=self.today + timedelta(days=10 + 30 * j),
                    )
                if final != "accepted":
                    services.case_assign(
                        case_id=case.pk,
                        version=None,
                        actor=officer,
                        department=self.units[department],
                        handler=handler,
                    )
                    first = Milestone.objects.filter(case=case).order_by("pk").first()
                    services.milestone_done(milestone_id=first.pk, actor=handler, note="已完成。")
                if final in ("replied", "closed"):
                    services.case_handle(
                        case_id=case.pk, version=None, actor=handler, result=HANDLING
                    )
                    services.case_reply(
                        case_id=case.pk,
                        version=None,
                        actor=handler,
                        text="提案答复：" + REPLIES[category],
                    )
                if final == "closed":
                    services.case_rate(
                        case_id=case.pk, actor=proposer, rating=4, comment=RATING_COMMENTS[4]
                    )
            start = self.day_at(session.opens_on + timedelta(days=1 + i), 9 + i % 6)
            if final in ("cosigning", "submitted"):
                start = self.ago(self.rng.uniform(2, 6))
                end = start + timedelta(hours=self.rng.uniform(6, 40))
            else:
                end = self.ago(self.rng.uniform(0.3, 3))
            self.plans.append(_Plan(case.pk, start, min(end, self.now)))
            self.case_ids.append(case.pk)

    def forum(self) -> None:
        chair = self.logins.get("demo04") or self.mine_officer
        unit = self.district if self.logins.get("demo04") else self.mine
        held_on = self.today - timedelta(days=12)
        present = [w for w in self.in_demo_district[:12]] or self.workers[:12]
        meeting = services.forum_record(
            actor=chair,
            organisation=unit,
            held_on=held_on,
            place=f"{unit.name}会议室",
            attendees="、".join(p.name for p in present),
            attendee_count=len(present),
            matters=[{"title": t, "body": b} for t, b in FORUM_MATTERS],
        )
        ForumMeeting.objects.filter(pk=meeting.pk).update(created_at=self.day_at(held_on, 17, 20))
        categories = ("其他", "其他", "劳动安全", "其他")
        finals = ("replied", "assigned", "accepted", "submitted")
        for case, category, final in zip(
            meeting.cases.order_by("pk"), categories, finals, strict=True
        ):
            script = _Script(final, department="调度室" if final == "replied" else "")
            if not script.department and category == "其他":
                script.department = "生产技术部"
            self.drive(case, script, category)
            end = self.ago(self.rng.uniform(0.3, 3)) if final != "submitted" else None
            start = self.day_at(held_on, 17, 20)
            self.plans.append(_Plan(case.pk, start, end or start))
            self.case_ids.append(case.pk)

    def other_areas(self) -> None:
        """Matters passed on by the grid and by hazard inspections (case_open)."""
        districts = sorted(
            (u for u in self.units.values() if u.kind == OrgKind.DISTRICT), key=lambda u: u.path
        )
        matters = [(Channel.GRID, m) for m in GRID_MATTERS] + [
            (Channel.HAZARD, m) for m in HAZARD_MATTERS
        ]
        finals = ("closed", "assigned", "submitted", "replied", "assigned_overdue")
        categories = ("其他", "其他", "其他", "劳动安全", "劳动安全")
        for (channel, (title, body)), final, category in zip(
            matters, finals, categories, strict=True
        ):
            unit = self.rng.choice(districts)
            secretaries = holders_over(unit.path, Role.BRANCH_SECRETARY, nearest=True)
            if not secretaries:
                continue
            case = services.case_open(
                actor=secretaries[0], channel=channel, organisation=unit, title=title, body=body
            )
            script = _Script(final, overdue_days=4 if final.endswith("_overdue") else 0)
            if channel == Channel.HAZARD:
                script.department = "安监处"
            elif "道路" in title:
                script.department = "后勤服务队"
            self.drive(case, script, category)
            self.plan(case, script, category)

    def result(self, seconds: float) -> VoiceSeedResult:
        cases = Case.objects.filter(pk__in=self.case_ids)
        by_state: dict[str, int] = {}
        for state in cases.values_list("state", flat=True):
            by_state[state] = by_state.get(state, 0) + 1
        return VoiceSeedResult(
            cases=len(self.case_ids),
            by_state=by_state,
            overdue=cases.filter(state__in=CLOCK_STATES, deadline__lt=self.today).count(),
            anonymous=cases.filter(is_anonymous=True).count(),
            major=cases.filter(is_major=True).count(),
            seconds=seconds,
            receipt=self.receipt,
        )
