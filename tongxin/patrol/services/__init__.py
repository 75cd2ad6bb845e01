"""Every write of the video patrol. Views, tasks and the API call only these."""

from .cameras import calibration_adjust, camera_create, reference_set
from .detections import detection_confirm, detection_dismiss
from .frames import FrameOutcome, frame_receive
from .rounds import round_assign, round_finish, round_scan, route_create, route_edit

__all__ = [
    "FrameOutcome",
    "calibration_adjust",
    "camera_create",
    "detection_confirm",
    "detection_dismiss",
    "frame_receive",
    "reference_set",
    "round_assign",
    "round_finish",
    "round_scan",
    "route_create",
    "route_edit",
]
