"""The decisions file: what was found in one photo or video, what a reviewer changed, and who did
what when. A versioned JSON sidecar, ``NAME.redact.json`` beside the input.

Schema (version 1)::

    {
      "redact_decisions": 1,
      "input": {"name": "clip.mp4", "sha256": "...", "type": "video",
                "frames": 125, "width": 640, "height": 360},
      "settings": {"mode": "obscure", "mask": "ellipse", "margin": 1.5, "text_padding": 0.3},
      "tracks": [{"id": 3, "kind": "face", "score": 0.91, "origin": "detected"}, ...],
      "frames": [[[3, x1, y1, x2, y2], ...], ...],   # per frame, in drawing order
      "events": [{"n": 0, "at": "2026-12-01T10:00:00Z", "who": "sam", "action": "exclude",
                  "track": 3, "from": 0, "to": 124, "why": "a poster, not a person"}, ...]
    }

``frames[i]`` lists the boxes (before margins; a tilted text line adds its four corners) the
detector and tracker hid in output frame ``i``, exactly: a track may have two boxes in one
frame (one drawn back before its first detection).
``events`` is append-only; what the output shows is the detected boxes with every event
replayed in order:

* ``exclude`` (``track``, ``from``, ``to``, ``why``): the track is not hidden in those frames;
* ``add`` (``track``: a new id, ``kind``, ``from``, ``to``, and ``box`` or ``boxes``): a region
  hidden over those frames, fixed in place (``box``: a monitor on a wall) or carried with the
  camera (``boxes``: ``[frame, x1, y1, x2, y2]`` rows, as `redact.review.server` follows a drawn
  box forward and back);
* ``resize`` (``track``, ``box``, ``from``, ``to``): a track's boxes replaced over those frames;
* ``undo`` (``event``: the ``n`` of an edit): that edit no longer applies;
* ``seen`` (``track``), ``state`` (``state``: draft, reviewed, approved; with the approval's
  ``who``, input and output sha256, redact version and model hashes): bookkeeping.

The file never holds the text that was read, thumbnails or pixels. Nothing becomes unredacted
unless someone excludes it.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from redact.errors import InputError
from redact.media.atomic import atomic_output
from redact.protocols import Recorder
from redact.regions import Regions
from redact.report import Found

VERSION = 1
STATES = ("draft", "reviewed", "approved")
EDITS = ("exclude", "add", "resize")
ACTIONS = (*EDITS, "undo", "seen", "state")
MAX_BYTES = 256 * 2**20  # a decisions file larger than this is refused unread
MAX_TEXT = 500  # characters in a reason or a name


class DecisionsError(InputError):
    """A decisions file that cannot be used: malformed, hostile, or made for another input."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(2**20), b""):
            digest.update(block)
    return digest.hexdigest()


def decisions_path(src: Path) -> Path:
    """``NAME.redact.json`` beside the input."""
    return src.with_name(f"{src.name}.redact.json")


@dataclass
class Decisions:
    """One input's regions and the reviewers' events (see the module's docstring)."""

    input: dict[str, Any]
    settings: dict[str, Any]
    tracks: dict[int, dict[str, Any]]
    frames: list[list[list[float]]]
    events: list[dict[str, Any]] = field(default_factory=list)

    # -- made from a run ----------------------------------------------------------------------
    @classmethod
    def from_run(
        cls,
        src: Path,
        kind: str,
        hidden: list[Regions],
        size: tuple[int, int],
        settings: dict[str, Any],
    ) -> Decisions:
        """From the regions a run hid in each output frame (`redact.Stats(keep_regions=True)`)."""
        tracks: dict[int, dict[str, Any]] = {}
        frames: list[list[list[float]]] = []
        next_id = 0
        for regions in hidden:
            rows = []
            for k in range(len(regions)):
                tid = int(regions.track_id[k]) if regions.track_id is not None else -1
                if tid < 0:  # a photo's regions carry no track: one each
                    tid = next_id
                next_id = max(next_id, tid + 1)
                if tid not in tracks:
                    tracks[tid] = {
                        "id": tid,
                        "kind": str(regions.kind[k]),
                        "score": round(float(regions.score[k]), 3),
                        "origin": "detected",
                    }
                row = [tid, *(float(v) for v in regions.xyxy[k])]
                polygon = regions.polygon[k]
                if polygon is not None and np.shape(polygon) == (4, 2):
                    row += [float(v) for v in np.asarray(polygon).reshape(-1)]
                rows.append(row)
            frames.append(rows)
        width, height = size
        info = {
            "name": src.name,
            "sha256": file_sha256(src),
            "type": kind,
            "frames": len(frames),
            "width": int(width),
            "height": int(height),
        }
        return cls(info, dict(settings), tracks, frames)

    # -- edits ----------------------------------------------------------------------------------
    def log(self, who: str, action: str, **what: Any) -> dict[str, Any]:
        """Append one event (checked as a loaded file's would be) and return it."""
        event = {
            "n": len(self.events),
            "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "who": who,
            "action": action,
            **what,
        }
        self._check_event(event, len(self.events))
        self.events.append(event)
        return event

    def next_track_id(self) -> int:
        added = [e["track"] for e in self.events if e["action"] == "add"]
        return max([*self.tracks, *added, -1]) + 1

    def undone(self) -> set[int]:
        """The ``n`` of every edit an undo took back (an undo of an undo restores it)."""
        out: set[int] = set()
        for e in self.events:
            if e["action"] == "undo":
                out ^= {e["event"]}
        return out

    def edits(self) -> list[dict[str, Any]]:
        """The edits that apply, in order."""
        undone = self.undone()
        return [e for e in self.events if e["action"] in EDITS and e["n"] not in undone]

    def last_edit(self) -> dict[str, Any] | None:
        """The latest edit still in force, or the latest undo, for Ctrl+Z: undoing takes back
        the newest edit that applies."""
        live = self.edits()
        return live[-1] if live else None

    @property
    def state(self) -> str:
        states = [e["state"] for e in self.events if e["action"] == "state"]
        return states[-1] if states else "draft"

    def seen(self) -> set[int]:
        return {e["track"] for e in self.events if e["action"] == "seen"}

    def all_tracks(self) -> dict[int, dict[str, Any]]:
        """Detected and added tracks, with their effective frame ranges."""
        out = {k: dict(v) for k, v in self.tracks.items()}
        for e in self.edits():
            if e["action"] == "add":
                out[e["track"]] = {
                    "id": e["track"],
                    "kind": e["kind"],
                    "score": 1.0,
                    "origin": "added",
                }
        return out

    def regions(self, index: int) -> Regions:
        """What to hide in frame ``index``, every edit applied, in drawing order."""
        rows = [list(r) for r in self.frames[index]] if index < len(self.frames) else []
        kinds = {k: v["kind"] for k, v in self.tracks.items()}
        for e in self.edits():
            if not e["from"] <= index <= e["to"]:
                continue
            if e["action"] == "exclude":
                rows = [r for r in rows if int(r[0]) != e["track"]]
            elif e["action"] == "resize":
                rows = [[r[0], *e["box"]] if int(r[0]) == e["track"] else r for r in rows]
            elif e["action"] == "add":
                box = _box_at(e, index)
                if box is not None:
                    kinds[e["track"]] = e["kind"]
                    rows.append([e["track"], *box])
        if not rows:
            return Regions.empty()
        polygons = np.empty(len(rows), dtype=object)
        polygons[:] = [
            np.array(r[5:], np.float32).reshape(4, 2) if len(r) == 13 else None for r in rows
        ]
        return Regions(
            xyxy=np.array([r[1:5] for r in rows], np.float32),
            kind=np.array([kinds.get(int(r[0]), "face") for r in rows], object),
            track_id=np.array([int(r[0]) for r in rows]),
            polygon=polygons,
        )

    def excluded(self, index: int) -> np.ndarray:
        """``(N, 4)`` boxes a reviewer excluded from frame ``index`` (kept visible on purpose)."""
        kept = {int(t) for t in self.regions(index).track_id}
        rows = self.frames[index] if index < len(self.frames) else []
        boxes = [r[1:5] for r in rows if int(r[0]) not in kept]
        return np.array(boxes, np.float32).reshape(-1, 4)

    def spans(self) -> dict[int, tuple[int, int]]:
        """First and last frame each track (detected or added) appears in."""
        out: dict[int, tuple[int, int]] = {}
        for i, rows in enumerate(self.frames):
            for r in rows:
                t = int(r[0])
                a, b = out.get(t, (i, i))
                out[t] = (min(a, i), max(b, i))
        for e in self.edits():
            if e["action"] == "add":
                out[e["track"]] = (e["from"], e["to"])
        return out

    def check_input(self, src: Path) -> None:
        """Refuse a file other than the one these decisions were made for."""
        if file_sha256(src) != self.input["sha256"]:
            raise DecisionsError(
                f"the decisions file was made for {self.input['name']}, not for this file "
                f"({src.name}): its sha256 differs"
            )

    def found(self) -> list[Found]:
        """The report's regions: every track hidden somewhere, with its frames."""
        tracks = self.all_tracks()
        out = []
        for tid, (first, last) in sorted(self.spans().items()):
            boxes = [self.regions(i) for i in (first, last)]
            hidden = [b[b.track_id == tid] for b in boxes]
            if not any(len(h) for h in hidden):
                continue  # excluded wherever it appears
            box = next(h.xyxy[0] for h in hidden if len(h))
            t = tracks.get(tid, {"kind": "face", "score": 1.0})
            out.append(
                Found(t["kind"], [round(float(v), 1) for v in box], t["score"], first, last, tid)
            )
        return out

    # -- the file -------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "redact_decisions": VERSION,
            "input": self.input,
            "settings": self.settings,
            "tracks": [self.tracks[k] for k in sorted(self.tracks)],
            "frames": self.frames,
            "events": self.events,
        }

    def save(self, path: Path) -> None:
        """Write the file whole under a temporary name, then rename it."""
        with atomic_output(path) as tmp:
            tmp.write_text(json.dumps(self.to_json(), separators=(",", ":")) + "\n")

    @classmethod
    def load(cls, path: Path) -> Decisions:
        """Read and check a decisions file.

        Raises:
            DecisionsError: it cannot be read, is not a decisions file, or is malformed.
        """
        try:
            if path.stat().st_size > MAX_BYTES:
                raise DecisionsError(f"decisions file {path.name} is too large")
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise DecisionsError(f"cannot read decisions file {path.name}: {exc}") from None
        try:
            return cls.from_json(data)
        except DecisionsError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise DecisionsError(f"decisions file {path.name} is malformed ({exc})") from None

    @classmethod
    def from_json(cls, data: Any) -> Decisions:
        def need(ok: bool, what: str) -> None:
            if not ok:
                raise DecisionsError(f"decisions file is malformed: {what}")

        need(isinstance(data, dict), "not an object")
        need(data.get("redact_decisions") == VERSION, f"not a version {VERSION} decisions file")
        info, settings = data["input"], data["settings"]
        need(isinstance(info, dict) and isinstance(settings, dict), "input/settings")
        need(_hex64(info.get("sha256")), "input sha256")
        need(info.get("type") in ("image", "video"), "input type")
        for key in ("frames", "width", "height"):
            need(_int(info.get(key), 0, 10**7), f"input {key}")
        need(isinstance(info.get("name"), str) and len(info["name"]) <= 4096, "input name")
        need(settings.get("mode") in ("obscure", "fill", "pixelate", "blur"), "settings mode")
        need(settings.get("mask") in ("ellipse", "box"), "settings mask")
        need(_num(settings.get("margin"), 1, 10), "settings margin")
        need(_num(settings.get("text_padding"), 0, 10), "settings text_padding")
        tracks: dict[int, dict[str, Any]] = {}
        need(isinstance(data["tracks"], list), "tracks")
        for t in data["tracks"]:
            need(isinstance(t, dict) and _int(t.get("id"), 0, 10**9), "track id")
            need(_kind(t.get("kind")), "track kind")
            need(_num(t.get("score"), 0, 1), "track score")
            need(t.get("origin") in ("detected", "added"), "track origin")
            tracks[t["id"]] = {k: t[k] for k in ("id", "kind", "score", "origin")}
        frames = data["frames"]
        need(isinstance(frames, list) and len(frames) == info["frames"], "frames")
        for rows in frames:
            need(isinstance(rows, list), "a frame")
            for r in rows:
                need(isinstance(r, list) and len(r) in (5, 13), "a box")
                need(_int(r[0], 0, 10**9) and r[0] in tracks, "a box's track")
                need(_box(r[1:5]), "a box")
                need(all(_num(v, -1e5, 1e5) for v in r[5:]), "an outline")
        out = cls(info, settings, tracks, [[list(r) for r in rows] for rows in frames])
        need(isinstance(data["events"], list), "events")
        for n, e in enumerate(data["events"]):
            out._check_event(e, n)
            out.events.append(e)
        return out

    def _check_event(self, e: Any, n: int) -> None:
        def need(ok: bool, what: str) -> None:
            if not ok:
                raise DecisionsError(f"decisions file is malformed: event {n}: {what}")

        need(isinstance(e, dict) and e.get("n") == n, "its number")
        need(e.get("action") in ACTIONS, "its action")
        need(_text(e.get("who")) and _text(e.get("at")), "who and when")
        need(_text(e.get("why", "")), "its reason")
        last = max(0, self.input["frames"] - 1)
        action = e["action"]
        if action in EDITS:
            first = e.get("from")
            need(_int(first, 0, last) and _int(e.get("to"), first, last), "frames")
            need(_int(e.get("track"), 0, 10**9), "its track")
        if action in ("exclude", "resize"):
            need(e["track"] in self.tracks or e["track"] in self.all_tracks(), "an unknown track")
        if action == "resize" or (action == "add" and "boxes" not in e):
            need(_box(e.get("box")), "its box")
        if action == "add" and "boxes" in e:
            boxes = e["boxes"]
            need(isinstance(boxes, list) and 0 < len(boxes) <= last + 1, "its boxes")
            for row in boxes:
                need(isinstance(row, list) and len(row) == 5, "its boxes")
                need(_int(row[0], e["from"], e["to"]) and _box(row[1:]), "its boxes")
        if action == "add":
            need(_kind(e.get("kind")), "its kind")
            need(e["track"] not in self.all_tracks(), "a track id already in use")
        if action == "undo":
            need(_int(e.get("event"), 0, n - 1), "the event it undoes")
            need(self.events[e["event"]]["action"] in EDITS, "only edits can be undone")
        if action == "seen":
            need(_int(e.get("track"), 0, 10**9), "its track")
        if action == "state":
            need(e.get("state") in STATES, "its state")


class Replay:
    """Draws a decisions file's regions frame by frame, as `redact.pipeline.FramePipeline` would
    have drawn the detectors' (through the same `hide`, with the file's own settings)."""

    def __init__(self, decisions: Decisions, recorder: Recorder | None = None) -> None:
        from redact.anonymize import Fill, operator_for

        s = decisions.settings
        self.decisions = decisions
        self.operator = operator_for(s["mode"], s["mask"])
        self.text_operator = Fill(mask="box")
        self.margin, self.padding = float(s["margin"]), float(s["text_padding"])
        self.recorder = recorder

    def draw(self, frame: np.ndarray, index: int) -> tuple[np.ndarray, Regions]:
        from redact.pipeline import hide

        regions = self.decisions.regions(index)
        drawn = self.recorder.drawn if self.recorder is not None else None
        args = (self.operator, self.text_operator, self.margin, self.padding, drawn)
        return hide(frame, regions, *args), regions

    def __call__(self, frame: np.ndarray) -> tuple[np.ndarray, Regions]:
        return self.draw(frame, 0)

    def stream(self, frames: Iterable[np.ndarray]) -> Iterator[np.ndarray]:
        for index, frame in enumerate(frames):
            yield self.draw(frame, index)[0]


def _box_at(event: dict[str, Any], index: int) -> list[float] | None:
    """An added region's box at a frame: its fixed box, or its row for that frame."""
    if "boxes" not in event:
        return event["box"]
    return next((row[1:] for row in event["boxes"] if row[0] == index), None)


def _int(v: Any, lo: int, hi: int) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and lo <= v <= hi


def _num(v: Any, lo: float, hi: float) -> bool:
    ok = isinstance(v, (int, float)) and not isinstance(v, bool)
    return ok and math.isfinite(v) and lo <= v <= hi


def _text(v: Any) -> bool:
    return isinstance(v, str) and len(v) <= MAX_TEXT


def _kind(v: Any) -> bool:
    return isinstance(v, str) and 0 < len(v) <= 40 and v.replace("_", "").isalnum()


def _hex64(v: Any) -> bool:
    return isinstance(v, str) and len(v) == 64 and all(c in "0123456789abcdef" for c in v)


def _box(v: Any) -> bool:
    if not isinstance(v, list) or len(v) != 4 or not all(_num(x, -1e5, 1e5) for x in v):
        return False
    return v[0] < v[2] and v[1] < v[3]
