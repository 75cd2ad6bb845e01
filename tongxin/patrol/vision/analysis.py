"""One frame against its camera's calibration: deviation, pile-up, or a camera fault."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import edges as belt_edges
from .calibration import CELL, Calibration
from .image import view_fault, work_grey
from .pileup import cell_means, covered_cells

# The zone and ROI of a calibration made without a person: the tail at the bottom,
# the edges looked for above it (a heap there would hide them).
DEFAULT_ROI = (0.06, 0.58)
DEFAULT_ZONE = (0.22, 0.62, 0.78, 0.96)
# The belt does not change width: edges giving another width are the wrong edges.
WIDTH_RANGE = (0.8, 1.25)

FAULT_LABELS = {
    "black": "画面全黑（摄像头或照明故障）",
    "covered": "镜头被遮挡或污损",
    "frozen": "画面冻结（连续收到相同画面）",
    "edges": "看不清皮带边缘",
    "size": "画面尺寸与标定不符",
}


@dataclass
class Analysis:
    fault: str = ""  # a key of FAULT_LABELS, or "" when the view could be judged
    offset_ratio: float | None = None  # + to the right, share of the belt's width
    pileup_ratio: float | None = None  # share of the zone covered
    # For the overlay, in shares of the frame: the detected edges at the ROI's top and
    # bottom, and the covered cells of the zone (rows × columns of booleans).
    left: tuple[float, float] | None = None
    right: tuple[float, float] | None = None
    covered: list[list[bool]] = field(default_factory=list)
    signature: bytes = b""


def level_of(value: float | None, warning: float, alarm: float) -> str:
    if value is None:
        return "fault"
    magnitude = abs(value)
    if magnitude >= alarm:
        return "alarm"
    if magnitude >= warning:
        return "warning"
    return "normal"


def calibrate(image: np.ndarray, roi=DEFAULT_ROI, zone=DEFAULT_ZONE) -> Calibration:
    """The belt's edges in a reference frame of the belt running normally, found with no
    prior: each half of the frame searched whole, for both polarities; the stronger
    pair wins. A person then confirms or drags them (the calibration page)."""
    grey = work_grey(image)
    h, w = grey.shape
    gx = belt_edges.gradient(grey)
    rows = belt_edges.sample_rows(h, roi)
    best = None
    for polarity in (1, -1):
        # As if the belt were expected in the middle with half the frame's width: the
        # search windows then span each half of the frame.
        left_ref = np.full(len(rows), w * 0.3)
        right_ref = np.full(len(rows), w * 0.7)
        left, right = belt_edges.find_edges(gx, rows, left_ref, right_ref, polarity)
        if left and right:
            score = left.support + right.support
            if best is None or score > best[0]:
                best = (score, polarity, left, right)
    top, bottom = rows[0], rows[-1]
    if best is None:
        # Nothing found: a starting guess for the person to drag into place.
        polarity, left_x, right_x = 1, (0.35, 0.3), (0.65, 0.7)
    else:
        _, polarity, left, right = best
        left_x = (left.x(top) / w, left.x(bottom) / w)
        right_x = (right.x(top) / w, right.x(bottom) / w)
    return Calibration(
        width=image.shape[1],
        height=image.shape[0],
        roi=(float(roi[0]), float(roi[1])),
        left=tuple(round(float(v), 4) for v in left_x),
        right=tuple(round(float(v), 4) for v in right_x),
        zone=tuple(float(v) for v in zone),
        polarity=polarity,
        grid=np.round(cell_means(grey), 1).tolist(),
    )


def analyse(image: np.ndarray, calibration: Calibration) -> Analysis:
    if image.shape[1] != calibration.width or image.shape[0] != calibration.height:
        return Analysis(fault="size")
    grey = work_grey(image)
    result = Analysis(signature=_signature(grey))
    fault = view_fault(grey)
    if fault:
        result.fault = fault
        return result
    h, w = grey.shape
    rows = belt_edges.sample_rows(h, calibration.roi)
    ys = rows / (h - 1)
    left_ref, right_ref = (v * (w - 1) for v in calibration.edges_at(ys))
    gx = belt_edges.gradient(grey)
    left, right = belt_edges.find_edges(gx, rows, left_ref, right_ref, calibration.polarity)
    if left is not None and right is not None:
        width_ref = right_ref - left_ref
        width = right.x(rows) - left.x(rows)
        ratio = float(np.median(width / width_ref))
        if WIDTH_RANGE[0] <= ratio <= WIDTH_RANGE[1]:
            centre = (left.x(rows) + right.x(rows)) / 2
            centre_ref = (left_ref + right_ref) / 2
            # The median over the rows: the offset as a share of the width at each row
            # (a belt in perspective is narrower far away), not swayed by one bad row.
            result.offset_ratio = round(float(np.median((centre - centre_ref) / width_ref)), 4)
            top, bottom = rows[0], rows[-1]
            result.left = (left.x(top) / (w - 1), left.x(bottom) / (w - 1))
            result.right = (right.x(top) / (w - 1), right.x(bottom) / (w - 1))
    if result.offset_ratio is None:
        # A view in which the belt's edges cannot be told is a fault, never a deviation.
        result.fault = "edges"
    if calibration.grid:
        reference = np.asarray(calibration.grid, dtype=np.float32)
        belt_shift = 0.0
        if result.offset_ratio is not None:
            # The belt's offset in cells at the zone's rows (where the belt is wider).
            zone_y = np.array([(calibration.zone[1] + calibration.zone[3]) / 2])
            zl, zr = calibration.edges_at(zone_y)
            belt_shift = float(result.offset_ratio * (zr[0] - zl[0]) * w / CELL)
        share, mask = covered_cells(grey, reference, calibration.zone, belt_shift)
        result.pileup_ratio = round(share, 4)
        result.covered = mask.tolist()
    return result


def _signature(grey):
    from .image import signature

    return signature(grey)
