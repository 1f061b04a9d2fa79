"""``redact review``: a review page on this computer only, for the files it was started with.

The server binds to 127.0.0.1, answers only requests that carry its random token (in the page's
address, then in a header), serves only its own assets (no other origin, under a strict
Content-Security-Policy), and only the files it was started with, by number: no path from a
request ever reaches the file system. Frames are decoded and drawn here, so stepping is frame
exact. Every edit is appended to the file's decisions file at once.
"""

from __future__ import annotations

import hmac
import http.server
import json
import os
import re
import secrets
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from redact.errors import RedactError
from redact.review.decisions import Decisions, DecisionsError, Replay, decisions_path

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
ASSETS = {"/app.js": "text/javascript", "/app.css": "text/css"}
MAX_BODY = 64 * 1024
VIEWS = ("outlines", "redacted", "original")


class JpegFrames:
    """A file's frames as JPEG bytes, by index, kept in an unnamed temporary file rather than in
    memory: a library of videos under review would not fit. The file has no name from the start,
    so nothing is left behind however the session ends."""

    def __init__(self, rgbs: Iterable[np.ndarray] = ()) -> None:
        self._file = tempfile.TemporaryFile(prefix="redact-review-")  # noqa: SIM115 (kept open)
        self._spans: list[tuple[int, int]] = []
        self._end = 0
        for rgb in rgbs:
            self.append(rgb)

    def append(self, rgb: np.ndarray) -> None:
        """Keep one more frame (an RGB array), as JPEG."""
        bgr = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
        data = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, 92])[1].tobytes()
        self._file.write(data)
        self._file.flush()  # readers use the descriptor, not this buffered writer
        self._spans.append((self._end, len(data)))
        self._end += len(data)

    def __len__(self) -> int:
        return len(self._spans)

    def __getitem__(self, index: int) -> bytes:
        offset, size = self._spans[index]
        return os.pread(self._file.fileno(), size, offset)  # no shared file position: threads

    def close(self) -> None:
        self._file.close()


@dataclass
class ReviewFile:
    """One input under review: its decisions, its frames (JPEG, as decoded) and its output."""

    src: Path
    dst: Path
    decisions: Decisions
    frames: JpegFrames
    fps: float = 25.0
    output: dict[str, Any] = field(default_factory=dict)  # the last export: path, leftovers

    @property
    def path(self) -> Path:
        return decisions_path(self.src)

    def rgb(self, index: int) -> np.ndarray:
        bgr = cv2.imdecode(np.frombuffer(self.frames[index], np.uint8), cv2.IMREAD_COLOR)
        return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)

    def summary(self, number: int) -> dict[str, Any]:
        d = self.decisions
        tracks = d.all_tracks()
        return {
            "number": number,
            "name": self.src.name,
            "type": d.input["type"],
            "frames": d.input["frames"],
            "width": d.input["width"],
            "height": d.input["height"],
            "fps": self.fps,
            "state": d.state,
            "seen": len(d.seen() & set(tracks)),
            "tracks": len(tracks),
        }

    def detail(self, number: int) -> dict[str, Any]:
        d = self.decisions
        spans, seen = d.spans(), d.seen()
        excluded: dict[int, list[list[int]]] = {}
        for e in d.edits():
            if e["action"] == "exclude":
                excluded.setdefault(e["track"], []).append([e["from"], e["to"], e.get("why", "")])
        tracks = [
            {
                **t,
                "first": spans.get(t["id"], (0, 0))[0],
                "last": spans.get(t["id"], (0, 0))[1],
                "excluded": excluded.get(t["id"], []),
                "seen": t["id"] in seen,
            }
            for t in d.all_tracks().values()
        ]
        tracks.sort(key=lambda t: (t["score"], t["id"]))
        last = d.last_edit()
        return {
            **self.summary(number),
            "tracks_detail": tracks,
            "undo": None if last is None else {"n": last["n"], "action": last["action"]},
            "output": self.output,
        }

    def follow(self, box: Any, start: int) -> dict[str, Any]:
        """A box drawn on one frame, carried forward and back with the camera (as the tracker
        carries what it holds) until a cut or the clip's ends: an add event's ``boxes``."""
        from redact.motion import CameraMotion, warp_boxes
        from redact.review.decisions import _box

        last = len(self.frames) - 1
        if not _box(box) or not 0 <= start <= last:
            raise DecisionsError("a region needs a box and a frame")
        rows = {start: [float(v) for v in box]}
        for step in (1, -1):
            motion, current, index = CameraMotion(), np.array([box], np.float32), start
            motion.update(self.rgb(index))
            while 0 <= index + step <= last:
                index += step
                moved = motion.update(self.rgb(index))
                if moved.cut:
                    break
                current = warp_boxes(current, moved.affine)
                rows[index] = [round(float(v), 2) for v in current[0]]
        frames = sorted(rows)
        return {
            "boxes": [[i, *rows[i]] for i in frames],
            "from": frames[0],
            "to": frames[-1],
        }

    def boxes(self, index: int) -> list[dict[str, Any]]:
        """Every box at a frame, hidden or excluded, for outlines and picking."""
        d = self.decisions
        hidden = d.regions(index)
        shown = {(int(t), tuple(np.round(b, 1))) for t, b in zip(hidden.track_id, hidden.xyxy)}
        out = []
        for row in d.frames[index]:
            t, box = int(row[0]), [float(v) for v in row[1:5]]
            out.append({"track": t, "box": box, "hidden": (t, tuple(np.round(box, 1))) in shown})
        for t, box in zip(hidden.track_id, hidden.xyxy):
            if not any(o["track"] == int(t) and o["hidden"] for o in out):
                out.append({"track": int(t), "box": [float(v) for v in box], "hidden": True})
        return out

    def render(self, index: int, view: str) -> bytes:
        rgb = self.rgb(index)
        if view == "redacted":
            rgb = Replay(self.decisions).draw(rgb, index)[0]
        elif view == "outlines":
            rgb = rgb.copy()
            for b in self.boxes(index):
                x1, y1, x2, y2 = (round(v) for v in b["box"])
                colour = (255, 64, 64) if b["hidden"] else (64, 200, 255)
                cv2.rectangle(rgb, (x1, y1), (x2, y2), colour, 2)
        _ok, jpg = cv2.imencode(".jpg", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
        return jpg.tobytes()


class ReviewSession:
    """The files under review and what can be done to them (the page's API, without HTTP).

    Args:
        files: (input, output) pairs.
        redactor: finds what to hide in files that have no decisions file yet, and writes and
            verifies outputs.
        who: the reviewer's name, recorded with every event.
    """

    def __init__(self, files: list[tuple[Path, Path]], redactor: Any, who: str) -> None:
        self.redactor, self.who = redactor, who
        self.files: list[ReviewFile] = []
        self.lock = threading.Lock()
        for src, dst in files:
            path = decisions_path(src)
            if path.exists():
                decisions = Decisions.load(path)
                decisions.check_input(src)
                frames = _frames(src, decisions.input["type"])
            else:  # the frames are kept as they are searched: the file is decoded once
                frames = JpegFrames()
                try:
                    decisions = redactor.find(src, seen=frames.append)
                    decisions.save(path)
                except BaseException:
                    frames.close()
                    raise
            fps = _rate(src, decisions.input["type"])
            if len(frames) != decisions.input["frames"]:
                raise DecisionsError(f"{src.name}: the decisions file counts other frames")
            self.files.append(ReviewFile(src, dst, decisions, frames, fps))

    def close(self) -> None:
        """Let go of the frames kept for review."""
        for f in self.files:
            f.frames.close()

    def file(self, number: int) -> ReviewFile:
        if not 0 <= number < len(self.files):
            raise LookupError(number)
        return self.files[number]

    def event(self, number: int, body: dict[str, Any]) -> dict[str, Any]:
        """Apply one edit the page sent (exclude, add, resize, undo, seen), and save."""
        f = self.file(number)
        action = body.get("action")
        allowed = {
            "exclude": ("track", "from", "to", "why"),
            "add": ("kind", "box", "from", "to", "why", "follow"),
            "resize": ("track", "box", "from", "to", "why"),
            "seen": ("track",),
            "undo": (),
        }
        if action not in allowed:
            raise DecisionsError(f"unknown action {action!r}")
        what = {k: body[k] for k in allowed[action] if k in body}
        with self.lock:
            d = f.decisions
            if action == "undo":
                last = d.last_edit()
                if last is None:
                    raise DecisionsError("nothing to undo")
                what = {"event": last["n"]}
            if action == "add":
                what["track"] = d.next_track_id()
                if what.pop("follow", False) and d.input["type"] == "video":
                    what.update(f.follow(what.get("box"), int(what.get("from", 0))))
            if action == "seen" and what.get("track") in d.seen():
                return f.detail(number)
            if d.state == "approved" and action != "seen":
                d.log(self.who, "state", state="reviewed", why="edited after approval")
            d.log(self.who, action, **what)
            if action == "add":  # whoever drew it has looked at it
                d.log(self.who, "seen", track=what["track"])
            d.save(f.path)
            f.output = {}
        return f.detail(number)

    def export(self, number: int) -> dict[str, Any]:
        """Write the output from the decisions and search it again (``--verify``)."""
        f = self.file(number)
        with self.lock:
            report = self.redactor.redact_file(f.src, f.dst, decisions=f.decisions, verify=True)
            # What a reviewer excluded is visible on purpose: --verify finding it again is
            # not a leftover.
            left = [
                {"kind": x.kind, "box": x.box, "frame": x.first_frame}
                for x in report.leftovers or []
                if not _inside_any(x.box, f.decisions.excluded(x.first_frame))
            ]
            f.output = {"path": str(f.dst), "leftovers": left, "events": len(f.decisions.events)}
        return f.detail(number)

    def approve(self, number: int) -> dict[str, Any]:
        """Sign the file off: only when every track was looked at and the exported output
        (of these very decisions) verifies clean."""
        f = self.file(number)
        with self.lock:
            d = f.decisions
            unseen = set(d.all_tracks()) - d.seen()
            if unseen:
                raise DecisionsError(f"{len(unseen)} region(s) not looked at yet (J / K)")
            if not f.output or f.output.get("events") != len(d.events):
                raise DecisionsError("export the output first (E): it is verified on export")
            if f.output["leftovers"]:
                raise DecisionsError("--verify still finds something in the output")
            d.log(self.who, "state", state="approved", **approval(f.src, f.dst))
            d.save(f.path)
            f.output["events"] = len(d.events)
        return f.detail(number)


def _inside_any(box: list[float], boxes: np.ndarray) -> bool:
    """Whether half of ``box`` or more lies inside one of ``boxes``."""
    from redact.regions import Regions, box_intersection

    if not len(boxes):
        return False
    boxes = Regions(xyxy=boxes).scaled(1.5).xyxy  # as drawn, with the default margin
    b = np.array([box], np.float32)
    area = max(1e-6, float((b[0, 2] - b[0, 0]) * (b[0, 3] - b[0, 1])))
    return bool((box_intersection(b, boxes) / area >= 0.5).any())


def approval(src: Path, dst: Path) -> dict[str, Any]:
    """What an approval records beside the reviewer and the time."""
    import redact
    from redact.models import manifest
    from redact.review.decisions import file_sha256

    return {
        "input_sha256": file_sha256(src),
        "output_sha256": file_sha256(dst),
        "redact_version": redact.__version__,
        "models": {name: rec["sha256"] for name, rec in sorted(manifest().items())},
    }


def _frames(src: Path, kind: str) -> JpegFrames:
    """Every frame as JPEG (upright, as redact decodes it)."""
    from redact.media.image import read_image
    from redact.media.video import read_frames

    return JpegFrames([read_image(src).rgb] if kind == "image" else read_frames(src))


def _rate(src: Path, kind: str) -> float:
    """A video's frame rate (0 for a photo)."""
    if kind == "image":
        return 0.0
    import av

    with av.open(str(src)) as container:
        rate = container.streams.video[0].average_rate
    return float(rate or 25)


# -- HTTP ------------------------------------------------------------------------------------
_ROUTES = [
    ("GET", re.compile(r"^/api/files$"), "files"),
    ("GET", re.compile(r"^/api/file/(\d{1,6})$"), "detail"),
    ("GET", re.compile(r"^/api/file/(\d{1,6})/frame/(\d{1,9})\.jpg$"), "frame"),
    ("GET", re.compile(r"^/api/file/(\d{1,6})/boxes/(\d{1,9})$"), "boxes"),
    ("POST", re.compile(r"^/api/file/(\d{1,6})/event$"), "event"),
    ("POST", re.compile(r"^/api/file/(\d{1,6})/export$"), "export"),
    ("POST", re.compile(r"^/api/file/(\d{1,6})/approve$"), "approve"),
]


def make_handler(session: ReviewSession, token: str, port: Callable[[], int]):
    """The request handler class for one session."""

    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "redact-review"
        sys_version = ""

        def log_message(self, *args: object) -> None:  # quiet
            pass

        def _send(self, status: int, body: bytes, ctype: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Security-Policy", CSP)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Cross-Origin-Resource-Policy", "same-origin")
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, data: Any) -> None:
            self._send(status, json.dumps(data).encode(), "application/json")

        def _loopback(self) -> bool:
            """Addressed to this server by its loopback name (no DNS rebinding)."""
            host = (self.headers.get("Host") or "").lower()
            return host in (f"127.0.0.1:{port()}", f"localhost:{port()}")

        def _allowed(self) -> bool:
            """Loopback host and the token, in the query or a header."""
            if not self._loopback():
                return False
            query = self.path.partition("?")[2]
            given = self.headers.get("X-Redact-Token") or ""
            for part in query.split("&"):
                if part.startswith("t="):
                    given = given or part[2:]
            return hmac.compare_digest(given.encode(), token.encode())

        def _route(self, method: str) -> None:
            path = self.path.partition("?")[0]
            # The page's script and style are the package's own and hold nothing private:
            # they load without the token (the page cannot add it to them), from loopback only.
            if method == "GET" and path in ASSETS and self._loopback():
                self._send(200, _asset(path[1:]), ASSETS[path])
                return
            if not self._allowed():
                self._json(403, {"error": "forbidden"})
                return
            if method == "GET" and path in ("/", "/index.html"):
                self._send(200, _asset("index.html"), "text/html; charset=utf-8")
                return
            for m, pattern, name in _ROUTES:
                match = pattern.match(path)
                if m == method and match:
                    self._call(name, [int(g) for g in match.groups()])
                    return
            self._json(404, {"error": "not found"})

        def _call(self, name: str, args: list[int]) -> None:
            try:
                if name == "files":
                    self._json(200, [f.summary(i) for i, f in enumerate(session.files)])
                elif name == "detail":
                    self._json(200, session.file(args[0]).detail(args[0]))
                elif name == "frame":
                    f = session.file(args[0])
                    view = self._query("view") or "outlines"
                    if view not in VIEWS or not 0 <= args[1] < len(f.frames):
                        raise LookupError(view)
                    self._send(200, f.render(args[1], view), "image/jpeg")
                elif name == "boxes":
                    f = session.file(args[0])
                    if not 0 <= args[1] < len(f.frames):
                        raise LookupError(args[1])
                    self._json(200, f.boxes(args[1]))
                else:
                    if self.headers.get("X-Redact-Token") is None:  # no cross-site forms
                        self._json(403, {"error": "forbidden"})
                        return
                    body = self._body()
                    if name == "event":
                        self._json(200, session.event(args[0], body))
                    elif name == "export":
                        self._json(200, session.export(args[0]))
                    else:
                        self._json(200, session.approve(args[0]))
            except LookupError:
                self._json(404, {"error": "not found"})
            except (RedactError, ValueError) as exc:
                self._json(400, {"error": str(exc)})

        def _query(self, key: str) -> str | None:
            for part in self.path.partition("?")[2].split("&"):
                k, _, v = part.partition("=")
                if k == key:
                    return v
            return None

        def _body(self) -> dict[str, Any]:
            size = int(self.headers.get("Content-Length") or 0)
            if size > MAX_BODY:
                raise DecisionsError("request too large")
            data = json.loads(self.rfile.read(size) or b"{}")
            if not isinstance(data, dict):
                raise DecisionsError("a request is a JSON object")
            return data

        def do_GET(self) -> None:
            self._route("GET")

        def do_POST(self) -> None:
            self._route("POST")

        def do_PUT(self) -> None:
            self._json(405, {"error": "method not allowed"})

        do_DELETE = do_PUT
        do_PATCH = do_PUT

    return Handler


def _asset(name: str) -> bytes:
    return resources.files("redact.review").joinpath("static", name).read_bytes()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A page closed while a frame was on its way is not an error worth a traceback."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class ReviewServer:
    """The session served on 127.0.0.1 (``port`` 0: any free one) with a fresh token."""

    def __init__(self, session: ReviewSession, port: int = 0) -> None:
        self.session = session
        self.token = secrets.token_urlsafe(24)
        handler = make_handler(session, self.token, lambda: self.port)
        self.httpd = _Server(("127.0.0.1", port), handler)
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/?t={self.token}"
        self._thread: threading.Thread | None = None
        self._serving = False

    def start(self) -> ReviewServer:
        """Serve in a background thread."""
        self._serving = True
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def serve(self) -> None:
        """Serve in this thread until interrupted."""
        self._serving = True
        self.httpd.serve_forever()

    def stop(self) -> None:
        """Stop serving (if it started: shutting down a server that never served would wait
        for ever) and close the socket."""
        if self._serving:
            self._serving = False
            if self._thread is not None:
                self.httpd.shutdown()
        self.httpd.server_close()
        self.session.close()


__all__ = ["ReviewServer", "ReviewSession"]
