"""Every write of the grid area, one module per subject: network (links and coverage
assignments), tasks (monthly lists), events and visits (五必谈五必访), reports
(monthly reports, quarterly summaries, grid meetings), problems (the branch's list and
passing to a department), spotchecks (discipline inspectors' draws). Views, tasks and
the API call only these."""
