"""Staff pages: the inbox, a case with what the viewer may do next, bulk assignment,
the ledger export, and entering a forum meeting. Thin: forms parse, services decide.

A module per flow: inbox.py (the inbox, export, bulk assignment), case.py (a case and its
steps), forum.py; common.py holds what they share.
"""
