"""The rules a new platform starts with, after the national learning app's published
categories (e.g. reading articles, 1 point each, up to 12 a day; audio-visual study 6 a
day plus 6 for its duration; the daily quiz up to 5). The Party committee may change
points and caps; the codes are what the platform's code awards under."""

from django.utils.translation import gettext_lazy as _

LOGIN = "login"
READ_ARTICLE = "read_article"
ARTICLE_TIME = "article_time"
WATCH_VIDEO = "watch_video"
VIDEO_TIME = "video_time"
DAILY_QUIZ = "daily_quiz"
CONTEST = "contest"

# code: (label, description, points per award, daily cap)
DEFAULT_RULES = {
    LOGIN: (_("登录"), _("每日首次登录"), 1, 1),
    READ_ARTICLE: (_("阅读文章"), _("每读完一篇文章"), 1, 12),
    ARTICLE_TIME: (_("文章学习时长"), _("阅读文章每满 2 分钟"), 1, 6),
    WATCH_VIDEO: (_("视听学习"), _("每看完一个视频"), 1, 6),
    VIDEO_TIME: (_("视听学习时长"), _("观看视频每满 3 分钟"), 1, 6),
    DAILY_QUIZ: (_("每日答题"), _("每日练习每答对一题"), 1, 5),
    CONTEST: (_("知识竞赛"), _("参加一场知识竞赛并交卷"), 5, 10),
}


def ensure_rules(model, mine) -> None:
    """Create the mine's rules that are missing (a new mine, a test database)."""
    existing = set(model.objects.filter(mine=mine).values_list("code", flat=True))
    model.objects.bulk_create(
        [
            model(
                mine=mine,
                org_path=mine.path,
                code=code,
                label=str(label),
                description=str(text),
                points=p,
                daily_cap=cap,
                order=i,
            )
            for i, (code, (label, text, p, cap)) in enumerate(DEFAULT_RULES.items())
            if code not in existing
        ],
        ignore_conflicts=True,  # two first awards in a new mine at once
    )
