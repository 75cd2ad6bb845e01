"""Frames analysed per second per core by the video patrol's vision, at 1280×720.

    python bench/patrol_fps.py [--frames 300] [--width 1280 --height 720]

One thread (OpenCV and BLAS told to use one core), the analysis only (tongxin/patrol/
vision.analyse on an already decoded frame), and separately decode + analyse (what the
frames API does per upload). Frames are the synthetic generator's (tongxin/patrol/synth)
with the hard cases mixed in; CPU time (time.process_time), not wall time, so another
job on the machine does not slow the figure.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(name, "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongxin.settings")

import django  # noqa: E402

django.setup()

import cv2  # noqa: E402

from tongxin.patrol import synth  # noqa: E402
from tongxin.patrol.vision import analyse, calibrate, decode  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--frames", type=int, default=300)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=720)
    args = parser.parse_args()
    cv2.setNumThreads(1)
    size = {"width": args.width, "height": args.height}
    calibration = calibrate(synth.frame(synth.Scene(seed=999, **size)))
    scenes = synth.labelled_set(40, seed=3, **size)
    images = [synth.frame(s) for s in scenes]
    jpegs = [synth.encode(i) for i in images]
    for image in images[:5]:  # warm-up
        analyse(image, calibration)
    start = time.process_time()
    for k in range(args.frames):
        analyse(images[k % len(images)], calibration)
    analysis = time.process_time() - start
    start = time.process_time()
    for k in range(args.frames):
        analyse(decode(jpegs[k % len(jpegs)]), calibration)
    with_decode = time.process_time() - start
    print(f"{args.width}×{args.height}, {args.frames} frames, one core")
    print(f"analysis:          {args.frames / analysis:7.1f} frames/s per core")
    print(f"decode + analysis: {args.frames / with_decode:7.1f} frames/s per core")


if __name__ == "__main__":
    main()
