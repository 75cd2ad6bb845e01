"""China's 2026 public holidays and the weekend days worked in exchange (调休).

From the State Council General Office's notice on the 2026 holiday arrangements. Later
years are entered by the operator in the admin when the notice appears. Used by the
data migration, and by the tests to put them back after a flush.
"""

from datetime import date, timedelta

OFF = [
    ("元旦", date(2026, 1, 1), date(2026, 1, 3)),
    ("春节", date(2026, 2, 15), date(2026, 2, 23)),
    ("清明节", date(2026, 4, 4), date(2026, 4, 6)),
    ("劳动节", date(2026, 5, 1), date(2026, 5, 5)),
    ("端午节", date(2026, 6, 19), date(2026, 6, 21)),
    ("中秋节", date(2026, 9, 25), date(2026, 9, 27)),
    ("国庆节", date(2026, 10, 1), date(2026, 10, 7)),
]
WORKED = [
    ("元旦调休上班", date(2026, 1, 4)),
    ("春节调休上班", date(2026, 2, 14)),
    ("春节调休上班", date(2026, 2, 28)),
    ("劳动节调休上班", date(2026, 5, 9)),
    ("国庆节调休上班", date(2026, 9, 20)),
    ("国庆节调休上班", date(2026, 10, 10)),
]


def ensure_holidays(Holiday) -> None:
    """Create the missing rows (`Holiday` may be a historical model)."""
    for name, first, last in OFF:
        day = first
        while day <= last:
            Holiday.objects.get_or_create(date=day, defaults={"name": name, "is_workday": False})
            day += timedelta(days=1)
    for name, day in WORKED:
        Holiday.objects.get_or_create(date=day, defaults={"name": name, "is_workday": True})
