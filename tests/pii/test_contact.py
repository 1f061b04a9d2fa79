"""Postcodes, phone numbers, e-mail and street addresses."""

import pytest

from redact.pii import Email, Phone, Postcode, StreetAddress
from tests.pii.helpers import found


@pytest.mark.parametrize(
    ("recognizer", "text", "expected"),
    [
        (Postcode, "Leeds LS1 4AB", ["LS1 4AB"]),
        (Postcode, "SW1A 1AA", ["SW1A 1AA"]),
        (Postcode, "M1 1AE", ["M1 1AE"]),
        (Postcode, "B338TH", ["B338TH"]),
        (Postcode, "Birmingham B81 31T", ["B81 31T"]),  # EasyOCR's reading of "B81 3LT"
        (Postcode, "LS1 4A8", ["LS1 4A8"]),  # B read as 8
        (Phone, "Tel 0113 496 0123", ["0113 496 0123"]),
        (Phone, "07700 900123", ["07700 900123"]),
        (Phone, "+44 7700 900123", ["+44 7700 900123"]),
        (Phone, "His phone number is 202-555-0121.", ["202-555-0121"]),
        (Phone, "Tel O113 496 O123", ["O113 496 O123"]),  # O for 0
        (Email, "jane.doe@nhs.net", ["jane.doe@nhs.net"]),
        (Email, "contact: t.smith+ward@example.co.uk", ["t.smith+ward@example.co.uk"]),
        (Email, "Email: paul williams@example org", ["williams@example org"]),  # dots lost
        (StreetAddress, "14 Acacia Avenue", ["14 Acacia Avenue"]),
        (StreetAddress, "221B Baker Street, London", ["221B Baker Street"]),
        (StreetAddress, "7 Church Lane", ["7 Church Lane"]),
    ],
)
def test_identifiers_match(recognizer, text, expected):
    assert found(recognizer(), text) == expected


@pytest.mark.parametrize(
    ("recognizer", "text"),
    [
        (Postcode, "Ward 7B"),
        (Postcode, "ICU"),
        (Postcode, "LS1 4"),  # half a postcode
        (Postcode, "Room A1 311"),  # digits only after the outward code
        (Postcode, "Bed B2 3 12"),
        (Phone, "Bed 12"),
        (Phone, "0113 496"),  # too short
        (Phone, "Visiting hours 2pm - 8pm"),
        (Email, "reception @ front desk"),
        (Email, "user@localhost"),
        (Email, "meet @ the org"),
        (StreetAddress, "Ward 7 Radiology"),
        (StreetAddress, "2 Paracetamol"),
    ],
)
def test_near_misses_do_not_match(recognizer, text):
    assert found(recognizer(), text) == []
