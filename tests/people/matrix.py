"""People's records for the permission matrix (tests/core/test_permission_matrix.py):
综采一队, 李红 of it, a roster import of the administrator's for it, and a person
picker (core.pickers) for a hazard of 综采一队: the officer sees the hazard but does not
assign it (403), the outsider does not see it (404)."""

from tests.matrix_world import Record, World
from tongxin.people.models import RosterImport


def records(world: World) -> dict[str, Record]:
    cast = world.cast
    roster = RosterImport.objects.create(
        uploaded_by=cast.feng_admin,
        scope_unit=cast.district_a,
        file="roster.csv",
        original_name="roster.csv",
    )
    from tongxin.hazards import services as hazard_services
    from tongxin.hazards.models import HazardCategory

    hazard = hazard_services.hazard_report(
        actor=cast.wang_worker,
        unit=cast.crew_a1,
        finding=hazard_services.Finding(
            location="二班工具房",
            category=HazardCategory.objects.get(name="机电"),
            severity="general",
            description="配电箱门无法关闭",
        ),
    )
    return {
        "people:pick:name": Record("hazards.assign"),
        "people:pick:pk": Record(hazard),
        "people:org:pk": Record(cast.district_a),
        "people:pk": Record(cast.li_member),
        "people:import_detail:pk": Record(roster, viewer="admin"),
        "people:import_confirm:pk": Record(roster, viewer="admin"),
        "people:import_cancel:pk": Record(roster, viewer="admin"),
        "api:org_id": Record(cast.district_a),
        "api:person_id": Record(cast.li_member),
    }
