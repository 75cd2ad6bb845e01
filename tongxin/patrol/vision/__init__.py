"""Classical vision for belt cameras (OpenCV and numpy, no model weights).

    image = decode(data)                       # BadImage with a Chinese message
    calibration = calibrate(reference_image)   # edges, centre line, pile-up zone
    result = analyse(image, calibration)       # deviation, pile-up, or a camera fault
    jpeg = overlay(image, calibration, result)

Everything is measured on a copy scaled to WORK_WIDTH pixels wide: a belt's edges do
not need more, and it keeps the analysis of a 1280×720 frame to a few milliseconds
(bench/patrol_fps.py). The modules: `image` (decoding, the view's quality), `edges`
(finding the belt's edges), `pileup` (the zone against the reference), `draw`.
"""

from .analysis import Analysis, analyse, calibrate, level_of
from .calibration import Calibration
from .draw import overlay
from .image import BadImage, decode, signature

__all__ = [
    "Analysis",
    "BadImage",
    "Calibration",
    "analyse",
    "calibrate",
    "decode",
    "level_of",
    "overlay",
    "signature",
]
