"""Background work of the worker-voice area (thin: each calls a service): the deadline
sweep, and the notices about anonymous cases, sent at the top of the hour after."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from . import services


@db_periodic_task(crontab(minute="*/15"))
@lock_task("voice-sweep")
def sweep_deadlines():
    return services.sweep()


@db_task(retries=3, retry_delay=60)
def tell_about_anonymous(case_id: int, whom: str, title: str):
    services.anonymous_notice(case_id=case_id, whom=whom, title=title)
