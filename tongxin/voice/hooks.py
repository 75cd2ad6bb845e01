"""Other areas that opened a case are told of its reply here (the grid's problem list).

An app registers a function for its `source_app` name; it is called inside the
transaction that releases the reply, with the case, so the answer lands on the
app's own record atomically.
"""

from __future__ import annotations

from collections.abc import Callable

_reply_hooks: dict[str, Callable] = {}


def on_reply(source_app: str):
    def register(func: Callable) -> Callable:
        _reply_hooks[source_app] = func
        return func

    return register


def replied(case) -> None:
    hook = _reply_hooks.get(case.source_app)
    if hook is not None:
        hook(case)
