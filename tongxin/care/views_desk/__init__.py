"""The union's desk pages for care (SPEC §5): needs (list, collect, turn into a service
item or decline), surveys, the service ledger with its filters and Excel export,
hardship files (list with the reviews due highlighted, a file with its reviews and
assistance), assistance totals per year and unit, and the assistance ledger export.

Union chairs and administrators of a unit run these for their units; leadership reads
the totals page only; everyone else gets 404. Thin: the query string and the posted
fields are read here, selectors read (already scoped), services write and say why in
Chinese when they refuse (400 bad input, 403 not theirs, 409 someone acted first).

A module per flow: needs.py (needs and surveys), ledger.py (the service ledger and a new
item), hardship.py (hardship files), assistance.py (totals, export, assistance given);
common.py holds what they share.
"""
