#!/usr/bin/env python3
# Makes the assets of demo/stay.html (committed; run again only to change them):
# the hero photo (a generated, photographic-like dusk skyline over a river, WebP
# 1280, 828 and 640 wide plus a JPEG fallback) and the web fonts (DejaVu, Bitstream
# Vera licence: see demo/fonts/LICENSE-DejaVu.txt; subset to Latin, WOFF2).
# Needs Pillow, numpy and fontTools with brotli (Debian: python3-pil python3-numpy
# python3-fonttools python3-brotli) and fonts-dejavu-core.
#   python3 scripts/stay-assets.py
import os
import subprocess
import sys

import numpy as np
from PIL import Image, ImageFilter

DEMO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "demo")
FONTS = "/usr/share/fonts/truetype/dejavu"
UNICODES = "U+0020-007E,U+00A0,U+00B7,U+00D7,U+00E9,U+2013,U+2014,U+2019,U+201C,U+201D,U+2022,U+2026,U+20AC,U+2605,U+2190-2192"

for name in ["DejaVuSerif-Bold", "DejaVuSans", "DejaVuSans-Bold"]:
    subprocess.run([sys.executable, "-m", "fontTools.subset", f"{FONTS}/{name}.ttf", f"--unicodes={UNICODES}",
                    "--layout-features=kern,liga", "--flavor=woff2", "--name-IDs=0,1,2,3,4,5,6,13,14",
                    f"--output-file={DEMO}/fonts/{name}.woff2"], check=True)

rng = np.random.default_rng(16)
W, H = 1280, 720
y = np.linspace(0, 1, H)[:, None]; x = np.linspace(0, 1, W)[None, :]

def fractal(w, h, octaves=6, seed=0):
    r = np.random.default_rng(seed); out = np.zeros((h, w))
    for o in range(octaves):
        s = 2 ** (o + 2)
        small = r.random((max(2, h * s // w + 2), s + 2))
        img = Image.fromarray((small * 255).astype(np.uint8)).resize((w, h), Image.BICUBIC)
        out += np.asarray(img, float) / 255 / (1.6 ** o)
    return out / out.max()

horizon = 0.58
# sky: deep blue top -> violet -> orange near the horizon, warm glow around the sun
sun = (0.68, 0.50)
t = np.clip(y / horizon, 0, 1)
top = np.array([28, 38, 92]); mid = np.array([128, 76, 140]); low = np.array([246, 150, 72])
sky = np.where(t[..., None] < 0.55, top + (mid - top) * (t[..., None] / 0.55), mid + (low - mid) * ((t[..., None] - 0.55) / 0.45))
sky = np.broadcast_to(sky, (H, W, 3)).copy()
d = np.sqrt(((x - sun[0]) * 1.8) ** 2 + ((y - sun[1])) ** 2)
sky += (np.exp(-d * 9) * 170)[..., None] * np.array([1.0, 0.75, 0.35])
sky += (np.exp(-d * 60) * 255)[..., None] * np.array([1.0, 0.95, 0.8])
clouds = fractal(W, H, 7, 1)
band = np.exp(-((y - 0.3) / 0.12) ** 2) + 0.6 * np.exp(-((y - 0.45) / 0.05) ** 2)
cmask = np.clip((clouds - 0.45) * 3, 0, 1) * band
sky = sky * (1 - 0.55 * cmask[..., None]) + cmask[..., None] * np.array([255, 170, 130]) * 0.45
img = sky
# skyline: towers of random heights with lit windows
sk = np.zeros((H, W)); lights = np.zeros((H, W))
px = 0
while px < W:
    bw = int(rng.integers(18, 70)); bh = rng.uniform(0.06, 0.34) * (1.2 if abs(px / W - 0.3) < 0.12 else 1.0)
    top_y = int((horizon - bh) * H)
    sk[top_y:int(horizon * H), px:px + bw] = 1
    if rng.random() < 0.25:  # spire
        cx = px + bw // 2; sk[top_y - int(rng.integers(10, 40)):top_y, cx - 1:cx + 2] = 1
    for wy in range(top_y + 6, int(horizon * H) - 4, 7):
        for wx in range(px + 4, px + bw - 4, 6):
            if rng.random() < 0.35: lights[wy:wy + 3, wx:wx + 3] = rng.uniform(0.5, 1)
    px += bw + int(rng.integers(0, 6))
grain = fractal(W, H, 6, 2)
building = np.array([34, 26, 48]) + (grain[..., None] * 25)
img = img * (1 - sk[..., None]) + building * sk[..., None]
img += (lights * sk)[..., None] * np.array([255, 210, 120])
# river: mirrored sky and skyline, darkened, broken by ripples
hy = int(horizon * H)
ripple = fractal(W, H, 6, 3)
for row in range(hy, H):
    k = row - hy
    off = (np.sin(np.arange(W) / 7 + k * 0.9) * (1 + k * 0.04) + (ripple[row] - 0.5) * 12).astype(int)
    src = np.clip(hy - 1 - int(k * 0.9), 0, hy - 1)
    idx = np.clip(np.arange(W) + off, 0, W - 1)
    img[row] = img[src, idx] * (0.55 - 0.25 * k / (H - hy)) + np.array([10, 20, 40]) * 0.4
# a terrace railing and a lounge chair in the foreground
fg = np.zeros((H, W))
fg[int(0.86 * H):int(0.875 * H), :] = 1
for px in range(0, W, 46): fg[int(0.86 * H):, px:px + 6] = 1
fg[int(0.93 * H):, :] = 1
img = img * (1 - fg[..., None]) + np.array([22, 16, 14])[None, None] * fg[..., None] + (grain[..., None] * 18) * fg[..., None]
img += rng.normal(0, 5, img.shape)  # film grain
out = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6))
out.save(f"{DEMO}/stay-hero.webp", "WEBP", quality=80, method=6)
out.save(f"{DEMO}/stay-hero.jpg", "JPEG", quality=78, optimize=True, progressive=True)
out.resize((828, 466), Image.LANCZOS).save(f"{DEMO}/stay-hero-828.webp", "WEBP", quality=80, method=6)
out.resize((640, 360), Image.LANCZOS).save(f"{DEMO}/stay-hero-640.webp", "WEBP", quality=80, method=6)
