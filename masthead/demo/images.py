"""Pictures for the demo, drawn here so nothing is fetched: skies, fields and city blocks."""

import io
import random

from PIL import Image, ImageDraw, ImageFilter


def _mix(a, b, t):
    return tuple(int(a[i] + (b[i] - a[i]) * t) for i in range(3))


def _hex(colour):
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def draw_scene(seed, brand_colour, size=(1600, 900)):
    rng = random.Random(seed)
    width, height = size
    sky_top = _mix(_hex(brand_colour), (250, 250, 255), rng.uniform(0.35, 0.7))
    sky_bottom = (rng.randint(230, 255), rng.randint(200, 240), rng.randint(170, 220))
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=_mix(sky_top, sky_bottom, y / height))
    sun_x, sun_y = rng.randint(200, width - 200), rng.randint(120, height // 2)
    draw.ellipse([sun_x - 80, sun_y - 80, sun_x + 80, sun_y + 80], fill=(255, 236, 190))
    kind = seed % 3
    horizon = int(height * rng.uniform(0.55, 0.7))
    if kind == 0:  # rolling hills
        for layer in range(4):
            base = horizon + layer * 60
            colour = _mix((70, 110, 70), (30, 60, 40), layer / 4)
            points = [(0, height)]
            for x in range(0, width + 80, 80):
                points.append((x, base + int(40 * rng.uniform(-1, 1))))
            points.append((width, height))
            draw.polygon(points, fill=colour)
    elif kind == 1:  # city blocks
        x = 0
        while x < width:
            w, h = rng.randint(60, 160), rng.randint(120, 420)
            shade = rng.randint(40, 90)
            draw.rectangle([x, horizon - h, x + w, height], fill=(shade, shade + 5, shade + 15))
            for wy in range(horizon - h + 20, height - 20, 36):
                for wx in range(x + 12, x + w - 16, 28):
                    if rng.random() < 0.45:
                        draw.rectangle([wx, wy, wx + 12, wy + 18], fill=(250, 220, 140))
            x += w + rng.randint(4, 20)
    else:  # sea and shoreline
        draw.rectangle([0, horizon, width, height], fill=(40, 90, 130))
        for y in range(horizon + 10, height, 18):
            draw.line([(0, y), (width, y + rng.randint(-4, 4))], fill=(90, 140, 175), width=2)
        draw.polygon([(0, height), (0, horizon + 140), (width // 3, height)], fill=(215, 195, 150))
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82)
    return buffer.getvalue()
