"""The public surface: settings checked once, the extension contracts, statistics on request."""

import pydoc

import numpy as np
import pytest

import redact
from redact import Options, Redactor, Stats
from redact.pii import Registry
from redact.pii.base import Recognizer
from redact.pipeline import FramePipeline
from tests.helpers import regions


def test_help_shows_the_extension_contracts():
    text = pydoc.render_doc(redact, renderer=pydoc.plaintext)
    for name in ("Detector", "FollowsCamera", "Operator", "LineFinder", "LineReader", "Recorder"):
        assert name in text
    assert "apply(frame, regions)" in text and "detect(frame) -> Regions" in text


def test_options_are_checked_once_when_made():
    with pytest.raises(ValueError, match="margin"):
        Options(margin=0.9)
    with pytest.raises(ValueError, match="profile"):
        Options(profile="slow")
    with pytest.raises(ValueError, match="crf"):
        Options(crf=99)
    with pytest.raises(ValueError, match="not harmless|unknown|keep"):
        Options(keep_metadata="gps")
    assert Options(text="all", deny="Jo Bloggs").deny == ("Jo Bloggs",)
    with pytest.raises(AttributeError):
        Options().margin = 2.0  # frozen


def test_keywords_apply_on_top_of_options_and_unknown_ones_are_refused():
    base = Options(margin=2.0, text="off")
    r = Redactor(base, margin=1.2)
    assert r.options.margin == 1.2 and r.options.text == "off"
    r.close()
    with pytest.raises(TypeError, match="colour"):
        Redactor(colour="red")


def test_a_closed_redactor_refuses_work():
    r = Redactor(text="off")
    r.close()
    r.close()
    with pytest.raises(ValueError, match="closed"):
        r.redact_image(np.zeros((64, 64, 3), np.uint8))


class Ward(Recognizer):
    ENTITY = "ward"
    PATTERNS = {"ward": r"\bWard\s+\d+\b"}
    CONTEXT = ("ward",)


class Nickname(Recognizer):
    ENTITY = "person"
    PATTERNS = {"nick": r"\bBig\s+Dave\b"}


def test_a_second_recogniser_for_an_entity_adds_to_the_first():
    reg = Registry.default()
    reg.add(Nickname())
    found = {m.entity for m in reg.analyze("Mr John Smith and Big Dave")}
    assert found == {"person"}
    spans = [m.end - m.start for m in reg.analyze("Mr John Smith and Big Dave")]
    assert len(spans) == 2  # both names: the shipped recogniser still runs
    reg.replace(Nickname())
    assert len(reg.analyze("Mr John Smith and Big Dave")) == 1


class Bay(Recognizer):
    ENTITY = "bay"
    PATTERNS = {"bay": r"\bBay \d\b"}
    CONTEXT = ("ward",)


def test_the_score_threshold_keeps_only_matches_with_context():
    assert Registry([Bay()]).analyze("Bay 3")[0].score == pytest.approx(0.8)
    strict = Registry([Bay()], threshold=0.9)
    assert not strict.analyze("Bay 3")
    assert strict.analyze("Ward B, Bay 3")[0].score == pytest.approx(1.0)
    with pytest.raises(ValueError, match="threshold"):
        Registry(threshold=1.5)


def test_a_registry_passed_to_the_redactor_decides_the_text():
    reg = Registry([Ward()])
    with Redactor(registry=reg) as r:
        assert r.text_detector.registry is reg


def test_a_recorder_hears_the_runs_and_the_stages_and_nothing_is_kept_without_one():
    class Scripted:
        def detect(self, frame):
            return regions([10, 10, 30, 30])

    frames = [np.full((64, 64, 3), i, np.uint8) for i in range(5)]
    stats = Stats(keep_boxes=True)
    out = list(FramePipeline([Scripted()], redact.Fill(), 1.0, recorder=stats).stream(frames))
    assert len(out) == 5
    assert sum(v for k, v in stats.counts.items() if k.startswith("runs")) == 5
    assert {"motion", "track", "redact", "Scripted"} <= set(stats.cpu_seconds)
    assert len(stats.boxes) == 5
    bare = FramePipeline([Scripted()], redact.Fill(), 1.0)
    assert not hasattr(bare, "seconds") and not hasattr(bare, "runs")
    assert len(list(bare.stream(frames))) == 5
