"""Article bodies are HTML typed or pasted by the Party committee; what is stored is
rebuilt from an allow-list of tags and attributes (nh3 is not installed), so no script,
event handler, style or javascript: link survives."""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "ul", "ol", "li",
    "blockquote", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "hr", "span",
}  # fmt: skip
VOID = {"br", "img", "hr"}
ATTRS = {"a": {"href", "title"}, "img": {"src", "alt"}, "td": {"colspan"}, "th": {"colspan"}}
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript"}
SAFE_SCHEMES = ("http://", "https://", "/", "#", "mailto:")


def _safe_url(value: str) -> bool:
    cleaned = "".join(value.split()).lower()
    return cleaned.startswith(SAFE_SCHEMES) and not cleaned.startswith("//")


class _Cleaner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.text: list[str] = []
        self.open: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in DROPPED_WITH_CONTENT:
            self.skipping += 1
            return
        if self.skipping or tag not in TAGS:
            return
        kept = []
        for name, value in attrs:
            if name not in ATTRS.get(tag, ()) or value is None:
                continue
            if name in ("href", "src") and not _safe_url(value):
                continue
            kept.append(f' {name}="{escape(value, quote=True)}"')
        if tag == "a":
            kept.append(' rel="noopener noreferrer"')
        self.out.append(f"<{tag}{''.join(kept)}>")
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.open and self.open[-1] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in DROPPED_WITH_CONTENT:
            self.skipping = max(self.skipping - 1, 0)
            return
        if self.skipping or tag not in self.open:
            return
        while self.open:  # close what was left open inside it
            top = self.open.pop()
            self.out.append(f"</{top}>")
            if top == tag:
                break

    def handle_data(self, data):
        if self.skipping:
            return
        self.out.append(escape(data, quote=False))
        self.text.append(data)


def sanitise(html: str) -> tuple[str, str]:
    """(safe HTML, its plain text) of what was typed."""
    cleaner = _Cleaner()
    cleaner.feed(html or "")
    cleaner.close()
    cleaner.out.extend(f"</{t}>" for t in reversed(cleaner.open))
    return "".join(cleaner.out), " ".join("".join(cleaner.text).split())
