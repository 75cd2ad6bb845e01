"""The spine every area's records move along: the event row (`TimelineEvent`), the
transition table (`Transition`) and the one runner (`Workflow`). See runner.py for the
order of a step; `core/_timeline.html` renders any record's events.

A new area, in short (voice and hazards are the full examples):

    # models.py
    class RequestEvent(TimelineEvent):
        action_labels = ACTION_LABELS      # labels of actions that are not transitions
        states = State
        request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="events")

        class Meta(TimelineEvent.Meta):
            indexes = [models.Index(fields=["request", "at"])]

    # workflow.py: the table is data
    TRANSITIONS = table(
        Transition("approve", _("批准"), (State.SUBMITTED,), State.APPROVED, (Actor.HEAD,)),
    )

    # services.py
    request_flow = Workflow(
        model=Request, transitions=TRANSITIONS, event_model=RequestEvent,
        event_fk="request", capacities=actor_kinds, noun=gettext_lazy("这项申请"),
        audit_prefix="things.request",
    )

    def request_approve(*, request_id, version, actor, note=""):
        return request_flow.run(
            pk=request_id, name="approve", actor=actor, version=version, note=note,
            apply=lambda r: ..., notify=lambda record, transition, event: ...,
        )

    # template
    {% include "core/_timeline.html" with show_internal=True %}

A record whose only trace is the audit log (care's service items, grid's tasks) leaves
out `event_model` and `event_fk`; one without a version column passes
`version_field=None`; `check_order` puts the actor (or the state) first, and
`Transition(..., denied=...)` and `Workflow(wrong_state=...)` give the area's own
reasons. care/workflow.py and grid/workflow.py are the examples; runner.py says more.
"""

from tongxin.core.workflow import SYSTEM_LABEL, Conflict, actor_label

from .models import TimelineEvent, TimelineQuerySet, Visibility
from .runner import SYSTEM_ROLE, Transition, Workflow, table

__all__ = [
    "SYSTEM_LABEL",
    "SYSTEM_ROLE",
    "Conflict",
    "TimelineEvent",
    "TimelineQuerySet",
    "Transition",
    "Visibility",
    "Workflow",
    "actor_label",
    "table",
]
