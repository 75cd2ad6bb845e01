"""Answers in one normal form, so that marking is a comparison: the letters of the
chosen options in order ("AC"), 对 or 错, or fill-in text folded (NFKC, case, spaces)."""

from __future__ import annotations

import re
import unicodedata

from ..models.contests import Kind

TRUE_WORDS = {"对", "正确", "是", "√", "✓", "t", "true", "y", "yes"}
FALSE_WORDS = {"错", "错误", "否", "×", "✗", "x", "f", "false", "n", "no"}


def _fold(text) -> str:
    text = unicodedata.normalize("NFKC", str(text or ""))
    return re.sub(r"\s+", "", text).casefold()


def letters(raw, n_options: int | None = None) -> str | None:
    """ "a, c" / "CA" / "A C" → "AC"; None if anything but option letters is there."""
    text = re.sub(r"[\s,，、;；|/]+", "", unicodedata.normalize("NFKC", str(raw or ""))).upper()
    if not text or not text.isascii() or not text.isalpha():
        return None
    chosen = sorted(set(text))
    if n_options is not None and any(ord(c) - 65 >= n_options for c in chosen):
        return None
    return "".join(chosen)


def true_false(raw) -> str | None:
    word = _fold(raw)
    if word in TRUE_WORDS:
        return "对"
    if word in FALSE_WORDS:
        return "错"
    return None


def normalise(kind: str, raw, n_options: int | None = None) -> str | None:
    """A given or a stored answer in normal form; None when it cannot be one."""
    if kind in (Kind.SINGLE, Kind.MULTIPLE):
        found = letters(raw, n_options)
        if found is None or (kind == Kind.SINGLE and len(found) != 1):
            return None
        return found
    if kind == Kind.TRUE_FALSE:
        return true_false(raw)
    text = unicodedata.normalize("NFKC", str(raw or "")).strip()
    return text[:200] if text else None


def is_correct(question, given: str) -> bool:
    """Multiple choice: the exact set; fill-in: any alternative, folded."""
    if question.kind == Kind.FILL:
        wanted = {_fold(alt) for alt in question.answer.split("|") if alt.strip()}
        return _fold(given) in wanted
    return normalise(question.kind, given, len(question.options or [])) == question.answer
