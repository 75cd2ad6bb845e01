"""Finding the belt's two edges in the ROI.

1. Equalise the light locally (CLAHE): a lamp on one side and a dim roadway both give
   the belt's edge a usable step in brightness.
2. Blur, then the horizontal gradient (Sobel), averaged over a few rows so that the
   thin idler bars beside the belt and specks of dust weigh little.
3. On each of ROWS sampled rows, the strongest step of the calibrated polarity (dark to
   light at the left edge of a light belt, light to dark at its right) in a window
   around where the edge was at calibration: wide enough for a belt shifted by a
   third of its width, never reaching the other edge.
4. A robust straight line through those points (RANSAC over every pair, then least
   squares on the inliers): rows where coal smears the edge, water spray or a heap
   hides it give outliers, not a bent edge. Too few inliers: the edge is not found.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

ROWS = 24
SEARCH_OUT = 0.4  # how far outwards from the reference edge, share of the belt width
SEARCH_IN = 0.3  # and inwards
MIN_INLIERS = 0.45  # share of sampled rows that must agree on a line
_CLAHE = cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8))


@dataclass
class Edge:
    slope: float  # x = slope * y + intercept, in work-image pixels
    intercept: float
    support: float  # share of sampled rows on the line

    def x(self, y):
        return self.slope * y + self.intercept


def gradient(grey: np.ndarray) -> np.ndarray:
    even = _CLAHE.apply(grey)
    smooth = cv2.GaussianBlur(even, (5, 5), 0)
    gx = cv2.Sobel(smooth, cv2.CV_32F, 1, 0, ksize=3)
    return cv2.blur(gx, (1, 9))  # a column of 9 rows: idlers and specks weigh little


def sample_rows(height: int, roi: tuple[float, float]) -> np.ndarray:
    top, bottom = roi[0] * (height - 1), roi[1] * (height - 1)
    return np.linspace(top, bottom, ROWS).round().astype(int)


def strongest(
    gx_row: np.ndarray, lo: float, hi: float, sign: int, noise: float
) -> tuple[int, float]:
    """The column of the strongest step of `sign` in [lo, hi) and its strength against
    the row's typical gradient (how clearly it stands out)."""
    lo, hi = max(0, int(lo)), min(len(gx_row), int(hi))
    if hi - lo < 3:
        return -1, 0.0
    window = sign * gx_row[lo:hi]
    i = int(np.argmax(window))
    return lo + i, float(window[i]) / noise


def fit_line(ys: np.ndarray, xs: np.ndarray, tolerance: np.ndarray) -> Edge | None:
    """RANSAC over every pair of points, then least squares on the best inliers."""
    n = len(ys)
    if n < 4:
        return None
    i, j = np.triu_indices(n, 1)
    dy = ys[j] - ys[i]
    ok = dy != 0
    i, j, dy = i[ok], j[ok], dy[ok]
    slope = (xs[j] - xs[i]) / dy
    intercept = xs[i] - slope * ys[i]
    predicted = slope[:, None] * ys[None, :] + intercept[:, None]
    inliers = np.abs(predicted - xs[None, :]) <= tolerance[None, :]
    best = int(np.argmax(inliers.sum(axis=1)))
    mask = inliers[best]
    if mask.sum() < 3:
        return None
    a, b = np.polyfit(ys[mask], xs[mask], 1)
    return Edge(float(a), float(b), float(mask.sum()) / ROWS)


def find_edges(gx: np.ndarray, rows: np.ndarray, left_ref, right_ref, polarity: int):
    """The left and right Edge (or None) near the reference edges (pixels per row)."""
    width = right_ref - left_ref
    found = {"left": ([], [], []), "right": ([], [], [])}
    for k, y in enumerate(rows):
        w = width[k]
        noise = float(np.median(np.abs(gx[y]))) + 1.0  # the row's typical gradient
        for side, ref, sign in (
            ("left", left_ref[k], polarity),
            ("right", right_ref[k], -polarity),
        ):
            out, inward = w * SEARCH_OUT, w * SEARCH_IN
            lo, hi = (ref - out, ref + inward) if side == "left" else (ref - inward, ref + out)
            x, strength = strongest(gx[y], lo, hi, sign, noise)
            if x >= 0 and strength > 2.5:
                ys, xs, tol = found[side]
                ys.append(y)
                xs.append(x)
                tol.append(max(2.0, 0.04 * w))
    edges = []
    for side in ("left", "right"):
        ys, xs, tol = (np.asarray(v, dtype=np.float64) for v in found[side])
        edge = fit_line(ys, xs, tol)
        edges.append(edge if edge and edge.support >= MIN_INLIERS else None)
    return edges
