"""The integrity figures: disclosures and answers on time, and reports concluded on time,
which are counted only from INTEGRITY_MIN_COUNT up (a count of one points at someone)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tongxin.core import registry
from tongxin.integrity import services

pytestmark = pytest.mark.django_db


def _conclude(cast, report):
    inspector = cast.zheng_inspector
    report = services.report_accept(actor=inspector, report_id=report.pk, version=report.version)
    report = services.report_verify(actor=inspector, report_id=report.pk, version=report.version)
    services.report_conclude(
        actor=inspector, report_id=report.pk, version=report.version, outcome="查实，已处理"
    )


def test_reports_are_counted_only_above_the_minimum(cast, make_report, settings):
    settings.INTEGRITY_MIN_COUNT = 3
    figure = registry.figures()["integrity.reports_concluded_on_time"]
    today = timezone.localdate()
    start, end = today - timedelta(days=1), today + timedelta(days=1)
    for _ in range(2):
        _conclude(cast, make_report()[0])
    assert figure.value(cast.mine, start, end) == 0
    _conclude(cast, make_report()[0])
    assert figure.value(cast.mine, start, end) == 3
    assert figure.records(cast.mine, start, end).count() == 3


def test_disclosure_figures(cast, finance):
    disclosure = services.disclosure_publish(
        actor=cast.zhou_head,
        category=finance,
        audience=cast.mine,
        title="三季度财务收支",
        body="",
        period="2026年第三季度",
    )
    comment, _ = services.comment_post(
        author=cast.wang_worker, disclosure_id=disclosure.pk, body="福利费怎么算？", anonymous=False
    )
    comment = services.comment_moderate(
        actor=cast.zhou_head, comment_id=comment.pk, version=comment.version, publish=True
    )
    services.comment_answer(
        actor=cast.zhou_head, comment_id=comment.pk, version=comment.version, answer="按人头"
    )
    today = timezone.localdate()
    figures = registry.figures()
    for key in ("integrity.disclosures_on_time", "integrity.questions_answered_on_time"):
        assert figures[key].value(cast.mine, today, today) == 1
