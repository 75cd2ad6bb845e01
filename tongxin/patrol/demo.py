"""The demo mine's video patrol (filled in by the demo step)."""


def seed(*, seed: int = 0, progress=None):
    return None
