"""The overlay a patrol sees: the reference and detected edges and centre lines, the
zone with its covered cells. Drawn on the frame itself (a JPEG), so that the hazard's
photo shows what the platform saw."""

from __future__ import annotations

import cv2
import numpy as np

from .analysis import Analysis
from .calibration import Calibration

REFERENCE = (0, 215, 255)  # yellow (BGR)
DETECTED = (80, 220, 80)  # green
COVERED = (40, 40, 230)  # red


def _point(x: float, y: float, w: int, h: int) -> tuple[int, int]:
    return round(x * (w - 1)), round(y * (h - 1))


def overlay(image: np.ndarray, calibration: Calibration, result: Analysis | None = None) -> bytes:
    canvas = image.copy() if image.ndim == 3 else cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    h, w = canvas.shape[:2]
    thick = max(1, w // 400)
    top, bottom = calibration.roi
    _lines(canvas, calibration.left, calibration.right, top, bottom, REFERENCE, thick)
    if result is not None and result.left and result.right:
        _lines(canvas, result.left, result.right, top, bottom, DETECTED, thick + 1)
    x0, y0, x1, y1 = calibration.zone
    if result is not None and result.covered:
        mask = np.asarray(result.covered, dtype=bool)
        rows, cols = mask.shape
        tint = canvas.copy()
        cell_h, cell_w = h / rows, w / cols
        for r, c in zip(*np.nonzero(mask), strict=True):
            p0 = (int(c * cell_w), int(r * cell_h))
            p1 = (int((c + 1) * cell_w), int((r + 1) * cell_h))
            cv2.rectangle(tint, p0, p1, COVERED, -1)
        canvas = cv2.addWeighted(tint, 0.35, canvas, 0.65, 0)
    cv2.rectangle(canvas, _point(x0, y0, w, h), _point(x1, y1, w, h), REFERENCE, thick)
    if result is not None:
        parts = []
        if result.offset_ratio is not None:
            parts.append(f"dev {result.offset_ratio * 100:+.1f}%")
        if result.pileup_ratio is not None:
            parts.append(f"pile {result.pileup_ratio * 100:.0f}%")
        if result.fault:
            parts.append(f"fault {result.fault}")
        cv2.putText(
            canvas, "  ".join(parts), (10, 10 + 14 * thick), cv2.FONT_HERSHEY_SIMPLEX,
            0.5 * thick, (255, 255, 255), thick, cv2.LINE_AA,
        )  # fmt: skip
    ok, data = cv2.imencode(".jpg", canvas, [cv2.IMWRITE_JPEG_QUALITY, 80])
    return data.tobytes() if ok else b""


def _lines(canvas, left, right, top, bottom, colour, thick):
    h, w = canvas.shape[:2]
    for edge in (left, right):
        cv2.line(canvas, _point(edge[0], top, w, h), _point(edge[1], bottom, w, h), colour, thick)
    centre = ((left[0] + right[0]) / 2, (left[1] + right[1]) / 2)
    p, q = _point(centre[0], top, w, h), _point(centre[1], bottom, w, h)
    # The centre line dashed, so it is not taken for an edge.
    for k in range(0, 20, 2):
        a = (p[0] + (q[0] - p[0]) * k // 20, p[1] + (q[1] - p[1]) * k // 20)
        b = (p[0] + (q[0] - p[0]) * (k + 1) // 20, p[1] + (q[1] - p[1]) * (k + 1) // 20)
        cv2.line(canvas, a, b, colour, thick)
