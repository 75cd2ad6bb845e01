"""The pages the capacity measurements ask for (bench/page_cpu.py in-process, and
bench/capacity.sh under gunicorn): each area's main pages as the demo login who uses
them. A page about one record takes the first record that login can open."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    name: str
    login: str
    path: str  # with {pk} for a record page, filled by `resolve`
    worker: bool = False  # a page a miner opens on a phone (the 30 KB budget)


PAGES = (
    Page("worker home", "demo01", "/", worker=True),
    Page("request form", "demo01", "/voice/new/", worker=True),
    Page("my cases", "demo01", "/voice/", worker=True),
    Page("my case", "demo01", "/voice/my/{pk}/", worker=True),
    Page("report a hazard", "demo01", "/hazards/report/", worker=True),
    Page("today's inspections", "demo10", "/hazards/", worker=True),
    Page("my grid", "demo02", "/grid/", worker=True),
    Page("care", "demo01", "/care/", worker=True),
    Page("study", "demo01", "/learning/", worker=True),
    Page("officer home", "demo03", "/"),
    Page("inbox", "demo03", "/voice/inbox/"),
    Page("inbox, unit and state", "demo03", "/voice/inbox/?state=received"),
    Page("case page", "demo03", "/voice/cases/{pk}/"),
    Page("hazard board", "demo10", "/hazards/board/"),
    Page("a hazard", "demo10", "/hazards/h/{pk}/"),
    Page("care desk", "demo04", "/care/needs/"),
    Page("people search", "demo08", "/people/list/?q=张"),
)


def record_pk(page: Page) -> int:
    """The first record of the page's kind that its login may open."""
    from tongxin.hazards.access import hazards_visible_to
    from tongxin.people.models import Person
    from tongxin.voice.access import cases_visible_to
    from tongxin.voice.models import Case

    person = Person.objects.get(employee_no=page.login)
    if page.path.startswith("/voice/my/"):
        return Case.objects.filter(submitter=person).order_by("pk").values_list("pk", flat=True)[0]
    if page.path.startswith("/voice/cases/"):
        return cases_visible_to(person).order_by("pk").values_list("pk", flat=True)[0]
    if page.path.startswith("/hazards/h/"):
        return hazards_visible_to(person).order_by("pk").values_list("pk", flat=True)[0]
    raise ValueError(page.path)


def resolve(page: Page) -> str:
    return page.path.format(pk=record_pk(page)) if "{pk}" in page.path else page.path
