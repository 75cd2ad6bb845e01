"""People's records for the permission matrix (tests/core/test_permission_matrix.py):
综采一队, 李红 of it, and a roster import of the administrator's for it."""

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
    return {
        "people:org:pk": Record(cast.district_a),
        "people:pk": Record(cast.li_member),
        "people:import_detail:pk": Record(roster, viewer="admin"),
        "people:import_confirm:pk": Record(roster, viewer="admin"),
        "people:import_cancel:pk": Record(roster, viewer="admin"),
        "api:org_id": Record(cast.district_a),
        "api:person_id": Record(cast.li_member),
    }
