"""Which lines are identifiers: the recognisers read each row, with the layout as context.

In order:
1. **Rows.** Every recogniser reads each row, with the row right above it as context (a
   ``Patient`` label over a name).
2. **Badges.** A short capitalised line right above or below a job title is a name.
3. **Table columns.** A header naming an identifier (``Name``, ``DOB``, ``NHS No``, ``MRN``,
   ``Address``...) on a line with other headers makes every cell in the column under it that
   identifier, whatever the cell looks like alone.
4. **Addresses.** The lines right above a postcode in its block are the address.
5. **Blocks.** A block of two rows or more (a patient list, a letter, a wristband, a label) that
   holds an identifier or a table header naming one is hidden whole, but for its headers, field
   labels, job titles and a title in larger type. Signs are blocks too, but hold neither, and
   stay readable.
"""

from __future__ import annotations

import re

from redact.pii.registry import Registry
from redact.text.layout import SEP, Layout

# Headers and field labels that name an identifier, normalised (see `label_of`).
HEADERS: dict[str, str] = {
    **dict.fromkeys(
        [
            "name",
            "names",
            "patient",
            "patients",
            "patient name",
            "patients name",
            "pt name",
            "full name",
            "surname",
            "last name",
            "family name",
            "forename",
            "forenames",
            "first name",
            "given name",
            "consultant",
            "named nurse",
            "nurse",
            "doctor",
            "gp",
            "registered gp",
            "next of kin",
            "nok",
            "carer",
            "clinician",
            "responsible clinician",
            "referrer",
            "keyworker",
            "key worker",
            "staff",
            "nic",
            "nurse in charge",
            "coordinator",
            "co-ordinator",
        ],
        "person",
    ),
    **dict.fromkeys(["dob", "date of birth", "birth date", "born"], "date"),
    **dict.fromkeys(["nhs", "nhs no", "nhs number", "nhs num", "nhs #"], "nhs_number"),
    **dict.fromkeys(
        [
            "hosp",
            "hosp no",
            "hosp num",
            "hospital no",
            "hospital number",
            "mrn",
            "mr no",
            "unit no",
            "case no",
            "patient id",
            "patient no",
            "patient number",
            "pas no",
            "pas number",
            "crn",
            "record no",
            "id",
            "id no",
        ],
        "hospital_number",
    ),
    **dict.fromkeys(["address", "home address", "addr", "patient address"], "address"),
    **dict.fromkeys(["postcode", "post code"], "postcode"),
    **dict.fromkeys(
        ["phone", "tel", "telephone", "mobile", "contact", "contact no", "phone no", "tel no"],
        "phone",
    ),
    **dict.fromkeys(["email", "e-mail", "email address"], "email"),
}
# Other headers and labels: never identifiers themselves, and left readable in a hidden block.
_OTHER_LABELS = """
    bed bay ward room age sex gender diagnosis status allergies allergy time date team specialty
    speciality admitted admission edd news obs notes plan comments location ward/bed sex/age
    reason referral source priority
"""
LABELS = frozenset(_OTHER_LABELS.split()) | {"date of admission", "admission date", "bed no"}

_LABEL_TEXT = re.compile(r"[^a-z0-9#/ ]+")
_WORD = r"(?:[A-Z][a-z'’-]+|[A-Z][A-Z'’-]+|[A-Z]\.?)"
_NAME_LIKE = re.compile(rf"^{_WORD}(?:\s+{_WORD}){{0,3}}$")  # "Ayesha S", "Dr A. Patel"
ROLE_WORDS = re.compile(
    r"(?i)\b(nurse|doctor|sister|charge nurse|consultant|matron|midwife|physio(?:therapist)?|"
    r"porter|healthcare assistant|hca|registrar|surgeon|an(?:a)?esthetist|radiographer|"
    r"pharmacist|volunteer|student|paramedic|therapist|receptionist|ward clerk|housekeeper|"
    r"domestic|manager|chaplain|dietitian|phlebotomist|cleaner|f[yi]\d|sho|sp[rR])\b"
)
# The words of a job title ("Senior Staff Nurse", "Healthcare Assistant"): a line of only these
# is a title, not a name.
_ROLE_VOCAB = frozenset(
    """
    nurse doctor sister charge consultant matron midwife physio physiotherapist porter
    healthcare health care assistant hca registrar surgeon anaesthetist anesthetist
    radiographer pharmacist volunteer student paramedic therapist receptionist ward clerk
    housekeeper domestic manager chaplain dietitian phlebotomist cleaner sho spr staff senior
    junior deputy advanced practitioner specialist clinical lead trainee registered head
    occupational speech language and of the team support worker nursing associate fy1 fy2 fi1
    """.split()  # noqa: SIM905
)
# A block's top row in type this much larger than its other rows is its title.
TITLE = 1.15
# The most lines above a postcode taken as its address (house, street, district, town).
ADDRESS_LINES = 4


def label_of(text: str) -> str:
    """``text`` as a header or label: lower case, dots and colons gone, spaces single
    (``"D.O.B.:"`` -> ``"dob"``, ``"NHS No."`` -> ``"nhs no"``)."""
    text = text.lower().replace(".", "")
    return " ".join(_LABEL_TEXT.sub(" ", text).split())


def labels_in(text: str) -> list[str] | None:
    """The headers and labels ``text`` is made of, left to right, or None if it holds anything
    else: the detector often reads a whole header row as one line (``"Bed Patient D.O.B. NHS
    No"`` -> ``["bed", "patient", "dob", "nhs no"]``)."""
    words = label_of(text).split()
    found, at = [], 0
    while at < len(words):
        for size in (4, 3, 2, 1):
            term = " ".join(words[at : at + size])
            if size <= len(words) - at and (term in HEADERS or term in LABELS):
                found.append(term)
                at += size
                break
        else:
            return None
    return found or None


def is_label(text: str) -> bool:
    """Whether ``text`` is, as a whole, headers, field labels or a job title (``Staff Nurse``
    under a name on a badge)."""
    if labels_in(text):
        return True
    words = label_of(text).split()
    return bool(words) and bool(ROLE_WORDS.search(text)) and all(w in _ROLE_VOCAB for w in words)


def header_entity(text: str) -> str | None:
    """The identifier a header names (``"NHS No."`` -> ``"nhs_number"``; ``"Surname,
    Forename"`` -> ``"person"``), or None."""
    terms = labels_in(text) or []
    entities = {HEADERS.get(t) for t in terms}
    return entities.pop() if len(entities) == 1 else None


def _table_header(i: int, texts: list[str], labels: set[int], layout: Layout) -> bool:
    """A header naming an identifier, on a line with other headers: the head of a table."""
    terms = labels_in(texts[i]) or []
    if not any(t in HEADERS for t in terms):
        return False
    return len(terms) >= 2 or len(labels.intersection(layout.on_line_with(i))) >= 2


def identify(
    texts: list[str],
    layout: Layout,
    registry: Registry,
    *,
    columns: bool = True,
    blocks: bool = True,
) -> list[str | None]:
    """The entity each line is part of, or None for text that may stay readable.

    Args:
        texts: each line's text.
        layout: the lines' rows and blocks (`redact.text.layout.lay_out`).
        registry: the recognisers.
        columns: table cells under identifier headers, and address lines above postcodes.
        blocks: blocks that hold an identifier are hidden whole but for labels.
    """
    kinds: list[str | None] = [None] * len(texts)
    labels = {i for i, t in enumerate(texts) if is_label(t)}
    rows = layout.rows
    for k, row in enumerate(rows):
        above = layout.above(k)
        context = rows[above].text + SEP if above is not None else ""
        for m in registry.analyze(context + row.text):
            start, end = m.start - len(context), m.end - len(context)
            if start >= 0:  # only identifiers that are in this row
                for i in row.lines_in(start, end):
                    if i not in labels:  # "my name is ¦ Student Nurse"
                        kinds[i] = kinds[i] or m.entity
        if _badge_name(layout, k):
            for i in row.lines:
                kinds[i] = kinds[i] or "person"
    headers = [i for i in labels if _table_header(i, texts, labels, layout)] if columns else []
    for i in headers:
        entity = header_entity(texts[i])
        if entity is None:
            continue  # a whole header row read as one line: its block is hidden, below
        for j in layout.column_under(i):
            if j not in labels:
                kinds[j] = kinds[j] or entity
    if columns:
        _addresses(layout, kinds, labels)
    if not blocks:
        return kinds
    triggered = {layout.block_of[layout.row_of[i]] for i, k in enumerate(kinds) if k} | {
        layout.block_of[layout.row_of[i]] for i in headers
    }
    for b in triggered:
        rows = layout.blocks[b]
        if len(rows) < 2:
            continue  # one row is not a block: "Sarah Davies ¦ Toilets" keeps its sign
        title = _title(layout, rows, kinds)
        for i in layout.block_lines(b):
            if i not in labels and i not in title and texts[i].strip():
                kinds[i] = kinds[i] or "block"
    return kinds


def _title(layout: Layout, rows: list[int], kinds: list[str | None]) -> set[int]:
    """The lines of a block's title: its top row, when it is in larger type than the rest,
    holds no identifier and does not look like a name ("Ward 7B" over the bed list; not
    "ADEBAYO HARJIT" over a date of birth)."""
    top = min(rows, key=lambda k: layout.rows[k].shape.centre[1])
    heights = sorted(layout.rows[k].shape.height for k in rows if k != top)
    lines = layout.rows[top].lines
    if layout.rows[top].shape.height < TITLE * heights[len(heights) // 2]:
        return set()
    if _NAME_LIKE.match(layout.rows[top].text.replace(SEP, " ").strip()):
        return set()
    return set() if any(kinds[i] for i in lines) else set(lines)


def _badge_name(layout: Layout, k: int) -> bool:
    """A short capitalised line right above or below a job title is a name on a badge."""
    text = layout.rows[k].text.strip()
    if not _NAME_LIKE.match(text) or ROLE_WORDS.search(text):
        return False
    return any(ROLE_WORDS.search(layout.rows[j].text) for j in layout.near(k))


def _addresses(layout: Layout, kinds: list[str | None], labels: set[int]) -> None:
    """The rows right above a row holding a postcode are its address."""
    for k, row in enumerate(layout.rows):
        if not any(kinds[i] == "postcode" for i in row.lines):
            continue
        at = k
        for _ in range(ADDRESS_LINES):
            up = layout.above(at)
            if up is None or any(i in labels for i in layout.rows[up].lines):
                break
            for i in layout.rows[up].lines:
                kinds[i] = kinds[i] or "address"
            at = up
