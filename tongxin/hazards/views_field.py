"""Being written this session."""


def today(request, *a, **k):
    raise NotImplementedError


def inspect(request, *a, **k):
    raise NotImplementedError


def report(request, *a, **k):
    raise NotImplementedError


def hazard(request, *a, **k):
    raise NotImplementedError


def hazard_act(request, *a, **k):
    raise NotImplementedError


def workplace(request, *a, **k):
    raise NotImplementedError


def workplace_qr(request, *a, **k):
    raise NotImplementedError


def photo(request, *a, **k):
    raise NotImplementedError
