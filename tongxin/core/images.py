"""Photos from phones: only real images, resized, re-encoded without their metadata.

A file is judged by its content (Pillow must decode it), never by its name or the
type the browser claims. Re-encoding drops EXIF, including the GPS position a phone
writes into every photo, which matters most for anonymous reports.
"""

from __future__ import annotations

import io
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "HEIF", "MPO"}
MAX_SIDE = 1600
# A decompression bomb is refused before it is decoded.
MAX_PIXELS = 60_000_000


def clean_photo(upload, *, max_mb: int | None = None) -> ContentFile:
    """A re-encoded JPEG of the uploaded image, or ValidationError in Chinese."""
    max_mb = max_mb or settings.PHOTO_MAX_UPLOAD_MB
    name = getattr(upload, "name", "") or _("照片")
    if upload.size > max_mb * 1024 * 1024:
        raise ValidationError(
            _("照片“%(name)s”太大（%(size).1f MB），每张不能超过 %(max)s MB。")
            % {"name": name, "size": upload.size / 1024 / 1024, "max": max_mb}
        )
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("照片“%(name)s”尺寸过大。") % {"name": name})
            probe.verify()
        if fmt not in ACCEPTED_FORMATS:
            raise UnidentifiedImageError(fmt)
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGB")
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            # No exif= argument: Pillow writes no metadata of its own.
            image.save(out, "JPEG", quality=82, optimize=True)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("“%(name)s”不是可识别的图片，请上传手机拍摄的 JPG、PNG 或 WebP 照片。")
            % {"name": name}
        ) from None
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


def clean_photos(uploads, *, max_count: int | None = None) -> list[ContentFile]:
    max_count = max_count or settings.PHOTO_MAX_COUNT
    uploads = [u for u in uploads if u]
    if len(uploads) > max_count:
        raise ValidationError(_("最多上传 %(n)s 张照片。") % {"n": max_count})
    return [clean_photo(u) for u in uploads]


def photo_response(image) -> FileResponse:
    """A stored photo (an ImageField's file, always a re-encoded JPEG) for a page that has
    already decided the viewer may see it; 404 when the file is gone."""
    try:
        handle = image.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response
