"""A grid member's phone pages: my grid (this month's tasks and the workers I cover), a
task with its completion form, logging a talk or visit, recording a life event (五必谈
五必访), and the page where a worker reports their own.

Thin: the views read what was posted, call a service, and show its Chinese message with
everything the person typed when it refuses (400 for bad input, 403 for what the person
may not do, 409 when the task was done or changed meanwhile). Tasks outside what the
person may see are 404.

A module per flow: home.py, tasks.py, visits.py, events.py; common.py holds what they
share.
"""
