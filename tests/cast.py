"""A small mine and the people the tests tell their stories about.

东方能源集团 → 东方煤业公司 → 红岩矿 → 综采一队 → 一班, 二班
                                    → 掘进二队 → 一班
                                    → 机电科
矿党委 → 综采一队党支部 → 第一党小组 ; 掘进二队党支部 ; 机电科党支部
矿工会 → 综采一队分工会 ; 掘进二队分工会

wang_worker     a miner in 综采一队一班 (群众)
li_member       a Party member in 综采一队二班
zhao_secretary  secretary of the 综采一队党支部
qian_outsider   secretary of the 掘进二队党支部 (the outsider for 综采一队)
sun_chair       chair of the 综采一队分工会
zhou_head       head of 机电科
wu_leader       leadership member of 红岩矿
zheng_inspector discipline inspector of 红岩矿
feng_admin      administrator of 红岩矿
"""

from dataclasses import dataclass

from tongxin.people import services
from tongxin.people.models import OrgKind, Person, Role

PASSWORD = "Tongxin#2026"


@dataclass
class Cast:
    group: object
    company: object
    mine: object
    district_a: object
    crew_a1: object
    crew_a2: object
    district_b: object
    crew_b1: object
    department: object
    committee: object
    branch_a: object
    party_group_a: object
    branch_b: object
    branch_dept: object
    union: object
    sub_union_a: object
    sub_union_b: object
    wang_worker: Person
    li_member: Person
    zhao_secretary: Person
    qian_outsider: Person
    sun_chair: Person
    zhou_head: Person
    wu_leader: Person
    zheng_inspector: Person
    feng_admin: Person


def build_cast() -> Cast:
    org = services.org_create
    group = org(actor=None, name="东方能源集团", kind=OrgKind.GROUP)
    company = org(actor=None, name="东方煤业公司", kind=OrgKind.COMPANY, parent=group)
    mine = org(actor=None, name="红岩矿", kind=OrgKind.MINE, parent=company)
    district_a = org(actor=None, name="综采一队", kind=OrgKind.DISTRICT, parent=mine)
    crew_a1 = org(actor=None, name="一班", kind=OrgKind.CREW, parent=district_a)
    crew_a2 = org(actor=None, name="二班", kind=OrgKind.CREW, parent=district_a)
    district_b = org(actor=None, name="掘进二队", kind=OrgKind.DISTRICT, parent=mine)
    crew_b1 = org(actor=None, name="一班", kind=OrgKind.CREW, parent=district_b)
    department = org(actor=None, name="机电科", kind=OrgKind.DEPARTMENT, parent=mine)
    committee = org(actor=None, name="红岩矿党委", kind=OrgKind.PARTY_COMMITTEE, unit=mine)
    branch_a = org(
        actor=None, name="综采一队党支部", kind=OrgKind.BRANCH, parent=committee, unit=district_a
    )
    party_group_a = org(
        actor=None, name="第一党小组", kind=OrgKind.PARTY_GROUP, parent=branch_a, unit=crew_a1
    )
    branch_b = org(
        actor=None, name="掘进二队党支部", kind=OrgKind.BRANCH, parent=committee, unit=district_b
    )
    branch_dept = org(
        actor=None, name="机电科党支部", kind=OrgKind.BRANCH, parent=committee, unit=department
    )
    union = org(actor=None, name="红岩矿工会", kind=OrgKind.UNION, unit=mine)
    sub_union_a = org(
        actor=None, name="综采一队分工会", kind=OrgKind.SUB_UNION, parent=union, unit=district_a
    )
    sub_union_b = org(
        actor=None, name="掘进二队分工会", kind=OrgKind.SUB_UNION, parent=union, unit=district_b
    )

    def person(no, name, unit, **fields):
        p = services.person_create(actor=None, employee_no=no, name=name, unit=unit, **fields)
        p.set_password(PASSWORD)
        p.save(update_fields=["password"])
        return p

    cast = Cast(
        group=group,
        company=company,
        mine=mine,
        district_a=district_a,
        crew_a1=crew_a1,
        crew_a2=crew_a2,
        district_b=district_b,
        crew_b1=crew_b1,
        department=department,
        committee=committee,
        branch_a=branch_a,
        party_group_a=party_group_a,
        branch_b=branch_b,
        branch_dept=branch_dept,
        union=union,
        sub_union_a=sub_union_a,
        sub_union_b=sub_union_b,
        wang_worker=person("100001", "王强", crew_a1, post="采煤机司机", phone="13800001111"),
        li_member=person(
            "100002",
            "李红",
            crew_a2,
            post="支架工",
            phone="13800002222",
            political_status="member",
            party_org=party_group_a,
        ),
        zhao_secretary=person(
            "100003",
            "赵书文",
            district_a,
            post="党支部书记",
            phone="13800003333",
            political_status="member",
            party_org=branch_a,
        ),
        qian_outsider=person(
            "200001",
            "钱进",
            district_b,
            post="党支部书记",
            phone="13900001111",
            political_status="member",
            party_org=branch_b,
        ),
        sun_chair=person("100004", "孙工", district_a, post="分工会主席", phone="13800004444"),
        zhou_head=person("300001", "周科长", department, post="科长", phone="13700001111"),
        wu_leader=person("900001", "吴矿长", mine, post="矿长", phone="13600001111"),
        zheng_inspector=person("900002", "郑纪", mine, post="纪委书记", phone="13600002222"),
        feng_admin=person("900003", "冯管理", mine, post="信息中心", phone="13600003333"),
    )
    services.role_assign(
        actor=None, person=cast.zhao_secretary, role=Role.BRANCH_SECRETARY, organisation=branch_a
    )
    services.role_assign(
        actor=None, person=cast.qian_outsider, role=Role.BRANCH_SECRETARY, organisation=branch_b
    )
    services.role_assign(
        actor=None, person=cast.sun_chair, role=Role.UNION_CHAIR, organisation=sub_union_a
    )
    services.role_assign(
        actor=None, person=cast.zhou_head, role=Role.DEPARTMENT_HEAD, organisation=department
    )
    services.role_assign(actor=None, person=cast.wu_leader, role=Role.LEADERSHIP, organisation=mine)
    services.role_assign(
        actor=None, person=cast.zheng_inspector, role=Role.DISCIPLINE_INSPECTOR, organisation=mine
    )
    services.role_assign(actor=None, person=cast.feng_admin, role=Role.ADMIN, organisation=mine)
    return cast
