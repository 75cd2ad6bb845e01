"""The grid API: a grid member's covered workers, tasks, visits and life events."""

from ninja import Router

router = Router(tags=["网格化管理"])
