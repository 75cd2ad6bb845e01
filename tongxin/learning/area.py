"""Learning's place in the platform (core.registry): menu, home panels, demo step,
exports and figures. Each part (library, meetings, contests, points) adds its entries
here; their code lives in the part's own package."""

from django.utils.translation import gettext_lazy as _

from tongxin.core.registry import Area, DemoStep, Export, Figure, MenuItem, Panel, register

from . import demo
from .access import edits_learning_setup, edits_point_rules, is_party_officer
from .contests import figures as contest_figures
from .contests.home import home_context as contests_home
from .contests.selectors import runs_contests
from .library import figures as library_figures
from .library.home import home_context as library_home
from .meetings import figures as meeting_figures
from .meetings.home import home_context as meetings_home

register(
    Area(
        name="learning",
        urls="learning/",
        label=_("学习与组织生活"),
        menu=(
            MenuItem(_("学习"), "learning:home", "book", "/learning/", 50),
            MenuItem(_("学习积分"), "learning:points", "award", "/learning/points/", 52),
            MenuItem(
                _("积分规则"),
                "learning:point_rules",
                "sliders",
                "/learning/points/rules",
                185,
                True,
                edits_point_rules,
            ),
            MenuItem(
                _("资料库管理"),
                "learning:library_manage",
                "collection",
                "/learning/library/manage",
                188,
                True,
                edits_learning_setup,
            ),
            # contests
            MenuItem(
                _("知识竞赛"), "learning:contests", "patch-question", "/learning/contests/", 54
            ),
            MenuItem(
                _("竞赛管理"),
                "learning:contest_desk",
                "trophy",
                "/learning/contests/desk",
                186,
                True,
                runs_contests,
            ),
            MenuItem(
                _("题库"),
                "learning:question_bank",
                "journal-check",
                "/learning/contests/desk/bank",
                187,
                True,
                edits_learning_setup,
            ),
            # 三会一课: the member's meetings, the secretary's desk, the types' cadence
            MenuItem(
                _("我的会议"), "learning:meetings_my", "calendar-event", "/learning/meetings/my", 53
            ),
            MenuItem(
                _("三会一课"),
                "learning:meetings_desk",
                "people",
                "/learning/meetings/$",
                140,
                True,
                is_party_officer,
            ),
            MenuItem(
                _("会议类型"),
                "learning:meeting_types",
                "calendar3",
                "/learning/meetings/types",
                186,
                True,
                edits_learning_setup,
            ),
        ),
        panels=(
            # 三会一课's own queries: an officer's Party reach, a member's Party organisation.
            Panel("meetings", "learning/meetings/home_panel.html", meetings_home, 40, 2),
            Panel("learning_contests", "learning/contests/home_panel.html", contests_home, 54),
            # the library's own: my required courses due; a secretary's branch's unit
            Panel("library", "learning/library/home_panel.html", library_home, 52, 2),
        ),
        demo=DemoStep(seed=demo.seed, order=60, help=_("不生成学习与组织生活演示数据")),
        exports=(
            Export("meetings", _("三会一课台账"), "learning:meetings_export"),
            Export("learning_contests", _("知识竞赛成绩"), "learning:contest_export"),
            Export("learning_hours", _("学习时长"), "learning:library_export"),
            Export("learning_points", _("学习积分台账"), "learning:library_points_export"),
        ),
        figures=(
            Figure.sum(
                "learning.courses_required",
                _("应完成必修课"),
                _("人次"),
                library_figures.courses_required,
                "people",
            ),
            Figure.count(
                "learning.courses_finished",
                _("完成必修课"),
                _("人次"),
                library_figures.courses_finished,
            ),
            Figure.sum(
                "learning.study_seconds",
                _("学习时长"),
                _("秒"),
                library_figures.study_seconds,
                "seconds",
            ),
            Figure.sum("learning.points", _("学习积分"), _("分"), library_figures.points, "points"),
            Figure.count(
                "learning.people", _("人数（积分人均的分母）"), _("人"), library_figures.people
            ),
            Figure.count(
                "learning.contest_participation",
                _("知识竞赛参与"),
                _("人次"),
                contest_figures.participation,
            ),
            Figure.count(
                "learning.practice_answers",
                _("每日答题题数"),
                _("题"),
                contest_figures.practice_answers,
            ),
            Figure.count(
                "learning.meetings_held", _("召开会议"), _("次"), meeting_figures.meetings_held
            ),
            Figure.count(
                "learning.meetings_required",
                _("应开会议"),
                _("次"),
                meeting_figures.meetings_required,
            ),
            Figure.count(
                "learning.meeting_attendance",
                _("会议出席"),
                _("人次"),
                meeting_figures.attendance_present,
            ),
        ),
    )
)
