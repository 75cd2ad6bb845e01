"""Pinyin keys for finding people by name typed on a phone keyboard."""

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=20000)
def pinyin_keys(name: str) -> tuple[str, str]:
    """("zhangsan", "zs") for 张三. Non-Chinese characters are kept as they are, lower-cased."""
    syllables = [s.lower() for s in lazy_pinyin(name, style=Style.NORMAL, errors="default")]
    syllables = [s for s in syllables if s.strip()]
    full = "".join(syllables)[:120]
    initials = "".join(s[0] for s in syllables)[:40]
    return full, initials
