"""Who reported is sealed: shown only after a second inspector approves, logged, and
the reporter sees that it happened."""

import pytest
from django.core.exceptions import PermissionDenied

from tongxin.core.access import OutOfScope
from tongxin.integrity import services
from tongxin.integrity.models import ReportRead, RevealState

pytestmark = pytest.mark.django_db


def test_revealing_needs_a_second_inspectors_approval(cast, make_report, second_inspector):
    inspector = cast.zheng_inspector
    report, _ = make_report()
    assert services.reporter_of(actor=inspector, report=report) is None
    reveal = services.reveal_request(actor=inspector, report_id=report.pk, reason="需当面核实线索")
    with pytest.raises(PermissionDenied):
        services.reveal_decide(actor=inspector, reveal_id=reveal.pk, approve=True)
    assert services.reporter_of(actor=inspector, report=report) is None
    with pytest.raises(OutOfScope):
        services.reveal_decide(actor=cast.wu_leader, reveal_id=reveal.pk, approve=True)
    reveal = services.reveal_decide(actor=second_inspector, reveal_id=reveal.pk, approve=True)
    assert reveal.state == RevealState.APPROVED
    assert services.reporter_of(actor=inspector, report=report) == cast.wang_worker
    assert ReportRead.objects.filter(report=report, reader=inspector, identity=True).exists()
    assert report.events.filter(action="reveal_approve").get().is_internal


def test_the_reporter_sees_the_reveal(cast, make_report, second_inspector, client_for):
    report, _ = make_report()
    reveal = services.reveal_request(
        actor=cast.zheng_inspector, report_id=report.pk, reason="需当面核实线索"
    )
    services.reveal_decide(actor=second_inspector, reveal_id=reveal.pk, approve=True)
    page = client_for(cast.wang_worker).get(f"/integrity/mine/{report.pk}/")
    text = page.content.decode()
    assert "您的身份已于" in text and "需当面核实线索" in text


def test_an_anonymous_report_has_no_identity_to_reveal(cast, make_report):
    report, _ = make_report(anonymous=True)
    with pytest.raises(PermissionDenied):
        services.reveal_request(
            actor=cast.zheng_inspector, report_id=report.pk, reason="想知道是谁"
        )
