"""Material pile-up: how much of the calibrated zone looks unlike the reference frame.

The frame is cut into cells of CELL×CELL work pixels and each cell's mean brightness
compared with the reference frame's. The light is never the same twice (dust haze, a
lamp moved, the camera's gain), so the comparison first fits, on the cells outside the
zone, how the reference maps to this frame:

    frame ≈ reference × (a + b·x + c·y) + (d + e·x + f·y)

a gain and an offset that may vary across the frame (uneven light adds a slope, haze an
offset), in two rounds that drop the cells fitting worst (the running belt's coal,
a passing person). A zone cell counts as covered when it departs from that prediction
by more than a margin set from how well the outside cells fit, and at least MIN_STEP
grey levels (less in dim or dusty light): a heap of coal where there was belt or floor.
A cell on the heap's border counts for the share of the step it shows.
"""

from __future__ import annotations

import numpy as np

from .calibration import CELL

MIN_STEP = 13.0


def cell_means(grey: np.ndarray) -> np.ndarray:
    h, w = grey.shape
    rows, cols = h // CELL, w // CELL
    cut = grey[: rows * CELL, : cols * CELL].astype(np.float32)
    return cut.reshape(rows, CELL, cols, CELL).mean(axis=(1, 3))


def zone_mask(shape: tuple[int, int], zone) -> np.ndarray:
    rows, cols = shape
    x0, y0, x1, y1 = zone
    ys = (np.arange(rows) + 0.5) / rows
    xs = (np.arange(cols) + 0.5) / cols
    return ((ys >= y0) & (ys <= y1))[:, None] & ((xs >= x0) & (xs <= x1))[None, :]


def shifted(reference: np.ndarray, cells: float) -> np.ndarray:
    """The reference moved `cells` to the right (fractions interpolated, edges repeated)."""
    whole = int(np.floor(cells))
    part = cells - whole

    def move(k):
        out = np.roll(reference, k, axis=1)
        if k > 0:
            out[:, :k] = reference[:, :1]
        elif k < 0:
            out[:, k:] = reference[:, -1:]
        return out

    return move(whole) * (1 - part) + move(whole + 1) * part


def covered_cells(grey: np.ndarray, reference: np.ndarray, zone, belt_shift: float = 0.0):
    """The share of the zone's cells covered, and the mask of covered cells.

    `belt_shift` (in cells) is how far the belt has run off to one side: a shifted
    belt changes the zone too, so a cell counts only if it departs both from the
    reference and from the reference with the belt moved by that much."""
    steps = [_steps(grey, reference, zone)]
    if abs(belt_shift) >= 0.25:
        steps.append(_steps(grey, shifted(reference, belt_shift), zone))
    step, margin, inside = steps[0]
    for other, other_margin, _inside in steps[1:]:
        step = np.minimum(step, other)
        margin = min(margin, other_margin)
    return _share(step, margin, inside)


def _steps(grey: np.ndarray, reference: np.ndarray, zone):
    frame = cell_means(grey)
    if frame.shape != reference.shape:
        rows = min(frame.shape[0], reference.shape[0])
        frame, reference = frame[:rows], reference[:rows]
    inside = zone_mask(frame.shape, zone)
    rows, cols = frame.shape
    yy, xx = np.mgrid[0:rows, 0:cols]
    x, y = xx / max(cols - 1, 1), yy / max(rows - 1, 1)
    design = np.stack([reference, reference * x, reference * y, np.ones_like(x), x, y], axis=-1)
    a, b = design[~inside], frame[~inside]
    use = np.ones(len(b), bool)
    for _ in range(3):
        # The normal equations (6×6): far cheaper than lstsq's SVD for a fit this small.
        au = a[use]
        coef = np.linalg.solve(au.T @ au + np.eye(6) * 1e-6, au.T @ b[use])
        residual = np.abs(a @ coef - b)
        spread = float(np.median(residual[use])) * 1.4826 + 1.0
        use = residual <= 2.5 * spread
    predicted = design[inside] @ coef
    # The contrast this frame keeps of the reference's (dim light and haze flatten
    # it): the step a heap makes shrinks with it, and so must the margin.
    gain = float(np.median(coef[0] + coef[1] * x[inside] + coef[2] * y[inside]))
    margin = max(MIN_STEP * float(np.clip(gain, 0.15, 1.5)), 3 * spread)
    step = np.zeros(frame.shape, np.float32)
    step[inside] = np.abs(frame[inside] - predicted)
    return step, margin, inside


def _share(step: np.ndarray, margin: float, inside: np.ndarray):
    mask = step > margin
    if not mask.any():
        return 0.0, mask
    # A cell on the heap's border is partly covered and departs partly: next to a
    # covered cell, it counts for its share of the full step (the covered cells' median).
    full = float(np.median(step[mask]))
    near = np.zeros_like(mask)
    near[1:, :] |= mask[:-1, :]
    near[:-1, :] |= mask[1:, :]
    near[:, 1:] |= mask[:, :-1]
    near[:, :-1] |= mask[:, 1:]
    border = near & ~mask & inside & (step > margin / 2)
    share = mask.sum() + float(np.clip(step[border] / full, 0, 1).sum())
    return share / max(int(inside.sum()), 1), mask
