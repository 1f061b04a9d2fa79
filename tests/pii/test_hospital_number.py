import pytest

from redact.pii import HospitalNumber
from tests.pii.helpers import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MRN RTH1234567", ["RTH1234567"]),
        ("MRN: 00123456", ["00123456"]),
        ("Hosp No. K123456", ["K123456"]),
        ("Hospital number: A 1234567", ["A 1234567"]),
        ("RTH12345G7", ["RTH12345G7"]),  # OCR read 6 as G
        ("RJ1 3104260", ["RJ1 3104260"]),  # a trust code with a digit
        ("R1H 123456", ["R1H 123456"]),
        ("M407834", ["M407834"]),  # one letter and 6-9 digits
        ("K31205451", ["K31205451"]),
        ("Hosp: 893-8529-A", ["893-8529-A"]),  # any code after a hospital label
    ],
)
def test_hospital_numbers_match(text, expected):
    assert found(HospitalNumber(), text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ward 7B",
        "A12",
        "Bay 4",
        "Room 101",
        "MRN",
        "MRN: pending",
        "COVID19",
        "B81 3LT",  # a postcode
        "RJ1 310",  # too few digits after the trust code
        "RJ12 3104260",  # four characters with a digit are not a trust code
        "Hospital: Queen Elizabeth",  # a hospital's name, not a number
    ],
)
def test_near_misses_do_not_match(text):
    assert found(HospitalNumber(), text) == []
