"""The demo mine shows worker voice in motion: every state, overdue and anonymous cases,
and something for each demo sign-in to look at."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.demo_fixture import seeded_demo
from tongxin.people.models import Person
from tongxin.voice import selectors
from tongxin.voice.models import (
    CLOCK_STATES,
    Case,
    CaseEvent,
    Channel,
    CongressSession,
    Milestone,
    State,
)

pytestmark = pytest.mark.django_db

# Seeded once for the module; every test reads it inside a savepoint of its own.
demo = seeded_demo("--only", "voice")


def person(employee_no: str) -> Person:
    return Person.objects.get(employee_no=employee_no)


def test_the_demo_mine_has_cases_in_every_state_and_channel(demo):
    assert "职工诉求：" in demo
    total = Case.objects.count()
    assert 130 <= total <= 170
    states = set(Case.objects.values_list("state", flat=True))
    assert states == set(State.values)
    assert set(Case.objects.values_list("channel", flat=True)) == set(Channel.values)
    today = timezone.localdate()
    overdue = Case.objects.filter(state__in=CLOCK_STATES, deadline__lt=today)
    assert overdue.count() >= 5
    # The sweep has told people about them, at the times the deadlines called for.
    assert CaseEvent.objects.filter(action="escalate_3", case__in=overdue).exists()
    assert not CaseEvent.objects.filter(at__gt=timezone.now()).exists()

    anonymous = Case.objects.filter(is_anonymous=True)
    assert anonymous.count() >= 10
    assert not anonymous.filter(submitter__isnull=False).exists()
    assert not anonymous.filter(entered_by__isnull=False).exists()
    assert not anonymous.filter(receipt_hash__isnull=True).exists()
    own_steps = ("submit", "rate", "reopen", "supplement")
    assert CaseEvent.objects.filter(case__in=anonymous, action="submit").count() == len(anonymous)
    assert not CaseEvent.objects.filter(
        case__in=anonymous, action__in=own_steps, actor__isnull=False
    ).exists()

    ratings = set(Case.objects.filter(state=State.CLOSED).values_list("rating", flat=True))
    assert {1, 2, 3, 4, 5} <= ratings
    reopened = Case.objects.filter(reopened=True)
    assert reopened.exists() and not reopened.filter(watch_org__isnull=True).exists()
    assert Case.objects.filter(is_major=True).exists()
    adopted = Case.objects.filter(channel=Channel.PROPOSAL, adopted=True)
    assert adopted.exclude(reward_amount=None).exists()
    assert Milestone.objects.filter(case__in=adopted).exists()

    session = CongressSession.objects.get()
    assert session.representatives.count() >= 8
    proposals = Case.objects.filter(congress_session=session)
    numbers = sorted(proposals.values_list("congress_number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
    declined = proposals.get(state=State.DECLINED)
    assert declined.decision_reason
    assert Milestone.objects.filter(case__in=proposals).exists()
    assert Case.objects.filter(channel=Channel.FORUM, forum__isnull=False).count() == 4

    # Every event lies within its case's life and in the past, in timeline order.
    now = timezone.now()
    for case in Case.objects.prefetch_related("events"):
        times = [e.at for e in sorted(case.events.all(), key=lambda e: e.pk)]
        assert times[0] == case.created_at
        assert times == sorted(times), case
        assert times[-1] <= now


def test_each_demo_login_finds_something(demo):
    readme_story(None)


def readme_story(client) -> None:
    """What the README promises this area's demo sign-ins; also checked at other dates
    (tests/core/test_demo_any_date.py)."""
    demo01, demo03, demo04, demo05, demo06 = (person(f"demo0{n}") for n in (1, 3, 4, 5, 6))
    mine = list(selectors.my_cases(demo01))
    assert len(mine) >= 3
    assert len({c.state for c in mine}) >= 3
    assert any(c.state == State.REPLIED for c in mine)

    for officer in (demo03, demo04):
        assert selectors.inbox(officer, selectors.InboxFilter()).exists()
        assert selectors.inbox(officer, selectors.InboxFilter(state=State.SUBMITTED)).exists()

    assert selectors.inbox(demo05, selectors.InboxFilter(state=State.ASSIGNED)).exists()
    assert selectors.inbox(demo05, selectors.InboxFilter(overdue=True)).exists()

    assert selectors.inbox(demo06, selectors.InboxFilter()).exists()
    assert selectors.inbox(demo06, selectors.InboxFilter(major=True)).exists()
    assert selectors.inbox(demo06, selectors.InboxFilter(watched=True)).exists()


def test_if_empty_does_not_seed_twice(demo):
    before = Case.objects.count()
    out = StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert Case.objects.count() == before
    assert "demo01" in out.getvalue()
