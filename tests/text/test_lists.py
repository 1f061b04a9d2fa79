import pytest

from redact.text.lists import AllowList, DenyList, normalise, read_terms


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("Mary Jones", "Mary Jones"),
        ("Mary Jones", "Patient: MARY JONES"),
        ("Mary Jones", "Patient: Mary J0nes"),  # one letter misread
        ("943 476 5919", "NHS 9434765919"),
        ("943 476 5919", "NHS 943 476 S919"),
        ("12/03/1948", "DOB 12.03.1948"),
    ],
)
def test_deny_terms_match_through_ocr_noise(term, text):
    assert DenyList([term]).matches(text)


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("Mary Jones", "Radiology"),
        ("943 476 5919", "NHS 943 476 1234"),
        ("12/03/1948", "DOB 14.07.1961"),
    ],
)
def test_deny_terms_do_not_match_other_text(term, text):
    assert not DenyList([term]).matches(text)


def test_terms_too_short_to_match_safely_are_ignored():
    assert not DenyList(["Al"])


def test_allow_list_compares_whole_normalised_text():
    allow = AllowList(["Ward 7B", "Radiology"])
    assert allow.covers("WARD 7B")
    assert allow.covers("radiology.")
    assert not allow.covers("Radiology: Mr Peter Jones")


def test_read_terms_skips_blanks_and_comments(tmp_path):
    f = tmp_path / "deny.txt"
    f.write_text("# me\nMary Jones\n\n  943 476 5919  \n")
    assert read_terms(f) == ["Mary Jones", "943 476 5919"]


def test_normalise():
    assert normalise("NHS: 943-476-S919") == "nhs9434765919"
