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
from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "HEIF", "MPO"}
MAX_SIDE = 1600
# Pillow's own guard, for any decode anywhere in the process: it raises on images over
# twice this. Ours below refuse from the header first, with a message.
Image.MAX_IMAGE_PIXELS = settings.PHOTO_MAX_PIXELS


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.0f}"


def _probe(upload, max_mb: int) -> tuple[bytes, str, str]:
    """The upload's bytes, name and format, read from the header only.

    Pillow opens lazily: `size` and `format` come from the header, nothing is decoded.
    A seven-kilobyte one-bit PNG may claim 59 megapixels and cost 380 MB and two
    seconds to decode; it is refused here, by its header, before any decoding.
    """
    name = getattr(upload, "name", "") or _("照片")
    if upload.size > max_mb * 1024 * 1024:
        raise ValidationError(
            _("照片“%(name)s”太大（%(size).1f MB），每张不能超过 %(max)s MB。")
            % {"name": name, "size": upload.size / 1024 / 1024, "max": max_mb}
        )
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt, (width, height) = probe.format, probe.size
            if width * height > settings.PHOTO_MAX_PIXELS:
                raise ValidationError(
                    _(
                        "照片“%(name)s”像素过多（%(w)s×%(h)s，约 %(mp)s 百万像素），"
                        "每张不能超过 %(max)s 百万像素，请用手机正常拍摄的照片。"
                    )
                    % {
                        "name": name,
                        "w": width,
                        "h": height,
                        "mp": _megapixels(width * height),
                        "max": _megapixels(settings.PHOTO_MAX_PIXELS),
                    }
                )
            probe.verify()  # the file's structure and checksums, still without decoding
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        fmt = None
    if fmt not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("“%(name)s”不是可识别的图片，请上传手机拍摄的 JPG、PNG 或 WebP 照片。")
            % {"name": name}
        )
    return data, name, fmt


def _encode(data: bytes, name: str) -> ContentFile:
    """Decode (bounded: JPEG at reduced scale, small before the colour conversion) and
    re-encode without metadata."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            # A JPEG decodes straight at 1/2, 1/4 or 1/8 scale: a fraction of the memory.
            image.draft("RGB", (MAX_SIDE, MAX_SIDE))
            image = ImageOps.exif_transpose(image)
            # Shrink first, then convert: a one-bit or palette image stays small in
            # memory until it is already photo-sized.
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            image = image.convert("RGB")
            out = io.BytesIO()
            # No exif= argument: Pillow writes no metadata of its own.
            image.save(out, "JPEG", quality=82, optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("“%(name)s”不是可识别的图片，请上传手机拍摄的 JPG、PNG 或 WebP 照片。")
            % {"name": name}
        ) from None
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


def clean_photo(upload, *, max_mb: int | None = None) -> ContentFile:
    """A re-encoded JPEG of the uploaded image, or ValidationError in Chinese."""
    data, name, _fmt = _probe(upload, max_mb or settings.PHOTO_MAX_UPLOAD_MB)
    return _encode(data, name)


def clean_photos(uploads, *, max_count: int | None = None) -> list[ContentFile]:
    """Every photo's header is checked (count, size, pixels, type) before any of them is
    decoded, so a request of several bombs is refused as fast as one."""
    max_count = max_count or settings.PHOTO_MAX_COUNT
    uploads = [u for u in uploads if u]
    if len(uploads) > max_count:
        raise ValidationError(_("最多上传 %(n)s 张照片。") % {"n": max_count})
    probed = [_probe(u, settings.PHOTO_MAX_UPLOAD_MB) for u in uploads]
    return [_encode(data, name) for data, name, _fmt in probed]


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


def photo_bytes_response(data: bytes | None) -> HttpResponse:
    """A photo kept in the database (an anonymous one: no file may date it), for a page
    that has already decided the viewer may see it; 404 when it is gone."""
    if not data:
        raise Http404
    response = HttpResponse(data, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response
