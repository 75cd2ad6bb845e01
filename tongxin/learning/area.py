"""Learning's place in the platform (core.registry): menu, home panels, demo step,
exports and figures. Each part (library, meetings, contests, points) adds its entries
here; their code lives in the part's own package."""

from django.utils.translation import gettext_lazy as _

from tongxin.core.registry import Area, DemoStep, Export, Figure, MenuItem, Panel, register

from . import demo
from .access import edits_learning_setup, edits_point_rules
from .contests import figures as contest_figures
from .contests.home import home_context as contests_home
from .contests.selectors import runs_contests

register(
    Area(
        name="learning",
        urls="learning/",
        label=_("学习与组织生活"),
        menu=(
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
        ),
        panels=(
            Panel("learning_contests", "learning/contests/home_panel.html", contests_home, 54),
        ),
        demo=DemoStep(seed=demo.seed, order=60, help=_("不生成学习与组织生活演示数据")),
        exports=(Export("learning_contests", _("知识竞赛成绩"), "learning:contest_export"),),
        figures=(
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
        ),
    )
)
