"""The care API: needs, service items, counselling bookings (notes: the counsellor only)."""

from ninja import Router

router = Router(tags=["职工关爱"])
