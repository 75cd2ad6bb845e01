"""What a decompression bomb costs the photo check: time and peak memory of refusing
N copies of a 59-megapixel one-bit PNG (a few kilobytes each) in one request.

    python bench/image_bomb.py 1
    python bench/image_bomb.py 6

Before the header check (issue 12) one took 0.9 s and 315 MB of a worker's memory, and
six held it for 5.9 s; refused from the header they cost about a millisecond.
"""

import io
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongxin.settings")

import django  # noqa: E402

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from PIL import Image  # noqa: E402

from tongxin.core.images import clean_photos  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    out = io.BytesIO()
    Image.new("1", (7681, 7681)).save(out, "PNG", optimize=True)
    data = out.getvalue()
    photos = [SimpleUploadedFile(f"b{i}.png", data) for i in range(count)]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        clean_photos(photos)
        message = "accepted (!)"
    except ValidationError as refused:
        message = refused.messages[0]
    took = (time.perf_counter() - started) * 1000
    grew = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    print(f"{count} × {len(data):,} B PNG: {took:.1f} ms, peak RSS +{grew:.1f} MB — {message}")


if __name__ == "__main__":
    main()
