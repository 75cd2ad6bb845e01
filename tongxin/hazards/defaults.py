"""The hazard categories a mine starts with (SPEC §4); operators change them in the admin."""

CATEGORIES = ["顶板", "通风", "瓦斯", "机电", "运输", "防治水", "防灭火", "其他"]


def ensure_categories(HazardCategory) -> None:
    for order, name in enumerate(CATEGORIES, start=1):
        HazardCategory.objects.get_or_create(name=name, defaults={"order": order})
