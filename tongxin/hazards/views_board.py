"""Being written this session."""


def board(request, *a, **k):
    raise NotImplementedError


def export(request, *a, **k):
    raise NotImplementedError


def supervision(request, *a, **k):
    raise NotImplementedError


def stats(request, *a, **k):
    raise NotImplementedError


def inspections(request, *a, **k):
    raise NotImplementedError


def qr_sheet(request, *a, **k):
    raise NotImplementedError
