"""Reading a frame, and whether the view is good enough to judge at all."""

from __future__ import annotations

import io

import cv2
import numpy as np
from django.utils.translation import gettext as _
from PIL import Image

WORK_WIDTH = 320
MAX_BYTES = 8 * 1024 * 1024
MAX_SIDE = 4096


class BadImage(ValueError):
    """The upload is not a frame we can read; the message says why, in Chinese."""


def decode(data: bytes) -> np.ndarray:
    """A BGR array from JPEG or PNG bytes, or BadImage."""
    if not data:
        raise BadImage(_("上传的文件是空的，请上传一张 JPEG 或 PNG 图片。"))
    if len(data) > MAX_BYTES:
        raise BadImage(_("图片超过 8 MB，请降低分辨率或压缩后再上传。"))
    if not (data[:3] == b"\xff\xd8\xff" or data[:8] == b"\x89PNG\r\n\x1a\n"):
        raise BadImage(_("只接受 JPEG 或 PNG 图片。"))
    # The header's size first: a small file may declare a huge picture (a decompression
    # bomb), which would be allocated before any check on the decoded array.
    try:
        with Image.open(io.BytesIO(data)) as header:
            width, height = header.size
    except Image.DecompressionBombError:
        raise BadImage(_("图片尺寸应在 64 到 4096 像素之间。")) from None
    except (OSError, ValueError):
        raise BadImage(_("图片已损坏，无法读取，请重新上传。")) from None
    if max(width, height) > MAX_SIDE:
        raise BadImage(_("图片尺寸应在 64 到 4096 像素之间。"))
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if image is None or image.size == 0:
        raise BadImage(_("图片已损坏，无法读取，请重新上传。"))
    h, w = image.shape[:2]
    if min(h, w) < 64 or max(h, w) > MAX_SIDE:
        raise BadImage(_("图片尺寸应在 64 到 4096 像素之间。"))
    return image


def work_grey(image: np.ndarray) -> np.ndarray:
    """The frame in grey, WORK_WIDTH wide (INTER_AREA averages: it also calms noise)."""
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    h, w = grey.shape
    height = max(1, round(h * WORK_WIDTH / w))
    return cv2.resize(grey, (WORK_WIDTH, height), interpolation=cv2.INTER_AREA)


def view_fault(grey: np.ndarray) -> str:
    """ "black" or "covered" when the picture cannot be judged, else "".

    A black frame: a dead camera or lamp, nearly every pixel dark. A covered lens (mud,
    a cloth, condensation): an even, featureless field; measured as the mean strength
    of fine detail (the Laplacian) against the brightness, which a dim but open view
    still has (sensor noise alone gives some, and the belt's edges and idlers more)."""
    if float(np.percentile(grey, 99)) < 30:
        return "black"
    detail = float(np.mean(np.abs(cv2.Laplacian(cv2.GaussianBlur(grey, (3, 3), 0), cv2.CV_32F))))
    spread = float(np.percentile(grey, 95) - np.percentile(grey, 5))
    if detail < 0.6 or spread < 10:
        return "covered"
    return ""


def signature(grey: np.ndarray) -> bytes:
    """A 64×36 thumbnail: a frozen camera sends the same one again (services compare)."""
    return cv2.resize(grey, (64, 36), interpolation=cv2.INTER_AREA).tobytes()


def same_picture(a: bytes, b: bytes) -> bool:
    if not a or not b or len(a) != len(b):
        return False
    diff = np.abs(np.frombuffer(a, np.uint8).astype(np.int16) - np.frombuffer(b, np.uint8))
    # Sensor noise and a running belt move a thumbnail's pixels by far more than this.
    return float(diff.mean()) < 0.05
