"""The vision on the synthetic belt (tongxin/patrol/synth.py): levels right on the
labelled set, the hard cases quiet, the faults reported as faults."""

import numpy as np
import pytest

from tongxin.patrol import synth
from tongxin.patrol.vision import BadImage, analyse, calibrate, decode, level_of, overlay
from tongxin.patrol.vision.image import same_picture


@pytest.fixture(scope="module")
def calibration():
    return calibrate(synth.frame(synth.Scene(seed=999)))


def test_calibration_finds_the_belt_edges(calibration):
    rows = np.array(calibration.roi) * 359
    left, right = synth.belt_edges(synth.Scene(), rows)
    assert np.allclose(calibration.left, left / 639, atol=0.01)
    assert np.allclose(calibration.right, right / 639, atol=0.01)
    assert calibration.polarity == 1 and calibration.grid


def test_levels_on_the_labelled_set(calibration):
    scenes = synth.labelled_set(80, seed=7)
    right = 0
    for scene in scenes:
        result = analyse(synth.frame(scene), calibration)
        assert not result.fault
        deviation = level_of(result.offset_ratio, 0.05, 0.10) == level_of(scene.shift, 0.05, 0.10)
        covered = synth.zone_covered(scene)
        pileup = level_of(result.pileup_ratio, 0.3, 0.6) == level_of(covered, 0.3, 0.6)
        right += deviation and pileup
    assert right / len(scenes) >= 0.9


@pytest.mark.parametrize("shift", [-0.2, -0.15, -0.07, 0.0, 0.07, 0.15, 0.2])
def test_deviation_is_signed_and_measured(calibration, shift):
    result = analyse(synth.frame(synth.Scene(shift=shift, seed=3)), calibration)
    assert result.offset_ratio == pytest.approx(shift, abs=0.02)
    assert result.pileup_ratio < 0.1  # a belt run off to one side is no heap


def test_dust_shadow_and_spray_on_a_normal_belt_raise_nothing(calibration):
    for seed in range(12):
        scene = synth.Scene(
            seed=seed, dust=0.6, shadow=0.7, spray=0.5, light=0.5, uneven=0.6, shake=2,
            dirty_edges=0.7,
        )  # fmt: skip
        result = analyse(synth.frame(scene), calibration)
        assert level_of(result.offset_ratio, 0.05, 0.10) == "normal"
        assert level_of(result.pileup_ratio, 0.3, 0.6) != "alarm"


@pytest.mark.parametrize("fault", ["black", "covered"])
def test_a_view_that_cannot_be_judged_is_a_fault(calibration, fault):
    result = analyse(synth.frame(synth.Scene(fault=fault, seed=4)), calibration)
    assert result.fault == fault and result.offset_ratio is None


def test_a_frame_without_a_belt_is_a_fault_not_a_deviation(calibration):
    blank = np.random.default_rng(1).normal(60, 20, (360, 640, 3)).clip(0, 255).astype(np.uint8)
    result = analyse(blank, calibration)
    assert result.fault == "edges" and result.offset_ratio is None


def test_a_frame_of_another_size_is_refused(calibration):
    result = analyse(synth.frame(synth.Scene(width=320, height=180)), calibration)
    assert result.fault == "size"


def test_frozen_frames_have_the_same_signature(calibration):
    a, b = synth.frozen_run(synth.Scene(seed=2), 2)
    c = synth.frame(synth.Scene(seed=3))
    sa, sb, sc = (analyse(f, calibration).signature for f in (a, b, c))
    assert same_picture(sa, sb) and not same_picture(sa, sc)


@pytest.mark.parametrize(
    "data", [b"", b"not an image at all", b"\xff\xd8\xff\xe0" + b"\0" * 40, b"GIF89a...."]
)
def test_bad_uploads_are_refused_with_a_message(data):
    with pytest.raises(BadImage) as caught:
        decode(data)
    assert str(caught.value)


def test_the_overlay_is_a_jpeg(calibration):
    image = synth.frame(synth.Scene(shift=0.12, pile=0.5))
    jpeg = overlay(image, calibration, analyse(image, calibration))
    assert decode(jpeg).shape == image.shape


def test_a_decompression_bomb_is_refused_before_decoding():
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (20000, 20000)).save(out, "PNG")  # 400 MB of pixels in 0.4 MB
    with pytest.raises(BadImage) as caught:
        decode(out.getvalue())
    assert "4096" in str(caught.value)
