"""Snapshots pulled from the cameras that have a snapshot URL, in the task queue (never
in a web request): an NVR's HTTP snapshot (one JPEG per request), an RTSP stream or a
video file opened with OpenCV. A video file stands in for a camera on a test machine:
each pull reads its next frame (the position is kept on the camera), round and round.
"""

from __future__ import annotations

import logging
import urllib.request
from dataclasses import dataclass
from datetime import timedelta

import cv2
from django.core.exceptions import ValidationError
from django.utils import timezone

from ..models import Camera
from .frames import frame_receive

log = logging.getLogger(__name__)
TIMEOUT = 5  # seconds a camera may take to answer


@dataclass
class Grab:
    data: bytes | None
    position: int = 0


def grab(url: str, position: int = 0) -> Grab:
    """One frame of the camera as JPEG bytes (None when it gave none)."""
    if url.startswith(("http://", "https://")):
        try:
            with urllib.request.urlopen(url, timeout=TIMEOUT) as response:  # noqa: S310
                return Grab(response.read(8 * 1024 * 1024 + 1))
        except OSError:
            return Grab(None)
    capture = cv2.VideoCapture(url)
    try:
        if not capture.isOpened():
            return Grab(None)
        frames = int(capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        if frames > 0:  # a file: its next frame; a live stream has no count
            position %= frames
            capture.set(cv2.CAP_PROP_POS_FRAMES, position)
        ok, image = capture.read()
        if not ok:
            return Grab(None, position)
        _ok, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 85])
        return Grab(jpeg.tobytes(), position + 1)
    finally:
        capture.release()


def due_cameras(now=None) -> list[Camera]:
    """The cameras whose next pull is due (a mine has tens of them: sorted out here)."""
    now = now or timezone.now()
    cameras = (
        Camera.objects.filter(is_active=True, calibration__isnull=False)
        .exclude(snapshot_url="")
        .select_related("calibration")
    )
    return [
        c for c in cameras
        if c.pulled_at is None or c.pulled_at + timedelta(seconds=c.snapshot_every) <= now
    ]  # fmt: skip


def pull(camera: Camera, now=None) -> bool:
    """Pull and analyse one frame of the camera; False when it gave none."""
    now = now or timezone.now()
    got = grab(camera.snapshot_url, camera.pull_position)
    Camera.objects.filter(pk=camera.pk).update(pulled_at=now, pull_position=got.position)
    if got.data is None:
        log.warning("patrol: camera %s gave no frame", camera.code)
        return False
    try:
        frame_receive(camera=camera, data=got.data, at=now)
    except ValidationError as exc:  # a frame that cannot be read: log it, go on
        log.warning("patrol: camera %s sent a bad frame: %s", camera.code, exc.messages)
        return False
    return True


def pull_due(now=None) -> int:
    return sum(pull(camera, now) for camera in due_cameras(now))
