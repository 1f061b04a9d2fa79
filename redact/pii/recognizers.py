"""One recogniser per kind of identifier found on hospital screens, badges, wristbands and letters.

Each is a small `Recognizer`: patterns and context words as class constants, checks in
``validate``. OCR noise is tolerated where it matters: digit fields are also searched after
look-alike letters are mapped to digits (O->0, I/l->1, S->5, B->8...), and separators may be
spaces, dots, dashes or missing.
"""

from __future__ import annotations

import re
from datetime import date

from redact.pii.base import BOUNDARY, Match, Recognizer
from redact.pii.names import FIRST_NAMES, PLACE_WORDS, SURNAMES

# OCR reads o as 0 in month names ("16 0ctober 1976").
# The row separator may stand between a label or a comma and the value (see `BOUNDARY`).
_GAP = rf"(?:{re.escape(BOUNDARY)}\s*)?"
_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
).replace("o", "[o0]")


class NhsNumber(Recognizer):
    """NHS numbers: 10 digits (3-3-4 or run together) whose modulus-11 check digit is right."""

    ENTITY = "nhs_number"
    PATTERNS = {"nhs": r"(?<![\d])(?P<v>\d{3}[\s.-]{0,3}\d{3}[\s.-]{0,3}\d{4})(?![\d])"}
    CONTEXT = ("nhs", "nhs no", "nhs number")
    DIGITS = True

    def validate(self, value: str) -> bool:
        digits = [int(c) for c in value if c.isdigit()]
        if len(digits) != 10 or len(set(digits)) == 1:
            return False
        check = 11 - sum(d * w for d, w in zip(digits[:9], range(10, 1, -1))) % 11
        check = 0 if check == 11 else check
        return check != 10 and check == digits[9]


class DateRecognizer(Recognizer):
    """Full dates (day, month and year): numeric in either order, ISO, or with a month name."""

    ENTITY = "date"
    FLAGS = re.IGNORECASE
    PATTERNS = {
        "numeric": r"(?<![\d])(?P<v>\d{1,2}\s?[./-]\s?\d{1,2}\s?[./-]\s?(?:\d{4}|\d{2}))(?![\d])",
        "iso": r"(?<![\d])(?P<v>\d{4}-\d{1,2}-\d{1,2})(?![\d])",
        "day_month": rf"\b(?P<v>\d{{1,2}}(?:st|nd|rd|th)?[\s.-]*(?:{_MONTHS})\.?[\s.,-]*\d{{2,4}})\b",
        "month_day": rf"\b(?P<v>(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})\b",
    }
    CONTEXT = ("dob", "d.o.b", "date of birth", "born", "birth")
    DIGITS = True

    def validate(self, value: str) -> bool:
        numbers = [int(n) for n in re.findall(r"\d+", value)]
        if any(c.isalpha() for c in value):  # month name: day and year are enough to check
            day, year = numbers[0], numbers[-1]
            return 1 <= day <= 31 and (year < 100 or 1900 <= year <= 2100)
        if len(numbers) != 3:
            return False
        if numbers[0] > 999:  # ISO
            return _plausible(numbers[0], numbers[1], numbers[2])
        a, b, year = numbers
        year = year + (2000 if year < 50 else 1900) if year < 100 else year
        return _plausible(year, b, a) or _plausible(year, a, b)  # UK or US order


def _plausible(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return 1900 <= year <= 2100


class Postcode(Recognizer):
    """UK postcodes, e.g. ``SW1A 1AA``, ``M1 1AE``, ``B33 8TH``."""

    ENTITY = "postcode"
    PATTERNS = {
        "uk": r"\b(?P<v>(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s?\d[ABD-HJLNP-UW-Z]{2})\b",
        # OCR reads a letter of the inward code as its digit look-alike ("B81 31T" for
        # "B81 3LT"): one of its two letters may be a 1, 2, 5 or 8.
        "misread": (
            r"\b(?P<v>[A-Z]{1,2}\d[A-Z\d]?\s?\d"
            r"(?:[ABD-HJLNP-UW-Z][1258]|[1258][ABD-HJLNP-UW-Z]))\b"
        ),
    }
    CONTEXT = ("postcode", "address")


class Phone(Recognizer):
    """Phone numbers: UK (07..., 01/02/03..., +44) and other 10-13 digit numbers with separators."""

    ENTITY = "phone"
    PATTERNS = {
        "uk": r"(?<![\d])(?P<v>(?:\+44\s?\(?0?\)?\s?|0)\d{2,4}[\s.-]?\d{3,4}[\s.-]?\d{3,4})(?![\d])",
        "intl": r"(?<![\d])(?P<v>\+\d{1,3}[\s.-]?\(?\d{1,4}\)?[\s.-]?\d{3,4}[\s.-]?\d{3,4})(?![\d])",
        "us": r"(?<![\d])(?P<v>\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4})(?![\d])",
    }
    CONTEXT = ("tel", "phone", "mob", "mobile", "ext", "bleep", "call")
    DIGITS = True

    def validate(self, value: str) -> bool:
        digits = sum(c.isdigit() for c in value)
        return 10 <= digits <= 13


class Email(Recognizer):
    """E-mail addresses."""

    ENTITY = "email"
    PATTERNS = {
        "email": r"\b(?P<v>[\w.+-]+\s?@\s?[\w-]+(?:\.[\w-]+)+)\b",
        # OCR may drop the dots ("paul williams@example org"): a space before a common
        # top-level domain stands for one.
        "spaced": (
            r"\b(?P<v>[\w.+-]+@[\w-]+(?:[.\s][\w-]+)*\s"
            r"(?:com|org|net|uk|nhs|co|ac|gov|edu|io|info)\b)"
        ),
    }


class HospitalNumber(Recognizer):
    """Hospital numbers / MRNs: 1-4 letters (or a trust code such as ``RJ1``) then 5-10 digits,
    or any code after an MRN label."""

    ENTITY = "hospital_number"
    PATTERNS = {
        # 1-4 letters, or a trust code of a letter and two letters or digits ("RJ1", "R1H"),
        # then 5-10 digits: "RTH1234567", "M407834", "RJ1 3104260".
        "coded": r"(?<![\w])(?P<v>(?:[A-Z]{1,4}|[A-Z][A-Z\d]{2})\s?\d{5,10})(?![\w])",
        "labelled": (
            r"(?i:\b(?:mrn|hosp(?:ital)?\.?\s*(?:no|number|num)?|patient\s*(?:id|no)|"
            r"unit\s*no|case\s*no|id\s*no)\b\.?\s*[:#]?\s*" + _GAP + ")"
            r"(?P<v>[A-Z0-9](?:[ /-]?[A-Z0-9]){4,14})"
        ),
    }
    CONTEXT = ("mrn", "hospital no", "hosp no", "patient id", "unit no")
    DIGITS = True

    def validate(self, value: str) -> bool:
        return sum(c.isdigit() for c in value) >= 4


class StreetAddress(Recognizer):
    """Street addresses: a house number and a street name ending in Road, Street, Lane..."""

    ENTITY = "address"
    PATTERNS = {
        "street": (
            r"\b(?P<v>\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][a-z']+\s+){1,3}"
            r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Court|Ct|Crescent|"
            r"Place|Pl|Gardens|Gdns|Terrace|Grove|Hill|Square|Row|Walk|Mews|Park)\b\.?)"
        ),
    }
    CONTEXT = ("address", "addr")


_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sister|Nurse|Matron|Sir|Dame)"
_CAP = r"(?:[A-Z]|l(?=[a-z]))[a-z'’]+(?:-[A-Z][a-z'’]+)?"  # OCR reads "Ian" as "lan"
# A capitalised word as OCR reads it: "R0BINSON" (a zero for O) and "wOOD" (a letter whose
# small form looks like its capital) are still surnames.
_UPPER = r"[A-Zcosvwxz][A-Z0'’]+(?:-[A-Z][A-Z0'’]+)?"


class PersonName(Recognizer):
    """Names of people, from context: titles, labels, "SURNAME, Firstname", badges' "my name is",
    imaging systems' ``SURNAME FIRSTNAME [M]``, and a list of common first names."""

    ENTITY = "person"
    PATTERNS = {
        "title": rf"\b{_TITLE}\.?\s+(?P<v>(?:{_CAP}|{_UPPER}|[A-Z]\.?)(?:\s+(?:{_CAP}|{_UPPER}))*)",
        "label": (
            r"(?i:\b(?:patient(?:'s)?\s+name|full\s+name|name|patient|surname|forename|"
            r"first\s+name|last\s+name|consultant|named\s+nurse|nurse|doctor|dr|carer|"
            rf"next\s+of\s+kin|nok|gp|staff)\b\s*[:;-]\s*{_GAP})"
            rf"(?P<v>(?:{_CAP}|{_UPPER})(?:[\s,]+(?:{_CAP}|{_UPPER})){{0,3}})"
        ),
        "surname_first": rf"\b(?P<v>{_UPPER}\s?,\s*{_GAP}{_CAP}(?:\s+{_CAP})?)",
        "my_name_is": rf"(?i:\bmy\s+name\s+is\s+{_GAP})(?P<v>{_CAP}(?:\s+{_CAP})?)",
        "imaging": rf"\b(?P<v>{_UPPER}\s+{_UPPER}(?:\s+{_UPPER})?)\s*[\[(]\s*[MFU]\s*[\])]",
        # "Hughes, T.", "HUGHES, T J": a surname and its initials
        "surname_initials": (
            rf"\b(?P<v>(?:{_CAP}|{_UPPER})\s?,\s*{_GAP}[A-Z]\.?(?:\s?[A-Z]\.?)?)(?![\w])"
        ),
        # "T. Hughes", "A.B. SMITH": initials with their dots, then a surname
        "initials_surname": rf"(?<![\w.])(?P<v>(?:[A-Z]\.\s?){{1,2}}(?:{_CAP}|{_UPPER}))",
    }
    CONTEXT = ("name", "patient", "mr", "mrs", "dr")

    def __init__(
        self,
        first_names: frozenset[str] = FIRST_NAMES,
        surnames: frozenset[str] = SURNAMES,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.first_names, self.surnames = first_names, surnames
        word = rf"(?:{_CAP}|{_UPPER})"
        self._pair = re.compile(rf"\b(?P<a>{word})\s+(?P<b>{word})\b(?P<after>\s+\w+)?")
        self._initial = re.compile(rf"(?<![\w.])[A-Z]\s+(?P<b>{word})\b")
        self._comma = re.compile(rf"\b(?P<a>{_CAP}),\s*(?P<b>{_CAP})\b")
        self._first_initial = re.compile(rf"\b(?P<a>{word})\s+[A-Z]\.?(?![\w.])")

    def _first(self, word: str) -> bool:
        word = word.lower()
        if word in self.first_names:
            return True
        return word.startswith("l") and "i" + word[1:] in self.first_names  # OCR's "lan": Ian

    def _surname(self, word: str) -> bool:
        return word.lower() in self.surnames and word.lower() not in PLACE_WORDS

    def analyze(self, text: str) -> list[Match]:
        found = {(m.start, m.end): m for m in super().analyze(text)}
        for m in _overlapping(self._pair, text):
            a, b, after = m.group("a"), m.group("b"), (m.group("after") or "").strip()
            if b.lower() in PLACE_WORDS or after.lower() in PLACE_WORDS:
                continue  # "Florence Ward", "Rose Garden Unit": a place named after someone
            # "John Smith", "JESSICA SMITH", or a surname in capitals first: "SMITH John"
            if self._first(a) or (a.isupper() and self._surname(a) and self._first(b)):
                start, end = m.span("a")[0], m.span("b")[1]
                found.setdefault((start, end), Match(self.ENTITY, start, end, 0.7))
        for m in self._comma.finditer(text):  # "Chatterjee, Eoin": a known surname or name
            if self._surname(m.group("a")) or self._first(m.group("b")):
                found.setdefault(m.span(), Match(self.ENTITY, m.start(), m.end(), 0.7))
        for m in self._first_initial.finditer(text):  # "Mia D", "MORAG D."
            if self._first(m.group("a")):
                found.setdefault(m.span(), Match(self.ENTITY, m.start(), m.end(), 0.7))
        for m in self._initial.finditer(text):  # "T Hughes", "Y OKAFOR"
            if self._surname(m.group("b")):
                found.setdefault(m.span(), Match(self.ENTITY, m.start(), m.end(), 0.7))
        return sorted(found.values(), key=lambda x: (x.start, x.end))


def _overlapping(regex: re.Pattern, text: str):
    """Every match of ``regex`` in ``text``, including those that start inside an earlier one
    ("Dear Anita Price": "Dear Anita" fails, "Anita Price" is a name)."""
    pos = 0
    while (m := regex.search(text, pos)) is not None:
        yield m
        pos = m.start() + 1
