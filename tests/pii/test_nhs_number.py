import pytest

from redact.pii import NhsNumber
from tests.pii.helpers import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NHS 943 476 5919", ["943 476 5919"]),
        ("NHS No: 9434765919", ["9434765919"]),
        ("999-000-0018", ["999-000-0018"]),
        ("nhs 943.476.5919 ward 3", ["943.476.5919"]),
        ("NHS 943 476 S9I9", ["943 476 S9I9"]),  # OCR read 5 as S and 1 as I
        ("NHS 94З 476 5919x", []),  # not digits at all
    ],
)
def test_when_the_check_digit_is_right_then_match(text, expected):
    assert found(NhsNumber(), text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "NHS 943 476 5918",  # wrong check digit
        "NHS 111 111 1111",  # all the same digit
        "NHS 000 000 0000",
        "943 476 591",  # nine digits
        "94347659190",  # eleven digits
        "Ward 7B",
        "Visiting hours 2pm - 8pm",
    ],
)
def test_when_the_number_is_not_an_nhs_number_then_no_match(text):
    assert found(NhsNumber(), text) == []
