"""The grid responsibility network (党建网格化管理, SPEC §2).

Four levels of responsibility, each a `GridLink` from the responsible person to whom
(or, at the top, to which branch) they are responsible for:

    leadership member → branch              (班子成员联系党支部)
    branch secretary / team head → cadre    (支部书记、科队长包队干)
    cadre → crew leader or Party member     (队干包班组长和普通党员)
    Party member → worker                   (普通党员包职工群众)

Links carry effective dates (`starts_on`, `ends_on` exclusive): a move ends the old
link and starts a new one, so "who covered 王强 in March" stays answerable. At most one
link per covered person and level is current (a partial unique constraint backs the
service's check).

Grid members get a monthly task list (`GridTask`, generated from `TaskTemplate` on the
first of the month, added by the secretary, or opened by a life event or a problem),
log visits (`Visit`), file a monthly report (`MonthlyReport`) and a quarterly
self-summary; the branch holds a quarterly grid meeting (`GridMeeting`). Problems
raised in the grid go on the branch's list (`Problem`); one that needs a department is
passed into the worker-voice case workflow and its answer comes back through
voice.hooks. Discipline inspectors draw grid members at random (`SpotCheck`).

A module per subject, as in `services/`: network.py (levels and links), tasks.py
(templates, tasks, photos), visits.py (life events and visits), reports.py (monthly
reports, quarterly summaries, grid meetings), problems.py, spotchecks.py. Every model
and choice is importable from here, as it was from the single module.
"""

from .network import GridLink, Level
from .problems import Problem, ProblemSource, ProblemState
from .reports import GridMeeting, MonthlyReport, QuarterSummary, ReportState
from .spotchecks import Finding, SpotCheck, SpotCheckItem
from .tasks import GridTask, TaskKind, TaskPhoto, TaskState, TaskTemplate, _grid_photo_path
from .visits import EventKind, EventSource, FollowUp, LifeEvent, Visit, VisitKind

__all__ = [
    "EventKind",
    "EventSource",
    "Finding",
    "FollowUp",
    "GridLink",
    "GridMeeting",
    "GridTask",
    "Level",
    "LifeEvent",
    "MonthlyReport",
    "Problem",
    "ProblemSource",
    "ProblemState",
    "QuarterSummary",
    "ReportState",
    "SpotCheck",
    "SpotCheckItem",
    "TaskKind",
    "TaskPhoto",
    "TaskState",
    "TaskTemplate",
    "Visit",
    "VisitKind",
    "_grid_photo_path",  # named by migration 0001 (TaskPhoto.image's upload_to)
]
