import pytest

from redact.pii import PersonName
from tests.pii.helpers import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr Peter Jones", ["Peter Jones"]),
        ("Dr. Okafor", ["Okafor"]),
        ("Mrs A. Patel", ["A. Patel"]),
        ("Name: Jane Doe", ["Jane Doe"]),
        ("Patient: HUGHES Mark", ["HUGHES Mark"]),
        ("SMITH, John", ["SMITH, John"]),
        ("R0BINSON, Rachel", ["R0BINSON, Rachel"]),  # OCR: a zero for O
        ("wOOD, Priya", ["wOOD, Priya"]),  # OCR: a small w
        ("Hello my name is Priya", ["Priya"]),
        ("DAVIDSON DOUGLAS [M] 01.09.2012", ["DAVIDSON DOUGLAS"]),  # imaging systems
        ("John Smith lives in New York.", ["John Smith"]),  # a common first name
        ("JESSICA SMITH", ["JESSICA SMITH"]),
        ("Consultant: Aisha Rahman", ["Aisha Rahman"]),
        ("Hughes, T.", ["Hughes, T."]),  # a surname and an initial
        ("HUGHES, T J", ["HUGHES, T J"]),
        ("T. Hughes", ["T. Hughes"]),  # an initial with its dot, then any capitalised word
        ("A.B. Smith", ["A.B. Smith"]),
        ("T Hughes", ["T Hughes"]),  # without the dot only a known surname
        ("Mrs Y Okafor", ["Y Okafor"]),
        ("Wojciech Nowak", ["Wojciech Nowak"]),  # the larger list of given names
        ("Anita Price", ["Anita Price"]),
        ("SMITH John", ["SMITH John"]),  # a known surname before a given name
        ("Chatterjee, Eoin", ["Chatterjee, Eoin"]),  # "Surname, Forename" in mixed case
        ("Mia D", ["Mia D"]),  # a given name and an initial
        ("NIC: MORAG D.", ["MORAG D."]),
    ],
)
def test_names_match(text, expected):
    assert found(PersonName(), text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Radiology",
        "Fire exit",
        "Ward 7B",
        "Hand hygiene",
        "Please wash your hands",
        "Visiting hours 2pm - 8pm",
        "Staff Nurse",
        "New York",
        "Semi-Upright",
        "name tag",  # a label with nothing after it
        "Florence Ward",  # a ward named after someone
        "Florence Nightingale Ward",
        "A Ward",  # an initial, but a place word
        "X Ray",
        "Main Entrance",
        "Fire Exit",
        "Car Park",
        "Emergency Department",
        "Hand Hygiene",
        "No. 5",
        "Costa Coffee",
        "Outpatients, Radiology",
        "Bay C",  # an initial after a word that is no given name
        "Level 2 A",
    ],
)
def test_signs_and_words_do_not_match(text):
    assert found(PersonName(), text) == []
