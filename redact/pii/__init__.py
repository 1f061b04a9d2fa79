"""Recognisers for patient and staff identifiers in (OCR) text."""

from redact.pii.base import Match, Recognizer, digitise
from redact.pii.recognizers import (
    DateRecognizer,
    Email,
    HospitalNumber,
    NhsNumber,
    PersonName,
    Phone,
    Postcode,
    StreetAddress,
)
from redact.pii.registry import Registry

__all__ = [
    "DateRecognizer",
    "Email",
    "HospitalNumber",
    "Match",
    "NhsNumber",
    "PersonName",
    "Phone",
    "Postcode",
    "Recognizer",
    "Registry",
    "StreetAddress",
    "digitise",
]
