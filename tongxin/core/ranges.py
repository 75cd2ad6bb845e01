"""Serving a stored file with HTTP range requests (RFC 9110 §14), so that a phone's
video player can seek: Django's FileResponse always sends the whole file."""

from __future__ import annotations

import mimetypes
import re

from django.http import HttpResponse, StreamingHttpResponse

CHUNK = 64 * 1024
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _parse(header: str, size: int) -> tuple[int, int] | None | bool:
    """(first, last) byte of a single range; None without a usable header (send it
    all); False for a range that cannot be satisfied (416)."""
    if not header:
        return None
    match = RANGE.match(header.strip())
    if not match:
        return None  # several ranges or another unit: RFC allows the whole file
    start, end = match.groups()
    if not start and not end:
        return False
    if not start:  # the last N bytes
        length = int(end)
        if length == 0:
            return False
        return max(size - length, 0), size - 1
    first = int(start)
    last = min(int(end), size - 1) if end else size - 1
    if first >= size or last < first:
        return False
    return first, last


def _chunks(handle, first: int, length: int):
    try:
        handle.seek(first)
        while length > 0:
            block = handle.read(min(CHUNK, length))
            if not block:
                break
            length -= len(block)
            yield block
    finally:
        handle.close()


def ranged_file_response(request, field_file, *, content_type: str = "", filename: str = ""):
    """The file of a FileField, whole (200) or the one range asked for (206), or 416."""
    size = field_file.size
    content_type = (
        content_type or mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    )
    wanted = _parse(request.headers.get("Range", ""), size)
    if wanted is False:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return response
    first, last = wanted if wanted else (0, size - 1)
    length = last - first + 1 if size else 0
    handle = field_file.open("rb")
    response = StreamingHttpResponse(
        _chunks(handle, first, length), status=206 if wanted else 200, content_type=content_type
    )
    response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    if wanted:
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
    if filename:
        response["Content-Disposition"] = f"inline; filename*=UTF-8''{filename}"
    return response
