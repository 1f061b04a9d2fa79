"""Big panels: a PAS/EPR patient list on a monitor, a ward whiteboard, a clinic letter."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from benchmarks.wild import entities as ent
from benchmarks.wild import fonts
from benchmarks.wild.sheet import Color, Sheet, ink_on, jitter, width_of

Gen = np.random.Generator
Cell = Callable[[Gen], tuple[str, str | None]]

WARDS = [
    "Ward 7B",
    "Ward 12",
    "AMU",
    "Ward 3",
    "CCU",
    "Ward 22",
    "Ward 9A",
    "SAU",
    "Ward 41",
    "Elderly Care 2",
    "Ward 18",
    "Ward 5C",
    "HDU",
    "Ward 30",
    "Ash Ward",
    "Beech Ward",
]
TRUSTS = [
    "Northfield Teaching Hospitals NHS Trust",
    "Calderbrook University Hospitals",
    "St Aldric's Hospital NHS Foundation Trust",
    "Westmoor General Hospital",
    "Riverside & District NHS Trust",
    "Kingsgate Royal Infirmary",
]
NOTES = [
    "NBM",
    "Falls risk",
    "TTO",
    "Awaiting OT",
    "MFFD",
    "Home today",
    "IV abx",
    "DNACPR",
    "Side room",
    "Diabetic",
    "Obs 4hrly",
    "Bloods",
    "CT am",
    "PT review",
    "Fluid chart",
]
SPECIALTIES = [
    "Cardiology",
    "Gen Med",
    "Respiratory",
    "Gastro",
    "Care of Elderly",
    "Surgery",
    "Orthopaedics",
    "Stroke",
    "Renal",
    "Oncology",
]


def _bed(rng: Gen) -> tuple[str, str | None]:
    n = int(rng.integers(1, 31))
    return ent.choice(
        rng,
        [f"{n}", f"B{int(rng.integers(1, 7))}-{n:02d}", f"SR{n % 9 + 1}", f"Bay {n % 6 + 1}/{n}"],
    ), None


COLUMNS: list[tuple[list[str], Cell]] = [
    (["Bed", "Bay/Bed", "Loc", "BED"], _bed),
    (
        ["Name", "Patient", "Patient Name", "NAME", "Surname, Forename"],
        lambda r: (ent.person(r), "person"),
    ),
    (
        ["DOB", "D.O.B.", "Date of Birth", "DoB", "Born"],
        lambda r: (ent.fmt_date(r, ent.birth_date(r)), "date"),
    ),
    (
        ["Age", "Age/Sex"],
        lambda r: (f"{int(r.integers(18, 99))} {ent.choice(r, ['M', 'F'])}", None),
    ),
    (
        ["NHS No", "NHS Number", "NHS No.", "NHS #", "NHS"],
        lambda r: (ent.nhs_number(r), "nhs_number"),
    ),
    (
        ["Hosp No", "MRN", "Hospital No", "PAS No", "Unit No", "CRN"],
        lambda r: (ent.hospital_number(r), "hospital_number"),
    ),
    (["Consultant", "Cons", "Clinician", "Named Cons"], lambda r: (ent.staff(r), "person")),
    (["Address", "Home Address"], lambda r: (ent.street(r), "address")),
    (["Postcode", "Post Code"], lambda r: (ent.postcode(r), "postcode")),
    (["Phone", "Tel", "Contact No", "NOK Tel"], lambda r: (ent.phone(r), "phone")),
    (["Specialty", "Spec"], lambda r: (ent.choice(r, SPECIALTIES), None)),
    (["Status", "Plan", "Notes"], lambda r: (ent.choice(r, NOTES), None)),
]


def monitor_list(rng: Gen, xh: float) -> Sheet:
    """A patient list on a monitor: title bar, header row, 3-12 rows, bezel."""
    face = fonts.pick(rng, "mono", "sans", "condensed", avoid=("hand",))
    bold = fonts.pick(rng, "bold", avoid=("hand",)) if rng.random() < 0.5 else face
    dark = rng.random() < 0.4
    bg: Color = jitter(rng, (18, 22, 38) if dark else (250, 250, 250))
    ink: Color = jitter(
        rng,
        ent.choice(rng, [(235, 235, 235), (120, 230, 140), (140, 220, 255)])
        if dark
        else (25, 25, 30),
        8,
    )
    head_bg: Color = jitter(
        rng,
        (55, 65, 100)
        if dark
        else ent.choice(rng, [(0, 94, 184), (200, 205, 215), (0, 48, 135), (66, 85, 99)]),
    )
    stripe: Color = jitter(rng, (30, 36, 58) if dark else (232, 238, 246), 6)
    marks = [(255, 236, 140), (255, 200, 200), (200, 240, 200), (255, 215, 160)]
    others = [c for c in COLUMNS[2:] if rng.random() < 0.45][:5]
    body = [COLUMNS[1], *others]
    if rng.random() < 0.4:
        body = [body[i] for i in rng.permutation(len(body))]
    chosen = ([COLUMNS[0]] if rng.random() < 0.7 else []) + body
    n_rows = int(rng.integers(3, 13))
    headers = [ent.choice(rng, h) for h, _ in chosen]
    cells = [[fn(rng) for _, fn in chosen] for _ in range(n_rows)]
    pad, row_h = xh * 1.2, xh * 2.6
    widths = [
        max([width_of(h, bold, xh)] + [width_of(c[j][0], face, xh) for c in cells]) + 2 * pad
        for j, h in enumerate(headers)
    ]
    bezel = int(xh * rng.uniform(1.5, 4))
    title_h = row_h * 1.3
    w = int(sum(widths) + 2 * bezel + pad * 2)
    h = int(title_h + row_h * (n_rows + 1) + 2 * bezel + pad * 2)
    sheet = Sheet(w, h, jitter(rng, (15, 15, 18), 6), "monitor_list")
    x0, y0 = bezel, bezel
    sheet.rect((x0, y0, w - bezel, h - bezel), fill=bg)
    views = ["Inpatient List", "Bed State", "Patient List", "Ward View", "Handover"]
    title = f"{ent.choice(rng, WARDS)} - {ent.choice(rng, views)}"
    tbar: Color = jitter(rng, (35, 45, 75) if dark else (225, 230, 240))
    sheet.rect((x0, y0, w - bezel, y0 + title_h), fill=tbar)
    sheet.text(x0 + pad, y0 + title_h * 0.68, title, bold, xh * 1.1, ink_on(tbar), "header")
    y = y0 + title_h + pad
    sheet.rect((x0 + pad, y, w - bezel - pad, y + row_h), fill=head_bg)
    x = x0 + pad
    for head, cw in zip(headers, widths):
        sheet.text(x + pad, y + row_h * 0.66, head, bold, xh, ink_on(head_bg), "header")
        x += cw
    lines = rng.random() < 0.6
    for i, row in enumerate(cells):
        y += row_h
        fill = stripe if i % 2 else bg
        if rng.random() < 0.15:
            fill = marks[int(rng.integers(len(marks)))] if not dark else jitter(rng, (70, 60, 20))
        sheet.rect(
            (x0 + pad, y, w - bezel - pad, y + row_h), fill=fill, outline=stripe if lines else None
        )
        x = x0 + pad
        color = ink_on(fill) if fill not in (bg, stripe) else ink
        for (text, entity), cw in zip(row, widths):
            sheet.text(
                x + pad, y + row_h * 0.66, text, face, xh, color, "pii" if entity else None, entity
            )
            x += cw
    return sheet


def whiteboard(rng: Gen, xh: float) -> Sheet:
    """A ward board in marker: title, Bed / Patient / Nurse / Cons / Notes, nurse in charge."""
    face = fonts.pick(rng, "hand") if rng.random() < 0.75 else fonts.pick(rng, "sans", "bold")
    inks = [(20, 40, 150), (25, 25, 25), (170, 20, 20), (20, 110, 40)]
    ink: Color = jitter(rng, inks[int(rng.integers(len(inks)))])
    heads = [
        ent.choice(rng, h)
        for h in (
            ["Bed", "BED", "Bay/Bed"],
            ["Patient", "Name", "PATIENT"],
            ["Nurse", "Named Nurse", "RN"],
            ["Cons", "Consultant", "Dr"],
            ["Notes", "Plan", "EDD"],
        )
    ]
    n_rows = int(rng.integers(4, 10))
    nurse_names = [
        ent.staff(rng).split(" ", 1)[-1]
        if rng.random() < 0.3
        else f"{ent.choice(rng, ent.FIRST_F + ent.FIRST_M)} {ent.choice(rng, ent.SURNAMES)[0]}"
        for _ in range(3)
    ]
    rows = []
    for i in range(n_rows):
        rows.append(
            [
                (str(i + 1 + int(rng.integers(0, 3)) * 6), None),
                (
                    ent.person(
                        rng,
                        ent.choice(
                            rng,
                            [
                                "Title I Surname",
                                "First Surname",
                                "Surname, I.",
                                "I. Surname",
                                "Title Surname",
                                "First SURNAME",
                            ],
                        ),
                    ),
                    "person",
                ),
                (nurse_names[i * len(nurse_names) // n_rows], "person"),
                (ent.staff(rng), "person"),
                (ent.choice(rng, NOTES), None),
            ]
        )
    pad, row_h = xh * 1.4, xh * 3.2
    widths = [
        max([width_of(heads[j], face, xh)] + [width_of(r[j][0], face, xh) for r in rows]) + 2 * pad
        for j in range(5)
    ]
    frame = int(xh * 1.2)
    w = int(sum(widths) + 2 * frame + 2 * pad)
    h = int(row_h * (n_rows + 3.5) + 2 * frame + pad)
    sheet = Sheet(w, h, jitter(rng, (175, 178, 185), 8), "whiteboard")
    board: Color = jitter(rng, (244, 245, 242), 6)
    sheet.rect((frame, frame, w - frame, h - frame), fill=board)
    y = frame + row_h * 1.1
    sheet.text(frame + pad, y, ent.choice(rng, WARDS).upper(), face, xh * 1.6, ink, "header")
    y += row_h * 0.4
    grid: Color = jitter(rng, (60, 60, 70))
    x = frame + pad
    for j, head in enumerate(heads):
        sheet.text(x + pad, y + row_h * 0.7, head, face, xh, ink, "header")
        x += widths[j]
    for row in rows:
        y += row_h
        sheet.draw.line((frame + pad, y, w - frame - pad, y), fill=grid, width=max(1, int(xh / 5)))
        x = frame + pad
        for j, (text, entity) in enumerate(row):
            color = inks[int(rng.integers(len(inks)))] if rng.random() < 0.25 else ink
            wobble = float(rng.uniform(-0.15, 0.15)) * xh
            sheet.text(
                x + pad,
                y + row_h * 0.7 + wobble,
                text,
                face,
                xh,
                color,
                "pii" if entity else None,
                entity,
            )
            x += widths[j]
    y += row_h * 1.6
    x = sheet.text(
        frame + pad,
        y,
        ent.choice(rng, ["Nurse in charge:", "NIC:", "Co-ordinator:"]),
        face,
        xh,
        ink,
        "header",
    )
    sheet.text(x + xh, y, ent.staff(rng), face, xh, ink, "pii", "person")
    return sheet


def _words(text: str) -> list[str]:
    """The whitespace-separated words of ``text``."""
    return text.split()


BODY = _words(
    """
Thank you for referring this patient, who was seen in the clinic today. She reports a two
month history of intermittent palpitations and mild breathlessness on exertion. There is no
history of chest pain or syncope. Examination was unremarkable and the ECG showed sinus
rhythm. I have arranged a 24 hour tape and an echocardiogram and will review the results in
the clinic in six weeks. Please continue the current medication in the meantime. I would be
grateful if you could check renal function and electrolytes at the surgery.
"""
)


def letter(rng: Gen, xh: float) -> Sheet:
    """A clinic letter: trust header, address block, identifiers, salutation, body, contacts."""
    face = fonts.pick(rng, "serif", "sans", avoid=("hand", "mono"))
    bold = fonts.pick(rng, "bold", avoid=("hand", "mono")) if rng.random() < 0.5 else face
    ink: Color = jitter(rng, (25, 25, 30), 8)
    paper: Color = jitter(rng, (250, 249, 244), 5)
    title, first, surname = ent.person_parts(rng)
    lh = xh * 2.4
    w = int(width_of("x" * 62, face, xh) + 4 * xh)
    n_body = int(rng.integers(3, 6))
    h = int(lh * (19 + n_body) + 4 * xh)
    sheet = Sheet(w, h, paper, "letter")
    margin = xh * 2
    trust = ent.choice(rng, TRUSTS)
    sheet.text(
        w - margin - width_of(trust, bold, xh * 1.1),
        lh * 1.2,
        trust,
        bold,
        xh * 1.1,
        jitter(rng, (0, 94, 184)),
        "header",
    )
    y = lh * 3
    name = ent.choice(
        rng,
        [
            f"{title} {first} {surname}",
            f"{title} {first[0]} {surname}",
            f"{first} {surname.upper()}",
            f"{title} {first[0]}. {surname}",
        ],
    )
    sheet.text(margin, y, name, face, xh, ink, "pii", "person")
    for text, entity in [
        (ent.street(rng), "address"),
        (ent.town(rng), "address"),
        (ent.postcode(rng), "postcode"),
    ]:
        y += lh
        sheet.text(margin, y, text, face, xh, ink, "pii", entity)
    y += lh * 1.6
    dob = ent.fmt_date(
        rng,
        ent.birth_date(rng),
        ent.choice(
            rng,
            [
                "D Mon YYYY",
                "DD/MM/YYYY",
                "Dth Month YYYY",
                "D Month YYYY",
                "DD.MM.YYYY",
                "DD MON YYYY",
            ],
        ),
    )
    fields = [
        (ent.choice(rng, ["Date of birth:", "DOB:", "D.O.B:"]), dob, "date"),
        (ent.choice(rng, ["NHS No:", "NHS Number:"]), ent.nhs_number(rng), "nhs_number"),
        (
            ent.choice(rng, ["Hospital No:", "Hosp No:", "MRN:", "Unit No:"]),
            ent.hospital_number(rng),
            "hospital_number",
        ),
    ]
    label_w = max(width_of(f[0], bold, xh) for f in fields) + xh * 1.5
    for label, value, entity in fields:
        sheet.text(margin, y, label, bold, xh, ink, "header")
        sheet.text(margin + label_w, y, value, face, xh, ink, "pii", entity)
        y += lh
    y += lh * 0.6
    x = sheet.text(margin, y, "Dear ", face, xh, ink)
    sheet.text(x, y, f"{title} {surname}", face, xh, ink, "pii", "person")
    y += lh * 1.4
    words = list(BODY[int(rng.integers(0, 20)) :])
    for _ in range(n_body):
        line = ""
        while words and width_of(line + " " + words[0], face, xh) < w - 2 * margin:
            line = (line + " " + words.pop(0)).strip()
        sheet.text(margin, y, line, face, xh, ink)
        y += lh
    y += lh * 0.5
    for label, value, entity in [
        (ent.choice(rng, ["Tel:", "Telephone:", "Direct line:"]), ent.phone(rng), "phone"),
        (ent.choice(rng, ["Email:", "E-mail:"]), ent.email(rng, first, surname), "email"),
    ]:
        x = sheet.text(margin, y, label, face, xh, ink, "header")
        sheet.text(x + xh, y, value, face, xh, ink, "pii", entity)
        y += lh
    y += lh * 0.6
    sheet.text(margin, y, "Yours sincerely,", face, xh, ink)
    sheet.text(margin, y + lh * 1.8, ent.staff(rng), bold, xh, ink, "pii", "person")
    sheet.text(
        margin,
        y + lh * 2.8,
        ent.choice(
            rng,
            [
                "Consultant Cardiologist",
                "Specialty Registrar",
                "Consultant Physician",
                "Clinical Nurse Specialist",
            ],
        ),
        face,
        xh,
        ink,
        "header",
    )
    return sheet
