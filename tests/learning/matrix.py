"""Learning's records for the permission matrix (tests/core/test_permission_matrix.py).

Each part of learning gives its own; this module joins them. Point rules belong to a
mine and are edited by its Party committee: 红岩矿's administrator opens them; the
outsider (a secretary of 掘进二队) and the stranger (every office of 青山矿) do not.
"""

from tests.matrix_world import Record, World
from tongxin.learning.models import PointRule
from tongxin.learning.points.rules import ensure_rules


def points(world: World) -> dict[str, Record]:
    ensure_rules(PointRule, world.cast.mine)
    rule = PointRule.objects.filter(mine=world.cast.mine).first()
    return {"learning:point_rule_update:pk": Record(rule, viewer="admin", rows=[rule])}


def library(world: World) -> dict[str, Record]:
    from tongxin.learning.library import services as lib

    admin = world.people["admin"]
    module = lib.module_create(actor=admin, mine=world.cast.mine, name="安全生产")
    item = lib.material_create(
        actor=admin,
        module_id=module.pk,
        unit_id=world.cast.district_a.pk,
        kind="article",
        title="综采工作面安全要点",
        body="<p>开机前检查支架与煤壁。</p>",
    )
    item = lib.material_publish(actor=admin, material_id=item.pk, version=item.version)
    shared = Record(item, audience="shared", rows=[item])
    from django.core.files.uploadedfile import SimpleUploadedFile

    doc = lib.material_create(
        actor=admin,
        module_id=module.pk,
        unit_id=world.cast.district_a.pk,
        kind="document",
        title="规程",
        file=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
    )
    doc = lib.material_publish(actor=admin, material_id=doc.pk, version=doc.version)
    return {
        "learning:library_module:pk": Record(module, audience="shared", mine_wide=True),
        "learning:library_material:pk": shared,
        "learning:library_file:pk": Record(doc, audience="shared"),
        "learning:library_beat:pk": shared,
        "learning:library_publish:pk": Record(item, audience="shared", viewer="admin", rows=[item]),
        "learning:library_withdraw:pk": Record(
            item, audience="shared", viewer="admin", rows=[item]
        ),
    }


PARTS = (points, library)


def records(world: World) -> dict[str, Record]:
    found: dict[str, Record] = {}
    for part in PARTS:
        found.update(part(world))
    return found
