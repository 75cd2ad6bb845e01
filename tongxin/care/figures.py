"""Care's figures for assessment and dashboards (core.registry.Figure): the records of
an organisation's units in a period, and the number made of them."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from tongxin.people.models import Organisation
from tongxin.people.scoping import reach_of_organisation

from .models import Assistance, ItemState, ServiceItem


def assistance(org: Organisation, start: date, end: date) -> QuerySet[Assistance]:
    """Assistance given in the period (counted as 人次, summed as 元)."""
    return Assistance.objects.filter(
        reach_of_organisation(org).q("org_path"), given_on__gte=start, given_on__lte=end
    )


def services_done(org: Organisation, start: date, end: date) -> QuerySet[ServiceItem]:
    """Service items completed in the period."""
    return ServiceItem.objects.filter(
        reach_of_organisation(org).q("org_path"),
        state=ItemState.DONE,
        done_on__gte=start,
        done_on__lte=end,
    )
