"""What is an identifier, given the layout: table columns, blocks, addresses, badges."""

import pytest

from redact.pii.registry import Registry
from redact.text.identify import header_entity, identify, is_label, label_of, labels_in
from redact.text.layout import lay_out
from tests.text.test_layout import TABLE, lines


def kinds(*rows, angle=0.0):
    found = lines(*rows, angle=angle)
    texts = [str(t) for t in found.text]
    return dict(zip(texts, identify(texts, lay_out(found), Registry.default())))


@pytest.mark.parametrize(
    ("text", "label"),
    [("D.O.B.:", "dob"), ("NHS No.", "nhs no"), ("Hosp No:", "hosp no"), ("  Name ", "name")],
)
def test_labels_are_normalised(text, label):
    assert label_of(text) == label


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Name:", True),
        ("D.O.B.", True),
        ("Bed", True),
        ("Senior Staff Nurse", True),  # a job title
        ("Nurse Jones", False),  # a title and a name
        ("Hughes, T.", False),
        ("Exit", False),
    ],
)
def test_headers_labels_and_job_titles_are_labels(text, expected):
    assert is_label(text) is expected


@pytest.mark.parametrize("angle", [0.0, 25.0])
def test_when_a_header_names_an_identifier_then_its_cells_are_that_identifier(angle):
    found = kinds(*TABLE, angle=angle)
    assert found["Okonkwo-Baptiste, T"] == "person"  # not recognised alone
    assert found["Zhou, W"] == "person"
    assert found["03/04/52"] == "date"
    assert found["Name"] is None and found["DOB"] is None and found["Bed"] is None


def test_when_a_header_is_alone_on_its_line_then_it_is_not_a_table_header():
    # "Consultant" on a badge is a job title, not a column over the notice below it
    found = kinds(
        ("Consultant", 100, 100, 200, 120), ("please wash your hands", 100, 130, 300, 150)
    )
    assert found == {"Consultant": None, "please wash your hands": None}


def test_when_a_block_holds_an_identifier_then_it_is_hidden_whole_but_its_labels():
    found = kinds(
        ("Ward 4 handover", 100, 100, 260, 120),
        ("Mr T Hughes", 100, 126, 220, 146),
        ("Falls risk, needs hoist", 100, 152, 330, 172),
        ("Allergies:", 100, 178, 200, 198),
    )
    assert found == {
        "Ward 4 handover": "block",
        "Mr T Hughes": "person",
        "Falls risk, needs hoist": "block",
        "Allergies:": None,
    }


def test_when_a_block_holds_no_identifier_then_it_stays_readable():
    found = kinds(
        ("Visiting hours", 100, 100, 300, 130),
        ("2pm - 8pm", 100, 140, 250, 170),
        ("Please wash your hands", 100, 180, 420, 210),
    )
    assert set(found.values()) == {None}


def test_when_lines_sit_above_a_postcode_then_they_are_its_address():
    found = kinds(
        ("Flat 3", 100, 100, 170, 118),
        ("Orchard View", 100, 124, 240, 142),
        ("Kings Heath", 100, 148, 230, 166),
        ("B81 3LT", 100, 172, 180, 190),
    )
    assert found == {
        "Flat 3": "address",
        "Orchard View": "address",
        "Kings Heath": "address",
        "B81 3LT": "postcode",
    }


def test_when_a_capitalised_line_sits_over_a_job_title_then_it_is_a_badge_name():
    found = kinds(("Ayesha S", 100, 100, 200, 124), ("Staff Nurse", 100, 130, 230, 154))
    assert found == {"Ayesha S": "person", "Staff Nurse": None}


def test_when_my_name_is_is_followed_by_a_job_title_then_the_title_is_not_a_name():
    found = kinds(("Hello my name is", 100, 100, 260, 120), ("Student Nurse", 100, 126, 240, 146))
    assert found["Student Nurse"] is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bed Patient D.O.B. NHS No", ["bed", "patient", "dob", "nhs no"]),
        ("Date of birth:", ["date of birth"]),
        ("Bed Mr Hughes", None),
        ("", None),
    ],
)
def test_a_header_row_read_as_one_line_is_split_into_its_headers(text, expected):
    assert labels_in(text) == expected


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("NHS No.", "nhs_number"),
        ("Surname, Forename", "person"),
        ("D.O.B.", "date"),
        ("Bed", None),
        ("Name DOB", None),  # two identifiers: not one column
    ],
)
def test_a_header_names_one_identifier(text, entity):
    assert header_entity(text) == entity


def test_when_a_header_row_is_read_as_one_line_then_its_block_is_hidden_but_the_header():
    found = kinds(
        ("Bed   Patient   Ward", 100, 100, 400, 120),
        ("1     Okonkwo-Baptiste   7B", 100, 126, 400, 146),
    )
    assert found == {"Bed   Patient   Ward": None, "1     Okonkwo-Baptiste   7B": "block"}


def test_when_a_block_is_one_row_then_only_its_identifier_is_hidden():
    found = kinds(("Sarah Davies", 100, 100, 260, 130), ("Toilets", 330, 100, 430, 130))
    assert found == {"Sarah Davies": "person", "Toilets": None}


def test_when_a_block_has_a_title_in_larger_type_then_the_title_stays_readable():
    found = kinds(
        ("Ward 7B", 100, 70, 200, 100),
        ("Bed 3  BROWN, Anne", 100, 110, 300, 134),
        ("Bed 5  Okonkwo", 100, 140, 300, 164),
    )
    assert found == {"Ward 7B": None, "Bed 3  BROWN, Anne": "person", "Bed 5  Okonkwo": "block"}


def test_when_a_larger_top_row_looks_like_a_name_then_it_is_no_title():
    found = kinds(
        ("ADEBAYO HARJIT", 100, 70, 300, 100),
        ("D.O.B: 18/06/2004", 100, 110, 300, 134),
        ("Ward: Ward 18", 100, 140, 300, 164),
    )
    assert found["ADEBAYO HARJIT"] == "block"
