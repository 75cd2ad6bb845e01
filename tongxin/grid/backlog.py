"""What waits on a branch's managers: monthly reports to review and overdue tasks.

One definition for the two places that show it: the home page counts it over every
branch a manager runs, and the branch list (网格联系, ?show=reports or ?show=overdue)
lists, branch by branch, exactly the records behind that count, each branch linking to
its own list of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import GridTask, MonthlyReport, ReportState, TaskState


@dataclass(frozen=True)
class Backlog:
    label: str
    records: Callable[[date], QuerySet]
    url_name: str
    query: str = ""

    def url(self, branch_id: int) -> str:
        return reverse(self.url_name, args=[branch_id]) + self.query


BACKLOG = {
    "reports": Backlog(
        _("月报表待审核"),
        lambda today: MonthlyReport.objects.filter(state=ReportState.SUBMITTED),
        "grid:report_review",
    ),
    "overdue": Backlog(
        _("任务超期"),
        lambda today: GridTask.objects.filter(state=TaskState.OPEN, due_on__lt=today),
        "grid:task_branch",
        "?state=overdue",
    ),
}
