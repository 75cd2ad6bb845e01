"""The desk pages of the responsibility network and its coverage (SPEC §2).

- network_list: the branches the viewer runs or reads, with their links per level;
- network_branch: one branch's four levels (current links, or the whole history), with
  assign / end / move for those who run the branch;
- network_split: share a crew's uncovered workers among Party members in one go,
  pre-filled with an even split;
- network_import: links from a spreadsheet, every bad row named;
- coverage_overview / coverage_branch: rate per branch (or per unit), workers nobody
  covers, Party members who cover nobody, members over the limit (?over=).

Leadership members and discipline inspectors read; secretaries and administrators of
the branch write (a reader's POST gets 403). A branch outside the viewer's reach is a
404. Thin: services write, `coverage` reads, and no list's queries grow with its rows.

A module per flow: branches.py (network_list, network_branch), split.py, imports.py,
coverage_pages.py; common.py holds what they share.
"""
