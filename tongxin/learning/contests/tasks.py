"""Contests' background work (thin: each calls a service): drawing a large audience's
papers, and the sweep that hands in papers whose time ran out."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from . import services


@db_task()
def draw_contest_papers(contest_id: int):
    return services.finish_drawing(contest_id).pk


@db_periodic_task(crontab(minute="*/5"))
@lock_task("learning-contest-sweep")
def sweep_timed_out_papers():
    return services.sweep()
