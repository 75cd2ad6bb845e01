"""Invented names and numbers: people, mines, companies, phones, ID numbers.

Names are a surname drawn by rough frequency and one or two given-name characters, so
they read like the roll of a mine without copying anyone's. Place names are built from
syllables; the group and company names are made up.
"""

from __future__ import annotations

import random
from datetime import date
from itertools import accumulate

# Common surnames with a rough weight (how many in a thousand people carry them).
SURNAMES = (
    ("王", 72), ("李", 71), ("张", 68), ("刘", 53), ("陈", 45), ("杨", 31), ("赵", 23),
    ("黄", 22), ("周", 21), ("吴", 20), ("徐", 16), ("孙", 15), ("胡", 13), ("朱", 13),
    ("高", 12), ("林", 11), ("何", 11), ("郭", 11), ("马", 11), ("罗", 9), ("梁", 9),
    ("宋", 8), ("郑", 8), ("谢", 7), ("韩", 7), ("唐", 7), ("冯", 7), ("于", 6), ("董", 6),
    ("萧", 5), ("程", 5), ("曹", 5), ("袁", 5), ("邓", 5), ("许", 5), ("傅", 4), ("沈", 4),
    ("曾", 4), ("彭", 4), ("吕", 4), ("苏", 4), ("卢", 4), ("蒋", 4), ("蔡", 4), ("贾", 4),
    ("丁", 4), ("魏", 4), ("薛", 3), ("叶", 3), ("阎", 3), ("余", 3), ("潘", 3), ("杜", 3),
    ("戴", 3), ("夏", 3), ("钟", 3), ("汪", 3), ("田", 3), ("任", 3), ("姜", 3), ("范", 3),
    ("方", 3), ("石", 3), ("姚", 3), ("谭", 2), ("廖", 2), ("邹", 2), ("熊", 2), ("金", 2),
    ("陆", 2), ("郝", 2), ("孔", 2), ("白", 2), ("崔", 2), ("康", 2), ("毛", 2), ("邱", 2),
    ("秦", 2), ("江", 2), ("史", 2), ("顾", 2), ("侯", 2), ("邵", 2), ("孟", 2), ("龙", 2),
    ("万", 2), ("段", 2), ("雷", 2), ("钱", 2), ("汤", 2), ("尹", 2), ("黎", 1), ("易", 1),
    ("常", 1), ("武", 1), ("乔", 1), ("贺", 1), ("赖", 1), ("龚", 1), ("文", 1), ("牛", 1),
    ("樊", 1), ("葛", 1), ("邢", 1), ("安", 1), ("齐", 1), ("庞", 1), ("申", 1), ("岳", 1),
    ("单", 1), ("燕", 1), ("闫", 1), ("解", 1), ("霍", 1), ("耿", 1), ("柴", 1), ("聂", 1),
)  # fmt: skip
_SURNAME_CHARS = tuple(s for s, _w in SURNAMES)
_SURNAME_CUM = tuple(accumulate(w for _s, w in SURNAMES))

# Given-name characters. Most of a mine's roll are men (women do not work underground);
# the second list is for the women among the surface and office staff.
GIVEN_MALE = (
    "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林建国峰亮成东海志文"
    "永胜利新春生兵武德荣庆祥福贵宝山金喜全忠义振兴安晨阳光锋江涛斌红卫彬博星"
)
GIVEN_FEMALE = "丽娟敏静艳芳燕霞娜萍玲红梅丹雪琳颖倩婷慧瑶欣悦洁月莉"

# Syllables for place names: mines are named after a village or valley (…沟矿).
PLACE_FIRST = "青白石金云松柳鹿龙凤桃杏枣梨沙星月泉溪榆槐杨柏梅兰竹马牛羊凉暖"
PLACE_SECOND = "沟坪峪湾岭川台塬洼庄峁梁滩河坡"
PLACE_SUFFIX = ("矿",)
GROUP_NAME = "青岚能源集团"
COMPANY_NAMES = ("岚山煤业公司", "云岭煤业公司", "石河煤业公司", "北沟煤业公司", "鹿鸣煤业公司")

# Phone prefixes 13x–19x, as mobile numbers in mainland China are.
PHONE_SECOND_DIGIT = "3456789"

# Invented six-digit region codes in the shape of a real ID number's first six digits.
REGION_CODES = ("149901", "149902", "149903", "619904", "619905", "159906")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def person_name(rng: random.Random, female: bool) -> str:
    surname = rng.choices(_SURNAME_CHARS, cum_weights=_SURNAME_CUM)[0]
    chars = GIVEN_FEMALE if female else GIVEN_MALE
    # About a third of given names are a single character (王强), the rest two (王建国).
    if rng.random() < 0.32:
        return surname + rng.choice(chars)
    return surname + rng.choice(chars) + rng.choice(chars)


def mine_names(rng: random.Random, count: int) -> list[str]:
    """`count` different invented mine names."""
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = rng.choice(PLACE_FIRST) + rng.choice(PLACE_SECOND) + PLACE_SUFFIX[0]
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def company_name(index: int) -> str:
    if index < len(COMPANY_NAMES):
        return COMPANY_NAMES[index]
    return f"青岚煤业第{index + 1}公司"


def phone(rng: random.Random) -> str:
    return "1" + rng.choice(PHONE_SECOND_DIGIT) + f"{rng.randrange(10**9):09d}"


def id_number(rng: random.Random, birth: date, female: bool) -> str:
    """An 18-character ID number of the right shape and check digit (region invented)."""
    sequence = rng.randrange(100) * 10 + rng.choice((0, 2, 4, 6, 8) if female else (1, 3, 5, 7, 9))
    body = f"{rng.choice(REGION_CODES)}{birth:%Y%m%d}{sequence:03d}"
    check = _ID_CHECK[sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]
    return body + check
