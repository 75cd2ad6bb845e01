"""The pages at the work place, made for a phone: today's inspections and what waits on
me, doing an inspection item by item, reporting a hazard on the spot (随手拍), a
hazard's record with the steps the viewer may take now, a work place's page (what its
printed QR code opens) and the photos.

Thin: the views read what was posted, call a service, and show its Chinese message with
everything the person typed when it refuses (400 for bad input, 403 for a step the
person may not take, 409 when someone else acted first). Hazards and plans outside what
the person may see are 404.

A module per flow: today.py, inspection.py, report.py, hazard.py (the record and its
steps), workplace.py (the work place, its QR code and the photos); common.py holds what
they share.
"""
