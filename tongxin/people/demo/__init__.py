"""The demo data generator behind `manage.py seed_demo`.

A fictional coal-mining group, built in memory from a seed and then written in bulk:

    names.py       invented person and place names, phone and ID numbers
    layout.py      the organisation trees of a group and of each mine
    population.py  the people of a mine: posts, Party and union membership, grades, roles
    build.py       materialised paths and bulk writes
    logins.py      the demo sign-ins (one per role, and a counsellor) and the table that lists them

Everything is drawn from `random.Random` seeded per mine, never from the clock or the
database, so the same seed gives the same group.
"""
