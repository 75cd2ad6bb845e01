"""The question bank, timed knowledge contests and the daily practice quiz (issue #15).

marking    normalising answers (letters, 对/错, fill-in alternatives) and marking them
bank       the bank's writes: a question file checked row by row, all or nothing
services   contests: create, schedule (draw every paper), start, answer, submit, sweep;
           the daily practice quiz
selectors  who sees which contest, the lists, rankings, the review
"""
