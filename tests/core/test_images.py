"""Decompression bombs: an image is judged by its header before anything is decoded."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from tongxin.core.images import clean_photo, clean_photos


def _bomb(side=7681, name="bomb.png") -> SimpleUploadedFile:
    """A one-bit PNG of side² pixels (59 megapixels by default) in a few kilobytes."""
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, "PNG", optimize=True)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


@pytest.fixture
def no_decoding(monkeypatch):
    """Fails the test if any image is decoded."""

    def load(self):
        raise AssertionError("decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)


def test_a_59_megapixel_one_bit_png_is_refused_from_its_header(no_decoding):
    bomb = _bomb()
    assert bomb.size < 50_000
    # Refused from the header: `no_decoding` fails the test if a pixel is decoded (how
    # long it takes, and the memory, are measured in bench/image_bomb.py).
    with pytest.raises(ValidationError) as refused:
        clean_photo(bomb)
    message = refused.value.messages[0]
    assert "bomb.png" in message and "像素过多" in message and "7681×7681" in message
    assert "40 百万像素" in message


def test_six_bombs_in_one_request_are_refused_without_decoding_any(no_decoding):
    with pytest.raises(ValidationError) as refused:
        clean_photos([_bomb(name=f"b{i}.png") for i in range(6)])
    assert "b0.png" in refused.value.messages[0]


def test_a_bomb_after_good_photos_is_refused_before_the_good_ones_are_decoded(no_decoding):
    good = io.BytesIO()
    Image.new("RGB", (64, 64), "red").save(good, "JPEG")
    photo = SimpleUploadedFile("ok.jpg", good.getvalue(), content_type="image/jpeg")
    with pytest.raises(ValidationError) as refused:
        clean_photos([photo, _bomb(name="late.png")])
    assert "late.png" in refused.value.messages[0]


def test_pillow_itself_refuses_far_larger_images_anywhere():
    assert Image.MAX_IMAGE_PIXELS == 40_000_000


def test_an_ordinary_large_photo_is_accepted_and_shrunk():
    out = io.BytesIO()
    Image.new("RGB", (4000, 3000), "gray").save(out, "JPEG")
    content = clean_photo(SimpleUploadedFile("p.jpg", out.getvalue(), content_type="image/jpeg"))
    with Image.open(content) as stored:
        assert max(stored.size) == 1600 and stored.format == "JPEG"
