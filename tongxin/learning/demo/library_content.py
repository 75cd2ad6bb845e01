"""The invented content of the demo library: ten modules, each with articles (several
paragraphs of plausible text), intranet videos, and PDF documents made here (a tiny
valid PDF with Chinese text in a standard CJK font, so no font file is needed)."""

from __future__ import annotations

# module: (articles as (title, [paragraph themes]), videos as (title, minutes), documents)
MODULES = {
    "政策理论": (
        (
            "深刻把握新时代党的创新理论的核心要义",
            "学习新质生产力的重要论述",
            "理论学习中心组专题学习体会",
        ),
        (("党的创新理论十讲（第一讲）", 18),),
        ("理论学习中心组学习安排",),
    ),
    "党纪法规": (
        (
            "《中国共产党纪律处分条例》要点解读",
            "党员应当遵守的六项纪律",
            "从典型案例看违规吃喝的危害",
        ),
        (("党纪学习教育专题片", 24),),
        ("党纪学习教育应知应会",),
    ),
    "会议精神解读": (
        (
            "全国煤矿安全生产工作会议精神传达提纲",
            "集团公司年度工作会议精神解读",
            "矿党委扩大会议部署要点",
        ),
        (),
        ("年度工作会议报告摘要",),
    ),
    "安全生产": (
        (
            "采掘工作面顶板管理十条",
            "井下瓦斯检查“三对口”",
            "雨季“三防”工作提示",
            "班前会安全确认要点",
        ),
        (("安全生产微课堂 · 第一讲", 1), ("综采工作面安全操作规范", 12), ("自救器佩戴与使用", 6)),
        ("煤矿安全规程重点条款摘编",),
    ),
    "工会知识": (
        ("职工代表大会提案怎么写", "困难职工帮扶政策问答", "劳动保护监督员的职责"),
        (("工会为你办实事", 8),),
        (),
    ),
    "法律法规": (
        ("新修订《安全生产法》十大看点", "劳动合同法与职工权益", "《矿山安全法》基本要求"),
        (),
        ("安全生产法律责任一览",),
    ),
    "先进典型": (
        ("“最美矿工”张建国：三十年守护工作面", "青年突击队的攻坚一百天", "劳模创新工作室的故事"),
        (("身边的榜样", 15),),
        (),
    ),
    "技术技能": (
        ("液压支架常见故障判断", "采煤机截割部日常保养", "胶带输送机跑偏的处理"),
        (("智能化工作面操作培训", 20),),
        ("液压支架操作卡",),
    ),
    "廉洁文化": (
        ("廉洁从业“十不准”", "家庭助廉：算好人生七笔账", "警钟长鸣：物资采购领域案例剖析"),
        (("廉洁文化微视频", 5),),
        (),
    ),
    "企业文化": (
        ("矿区精神的由来", "安全文化理念手册导读", "“家”文化建设在班组"),
        (),
        (),
    ),
}

OPENINGS = (
    "围绕“{title}”，矿党委结合本矿实际，组织各党支部开展专题学习。",
    "近期，各区队、科室陆续就“{title}”开展学习交流，现将要点整理如下。",
    "“{title}”是今年{module}学习的重点内容之一，请全体职工认真学习。",
)
BODIES = {
    "政策理论": (
        "学习理论要同推动工作结合起来，把学习成果转化为抓安全、促生产、保稳定的实际行动。",
        "各党支部要把理论学习纳入“三会一课”，做到有计划、有记录、有交流、有检查。",
        "党员干部要带头读原著、学原文、悟原理，在班组里讲好身边的道理。",
    ),
    "党纪法规": (
        "纪律是管党治党的“戒尺”，党员要知敬畏、存戒惧、守底线。",
        "对照条例逐条自查，重点查看公务接待、物资采购、工程招标等环节。",
        "发现苗头性、倾向性问题要早提醒、早纠正，抓早抓小、防微杜渐。",
    ),
    "会议精神解读": (
        "会议总结了过去一年的工作，分析了当前面临的形势，部署了今年的重点任务。",
        "各单位要逐级传达、层层落实，把会议要求分解到区队、落实到班组、明确到岗位。",
        "要把会议精神与安全生产标准化建设、智能化建设结合起来，确保全年目标完成。",
    ),
    "安全生产": (
        "作业前必须进行安全确认，检查顶板、煤壁、支护和通风情况，确认无误后方可作业。",
        "严格执行敲帮问顶制度，发现活矸危岩要及时处理，严禁空顶作业。",
        "瓦斯检查员、班组长和当班司机要做到“三对口”，数据不一致的必须查明原因。",
        "发现隐患要立即停止作业、撤出人员并报告调度室，不得冒险蛮干。",
    ),
    "工会知识": (
        "工会是职工之家，工会干部是职工的贴心人，职工有困难可以随时找分工会反映。",
        "职工代表要广泛听取班组意见，提案要写清问题、原因和具体建议。",
        "劳动保护监督员要经常深入现场，发现侵害职工安全健康的问题及时提出整改意见。",
    ),
    "法律法规": (
        "生产经营单位的主要负责人是本单位安全生产第一责任人，对安全生产工作全面负责。",
        "从业人员有权了解作业场所和工作岗位存在的危险因素、防范措施及事故应急措施。",
        "违反安全生产法律法规的，将依法承担相应的行政责任乃至刑事责任。",
    ),
    "先进典型": (
        "他常说：“工作面就是我的家，守好它就是守好一家人的平安。”",
        "面对地质条件复杂、工期紧的困难，队员们轮班攻坚，提前完成了任务。",
        "榜样就在身边，学习先进要从岗位做起，从每一个班、每一项操作做起。",
    ),
    "技术技能": (
        "操作前要检查液压系统压力、管路接头和各部件连接情况，发现渗漏及时处理。",
        "日常保养做到“清洁、润滑、紧固、调整、防腐”，并认真填写设备运行记录。",
        "遇到故障先停机、闭锁、挂牌，再按照“先简后繁、先外后内”的顺序排查。",
    ),
    "廉洁文化": (
        "廉洁是立身之本，党员干部要管好自己，也要管好家属和身边工作人员。",
        "算好政治账、经济账、名誉账、家庭账、亲情账、自由账、健康账这七笔账。",
        "案例警示我们：制度的笼子要扎紧，权力运行的每一个环节都要有监督。",
    ),
    "企业文化": (
        "几代矿工艰苦创业、不畏艰险，形成了“特别能吃苦、特别能战斗”的矿区精神。",
        "安全文化的核心是“人人讲安全、事事为安全、时时想安全、处处要安全”。",
        "班组是企业的细胞，把“家”文化建到班组，让每一名职工都感受到温暖。",
    ),
}
CLOSINGS = (
    "各党支部要组织党员认真学习，结合岗位实际谈体会、找差距、定措施。",
    "请大家利用班前班后、业余时间学习，学习情况纳入党员积分管理。",
)


def article_html(module: str, title: str, n: int) -> str:
    """Several paragraphs: an opening, the module's points in turn, a closing."""
    body = BODIES[module]
    paragraphs = [OPENINGS[n % len(OPENINGS)].format(title=title, module=module)]
    for i in range(4 + n % 3):
        first, second = body[(n + i) % len(body)], body[(n + i + 1) % len(body)]
        paragraphs.append(f"{'一二三四五六七'[i]}是{first}{second}")
    paragraphs.append(CLOSINGS[n % len(CLOSINGS)])
    html = f"<h3>{title}</h3>" + "".join(f"<p>{p}</p>" for p in paragraphs)
    return html.replace("<p>一是", "<p><strong>一是</strong>", 1)


def _hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def pdf_bytes(title: str, lines: list[str]) -> bytes:
    """A one-page PDF with a title and lines of Chinese text, in the standard CJK font
    STSong-Light (Adobe-GB1, not embedded: every PDF viewer has it or a substitute)."""
    text = [f"BT /F1 18 Tf 60 780 Td <{_hex(title)}> Tj ET"]
    for i, line in enumerate(lines):
        text.append(f"BT /F1 12 Tf 60 {740 - 22 * i} Td <{_hex(line)}> Tj ET")
    stream = "\n".join(text).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UTF16-H "
        b"/DescendantFonts [5 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> "
        b"/FontDescriptor 7 0 R /DW 1000 >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
        b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        b"/CapHeight 880 /StemV 93 >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
