"""Voice's records for the permission matrix (tests/core/test_permission_matrix.py): a
request of the worker, 王强 of 综采一队, with a photo."""

from tests.matrix_world import Record, World, jpeg
from tongxin.voice import services
from tongxin.voice.models import CasePhoto


def records(world: World) -> dict[str, Record]:
    case, _receipt = services.case_submit(
        submitter=world.people["worker"],
        channel="request",
        title="食堂饭菜太咸",
        body="二食堂的班中餐太咸，希望改进。",
    )
    photo = CasePhoto.objects.create(case=case, image=jpeg("case.jpg"))
    return {
        "voice:my_case:pk": Record(case, audience="own"),
        "voice:my_case_act:pk": Record(case, audience="own"),
        "voice:photo:pk": Record(photo, audience="shared", rows=[case]),
        "voice:pk": Record(case),
        "voice:action": Record("accept"),
        "api:case_id": Record(case, audience="own"),
    }
