"""A camera's calibration: where the belt runs when it runs normally.

Positions are shares of the frame (0..1), so a calibration reads the same whatever the
size it is drawn at on the page. The edges are straight lines in the frame (a belt in
perspective is a trapezoid), given by their x at the top and the bottom of the region
of interest (ROI): the rows where edges are looked for. The pile-up zone is a
rectangle (the tail, a transfer point); `grid` holds the reference frame's brightness
in cells of CELL pixels of the work image, against which the zone is compared.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

CELL = 4


@dataclass
class Calibration:
    width: int  # the frame size the calibration was made at, in pixels
    height: int
    roi: tuple[float, float]  # top and bottom rows of the ROI
    left: tuple[float, float]  # x of the left edge at the ROI's top and bottom
    right: tuple[float, float]
    zone: tuple[float, float, float, float]  # x0, y0, x1, y1
    # +1 when the belt is lighter than what lies beside it, -1 when darker.
    polarity: int = 1
    grid: list[list[float]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Calibration:
        return cls(
            width=int(data["width"]),
            height=int(data["height"]),
            roi=tuple(data["roi"]),
            left=tuple(data["left"]),
            right=tuple(data["right"]),
            zone=tuple(data["zone"]),
            polarity=int(data.get("polarity", 1)),
            grid=data.get("grid") or [],
        )

    def edges_at(self, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The reference edges (shares of the width) at rows y (shares of the height)."""
        top, bottom = self.roi
        t = (y - top) / max(bottom - top, 1e-6)
        left = self.left[0] + (self.left[1] - self.left[0]) * t
        right = self.right[0] + (self.right[1] - self.right[0]) * t
        return left, right

    def check(self) -> list[str]:
        """What is wrong with a calibration a person adjusted (Chinese messages)."""
        from django.utils.translation import gettext as _

        problems = []
        values = [*self.roi, *self.left, *self.right, *self.zone]
        if not all(0 <= v <= 1 for v in values):
            problems.append(_("标定的点应在画面之内。"))
        if self.roi[1] - self.roi[0] < 0.15:
            problems.append(_("检测区域太窄：上下边界至少相隔画面高度的 15%。"))
        if min(self.right[0] - self.left[0], self.right[1] - self.left[1]) < 0.05:
            problems.append(_("皮带右边缘应在左边缘右侧，且带宽至少为画面宽度的 5%。"))
        if self.zone[2] - self.zone[0] < 0.05 or self.zone[3] - self.zone[1] < 0.05:
            problems.append(_("堆积检测区太小：宽和高至少为画面的 5%。"))
        return problems
