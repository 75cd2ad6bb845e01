"""Proposing a category and finding similar open cases from a case's words.

Words come from jieba's segmentation. The proposal scores each category by the words
of the cases officers have put in it before (a naive-Bayes count kept in
CategoryTerm, learnt at each acceptance) and by the category's seed keywords, so a
fresh installation proposes sensibly from the first case. Similar cases are open
cases of the same mine sharing the most words (CaseTerm, kept only while a case is
open, so the look-up stays small at millions of cases).
"""

from __future__ import annotations

import logging
import math
from functools import lru_cache

from django.db.models import Count, F, Q, Sum

from .models import OPEN_STATES, Case, CaseTerm, Category, CategoryTerm, State

STOPWORDS = frozenset(
    "我们 你们 他们 没有 一个 什么 这个 那个 这样 那样 因为 所以 但是 可以 希望 建议 问题 "
    "情况 反映 能否 是否 已经 还是 就是 现在 目前 非常 比较 一些 有些 进行 解决 要求 "
    "领导 单位 职工 工人 大家 自己 时候 每天 经常 如果 如何 怎么 为什么 请求 麻烦 谢谢".split()
)
MAX_TERMS = 40
KEYWORD_WEIGHT = 3.0


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def terms(text: str) -> list[str]:
    """The case's distinct content words, in order of first appearance."""
    seen: dict[str, None] = {}
    for word in _jieba().lcut_for_search(text or ""):
        word = word.strip().lower()
        if len(word) < 2 or len(word) > 20 or word in STOPWORDS:
            continue
        if word.isdigit() or not any(ch.isalnum() for ch in word):
            continue
        seen.setdefault(word, None)
        if len(seen) >= MAX_TERMS:
            break
    return list(seen)


def suggest(text: str) -> list[tuple[Category, float]]:
    """Active categories, most likely first, with a score (higher is likelier)."""
    words = terms(text)
    categories = list(Category.objects.filter(is_active=True))
    if not categories:
        return []
    counts: dict[tuple[int, str], int] = {}
    if words:
        for cat_id, term, count in CategoryTerm.objects.filter(term__in=words).values_list(
            "category_id", "term", "count"
        ):
            counts[(cat_id, term)] = count
    totals = dict(
        CategoryTerm.objects.values("category_id")
        .annotate(n=Sum("count"))
        .values_list("category_id", "n")
    )
    vocabulary = max(1, len({t for _, t in counts}) + len(words))
    scored = []
    for category in categories:
        total = totals.get(category.pk, 0)
        keywords = set(category.keywords.split())
        score = 0.0
        for word in words:
            score += math.log((counts.get((category.pk, word), 0) + 1) / (total + vocabulary))
            if word in keywords or any(k in word for k in keywords if len(k) >= 2):
                score += KEYWORD_WEIGHT
        scored.append((category, score))
    scored.sort(key=lambda pair: (-pair[1], pair[0].order, pair[0].pk))
    return scored


def proposed_category(text: str) -> Category | None:
    """The best category, or None when nothing in the text points anywhere."""
    ranked = suggest(text)
    if len(ranked) < 2:
        return ranked[0][0] if ranked else None
    (best, top), (_, second) = ranked[0], ranked[1]
    return best if top > second else None


def learn(case: Case) -> None:
    """Count the case's words for its category (called when an officer classifies it)."""
    words = terms(f"{case.title} {case.body}")
    if not words or case.category_id is None:
        return
    existing = set(
        CategoryTerm.objects.filter(category_id=case.category_id, term__in=words).values_list(
            "term", flat=True
        )
    )
    if existing:
        CategoryTerm.objects.filter(category_id=case.category_id, term__in=existing).update(
            count=F("count") + 1
        )
    CategoryTerm.objects.bulk_create(
        [
            CategoryTerm(category_id=case.category_id, term=w, count=1)
            for w in words
            if w not in existing
        ],
        ignore_conflicts=True,
    )


def index(case: Case) -> None:
    words = terms(f"{case.title} {case.body}")
    CaseTerm.objects.bulk_create(
        [CaseTerm(case=case, term=w) for w in words], ignore_conflicts=True
    )


def forget(case: Case) -> None:
    CaseTerm.objects.filter(case=case).delete()


def similar_open(case: Case, visible, *, limit: int = 5, min_shared: int = 2) -> list[Case]:
    """Open cases of the same mine, visible to the officer, sharing the most words."""
    words = list(CaseTerm.objects.filter(case=case).values_list("term", flat=True))
    if not words:
        return []
    from tongxin.people.selectors import mine_of

    mine_path = mine_of(case.organisation).path
    ranked = (
        CaseTerm.objects.filter(term__in=words, case__org_path__startswith=mine_path)
        .exclude(case=case)
        .filter(Q(case__state__in=OPEN_STATES) | Q(case__state=State.REPLIED))
        .values("case_id")
        .annotate(shared=Count("pk"))
        .filter(shared__gte=min_shared)
        .order_by("-shared", "-case_id")[: limit * 3]
    )
    ids = [row["case_id"] for row in ranked]
    found = {c.pk: c for c in visible.filter(pk__in=ids).select_related("category")}
    return [found[pk] for pk in ids if pk in found][:limit]
