import pytest

from redact.pii import Registry, digitise


def entities(reg, text):
    return [m.entity for m in reg.analyze(text)]


def test_the_default_registry_knows_every_entity():
    assert set(Registry.default().entities) == {
        "person",
        "date",
        "nhs_number",
        "hospital_number",
        "postcode",
        "phone",
        "email",
        "address",
    }


def test_when_an_entity_is_disabled_then_it_is_not_reported():
    reg = Registry.default()
    reg.disable("date")
    assert "date" not in entities(reg, "DOB 12/03/1948")
    reg.enable("date")
    assert "date" in entities(reg, "DOB 12/03/1948")


def test_an_nhs_number_is_not_also_a_phone_number():
    assert entities(Registry.default(), "NHS 943 476 5919") == ["nhs_number"]


def test_unknown_entities_are_refused_with_the_valid_ones():
    with pytest.raises(ValueError, match="use one of"):
        Registry.default().disable("shoe_size")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("943 476 S9I9", "943 476 5919"),
        ("DOB 12/O3/l948", "DOB 12/03/1948"),
        ("Ward 7B", "Ward 7B"),  # one digit: left alone
        ("Bob Smith", "Bob Smith"),
    ],
)
def test_digitise_maps_look_alikes_only_in_digit_tokens(text, expected):
    assert digitise(text) == expected
