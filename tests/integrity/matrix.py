"""Integrity's records for the permission matrix (tests/core/test_permission_matrix.py):
a named report of 王强 about 综采一队, handled by 郑纪 (the mine's 纪检监察), with a
request to see who made it. The reporter opens it among their own reports; on the desk
only the inspector does, and every other officer gets 404."""

from tests.matrix_world import Record, World
from tongxin.integrity import services


def records(world: World) -> dict[str, Record]:
    cast = world.cast
    report, _receipt = services.report_submit(
        reporter=cast.wang_worker,
        anonymous=False,
        unit=cast.district_a,
        about_leadership=False,
        category="integrity",
        subject="综采一队材料员",
        content="材料员在领用截齿时多报数量，差额转卖给废品站。",
    )
    reveal = services.reveal_request(
        actor=world.people["inspector"], report_id=report.pk, reason="需当面核实线索"
    )
    desk = Record(report, viewer="inspector")
    return {
        "integrity:pk": desk,  # the desk's report pages
        "integrity:my_report:pk": Record(report, audience="own"),
        "integrity:reveal_id": Record(reveal, viewer="inspector", rows=[report]),
        "api:report_id": desk,
        "api:my_report:report_id": Record(report, audience="own"),
    }
