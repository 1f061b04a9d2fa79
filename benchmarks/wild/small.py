"""Small panels: a patient wristband, a staff badge, a specimen/pharmacy/bed-end label, a sign."""

from __future__ import annotations

import numpy as np

from benchmarks.wild import entities as ent
from benchmarks.wild import fonts
from benchmarks.wild.layouts import TRUSTS, WARDS
from benchmarks.wild.sheet import Color, Sheet, ink_on, jitter, width_of

Gen = np.random.Generator
Line = list[tuple[str, str | None, str | None]]  # (text, kind, entity) pieces on one line

JOBS = [
    "Staff Nurse",
    "Healthcare Assistant",
    "Consultant",
    "Ward Sister",
    "Physiotherapist",
    "Junior Doctor",
    "Registrar",
    "Pharmacist",
    "Porter",
    "Occupational Therapist",
    "Student Nurse",
    "Matron",
    "Radiographer",
    "Nurse Practitioner",
    "Ward Clerk",
]
SIGNS = [
    ["Ward 7B"],
    ["Cardiology"],
    ["Exit {arrow}"],
    ["Toilets"],
    ["X-Ray Department"],
    ["Visiting", "2pm - 8pm"],
    ["Visiting Hours", "11am - 7pm"],
    ["Please clean", "your hands"],
    ["Hand Hygiene", "Saves Lives"],
    ["Outpatients {arrow}"],
    ["Pharmacy"],
    ["Fire Exit"],
    ["Fire Door", "Keep Shut"],
    ["Sluice"],
    ["Staff Only"],
    ["Day Surgery Unit"],
    ["Main Entrance {arrow}"],
    ["Maternity"],
    ["Restaurant", "Level 2"],
    ["Lifts {arrow}"],
    ["Quiet Room"],
    ["Nurses Station"],
    ["Ward 12", "Respiratory"],
    ["Clean Utility"],
    ["Wash your hands", "before and after", "each patient"],
    ["Emergency Department {arrow}"],
    ["Blood Tests", "Phlebotomy"],
    ["Waiting Area"],
    ["Physiotherapy"],
    ["No Entry"],
    ["Please wait", "to be seen"],
    ["Oncology Day Unit"],
    ["Chapel", "Multi-faith Room"],
]
SIGN_COLORS = [
    ((0, 94, 184), (255, 255, 255)),
    ((255, 255, 255), (0, 48, 135)),
    ((255, 220, 0), (20, 20, 20)),
    ((0, 132, 61), (255, 255, 255)),
    ((35, 35, 40), (255, 255, 255)),
    ((240, 240, 235), (30, 30, 30)),
    ((200, 30, 40), (255, 255, 255)),
    ((0, 114, 198), (255, 230, 0)),
]


def _lines(
    sheet: Sheet,
    lines: list[Line],
    x: float,
    y: float,
    face: fonts.FontFace,
    xh: float,
    ink: Color,
    lh: float,
) -> float:
    """Draw lines of (text, kind, entity) pieces; returns the baseline after the last line."""
    for line in lines:
        cx = x
        for text, kind, entity in line:
            cx = sheet.text(cx, y, text, face, xh, ink, kind, entity) + xh * 0.9
        y += lh
    return y


def _line_width(line: Line, face: fonts.FontFace, xh: float) -> float:
    return sum(width_of(t, face, xh) + xh * 0.9 for t, _, _ in line)


def _dob(rng: Gen) -> str:
    return ent.fmt_date(rng, ent.birth_date(rng))


def wristband(rng: Gen, xh: float) -> Sheet:
    """A narrow patient band: name, DOB, hospital and NHS numbers, a barcode, a snap end."""
    face = fonts.pick(rng, "sans", "mono", "bold", avoid=("hand", "serif"))
    ink: Color = (20, 20, 20)
    band: Color = jitter(
        rng,
        ent.choice(rng, [(250, 250, 250), (250, 250, 250), (255, 228, 228), (230, 240, 255)]),
        5,
    )
    _, first, surname = ent.person_parts(rng)
    name = ent.choice(
        rng,
        [
            f"{surname.upper()}, {first}",
            f"{surname.upper()} {first.upper()}",
            f"{surname.upper()}, {first.upper()}",
            f"{first} {surname.upper()}",
        ],
    )
    dob_label = ent.choice(rng, ["DOB:", "D.O.B.", "DOB", "Born:", ""])
    hosp_label = ent.choice(rng, ["", "", "MRN:", "Hosp No:", "H/N:"])
    nhs_label = ent.choice(rng, ["NHS:", "NHS No:", "NHS No", ""])
    lines: list[Line] = [[(name, "pii", "person")]]
    dob_line: Line = [(dob_label, "header", None)] if dob_label else []
    dob_line += [(_dob(rng), "pii", "date")]
    if rng.random() < 0.5:
        dob_line += [(ent.choice(rng, ["F", "M", "(F)", "(M)", "Female", "Male"]), None, None)]
    lines.append(dob_line)
    hosp: Line = ([(hosp_label, "header", None)] if hosp_label else []) + [
        (ent.hospital_number(rng), "pii", "hospital_number")
    ]
    lines.append(hosp)
    if rng.random() < 0.8:
        lines.append(
            ([(nhs_label, "header", None)] if nhs_label else [])
            + [(ent.nhs_number(rng), "pii", "nhs_number")]
        )
    lh = xh * 2.2
    text_w = max(_line_width(line, face, xh) for line in lines)
    bar_w = xh * rng.uniform(8, 14) if rng.random() < 0.8 else 0
    h = int(lh * len(lines) + xh * 2.4)
    w = int(xh * 6 + text_w + bar_w + xh * 16)  # snap end, text, barcode, strap
    sheet = Sheet(w, h, band, "wristband", alpha=0)
    sheet.rect((0, 0, w - 1, h - 1), fill=band, radius=h * 0.2)
    sheet.rect((xh, h * 0.3, xh * 3, h * 0.7), fill=jitter(rng, (200, 200, 205)), radius=xh * 0.5)
    _lines(sheet, lines, xh * 5, xh * 1.2 + lh * 0.7, face, xh, ink, lh)
    if bar_w:
        bx = xh * 6 + text_w
        while bx < xh * 6 + text_w + bar_w:
            bw = float(rng.choice([1, 1, 2, 3])) * xh * 0.18
            sheet.rect((bx, h * 0.18, bx + bw, h * 0.82), fill=ink)
            bx += bw + float(rng.choice([1, 2])) * xh * 0.18
    return sheet


def badge(rng: Gen, xh: float) -> Sheet:
    """A staff ID card: trust bar, photo placeholder, name, job title, maybe a department."""
    face = fonts.pick(rng, "sans", "bold", avoid=("hand", "mono"))
    bold = fonts.pick(rng, "bold", avoid=("hand", "mono", "serif"))
    bar: Color = jitter(
        rng,
        ent.choice(rng, [(0, 94, 184), (0, 48, 135), (0, 114, 198), (120, 30, 110), (0, 132, 61)]),
    )
    trust = ent.choice(rng, TRUSTS)
    name = ent.staff(rng) if rng.random() < 0.6 else " ".join(ent.person_parts(rng)[1:])
    job = ent.choice(rng, JOBS)
    dept = ent.choice(rng, WARDS) if rng.random() < 0.5 else ""
    big = xh * rng.uniform(1.3, 1.8)
    w = int(
        max(width_of(name, bold, big), width_of(trust, face, xh * 0.75), width_of(job, face, xh))
        + xh * 6
    )
    photo_h = w * 0.45
    h = int(xh * 4 + photo_h + big * 2.6 + xh * 5.5)
    card: Color = jitter(rng, (250, 250, 250), 5)
    sheet = Sheet(w, h, card, "badge", alpha=0)
    sheet.rect((0, 0, w - 1, h - 1), fill=card, radius=xh * 1.5)
    sheet.rect((0, 0, w - 1, xh * 3.2), fill=bar, radius=xh * 1.5)
    sheet.text(xh * 2, xh * 2.2, trust, face, xh * 0.75, ink_on(bar), "header")
    px = (w - photo_h * 0.8) / 2
    sheet.rect(
        (px, xh * 4, px + photo_h * 0.8, xh * 4 + photo_h), fill=jitter(rng, (160, 175, 190))
    )
    sheet.draw.ellipse(
        (
            px + photo_h * 0.25,
            xh * 4 + photo_h * 0.15,
            px + photo_h * 0.55,
            xh * 4 + photo_h * 0.55,
        ),
        fill=jitter(rng, (120, 130, 145)),
    )
    y = xh * 4 + photo_h + big * 2.2
    sheet.text(
        (w - width_of(name, bold, big)) / 2, y, name, bold, big, (15, 15, 20), "pii", "person"
    )
    y += xh * 2.6
    sheet.text((w - width_of(job, face, xh)) / 2, y, job, face, xh, bar, "header")
    if dept:
        sheet.text(
            (w - width_of(dept, face, xh)) / 2, y + xh * 2.2, dept, face, xh, (60, 60, 60), "header"
        )
    return sheet


def label(rng: Gen, xh: float) -> Sheet:
    """A specimen, pharmacy or bed-end label with labelled fields."""
    face = fonts.pick(rng, "sans", "mono", "condensed", avoid=("hand",))
    kind = ent.choice(rng, ["specimen", "pharmacy", "bed"])
    name = ent.person(
        rng,
        ent.choice(
            rng,
            [
                "SURNAME, First",
                "First SURNAME",
                "Title First Surname",
                "SURNAME First",
                "Surname, First",
            ],
        ),
    )

    def field(labels: list[str], value: str, entity: str) -> Line:
        tag = ent.choice(rng, labels)
        return ([(tag, "header", None)] if tag else []) + [(value, "pii", entity)]

    lines: list[Line] = []
    if kind == "pharmacy":
        lines.append(
            [
                (
                    ent.choice(
                        rng,
                        [
                            "Amoxicillin 500mg capsules",
                            "Ramipril 5mg tablets",
                            "Paracetamol 500mg tablets",
                            "Bisoprolol 2.5mg",
                        ],
                    ),
                    None,
                    None,
                )
            ]
        )
        lines.append([("Take ONE three times a day", None, None)])
    lines.append(field(["Name:", "Patient:", ""], name, "person"))
    lines.append(field(["DOB:", "D.O.B:", "Born:"], _dob(rng), "date"))
    lines.append(
        field(
            ["Hosp No:", "MRN:", "Hosp:", "Unit No:"], ent.hospital_number(rng), "hospital_number"
        )
    )
    if rng.random() < 0.6:
        lines.append(field(["NHS No:", "NHS:"], ent.nhs_number(rng), "nhs_number"))
    if kind == "pharmacy" and rng.random() < 0.5:
        lines.append(field([""], ent.street(rng), "address"))
        lines.append(field([""], ent.postcode(rng), "postcode"))
    if kind == "bed":
        lines.append([("Consultant:", "header", None), (ent.staff(rng), "pii", "person")])
    lines.append([("Ward:", "header", None), (ent.choice(rng, WARDS), "header", None)])
    lh = xh * 2.2
    w = int(max(_line_width(line, face, xh) for line in lines) + xh * 4)
    h = int(lh * len(lines) + xh * 3)
    paper: Color = jitter(
        rng, ent.choice(rng, [(252, 252, 250), (255, 250, 225), (240, 248, 255)]), 4
    )
    sheet = Sheet(w, h, paper, "label")
    sheet.rect(
        (xh * 0.5, xh * 0.5, w - xh * 0.5, h - xh * 0.5),
        outline=(90, 90, 90),
        width=max(1, int(xh / 6)),
    )
    _lines(sheet, lines, xh * 2, xh * 1.5 + lh * 0.6, face, xh, jitter(rng, (20, 20, 25), 8), lh)
    return sheet


def signage(rng: Gen, xh: float) -> Sheet:
    """A sign with 1-3 short lines of large type that must stay readable."""
    face = fonts.pick(rng, "sans", "bold", "condensed", avoid=("hand", "mono"))
    bg, ink = SIGN_COLORS[int(rng.integers(len(SIGN_COLORS)))]
    arrow = "→" if face.has("→") and rng.random() < 0.7 else ">"
    lines = [t.format(arrow=arrow) for t in SIGNS[int(rng.integers(len(SIGNS)))]]
    lh = xh * 2.5
    w = int(max(width_of(t, face, xh) for t in lines) + xh * 5)
    h = int(lh * len(lines) + xh * 3)
    sheet = Sheet(w, h, jitter(rng, bg, 6), "signage")
    sheet.rect(
        (xh * 0.6, xh * 0.6, w - xh * 0.6, h - xh * 0.6), outline=ink, width=max(1, int(xh / 5))
    )
    y = xh * 1.5 + lh * 0.65
    for text in lines:
        sheet.text((w - width_of(text, face, xh)) / 2, y, text, face, xh, ink, "sign")
        y += lh
    return sheet
