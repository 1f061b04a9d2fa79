import pytest

from redact.pii import DateRecognizer
from tests.pii.helpers import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DOB 12/03/1948", ["12/03/1948"]),
        ("DOB:06.16.1976", ["06.16.1976"]),  # US order
        ("born 01-02-50", ["01-02-50"]),
        ("1961-03-03", ["1961-03-03"]),
        ("3 March 1961", ["3 March 1961"]),
        ("3rd Mar 1961", ["3rd Mar 1961"]),
        ("March 3, 1961", ["March 3, 1961"]),
        ("12-Mar-1985", ["12-Mar-1985"]),
        ("DOB 12/O3/l948", ["12/O3/l948"]),  # OCR read 0 as O and 1 as l
        ("19-AUG-2011", ["19-AUG-2011"]),  # month abbreviations in capitals
        ("26 Apr 2000", ["26 Apr 2000"]),
        ("26APR2000", ["26APR2000"]),
        ("03/04/52", ["03/04/52"]),  # a two-digit year
    ],
)
def test_full_dates_match(text, expected):
    assert found(DateRecognizer(), text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "32/01/1990",  # no such day
        "Beds 12/13",
        "Visiting hours 2pm - 8pm",
        "Ward 7B",
        "Bed 12",
        "12/2020",  # month and year only
        "Tel 0113 496 0123",
    ],
)
def test_when_it_is_not_a_full_date_then_no_match(text):
    assert found(DateRecognizer(), text) == []
