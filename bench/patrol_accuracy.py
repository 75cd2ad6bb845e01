"""Alarm precision and recall of the video patrol's vision on the synthetic set, at the
default thresholds (deviation 5 % / 10 % of the width, pile-up 30 % / 60 %).

    python bench/patrol_accuracy.py [--count 400] [--seed 1]

The set (tongxin/patrol/synth.labelled_set) mixes low and uneven light, dust, spray,
dirty edges, shake and passing shadows over normal belts, shifted belts and heaps in
the zone. Per frame and per kind: an alarm is a frame measured at or above the alarm
threshold; it is right when the label is too. Levels (normal / warning / alarm) right
are counted over every frame; faults on frames that could be judged are counted too.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongxin.settings")

import django  # noqa: E402

django.setup()

from tongxin.patrol import synth  # noqa: E402
from tongxin.patrol.vision import analyse, calibrate, level_of  # noqa: E402

THRESHOLDS = {"deviation": (0.05, 0.10), "pileup": (0.30, 0.60)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    calibration = calibrate(synth.frame(synth.Scene(seed=999)))
    tally = {k: {"tp": 0, "fp": 0, "fn": 0, "levels": 0} for k in THRESHOLDS}
    faults = 0
    scenes = synth.labelled_set(args.count, seed=args.seed)
    for scene in scenes:
        result = analyse(synth.frame(scene), calibration)
        faults += bool(result.fault)
        truth = {"deviation": scene.shift, "pileup": synth.zone_covered(scene)}
        measured = {"deviation": result.offset_ratio, "pileup": result.pileup_ratio}
        for kind, (warning, alarm) in THRESHOLDS.items():
            want = level_of(truth[kind], warning, alarm)
            got = level_of(measured[kind], warning, alarm)
            t = tally[kind]
            t["levels"] += want == got
            if got == "alarm" and want == "alarm":
                t["tp"] += 1
            elif got == "alarm":
                t["fp"] += 1
            elif want == "alarm":
                t["fn"] += 1
    print(f"{len(scenes)} frames (seed {args.seed}), faults on judgeable frames: {faults}")
    for kind, t in tally.items():
        precision = t["tp"] / max(t["tp"] + t["fp"], 1)
        recall = t["tp"] / max(t["tp"] + t["fn"], 1)
        print(
            f"{kind:9}  alarm precision {precision:6.1%}  recall {recall:6.1%}  "
            f"levels right {t['levels'] / len(scenes):6.1%}  "
            f"(tp {t['tp']} fp {t['fp']} fn {t['fn']})"
        )


if __name__ == "__main__":
    main()
