"""Synthetic conveyor-belt frames with known labels, for the tests, the demo and bench/.

No image files are downloaded: every frame is drawn here. The scene is what a fixed
camera above a belt sees, in perspective: rock and steel on both sides, idlers (托辊)
as bright bars beside the belt, the belt itself a textured band narrowing towards the
top of the frame, a stream of coal along its middle. `Scene` holds the labels (the
belt's shift as a share of its width, positive to the right; the share of the pile-up
zone covered by a heap) and the hard cases belt cameras really meet: low and uneven
light, coal dust, water spray, dirty edges, camera shake; and the faults: a black
frame, a covered lens, a frozen picture (the same frame again).

    frame = synth.frame(synth.Scene(shift=0.08, seed=3))   # a BGR uint8 array
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np

# Where the belt lies in a normal frame, as shares of the frame: its centre and its
# width at the bottom (near the camera) and at the top (far away).
CENTRE = 0.5
WIDTH_NEAR = 0.46
WIDTH_FAR = 0.26
# The pile-up zone (the tail's transfer point): x0, y0, x1, y1 as shares of the frame.
ZONE = (0.22, 0.62, 0.78, 0.96)


@dataclass(frozen=True)
class Scene:
    shift: float = 0.0  # the belt's centre offset, share of its width, + to the right
    pile: float = 0.0  # the share of the zone a heap of material covers, 0..1
    width: int = 640
    height: int = 360
    seed: int = 0
    light: float = 1.0  # overall gain: 0.35 is a dim roadway
    uneven: float = 0.0  # 0..1: a lamp on one side, darkness on the other
    dust: float = 0.0  # 0..1: a haze and floating particles
    spray: float = 0.0  # 0..1: streaks and drops of water spray
    dirty_edges: float = 0.0  # 0..1: coal smeared over the belt's edges
    shake: float = 0.0  # pixels of camera shake (at 640 wide)
    shadow: float = 0.0  # 0..1: a passing shadow across part of the frame
    fault: str = ""  # "black", "covered" (a lens covered by mud or a cloth)


def belt_edges(scene: Scene, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The belt's left and right edge (in pixels) at rows `y`, with its shift."""
    t = y / (scene.height - 1)  # 0 at the top (far), 1 at the bottom (near)
    half = (WIDTH_FAR + (WIDTH_NEAR - WIDTH_FAR) * t) * scene.width / 2
    centre = CENTRE * scene.width + scene.shift * 2 * half
    return centre - half, centre + half


def frame(scene: Scene) -> np.ndarray:
    """One BGR frame of the scene."""
    rng = np.random.default_rng(scene.seed)
    h, w = scene.height, scene.width
    if scene.fault == "black":
        # A camera down or a dead lamp: black with a little sensor noise.
        return np.clip(rng.normal(3, 2, (h, w, 3)), 0, 255).astype(np.uint8)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    # Surroundings: dark rock with coarse texture and the steel frame's stringers.
    rock = cv2.GaussianBlur(
        rng.normal(0, 1, (h // 8 + 1, w // 8 + 1)).astype(np.float32), (3, 3), 0
    )
    rock = cv2.resize(rock, (w, h), interpolation=cv2.INTER_CUBIC)
    img = 55 + 14 * rock + rng.normal(0, 4, (h, w)).astype(np.float32)
    left, right = belt_edges(scene, yy[:, 0])
    half = (right - left) / 2
    # Idlers beside the belt: bright bars every so often, farther apart near the camera.
    phase = np.sqrt(yy / h) * 14
    idler = (np.abs(phase - np.round(phase)) < 0.06).astype(np.float32)
    beside = ((xx > left[:, None] - half[:, None] * 0.35) & (xx < left[:, None])) | (
        (xx > right[:, None]) & (xx < right[:, None] + half[:, None] * 0.35)
    )
    img += 60 * idler * beside
    # The belt: grey rubber with fine texture, lighter than its surroundings.
    on_belt = (xx >= left[:, None]) & (xx <= right[:, None])
    rubber = 118 + rng.normal(0, 7, (h, w)).astype(np.float32)
    # The coal it carries: a darker lumpy stream along the middle.
    rel = (xx - (left + right)[:, None] / 2) / half[:, None]
    lumps = cv2.GaussianBlur(rng.normal(0, 1, (h, w)).astype(np.float32), (5, 5), 0)
    coal = np.exp(-((rel / 0.45) ** 2)) * (28 + 25 * lumps)
    img = np.where(on_belt, rubber - coal, img)
    if scene.dirty_edges:
        # Coal smeared along both edges, in patches: the edge itself stays, fainter.
        band = on_belt & (np.abs(rel) > 1 - 0.18 * scene.dirty_edges)
        smear = cv2.resize(rng.uniform(0, 1, (h // 12 + 1, 4)).astype(np.float32), (w, h)) > 0.4
        img = np.where(band & smear, img - 45 * scene.dirty_edges, img)
    if scene.pile:
        img = _heap(img, scene, rng, xx, yy)
    if scene.shadow:
        # A person or a cart passing: a soft dark band across a third of the frame.
        x0 = rng.uniform(0, w * 0.6)
        band = np.clip(1 - np.abs(xx - x0 - w * 0.15) / (w * 0.2), 0, 1)
        img *= 1 - 0.5 * scene.shadow * band
    # Light: overall gain, a lamp on one side.
    gain = scene.light * (1 - scene.uneven * 0.7 * (xx / w))
    img = img * gain
    if scene.dust:
        haze = cv2.GaussianBlur(
            rng.uniform(0, 1, (h // 16 + 1, w // 16 + 1)).astype(np.float32), (3, 3), 0
        )
        haze = cv2.resize(haze, (w, h))
        # Mostly an even veil that flattens the contrast, a little thicker in places.
        img = img * (1 - 0.45 * scene.dust) + 70 * scene.dust * (0.7 + 0.3 * haze)
        specks = rng.uniform(0, 1, (h, w)) < 0.004 * scene.dust
        img[specks] += 70
    if scene.spray:
        for _ in range(int(30 * scene.spray)):
            x, y = rng.uniform(0, w), rng.uniform(0, h)
            length = rng.uniform(10, 40)
            cv2.line(img, (int(x), int(y)), (int(x + length * 0.3), int(y + length)), 200, 1)
        img = cv2.GaussianBlur(img, (3, 3), 0) * (1 - 0.1 * scene.spray) + 20 * scene.spray
    img += rng.normal(0, 3 + 5 * (1 - min(scene.light, 1)), (h, w)).astype(np.float32)
    if scene.fault == "covered":
        # Mud or a cloth on the lens: a blurred, nearly even field.
        img = cv2.GaussianBlur(img, (0, 0), 40) * 0.4 + 25
    if scene.shake:
        dx, dy = rng.uniform(-1, 1, 2) * scene.shake * w / 640
        matrix = np.float32([[1, 0, dx], [0, 1, dy]])
        img = cv2.warpAffine(img, matrix, (w, h), borderMode=cv2.BORDER_REFLECT)
    grey = np.clip(img, 0, 255).astype(np.uint8)
    # A colour camera in a coal mine sees nearly grey: a slight warm cast.
    return cv2.merge(
        [grey, (grey * 0.98).astype(np.uint8), (grey * 0.96 + 4).clip(0, 255).astype(np.uint8)]
    )


def _heap(img, scene: Scene, rng, xx, yy):
    """Material piled at the tail: a dark lumpy heap spreading over the zone, beyond the
    belt's edges, covering about `scene.pile` of the zone from its bottom edge up."""
    h, w = scene.height, scene.width
    x0, y0, x1, y1 = (ZONE[0] * w, ZONE[1] * h, ZONE[2] * w, ZONE[3] * h)
    # A heap grows from the middle of the zone's bottom: an ellipse of the right area.
    area = scene.pile * (x1 - x0) * (y1 - y0)
    aspect = (x1 - x0) / (y1 - y0)
    ry = min(np.sqrt(area / (np.pi / 2 * aspect)), (y1 - y0) * 1.0)
    rx = area / (np.pi / 2 * ry) if ry else 0
    cx = (x0 + x1) / 2 + rng.uniform(-0.05, 0.05) * (x1 - x0)
    inside = ((xx - cx) / max(rx, 1)) ** 2 + ((yy - y1) / max(ry, 1)) ** 2 <= 1
    if rx > (x1 - x0) / 2:
        # Wider than the zone: fill it across, up to the height that gives the area.
        top = y1 - min(area / (x1 - x0), y1 - y0)
        inside = (xx >= x0) & (xx <= x1) & (yy >= top) & (yy <= y1)
    inside &= (xx >= x0) & (xx <= x1) & (yy >= y0) & (yy <= y1)
    lumps = cv2.GaussianBlur(rng.normal(0, 1, img.shape).astype(np.float32), (7, 7), 0)
    heap = 30 + 40 * lumps + 25 * (rng.uniform(0, 1, img.shape) < 0.05)
    return np.where(inside, heap, img)


def zone_covered(scene: Scene) -> float:
    """The share of the zone the heap actually covers (the label the accuracy checks use)."""
    if not scene.pile:
        return 0.0
    h, w = scene.height, scene.width
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    rng = np.random.default_rng(scene.seed)
    marker = _heap(np.full((h, w), 255, np.float32), replace(scene), rng, xx, yy) < 255
    x0, y0, x1, y1 = (int(ZONE[0] * w), int(ZONE[1] * h), int(ZONE[2] * w), int(ZONE[3] * h))
    return float(marker[y0:y1, x0:x1].mean())


def frozen_run(scene: Scene, count: int = 4) -> list[np.ndarray]:
    """A frozen camera: the same picture `count` times."""
    picture = frame(scene)
    return [picture.copy() for _ in range(count)]


def encode(image: np.ndarray, ext: str = ".jpg") -> bytes:
    ok, data = cv2.imencode(ext, image, [cv2.IMWRITE_JPEG_QUALITY, 85] if ext == ".jpg" else [])
    assert ok
    return data.tobytes()


def video(path: str, scenes: list[Scene], fps: int = 5) -> str:
    """A short video file of the scenes, one frame each (for the snapshot consumer)."""
    first = scenes[0]
    writer = cv2.VideoWriter(
        path, cv2.VideoWriter_fourcc(*"MJPG"), fps, (first.width, first.height)
    )
    for scene in scenes:
        writer.write(frame(scene))
    writer.release()
    return path


def labelled_set(count: int = 200, seed: int = 0, width: int = 640, height: int = 360):
    """A labelled set of scenes mixing the hard cases: for bench/patrol_accuracy.py."""
    rng = np.random.default_rng(seed)
    scenes = []
    for i in range(count):
        kind = i % 4
        shift = 0.0
        pile = 0.0
        if kind == 1:
            shift = float(rng.choice([-1, 1]) * rng.uniform(0.0, 0.2))
        elif kind == 2:
            pile = float(rng.uniform(0.0, 0.9))
        scenes.append(
            Scene(
                shift=shift,
                pile=pile,
                width=width,
                height=height,
                seed=seed * 10_000 + i,
                light=float(rng.uniform(0.35, 1.1)),
                uneven=float(rng.uniform(0, 0.8)),
                dust=float(rng.uniform(0, 0.7)),
                spray=float(rng.uniform(0, 0.6)) if rng.uniform() < 0.3 else 0.0,
                dirty_edges=float(rng.uniform(0, 0.8)),
                shake=float(rng.uniform(0, 3)),
                shadow=float(rng.uniform(0, 0.8)) if rng.uniform() < 0.3 else 0.0,
            )
        )
    return scenes
