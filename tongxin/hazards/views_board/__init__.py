"""The desk pages of the hazards area (SPEC §4): the open-hazard board, the union's
labour-protection supervision, statistics per unit and period, missed inspections, the
ledger (隐患排查治理台账) export and the sheet of work-place QR codes to print.

Thin: the filter forms parse the query string, selectors read (already scoped to the
viewer), services write. Every list is paginated and its number of queries does not
grow with the rows (unit labels, supervision notes and crew leaders are read once per
page).

A module per page: board.py (the board and the ledger export), supervision.py, stats.py
(statistics and missed inspections), qr_sheet.py; common.py holds the filter and what
they share.
"""
