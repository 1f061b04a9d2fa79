#!/usr/bin/env python3
"""Synthetic hospital scenes with fictional patient details and ordinary signage, with exact truth.

Run as a script to rewrite the bundled samples (ward.jpg, ward_clip.mp4, text_truth.json), or
import it: ``make_scene(seed)`` gives an RGB image and its text items, ``make_video(...)`` writes
an H.264 clip of a camera moving over a larger scene and gives the items of every frame.
Every item box is measured from the rendered glyph coverage (see TEXT_SAMPLES.md).
All people, numbers and addresses are made up.
"""

from __future__ import annotations

import argparse
import functools
import json
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

SEED = 1
MASK_THRESHOLD = 48  # a pixel belongs to an item when its ink coverage is >= 48/255
FONT_FILES = {"sans": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf", "serif": "DejaVuSerif.ttf",
              "serifb": "DejaVuSerif-Bold.ttf", "mono": "DejaVuSansMono.ttf"}

FIRST_M = ["John", "Peter", "David", "James", "Michael", "Paul", "Andrew", "Thomas", "Daniel",
           "Mark", "Robert", "Ian", "Imran", "Tom", "George", "Samuel", "Kevin", "Ravi"]
FIRST_F = ["Mary", "Sarah", "Susan", "Emma", "Helen", "Karen", "Claire", "Laura", "Amy",
           "Rachel", "Joanne", "Priya", "Fatima", "Chloe", "Megan", "Anne", "Lucy", "Grace"]
SURNAMES = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
            "Patel", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts",
            "Green", "Hall", "Wood", "Khan", "Clarke", "Jackson", "Hughes", "Turner", "Shaw"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
# town, postcode areas/districts, Ofcom drama-range phone prefix (followed by 3 digits)
CITIES = [("Leeds", "LS", range(1, 29), "0113 496 0"), ("Sheffield", "S", range(1, 36), "0114 496 0"),
          ("Nottingham", "NG", range(1, 26), "0115 496 0"), ("Leicester", "LE", range(1, 19), "0116 496 0"),
          ("Bristol", "BS", range(1, 41), "0117 496 0"), ("Reading", "RG", range(1, 31), "0118 496 0"),
          ("Birmingham", "B", range(1, 99), "0121 496 0"), ("Edinburgh", "EH", range(1, 55), "0131 496 0"),
          ("Glasgow", "G", range(1, 84), "0141 496 0"), ("Liverpool", "L", range(1, 38), "0151 496 0"),
          ("Manchester", "M", range(1, 46), "0161 496 0"),
          ("London", "", ["EC1A", "W1T", "SW1P", "WC1N", "E14", "N7", "SE1", "NW3"], "020 7946 0")]
INWARD = "ABDEFGHJLNPQRSTUWXYZ"  # letters used in the inward code
STREETS = ["Acacia Avenue", "Station Road", "Church Lane", "Park Road", "Victoria Street",
           "Mill Lane", "Elm Grove", "Queens Road", "Orchard Close", "Manor Way", "Beech Drive"]
ROLES = ["Staff Nurse", "Healthcare Assistant", "Ward Sister", "Consultant", "Physiotherapist",
         "Junior Doctor", "Pharmacist", "Student Nurse", "Ward Clerk", "Occupational Therapist"]
TRUSTS = ["Northbridge Hospitals NHS Trust", "Westmoor General Hospital", "St Aldric's Infirmary"]
SIGNS = ["Radiology", "Fire exit", "Exit", "Pharmacy", "Outpatients", "Cardiology", "Toilets",
         "Visiting hours 2pm - 8pm", "Hand hygiene|Please wash your hands", "WARD", "Maternity",
         "X-ray", "Main entrance", "Day Surgery", "Lifts", "Restaurant"]
HOSP_PREFIX = ["RTH", "RXK", "RQW", "RVB"]


# ----------------------------------------------------------------------- fictional identifiers
def pick(rng, seq):
    return seq[int(rng.integers(len(seq)))]


def nhs_check_digit(first9: str) -> int:
    """Modulus 11 with weights 10..2; returns 10 when the number would be invalid."""
    c = 11 - sum(w * int(d) for w, d in zip(range(10, 1, -1), first9)) % 11
    return 0 if c == 11 else c


def nhs_valid(s: str) -> bool:
    d = s.replace(" ", "")
    return len(d) == 10 and d.isdigit() and nhs_check_digit(d[:9]) == int(d[9])


def nhs_number(rng) -> str:
    """From the 999 test range, with a valid check digit."""
    while True:
        d = "999" + "".join(str(int(v)) for v in rng.integers(0, 10, 6))
        c = nhs_check_digit(d)
        if c != 10:
            d += str(c)
            return f"{d[:3]} {d[3:6]} {d[6:]}"


def dob(rng, style: int) -> str:
    y, m, d = int(rng.integers(1932, 2006)), int(rng.integers(1, 13)), int(rng.integers(1, 29))
    return [f"{d:02d}/{m:02d}/{y}", f"{d:02d}.{m:02d}.{y}", f"{d} {MONTHS[m - 1]} {y}",
            f"{y}-{m:02d}-{d:02d}"][style % 4]


def hospital_number(rng) -> str:
    return pick(rng, HOSP_PREFIX) + "".join(str(int(v)) for v in rng.integers(0, 10, 7))


def person(rng, used: set) -> dict:
    while True:
        female = bool(rng.integers(2))
        first, last = pick(rng, FIRST_F if female else FIRST_M), pick(rng, SURNAMES)
        if (first, last) not in used and last not in {u[1] for u in used}:
            used.add((first, last))
            title = pick(rng, ["Mrs", "Ms", "Miss"]) if female else "Mr"
            return {"first": first, "last": last, "title": title}


def address(rng, who: dict) -> dict:
    town, area, districts, phone = pick(rng, CITIES)
    outward = f"{area}{pick(rng, list(districts))}"
    inward = f"{int(rng.integers(10))}{pick(rng, INWARD)}{pick(rng, INWARD)}"
    mobile = bool(rng.integers(2))
    tel = f"07700 900{int(rng.integers(1000)):03d}" if mobile else f"{phone}{int(rng.integers(1000)):03d}"
    mail = f"{who['first']}.{who['last']}{pick(rng, ['', '', '71', '1960'])}".lower()
    return {"street": f"{int(rng.integers(1, 120))} {pick(rng, STREETS)}", "town": town,
            "postcode": f"{outward} {inward}", "phone": tel,
            "email": f"{mail}@{pick(rng, ['example.com', 'example.org', 'example.net'])}"}


# ------------------------------------------------------------------------------- drawing cards
@functools.lru_cache(maxsize=None)
def font(style: str, size: int) -> ImageFont.FreeTypeFont:
    """DejaVu from matplotlib's bundled fonts (same files everywhere), else the system copy."""
    dirs = [Path("/usr/share/fonts/truetype/dejavu")]
    try:
        import matplotlib

        dirs.insert(0, Path(matplotlib.get_data_path()) / "fonts" / "ttf")
    except ImportError:
        pass
    for d in dirs:
        if (d / FONT_FILES[style]).exists():
            return ImageFont.truetype(str(d / FONT_FILES[style]), int(size))
    raise FileNotFoundError(f"{FONT_FILES[style]} not found in {dirs}")


def fsize(rng, lo, hi, scale=1.0) -> int:
    return int(np.clip(round(int(rng.integers(lo, hi + 1)) * scale), 14, 48))


class Panel:
    """An RGBA card. Listed text is also drawn into its own coverage mask, so boxes are measured."""

    def __init__(self, w, h, bg, radius=6, outline=None, width=2):
        self.bg = bg
        self.img = Image.new("RGBA", (int(w), int(h)), (0, 0, 0, 0))
        self.draw = ImageDraw.Draw(self.img)
        self.draw.rounded_rectangle((0, 0, w - 1, h - 1), radius, fill=bg, outline=outline, width=width)
        self.items: list[tuple[dict, Image.Image]] = []
        self.angle = 0.0

    def _mask(self, kind, entity, text):
        m = Image.new("L", self.img.size, 0)
        self.items.append(({"text": text, "kind": kind, "entity": entity}, m))
        return ImageDraw.Draw(m)

    def line(self, x, y, parts, size, fill, style="sans"):
        """Draw parts left to right on baseline y; a part is a label str or (text, kind, entity)."""
        f = font(style, size)
        for part in parts:
            text = part if isinstance(part, str) else part[0]
            self.draw.text((x, y), text, font=f, fill=fill, anchor="ls")
            if not isinstance(part, str):
                self._mask(part[1], part[2], text).text((x, y), text, font=f, fill=255, anchor="ls")
            x += self.draw.textlength(text, font=f)
        return x

    def modules(self, bits, x, y, cell, text, fill=(0, 0, 0)):
        """A QR code or barcode: bits[r][c] == 1 is a dark module of cell x cell pixels."""
        m = self._mask("pii", "code", text)
        for r, c in zip(*np.nonzero(bits)):
            rect = (x + c * cell, y + r * cell, x + (c + 1) * cell - 1, y + (r + 1) * cell - 1)
            self.draw.rectangle(rect, fill=fill)
            m.rectangle(rect, fill=255)

    def rotate(self, angle):
        """Rotate about the centre (counter-clockwise degrees), the masks with it."""
        if abs(angle) < 0.05:
            return self
        rgb = self.img.convert("RGB").rotate(angle, Image.BICUBIC, expand=True, fillcolor=self.bg[:3])
        alpha = self.img.getchannel("A").rotate(angle, Image.BICUBIC, expand=True)
        self.img = Image.merge("RGBA", (*rgb.split(), alpha))
        self.items = [(it, m.rotate(angle, Image.BILINEAR, expand=True)) for it, m in self.items]
        self.angle = float(angle)
        return self


def tw(text, size, style="sans"):
    return font(style, size).getlength(text)


def qr_bits(payload: str) -> np.ndarray:
    q = cv2.QRCodeEncoder.create().encode(payload)
    ys, xs = np.nonzero(q < 128)
    return (q[ys.min(): ys.max() + 1, xs.min(): xs.max() + 1] < 128).astype(np.uint8)


def ean13_bits(digits12: str, height: int) -> tuple[np.ndarray, str]:
    L = ["0001101", "0011001", "0010011", "0111101", "0100011", "0110001", "0101111", "0111011",
         "0110111", "0001011"]
    parity = ["LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLL", "LGLGLG",
              "LGLGGL", "LGGLGL"]
    s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(digits12))
    code = digits12 + str((10 - s % 10) % 10)
    r = ["".join("1" if b == "0" else "0" for b in p) for p in L]
    bars = "101"
    for d, p in zip(code[1:7], parity[int(code[0])]):
        bars += L[int(d)] if p == "L" else r[int(d)][::-1]
    bars += "01010" + "".join(r[int(d)] for d in code[7:]) + "101"
    return np.tile(np.array([int(b) for b in bars], np.uint8), (height, 1)), code


# ----------------------------------------------------------------------------------- the cards
def board(rng, patients, scale):
    """Ward whiteboard (marker on white) or patient-list monitor (light on dark)."""
    monitor = bool(rng.integers(2))
    size, head = fsize(rng, 16, 26, scale), fsize(rng, 26, 40, scale)
    style = "mono" if monitor else pick(rng, ["sans", "bold"])
    beds = sorted(int(b) for b in rng.choice(np.arange(1, 25), len(patients), replace=False))
    date_style = int(rng.integers(4))
    rows = [(f"Bed {b}", f"{p['last'].upper()}, {p['first']}", dob(rng, date_style), nhs_number(rng))
            for b, p in zip(beds, patients)]
    labels = ["", "", "DOB ", "NHS "] if not monitor else ["", "", "", ""]
    gap, pad, lh = size * 1.6, int(size * 1.3), int(size * 1.9)
    cols = [max(tw(lab + r[i], size, style) for r in rows) for i, lab in enumerate(labels)]
    top = int(head * 1.9) + (lh if monitor else 0)
    w, h = pad * 2 + sum(cols) + gap * 3, top + lh * len(rows) + pad
    ward = f"Ward {int(rng.integers(1, 15))}{pick(rng, 'ABC')}" if rng.integers(3) else "Ward 7B"
    if monitor:
        fg = pick(rng, [(235, 240, 245), (130, 235, 170), (255, 220, 100)])
        p = Panel(w + 24, h + 24, (28, 28, 30, 255), radius=10)
        p.draw.rectangle((12, 12, w + 11, h + 11), fill=(12, 22, 48))
        p.draw.rectangle((12, 12, w + 11, 12 + int(head * 1.5)), fill=(0, 94, 184))
        p.line(12 + pad, 12 + int(head * 1.15), [(ward, "sign", "sign")], head, (255, 255, 255), "bold")
        x = 12 + pad
        for c, name in zip(cols, ["Bed", "Patient", "DOB", "NHS number"]):
            p.line(x, 12 + top - int(lh * 0.35), [name], max(14, size - 2), (150, 165, 190), style)
            x += c + gap
        ox, oy = 12, 12
    else:
        fg = pick(rng, [(20, 40, 120), (25, 25, 25), (140, 20, 25), (20, 90, 45)])
        p = Panel(w, h, (247, 248, 245, 255), radius=4, outline=(165, 170, 178), width=6)
        p.line(pad, int(head * 1.35), [(ward, "sign", "sign")], head, fg, "bold")
        ox = oy = 0
    for i, r in enumerate(rows):
        y = oy + top + lh * (i + 1) - int(lh * 0.3)
        if not monitor:
            p.draw.line((pad // 2, y + int(lh * 0.3), w - pad // 2, y + int(lh * 0.3)), fill=(205, 208, 214), width=1)
        x = ox + pad
        ents = [None, "person", "date", "nhs_number"]
        for c, lab, text, ent in zip(cols, labels, r, ents):
            p.line(x, y, [lab + text] if ent is None else [lab, (text, "pii", ent)], size, fg, style)
            x += c + gap
    return p


def letter(rng, who, scale):
    size = fsize(rng, 14, 18, scale)
    style = pick(rng, ["serif", "sans"])
    a = address(rng, who)
    full, short = f"{who['title']} {who['first']} {who['last']}", f"{who['title']} {who['last']}"
    lines = [[(full, "pii", "person")], [(a["street"], "pii", "address")], [a["town"]],
             [(a["postcode"], "pii", "postcode")], None,
             ["Date of birth: ", (dob(rng, int(rng.integers(4))), "pii", "date")],
             ["NHS number: ", (nhs_number(rng), "pii", "nhs_number")],
             ["Hospital number: ", (hospital_number(rng), "pii", "hospital_number")], None,
             ["Dear ", (short, "pii", "person"), ","],
             ["Your appointment details are below."],
             ["Tel: ", (a["phone"], "pii", "phone")], ["Email: ", (a["email"], "pii", "email")]]
    rng.shuffle(lines[10:])  # phone / email order varies
    lh, pad = int(size * 1.55), int(size * 1.4)
    trust, tsize = pick(rng, TRUSTS), max(14, size)
    w = pad * 2 + max([tw(trust, tsize, "bold")] + [sum(tw(q if isinstance(q, str) else q[0], size, style)
                                                     for q in ln) for ln in lines if ln])
    p = Panel(w, pad * 2 + lh * (len(lines) + 2), pick(rng, [(252, 251, 246, 255), (255, 255, 255, 255)]), 2)
    p.line(pad, pad + tsize, [trust], tsize, (0, 70, 150), "bold")
    for i, ln in enumerate(lines):
        if ln:
            p.line(pad, pad + lh * (i + 2) + size, ln, size, (22, 22, 22), style)
    return p.rotate(rng.uniform(-4, 4))


def badge(rng, who, scale):
    name_size, role_size = fsize(rng, 28, 44, scale), fsize(rng, 16, 22, scale)
    role, hello = pick(rng, ROLES), bool(rng.integers(3) == 0)
    name = who["first"] if hello else f"{who['first']} {who['last']}"
    blue_card = bool(rng.integers(3) == 0)
    band = int(role_size * 1.6)
    lines = (["Hello my name is"] if hello else []) + [name, role]
    w = max(tw(name, name_size, "bold"), tw(role, role_size), tw("Hello my name is", role_size)) + 40
    h = band + 16 + name_size * 1.3 + role_size * (3.1 if hello else 1.9)
    bg, fg, accent = ((0, 94, 184, 255), (255, 255, 255), (255, 255, 255)) if blue_card else \
        ((255, 255, 255, 255), (0, 48, 135), (0, 94, 184))
    p = Panel(max(w, 200), h, bg, radius=12, outline=(190, 195, 200), width=1)
    if not blue_card:
        p.draw.rounded_rectangle((0, 0, p.img.width - 1, band), 12, fill=accent)
    p.draw.ellipse((12, band // 4, 12 + band // 2, band // 4 + band // 2), fill=(255, 220, 0))
    y = band + 10
    for text in lines:
        sz = name_size if text == name else role_size
        y += int(sz * (1.15 if text == name else 1.25))
        item = [(text, "pii", "person")] if text == name else [text]
        p.line(20, y, item, sz, fg, "bold" if text == name else "sans")
    return p.rotate(rng.uniform(-5, 5))


def wristband(rng, who, scale):
    size = fsize(rng, 14, 20, scale)
    mrn = hospital_number(rng)
    lines = [[(f"{who['last'].upper()}, {who['first']}", "pii", "person")],
             ["DOB ", (dob(rng, int(rng.integers(4))), "pii", "date"), "   MRN ", (mrn, "pii", "hospital_number")],
             ["NHS ", (nhs_number(rng), "pii", "nhs_number")]]
    lh, pad = int(size * 1.45), 12
    h = pad * 2 + lh * 3
    text_w = max(sum(tw(q if isinstance(q, str) else q[0], size) for q in ln) for ln in lines)
    use_qr = bool(rng.integers(2))
    if use_qr:
        bits = qr_bits(mrn)
        cell = max(2, (h - 2 * pad) // bits.shape[0])
        payload = mrn
    else:
        bits, payload = ean13_bits("50" + "".join(str(int(v)) for v in rng.integers(0, 10, 3)) + mrn[3:], h - 2 * pad)
        cell = 2
        bits = bits[: (h - 2 * pad) // cell]
    code_w = bits.shape[1] * cell
    w = 40 + text_w + 30 + code_w + 40
    colour = pick(rng, [(250, 250, 250, 255), (214, 232, 250, 255), (250, 222, 232, 255)])
    p = Panel(w, h, colour, radius=h // 2, outline=(200, 200, 205), width=1)
    for i, ln in enumerate(lines):
        p.line(40, pad + lh * i + size, ln, size, (15, 15, 15), "bold" if i == 0 else "sans")
    qx, qy = int(40 + text_w + 30), (h - bits.shape[0] * cell) // 2
    p.draw.rectangle((qx - 6, qy - 6, qx + code_w + 5, qy + bits.shape[0] * cell + 5), fill=(255, 255, 255))
    p.modules(bits, qx, qy, cell, payload)
    return p.rotate(rng.uniform(-3, 3))


def sign(rng, text, scale):
    size = fsize(rng, 20, 48, scale)
    if text == "WARD":
        text = "Ward 7B"
    green = text in ("Fire exit", "Exit")
    scheme = ((0, 132, 61, 255), (255, 255, 255)) if green else pick(rng, [
        ((0, 48, 135, 255), (255, 255, 255)), ((255, 210, 0, 255), (20, 20, 20)),
        ((255, 255, 255, 255), (0, 48, 135)), ((40, 40, 45, 255), (255, 255, 255))])
    parts = text.split("|")
    sizes = [size] + [max(14, int(size * 0.55))] * (len(parts) - 1)
    pad = int(size * 0.6)
    arrow = not green and len(parts) == 1 and bool(rng.integers(2))
    w = pad * 2 + max(tw(t, s, "bold") for t, s in zip(parts, sizes)) + (size * 1.4 if arrow else 0)
    h = pad * 2 + sum(int(s * 1.25) for s in sizes)
    p = Panel(w, h, scheme[0], radius=6, outline=(150, 150, 150) if scheme[0][0] == 255 else None)
    y = pad
    for t, s in zip(parts, sizes):
        y += int(s * 1.25)
        p.line(pad, y - int(s * 0.25), [(t, "sign", "sign")], s, scheme[1], "bold")
    if arrow:  # a drawn (not text) arrow pointing right
        ax, ay, a = w - pad - size, h / 2, size * 0.45
        p.draw.polygon([(ax, ay - a / 3), (ax + a, ay - a / 3), (ax + a, ay - a), (ax + 2 * a, ay),
                        (ax + a, ay + a), (ax + a, ay + a / 3), (ax, ay + a / 3)], fill=scheme[1])
    return p.rotate(rng.uniform(-3, 3) if rng.integers(3) == 0 else 0)


# ---------------------------------------------------------------------------------- the scene
def wall(rng, width, height) -> np.ndarray:
    base = np.array(pick(rng, [(232, 228, 218), (222, 231, 228), (236, 236, 234), (226, 230, 238)]), float)
    y = np.linspace(0, 1, height)[:, None, None]
    img = np.broadcast_to(base * (1.04 - 0.10 * y), (height, width, 3)).copy()
    low = cv2.resize(rng.normal(0, 1, (height // 90 + 2, width // 90 + 2)), (width, height),
                     interpolation=cv2.INTER_CUBIC)
    img += 3.0 * low[..., None]
    rail = int(height * rng.uniform(0.55, 0.7))
    img[rail: rail + max(6, height // 80)] = pick(rng, [(70, 110, 160), (120, 150, 120), (150, 120, 100)])
    img[int(height * 0.94):] = (150, 145, 140)
    return np.clip(img, 0, 255)


def _free(box, placed, gap):
    x, y, w, h = box
    return all(x + w + gap <= a or a + c + gap <= x or y + h + gap <= b or b + d + gap <= y
               for a, b, c, d in placed)


def _place(rng, panel, placed, width, height, margin=10, gap=18, tries=400):
    w, h = panel.img.size
    if w > width - 2 * margin or h > height - 2 * margin:
        return None
    for _ in range(tries):
        box = (int(rng.integers(margin, width - w - margin + 1)), int(rng.integers(margin, height - h - margin + 1)), w, h)
        if _free(box, placed, gap):
            placed.append(box)
            return box
    return None


def make_scene(seed: int, width: int = 1280, height: int = 720) -> tuple[np.ndarray, list[dict]]:
    """One hospital scene: RGB uint8 (height, width, 3) and its items (text, kind, entity, box)."""
    rng = np.random.default_rng([20240901, seed])
    for attempt in range(40):  # shrink the cards until they all fit
        scale = min(1.0, (width * height / (1280 * 720)) ** 0.25) * 0.94 ** attempt
        used: set = set()
        patients = [person(rng, used) for _ in range(int(rng.integers(3, 6)))]
        cards = [board(rng, patients, scale), letter(rng, person(rng, used), scale),
                 wristband(rng, person(rng, used), scale), badge(rng, person(rng, used), scale)]
        placed: list = []
        if all(_place(rng, c, placed, width, height) for c in cards):
            break
    else:
        raise ValueError(f"cannot fit the cards into {width}x{height}")
    n_signs = max(4, round(7 * width * height / (1280 * 720)))
    for text in rng.permutation(SIGNS):
        if sum(len(c.items) > 0 and c.items[0][0]["kind"] == "sign" for c in cards[4:]) >= n_signs:
            break
        s = sign(rng, str(text), scale)
        if _place(rng, s, placed, width, height, tries=60):
            cards.append(s)

    img = wall(rng, width, height)
    shadow = np.zeros((height, width), np.float32)
    for c, (x, y, w, h) in zip(cards, placed):
        a = np.asarray(c.img.getchannel("A"), np.float32) / 255
        x1, y1 = min(width, x + w + 5), min(height, y + h + 6)
        shadow[y + 6: y1, x + 5: x1] = np.maximum(shadow[y + 6: y1, x + 5: x1], a[: y1 - y - 6, : x1 - x - 5])
    img *= 1 - 0.28 * cv2.GaussianBlur(shadow, (0, 0), 4)[..., None]
    items = []
    for c, (x, y, w, h) in zip(cards, placed):
        rgba = np.asarray(c.img, np.float32)
        a = rgba[..., 3:] / 255
        img[y: y + h, x: x + w] = img[y: y + h, x: x + w] * (1 - a) + rgba[..., :3] * a
        for it, m in c.items:
            ys, xs = np.nonzero(np.asarray(m) >= MASK_THRESHOLD)
            box = [x + int(xs.min()), y + int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)]
            items.append({"id": f"t{len(items):02d}", **it, "box": box, "angle": round(c.angle, 2)})
    return np.clip(np.rint(img), 0, 255).astype(np.uint8), items


# ----------------------------------------------------------------------------------- the video
def _smooth(t):
    return t * t * (3 - 2 * t)


def camera_windows(rng, scene_w, scene_h, out_w, out_h, n):
    """Per frame (x0, y0, window_width) in scene pixels: slow pan + zoom + a slight shake."""
    w0 = scene_w * rng.uniform(0.74, 0.84)
    w1 = w0 * rng.uniform(0.86, 0.92)
    if rng.integers(2):
        w0, w1 = w1, w0
    def centre(w):
        hw, hh = w / 2, w * out_h / out_w / 2
        return np.array([rng.uniform(hw, scene_w - hw), rng.uniform(hh, scene_h - hh)])
    c0, c1 = centre(max(w0, w1)), centre(max(w0, w1))
    c1 = c0 + (c1 - c0) * min(1.0, 260 / (np.linalg.norm(c1 - c0) + 1e-9))  # at most 260 px
    ph, fr = rng.uniform(0, 2 * np.pi, 4), rng.uniform(2.5, 6.0, 4)
    out = []
    for i in range(n):
        u = _smooth(i / max(1, n - 1))
        w = w0 + (w1 - w0) * u
        cx, cy = c0 + (c1 - c0) * u
        t = i / 25
        sx = 1.6 * np.sin(fr[0] * t + ph[0]) + 0.8 * np.sin(fr[1] * t + ph[1])
        sy = 1.2 * np.sin(fr[2] * t + ph[2]) + 0.6 * np.sin(fr[3] * t + ph[3])
        h = w * out_h / out_w
        out.append((float(np.clip(cx - w / 2 + sx, 0, scene_w - w)), float(np.clip(cy - h / 2 + sy, 0, scene_h - h)), w))
    return out


def frame_items(items, x0, y0, s, out_w, out_h, min_visible=0.5):
    """Scene items seen through a window at (x0, y0) scaled by s; boxes clipped to the frame."""
    res = []
    for it in items:
        x, y, w, h = it["box"]
        l, t, r, b = (x - x0) * s, (y - y0) * s, (x + w - x0) * s, (y + h - y0) * s
        cl, ct, cr, cb = max(l, 0), max(t, 0), min(r, out_w), min(b, out_h)
        vis = max(0.0, cr - cl) * max(0.0, cb - ct) / ((r - l) * (b - t))
        if vis < min_visible:
            continue
        bl, bt = int(round(cl)), int(round(ct))
        box = [bl, bt, int(round(cr)) - bl, int(round(cb)) - bt]
        res.append({**it, "box": box, "partial": vis < 0.999, "visible": round(vis, 3)})
    return res


def make_video(path, seconds: float = 4.0, fps: int = 25, seed: int = SEED,
               size: tuple[int, int] = (960, 540)) -> list[list[dict]]:
    """Write an H.264 MP4 (no audio); return the items of each decoded frame (presentation order)."""
    out_w, out_h = size
    scene, items = make_scene(seed, int(out_w * 1.6) // 2 * 2, int(out_h * 1.6) // 2 * 2)
    n = int(round(seconds * fps))
    rng = np.random.default_rng([20240902, seed])
    cams = camera_windows(rng, scene.shape[1], scene.shape[0], out_w, out_h, n)
    container = av.open(str(path), "w", format="mp4", options={"fflags": "+bitexact"})
    vs = container.add_stream("libx264", rate=fps, options={"crf": "23", "preset": "medium", "g": str(2 * fps)})
    vs.width, vs.height, vs.pix_fmt = out_w, out_h, "yuv420p"
    vs.codec_context.time_base = Fraction(1, fps)
    vs.thread_count = 1  # deterministic bitstream
    per_frame = []
    for i, (x0, y0, w) in enumerate(cams):
        s = out_w / w
        m = np.array([[s, 0, (0.5 - x0) * s - 0.5], [0, s, (0.5 - y0) * s - 0.5]])
        img = cv2.warpAffine(scene, m, (out_w, out_h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(img), format="rgb24")
        frame.pts, frame.time_base = i, Fraction(1, fps)
        for pkt in vs.encode(frame):
            container.mux(pkt)
        per_frame.append(frame_items(items, x0, y0, s, out_w, out_h))
    for pkt in vs.encode():
        container.mux(pkt)
    container.close()
    return per_frame


# ------------------------------------------------------------------------------------ bundling
def dumps(o, ind=0) -> str:
    """Indented JSON with each item (a dict of scalars and short lists) on one line."""
    flat = not isinstance(o, (dict, list)) or (isinstance(o, list) and not any(isinstance(v, (dict, list)) for v in o)) \
        or (isinstance(o, dict) and all(not isinstance(v, dict) and dumps(v) == json.dumps(v) and
                                        (not isinstance(v, list) or not any(isinstance(u, (dict, list)) for u in v))
                                        for v in o.values()))
    if flat or not o:
        return json.dumps(o)
    pad, pad1 = " " * ind, " " * (ind + 1)
    if isinstance(o, dict):
        return "{\n" + ",\n".join(f"{pad1}{json.dumps(k)}: {dumps(v, ind + 1)}" for k, v in o.items()) + "\n" + pad + "}"
    return "[\n" + ",\n".join(pad1 + dumps(v, ind + 1) for v in o) + "\n" + pad + "]"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    out = ap.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)
    cv2.setNumThreads(1)
    img, items = make_scene(SEED, 1280, 720)
    Image.fromarray(img).save(out / "ward.jpg", quality=90)
    fps, seconds, size = 25, 4.0, (960, 540)
    frames = make_video(out / "ward_clip.mp4", seconds, fps, SEED, size)
    truth = {
        "ward.jpg": {"width": 1280, "height": 720, "seed": SEED, "items": items},
        "ward_clip.mp4": {"width": size[0], "height": size[1], "fps": fps, "frame_count": len(frames),
                          "seed": SEED, "frames": frames},
    }
    (out / "text_truth.json").write_text(dumps(truth) + "\n")
    for name in ("ward.jpg", "ward_clip.mp4", "text_truth.json"):
        print(f"{name:16s} {(out / name).stat().st_size / 1024:8.1f} KiB")


if __name__ == "__main__":
    main()
