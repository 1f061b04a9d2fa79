#!/usr/bin/env python3
"""Synthetic hospital scenes with fictional patient details and ordinary signage, with exact truth.

Run it to rewrite ward.jpg, ward_clip.mp4 and text_truth.json, or import it: make_scene(seed)
gives an RGB image and its text items, make_video(...) writes an H.264 clip of a camera moving
over a larger scene and gives the items of every frame. Boxes are measured from the rendered
glyphs. All people, numbers and addresses are made up (see TEXT_SAMPLES.md).
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
FONT_FILES = {
    "sans": "DejaVuSans.ttf",
    "bold": "DejaVuSans-Bold.ttf",
    "serif": "DejaVuSerif.ttf",
    "mono": "DejaVuSansMono.ttf",
}

FIRST_M = [
    "John",
    "Peter",
    "David",
    "James",
    "Michael",
    "Paul",
    "Andrew",
    "Thomas",
    "Daniel",
    "Mark",
    "Robert",
    "Ian",
    "Imran",
    "Tom",
    "George",
    "Samuel",
    "Kevin",
    "Ravi",
]
FIRST_F = [
    "Mary",
    "Sarah",
    "Susan",
    "Emma",
    "Helen",
    "Karen",
    "Claire",
    "Laura",
    "Amy",
    "Rachel",
    "Joanne",
    "Priya",
    "Fatima",
    "Chloe",
    "Megan",
    "Anne",
    "Lucy",
    "Grace",
]
SURNAMES = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Khan",
    "Clarke",
    "Jackson",
    "Hughes",
    "Turner",
    "Shaw",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
# (town, postcode area, districts, Ofcom drama-range landline prefix that 3 digits complete)
CITIES = [
    (t, a, range(1, n + 1), f"{code} 496 0")
    for t, a, n, code in [
        ("Leeds", "LS", 28, "0113"),
        ("Sheffield", "S", 35, "0114"),
        ("Nottingham", "NG", 25, "0115"),
        ("Leicester", "LE", 18, "0116"),
        ("Bristol", "BS", 40, "0117"),
        ("Reading", "RG", 30, "0118"),
        ("Birmingham", "B", 98, "0121"),
        ("Edinburgh", "EH", 54, "0131"),
        ("Glasgow", "G", 83, "0141"),
        ("Liverpool", "L", 37, "0151"),
        ("Manchester", "M", 45, "0161"),
    ]
]
CITIES.append(("London", "", ["EC1A", "W1T", "SW1P", "WC1N", "E14", "N7", "SE1"], "020 7946 0"))
INWARD = "ABDEFGHJLNPQRSTUWXYZ"  # letters used in the inward code
STREETS = [
    "Acacia Avenue",
    "Station Road",
    "Church Lane",
    "Park Road",
    "Victoria Street",
    "Mill Lane",
    "Elm Grove",
    "Queens Road",
    "Orchard Close",
    "Manor Way",
    "Beech Drive",
]
ROLES = [
    "Staff Nurse",
    "Healthcare Assistant",
    "Ward Sister",
    "Consultant",
    "Physiotherapist",
    "Junior Doctor",
    "Pharmacist",
    "Student Nurse",
    "Ward Clerk",
    "Occupational Therapist",
]
TRUSTS = ["Northbridge Hospitals NHS Trust", "Westmoor General Hospital", "St Aldric's Infirmary"]
SIGNS = [
    "Radiology",
    "Fire exit",
    "Exit",
    "Pharmacy",
    "Outpatients",
    "Cardiology",
    "Toilets",
    "Visiting hours 2pm - 8pm",
    "Hand hygiene|Please wash your hands",
    "Ward 7B",
]  # first
MORE_SIGNS = ["Maternity", "X-ray", "Main entrance", "Day Surgery", "Lifts", "Restaurant"]
HOSP_PREFIX = ["RTH", "RXK", "RQW", "RVB"]
NAVY, BLUE, GREEN, YELLOW = (0, 48, 135), (0, 94, 184), (0, 132, 61), (255, 210, 0)
WHITE = (255, 255, 255)


# ----------------------------------------------------------------------- fictional identifiers
def pick(rng, seq):
    return seq[int(rng.integers(len(seq)))]


def digits(rng, n: int) -> str:
    return "".join(str(int(v)) for v in rng.integers(0, 10, n))


def nhs_check_digit(first9: str) -> int:
    """Modulus 11 with weights 10..2; 10 means no valid number starts with these 9 digits."""
    c = 11 - sum(w * int(d) for w, d in zip(range(10, 1, -1), first9)) % 11
    return 0 if c == 11 else c


def nhs_valid(s: str) -> bool:
    d = s.replace(" ", "")
    return len(d) == 10 and d.isdigit() and nhs_check_digit(d[:9]) == int(d[9])


def nhs_number(rng) -> str:
    """From the 999 test range, with a valid check digit, as '999 123 4567'."""
    while (c := nhs_check_digit(d := "999" + digits(rng, 6))) == 10:
        pass
    return f"{d[:3]} {d[3:6]} {d[6:]}{c}"


def dob(rng, style: int) -> str:
    y, m, d = int(rng.integers(1932, 2006)), int(rng.integers(1, 13)), int(rng.integers(1, 29))
    return [
        f"{d:02d}/{m:02d}/{y}",
        f"{d:02d}.{m:02d}.{y}",
        f"{d} {MONTHS[m - 1]} {y}",
        f"{y}-{m:02d}-{d:02d}",
    ][style % 4]


def person(rng, last: str) -> dict:
    female = bool(rng.integers(2))
    return {
        "first": pick(rng, FIRST_F if female else FIRST_M),
        "last": last,
        "title": pick(rng, ["Mrs", "Ms", "Miss"]) if female else "Mr",
    }


def address(rng, who: dict) -> dict:
    town, area, districts, landline = pick(rng, CITIES)
    postcode = f"{area}{pick(rng, list(districts))} {digits(rng, 1)}"
    postcode += pick(rng, INWARD) + pick(rng, INWARD)
    phone = ("07700 900" if rng.integers(2) else landline) + digits(rng, 3)
    mail = f"{who['first']}.{who['last']}{pick(rng, ['', '', '71', '1960'])}".lower()
    domain = pick(rng, ["example.com", "example.org", "example.net"])
    return {
        "street": f"{int(rng.integers(1, 120))} {pick(rng, STREETS)}",
        "town": town,
        "postcode": postcode,
        "phone": phone,
        "email": f"{mail}@{domain}",
    }


# ------------------------------------------------------------------------------- drawing cards
@functools.cache
def font(style: str, size: int) -> ImageFont.FreeTypeFont:
    """DejaVu as bundled with matplotlib: the same font files on every machine."""
    import matplotlib

    return ImageFont.truetype(
        str(Path(matplotlib.get_data_path(), "fonts/ttf", FONT_FILES[style])), int(size)
    )


def tw(parts, size, style="sans") -> float:
    """Width of a text, or of a line given as parts (see Panel.line)."""
    parts = [parts] if isinstance(parts, str) else parts
    return sum(font(style, size).getlength(p if isinstance(p, str) else p[0]) for p in parts)


def fsize(rng, lo, hi, scale=1.0) -> int:
    return int(np.clip(round(int(rng.integers(lo, hi + 1)) * scale), 14, 48))


class Panel:
    """An RGBA card. Listed text is also drawn into its own coverage mask, so boxes are measured."""

    def __init__(self, w, h, bg, radius=6, outline=None, width=2):
        self.bg, self.angle = bg, 0.0
        self.img = Image.new("RGBA", (int(w), int(h)), (0, 0, 0, 0))
        self.draw = ImageDraw.Draw(self.img)
        self.draw.rounded_rectangle((0, 0, w - 1, h - 1), radius, bg, outline, width)
        self.items: list[tuple[dict, Image.Image]] = []

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
                self._mask(*part[1:], text).text((x, y), text, font=f, fill=255, anchor="ls")
            x += self.draw.textlength(text, font=f)

    def modules(self, bits, x, y, cell, text):
        """A QR code or barcode: bits[r, c] == 1 is a black module of cell x cell pixels."""
        m = self._mask("pii", "code", text)
        for r, c in zip(*np.nonzero(bits)):
            rect = (x + c * cell, y + r * cell, x + (c + 1) * cell - 1, y + (r + 1) * cell - 1)
            self.draw.rectangle(rect, fill=(0, 0, 0))
            m.rectangle(rect, fill=255)

    def rotate(self, angle):
        """Rotate about the centre (counter-clockwise degrees), the masks with it."""
        if abs(angle) < 0.05:
            return self
        rgb = self.img.convert("RGB").rotate(angle, Image.BICUBIC, True, fillcolor=self.bg[:3])
        alpha = self.img.getchannel("A").rotate(angle, Image.BICUBIC, True)
        self.img = Image.merge("RGBA", (*rgb.split(), alpha))
        self.items = [(it, m.rotate(angle, Image.BILINEAR, True)) for it, m in self.items]
        self.angle = float(angle)
        return self


def qr_bits(payload: str) -> np.ndarray:
    q = cv2.QRCodeEncoder.create().encode(payload)
    ys, xs = np.nonzero(q < 128)
    return (q[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1] < 128).astype(np.uint8)


def ean13_bits(digits12: str, rows: int) -> tuple[np.ndarray, str]:
    """EAN-13 modules (1 = bar), rows high, and the 13 digits with their check digit."""
    L = [f"{v:07b}" for v in (13, 25, 19, 61, 35, 49, 47, 59, 55, 11)]  # left odd-parity codes
    parity = f"{(0, 11, 13, 14, 19, 25, 28, 21, 22, 26)[int(digits12[0])]:06b}"  # 1 = even (G)
    s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(digits12))
    code = digits12 + str((10 - s % 10) % 10)
    R = ["".join("1" if b == "0" else "0" for b in p) for p in L]
    bars = "101"
    for d, g in zip(code[1:7], parity):
        bars += R[int(d)][::-1] if g == "1" else L[int(d)]
    bars += "01010" + "".join(R[int(d)] for d in code[7:]) + "101"
    return np.repeat(np.array([[int(b) for b in bars]], np.uint8), rows, axis=0), code


# ----------------------------------------------------------------------------------- the cards
def board(rng, patients, scale):
    """Ward whiteboard (marker on white) or patient-list monitor (light on dark)."""
    monitor = bool(rng.integers(2))
    size, head = fsize(rng, 16, 26, scale), fsize(rng, 26, 40, scale)
    style = "mono" if monitor else pick(rng, ["sans", "bold"])
    beds = sorted(int(b) for b in rng.choice(np.arange(1, 25), len(patients), replace=False))
    date_style = int(rng.integers(4))
    labels = ["", "", "", ""] if monitor else ["", "", "DOB ", "NHS "]
    ents = [None, "person", "date", "nhs_number"]
    rows = [
        [f"Bed {b}", f"{p['last'].upper()}, {p['first']}", dob(rng, date_style), nhs_number(rng)]
        for b, p in zip(beds, patients)
    ]
    rows = [
        [lab + t if e is None else [lab, (t, "pii", e)] for lab, t, e in zip(labels, r, ents)]
        for r in rows
    ]
    gap, pad, lh = size * 1.6, int(size * 1.3), int(size * 1.9)
    cols = [max(tw(r[i], size, style) for r in rows) for i in range(4)]
    top = int(head * 1.9) + (lh if monitor else 0)
    xs = pad + np.cumsum([0] + [c + gap for c in cols[:-1]])  # column starts
    w, h = pad * 2 + sum(cols) + gap * 3, top + lh * len(rows) + pad
    ward = f"Ward {int(rng.integers(1, 15))}{pick(rng, 'ABC')}" if rng.integers(3) else "Ward 7B"
    if monitor:
        fg = pick(rng, [(235, 240, 245), (130, 235, 170), (255, 220, 100)])
        p, o = Panel(w + 24, h + 24, (28, 28, 30, 255), radius=10), 12
        p.draw.rectangle((o, o, w + o - 1, h + o - 1), fill=(12, 22, 48))
        p.draw.rectangle((o, o, w + o - 1, o + int(head * 1.5)), fill=BLUE)
        p.line(o + pad, o + int(head * 1.15), [(ward, "sign", "sign")], head, WHITE, "bold")
        for x, name in zip(xs, ["Bed", "Patient", "DOB", "NHS number"]):
            p.line(o + x, o + top - lh // 3, [name], max(14, size - 2), (150, 165, 190), style)
    else:
        fg = pick(rng, [(20, 40, 120), (25, 25, 25), (140, 20, 25), (20, 90, 45)])
        p, o = Panel(w, h, (247, 248, 245, 255), radius=4, outline=(165, 170, 178), width=6), 0
        p.line(pad, int(head * 1.35), [(ward, "sign", "sign")], head, fg, "bold")
    for i, r in enumerate(rows):
        y = o + top + lh * (i + 1) - int(lh * 0.3)
        if not monitor:
            rule = y + int(lh * 0.3)
            p.draw.line((pad // 2, rule, w - pad // 2, rule), fill=(205, 208, 214), width=1)
        for x, part in zip(xs, r):
            p.line(o + x, y, [part] if isinstance(part, str) else part, size, fg, style)
    return p


def letter(rng, who, scale):
    size, style = fsize(rng, 14, 18, scale), pick(rng, ["serif", "sans"])
    a = address(rng, who)
    lines = [
        [(f"{who['title']} {who['first']} {who['last']}", "pii", "person")],
        [(a["street"], "pii", "address")],
        [a["town"]],
        [(a["postcode"], "pii", "postcode")],
        None,
        ["Date of birth: ", (dob(rng, int(rng.integers(4))), "pii", "date")],
        ["NHS number: ", (nhs_number(rng), "pii", "nhs_number")],
        ["Hospital number: ", (pick(rng, HOSP_PREFIX) + digits(rng, 7), "pii", "hospital_number")],
        None,
        ["Dear ", (f"{who['title']} {who['last']}", "pii", "person"), ","],
        ["Your appointment details are below."],
        ["Tel: ", (a["phone"], "pii", "phone")],
        ["Email: ", (a["email"], "pii", "email")],
    ]
    rng.shuffle(lines[11:])  # phone / email order varies
    lh, pad, trust = int(size * 1.55), int(size * 1.4), pick(rng, TRUSTS)
    w = pad * 2 + max([tw(trust, size, "bold")] + [tw(ln, size, style) for ln in lines if ln])
    paper = pick(rng, [(252, 251, 246, 255), (255, 255, 255, 255)])
    p = Panel(w, pad * 2 + lh * (len(lines) + 2), paper, radius=2)
    p.line(pad, pad + size, [trust], size, (0, 70, 150), "bold")
    for i, ln in enumerate(lines):
        if ln:
            p.line(pad, pad + lh * (i + 2) + size, ln, size, (22, 22, 22), style)
    return p.rotate(rng.uniform(-4, 4))


def badge(rng, who, scale):
    """Staff badge: a name in large type, a role below, sometimes 'Hello my name is <first>'."""
    name_size, role_size = fsize(rng, 28, 44, scale), fsize(rng, 16, 22, scale)
    role, hello = pick(rng, ROLES), bool(rng.integers(3) == 0)
    name, band = who["first"] if hello else f"{who['first']} {who['last']}", int(role_size * 1.6)
    blue_card = bool(rng.integers(3) == 0)
    lines = (["Hello my name is"] if hello else []) + [name, role]
    w = max(tw(name, name_size, "bold"), tw(role, role_size), tw(lines[0], role_size)) + 40
    h = band + 16 + name_size * 1.3 + role_size * (3.1 if hello else 1.9)
    bg, fg = ((*BLUE, 255), WHITE) if blue_card else ((*WHITE, 255), NAVY)
    p = Panel(max(w, 200), h, bg, radius=12, outline=(190, 195, 200), width=1)
    if not blue_card:
        p.draw.rounded_rectangle((0, 0, p.img.width - 1, band), 12, fill=BLUE)
    p.draw.ellipse((12, band // 4, 12 + band // 2, band // 4 + band // 2), fill=(255, 220, 0))
    y = band + 10
    for text in lines:
        big = text == name
        y += int(name_size * 1.15) if big else int(role_size * 1.25)
        item = [(text, "pii", "person")] if big else [text]
        p.line(20, y, item, name_size if big else role_size, fg, "bold" if big else "sans")
    return p.rotate(rng.uniform(-5, 5))


def wristband(rng, who, scale):
    """Patient wristband: name, DOB, MRN, NHS number and a QR code or EAN-13 barcode."""
    size, mrn = fsize(rng, 14, 20, scale), pick(rng, HOSP_PREFIX) + digits(rng, 7)
    lines = [
        [(f"{who['last'].upper()}, {who['first']}", "pii", "person")],
        [
            "DOB ",
            (dob(rng, int(rng.integers(4))), "pii", "date"),
            "   MRN ",
            (mrn, "pii", "hospital_number"),
        ],
        ["NHS ", (nhs_number(rng), "pii", "nhs_number")],
    ]
    lh, pad = int(size * 1.45), 12
    h = pad * 2 + lh * 3
    if rng.integers(2):  # QR code (quiet zone 4 modules) or EAN-13 barcode (9 modules)
        bits, payload, cell, quiet = qr_bits(mrn), mrn, 3, 12
        h = max(h, bits.shape[0] * cell + 20)
    else:
        bits, payload = ean13_bits("50" + digits(rng, 3) + mrn[3:], (h - 2 * pad) // 2)
        cell, quiet = 2, 18
    text_w = max(tw(ln, size) for ln in lines)
    code_w, code_h = bits.shape[1] * cell, bits.shape[0] * cell
    colour = pick(rng, [(250, 250, 250, 255), (214, 232, 250, 255), (250, 222, 232, 255)])
    p = Panel(70 + text_w + code_w + 2 * quiet + 30, h, colour, h // 2, (200, 200, 205), 1)
    for i, ln in enumerate(lines):
        y = (h - 3 * lh) // 2 + lh * i + size
        p.line(40, y, ln, size, (15, 15, 15), "bold" if i == 0 else "sans")
    qx, qy = int(70 + text_w + quiet), (h - code_h) // 2
    p.draw.rectangle((qx - quiet, qy - 6, qx + code_w + quiet - 1, qy + code_h + 5), fill=WHITE)
    p.modules(bits, qx, qy, cell, payload)
    return p.rotate(rng.uniform(-3, 3))


def sign(rng, text, scale):
    """Ordinary signage (kind 'sign'); 'a|b' is a poster with a title and a smaller line."""
    size = fsize(rng, 20, 48 if len(text) < 12 else 30, scale)
    green = text in ("Fire exit", "Exit")
    bg, fg = (
        ((*GREEN, 255), WHITE)
        if green
        else pick(
            rng,
            [
                ((*NAVY, 255), WHITE),
                ((*YELLOW, 255), (20, 20, 20)),
                ((*WHITE, 255), NAVY),
                ((40, 40, 45, 255), WHITE),
            ],
        )
    )
    parts, pad = text.split("|"), int(size * 0.6)
    sizes = [size] + [max(14, int(size * 0.55))] * (len(parts) - 1)
    arrow = not green and len(parts) == 1 and bool(rng.integers(2))
    w = pad * 2 + max(tw(t, s, "bold") for t, s in zip(parts, sizes)) + (size * 1.4 if arrow else 0)
    h = pad * 2 + sum(int(s * 1.25) for s in sizes)
    p = Panel(w, h, bg, radius=6, outline=(150, 150, 150) if bg[0] == 255 else None)
    y = pad
    for t, s in zip(parts, sizes):
        y += int(s * 1.25)
        p.line(pad, y - int(s * 0.25), [(t, "sign", "sign")], s, fg, "bold")
    if arrow:  # a drawn (not text) arrow pointing right
        ax, ay, a = w - pad - size, h / 2, size * 0.45
        p.draw.polygon(
            [
                (ax, ay - a / 3),
                (ax + a, ay - a / 3),
                (ax + a, ay - a),
                (ax + 2 * a, ay),
                (ax + a, ay + a),
                (ax + a, ay + a / 3),
                (ax, ay + a / 3),
            ],
            fill=fg,
        )
    return p.rotate(rng.uniform(-3, 3) if rng.integers(3) == 0 else 0)


# ---------------------------------------------------------------------------------- the scene
def wall(rng, width, height) -> np.ndarray:
    colours = [(232, 228, 218), (222, 231, 228), (236, 236, 234), (226, 230, 238)]
    y = np.linspace(0, 1, height)[:, None, None]
    img = np.array(pick(rng, colours), float) * (1.04 - 0.10 * y) * np.ones((1, width, 1))
    low = rng.normal(0, 1, (height // 90 + 2, width // 90 + 2))
    img += 3.0 * cv2.resize(low, (width, height), interpolation=cv2.INTER_CUBIC)[..., None]
    rail = int(height * rng.uniform(0.55, 0.7))
    img[rail : rail + max(6, height // 80)] = pick(
        rng, [(70, 110, 160), (120, 150, 120), (150, 120, 100)]
    )
    img[int(height * 0.94) :] = (150, 145, 140)  # floor
    return np.clip(img, 0, 255)


def _place(rng, panel, placed, width, height, margin=10, gap=18, tries=400):
    """Put the panel at a random free spot (at least gap px from the others); None if none."""
    w, h = panel.img.size
    for _ in range(tries if w <= width - 2 * margin and h <= height - 2 * margin else 0):
        x = int(rng.integers(margin, width - w - margin + 1))
        y = int(rng.integers(margin, height - h - margin + 1))
        if all(
            x + w + gap <= a or a + c + gap <= x or y + h + gap <= b or b + d + gap <= y
            for a, b, c, d in placed
        ):
            placed.append((x, y, w, h))
            return placed[-1]
    return None


def make_scene(seed: int, width: int = 1280, height: int = 720) -> tuple[np.ndarray, list[dict]]:
    """One hospital scene: RGB uint8 (height, width, 3) and its items (text, kind, entity, box)."""
    rng = np.random.default_rng([20240901, seed])
    for attempt in range(40):  # shrink the cards until they all fit
        scale = min(1.0, (width * height / (1280 * 720)) ** 0.25) * 0.94**attempt
        names = iter(str(n) for n in rng.permutation(SURNAMES))  # no surname twice in a scene
        patients = [person(rng, next(names)) for _ in range(int(rng.integers(3, 6)))]
        cards = [
            board(rng, patients, scale),
            letter(rng, person(rng, next(names)), scale),
            wristband(rng, person(rng, next(names)), scale),
            badge(rng, person(rng, next(names)), scale),
        ]
        placed: list = []
        if all(_place(rng, c, placed, width, height) for c in cards):
            break
    else:
        raise ValueError(f"cannot fit the cards into {width}x{height}")
    n_signs = max(4, round(7 * width * height / (1280 * 720)))
    for text in [*rng.permutation(SIGNS), *rng.permutation(MORE_SIGNS)]:
        s = sign(rng, str(text), scale)
        if len(cards) - 4 < n_signs and _place(rng, s, placed, width, height, tries=200):
            cards.append(s)

    img = wall(rng, width, height)
    shadow = np.zeros((height + 6, width + 5), np.float32)  # cards cast it 5 px right, 6 px down
    for c, (x, y, w, h) in zip(cards, placed):
        shadow[y + 6 : y + h + 6, x + 5 : x + w + 5] = np.asarray(c.img.getchannel("A")) / 255
    img *= 1 - 0.28 * cv2.GaussianBlur(shadow[:height, :width], (0, 0), 4)[..., None]
    items = []
    for c, (x, y, w, h) in zip(cards, placed):
        rgba = np.asarray(c.img, np.float32)
        a = rgba[..., 3:] / 255
        img[y : y + h, x : x + w] = img[y : y + h, x : x + w] * (1 - a) + rgba[..., :3] * a
        for it, m in c.items:
            ys, xs = np.nonzero(np.asarray(m) >= MASK_THRESHOLD)
            box = [x + int(xs.min()), y + int(ys.min()), int(np.ptp(xs)) + 1, int(np.ptp(ys)) + 1]
            items.append({"id": f"t{len(items):02d}", **it, "box": box, "angle": round(c.angle, 2)})
    return np.clip(np.rint(img), 0, 255).astype(np.uint8), items


# ----------------------------------------------------------------------------------- the video
def camera_windows(rng, scene_w, scene_h, out_w, out_h, n, fps):
    """Per frame (x0, y0, window_width) in scene pixels: slow pan + zoom + a slight shake."""
    w0, w1 = scene_w * rng.uniform(0.86, 0.93) * np.array([1, rng.uniform(0.9, 0.95)])
    w0, w1 = (w1, w0) if rng.integers(2) else (w0, w1)  # zoom in or out
    hw, hh = max(w0, w1) / 2, max(w0, w1) * out_h / out_w / 2
    c0, c1 = (
        np.array([rng.uniform(hw, scene_w - hw), rng.uniform(hh, scene_h - hh)]) for _ in range(2)
    )
    c1 = c0 + (c1 - c0) * min(1.0, 160 / (np.linalg.norm(c1 - c0) + 1e-9))  # at most 160 px
    ph, fr = rng.uniform(0, 2 * np.pi, 4), rng.uniform(2.5, 6.0, 4)
    out = []
    for i in range(n):
        t = i / max(1, n - 1)
        u = t * t * (3 - 2 * t)
        w, (cx, cy), s = w0 + (w1 - w0) * u, c0 + (c1 - c0) * u, i / fps
        sx, sy = [1.6, 1.2] * np.sin(fr[:2] * s + ph[:2]) + [0.8, 0.6] * np.sin(fr[2:] * s + ph[2:])
        h = w * out_h / out_w
        out.append(
            (
                float(np.clip(cx - w / 2 + sx, 0, scene_w - w)),
                float(np.clip(cy - h / 2 + sy, 0, scene_h - h)),
                float(w),
            )
        )
    return out


def frame_items(items, x0, y0, s, out_w, out_h, min_visible=0.5):
    """Scene items seen through a window at (x0, y0) scaled by s; boxes clipped to the frame."""
    res = []
    for it in items:
        x, y, w, h = it["box"]
        left, top, right, bottom = (x - x0) * s, (y - y0) * s, (x + w - x0) * s, (y + h - y0) * s
        cl, ct, cr, cb = max(left, 0), max(top, 0), min(right, out_w), min(bottom, out_h)
        vis = max(0.0, cr - cl) * max(0.0, cb - ct) / ((right - left) * (bottom - top))
        if vis >= min_visible:
            box = [round(cl), round(ct), round(cr) - round(cl), round(cb) - round(ct)]
            res.append({**it, "box": box, "partial": bool(vis < 0.999), "visible": round(vis, 3)})
    return res


def make_video(
    path, seconds: float = 4.0, fps: int = 25, seed: int = SEED, size: tuple[int, int] = (1280, 720)
) -> list[list[dict]]:
    """Write an H.264 MP4 (no audio) of a camera over make_scene(seed) at 1.25 x the frame size.

    Returns the items of each decoded frame (see frame_items)."""
    out_w, out_h = size
    scene, items = make_scene(seed, int(out_w * 1.25) // 2 * 2, int(out_h * 1.25) // 2 * 2)
    n, rng = int(round(seconds * fps)), np.random.default_rng([20240902, seed])
    cams = camera_windows(rng, scene.shape[1], scene.shape[0], out_w, out_h, n, fps)
    container = av.open(str(path), "w", format="mp4", options={"fflags": "+bitexact"})
    options = {"crf": "23", "preset": "medium", "g": str(2 * fps)}
    vs = container.add_stream("libx264", rate=fps, options=options)
    vs.width, vs.height, vs.pix_fmt = out_w, out_h, "yuv420p"
    vs.codec_context.time_base = Fraction(1, fps)
    vs.thread_count = 1  # deterministic bitstream
    per_frame = []
    for i, (x0, y0, w) in enumerate(cams):
        s = out_w / w  # scene -> frame; OpenCV maps pixel centres, hence the 0.5 terms
        m = np.array([[s, 0, (0.5 - x0) * s - 0.5], [0, s, (0.5 - y0) * s - 0.5]])
        img = cv2.warpAffine(
            scene, m, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
        )
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
    """Indented JSON, with every value that holds no further object (an item, a box) on one line."""
    if "{" not in (flat := json.dumps(o))[1:]:
        return flat
    pad, pad1 = " " * ind, " " * (ind + 1)
    if isinstance(o, dict):
        body = [f"{pad1}{json.dumps(k)}: {dumps(v, ind + 1)}" for k, v in o.items()]
        return "{\n" + ",\n".join(body) + "\n" + pad + "}"
    return "[\n" + ",\n".join(pad1 + dumps(v, ind + 1) for v in o) + "\n" + pad + "]"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    out = ap.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)
    cv2.setNumThreads(1)
    img, items = make_scene(SEED, 1280, 720)
    Image.fromarray(img).save(out / "ward.jpg", quality=90)
    fps, seconds, size = 25, 4.0, (1280, 720)
    frames = make_video(out / "ward_clip.mp4", seconds, fps, SEED, size)
    truth = {
        "ward.jpg": {"width": 1280, "height": 720, "seed": SEED, "items": items},
        "ward_clip.mp4": {
            "width": size[0],
            "height": size[1],
            "fps": fps,
            "frame_count": len(frames),
            "seed": SEED,
            "frames": frames,
        },
    }
    (out / "text_truth.json").write_text(dumps(truth) + "\n")
    for name in ("ward.jpg", "ward_clip.mp4", "text_truth.json"):
        print(f"{name:16s} {(out / name).stat().st_size / 1024:8.1f} KiB")


if __name__ == "__main__":
    main()
