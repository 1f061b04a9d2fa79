"""The decisions file, its replay, the audit trail and the review server's guards."""

import csv
import http.client
import io
import json
import re
import shutil

import numpy as np
import pytest
from PIL import Image

from redact import Redactor
from redact.cli import main
from redact.review import Decisions, DecisionsError
from redact.review.cli import audit_main
from redact.review.server import CSP, ReviewServer, ReviewSession


@pytest.fixture(scope="module")
def people(tmp_path_factory, samples):
    folder = tmp_path_factory.mktemp("review")
    shutil.copy(samples / "people.jpg", folder)
    return folder / "people.jpg"


@pytest.fixture(scope="module")
def found(people):
    with Redactor(text="off") as r:
        return r.find(people)


def fresh(found):
    return Decisions.from_json(json.loads(json.dumps(found.to_json())))


def test_a_photo_s_decisions_hold_each_face_once_and_no_text(found):
    assert found.input["type"] == "image" and found.input["frames"] == 1
    assert len(found.tracks) == 7 and all(t["kind"] == "face" for t in found.tracks.values())
    assert "text" not in json.dumps(found.to_json()).replace('"text_padding"', "")


def test_exclude_add_and_undo_replay_in_order(found):
    d = fresh(found)
    first = min(d.tracks)
    d.log("sam", "exclude", track=first, **{"from": 0, "to": 0}, why="a poster")
    assert first not in set(d.regions(0).track_id)
    d.log(
        "sam",
        "add",
        track=d.next_track_id(),
        kind="face",
        box=[1, 1, 40, 40],
        **{"from": 0, "to": 0},
    )
    assert len(d.regions(0)) == 7
    d.log("sam", "undo", event=0)  # the exclusion
    assert first in set(d.regions(0).track_id) and len(d.regions(0)) == 8
    assert d.last_edit()["action"] == "add"


def test_an_edited_photo_renders_the_edits_and_nothing_else(people, found, tmp_path):
    d = fresh(found)
    first = min(d.tracks)
    x1, y1, x2, y2 = (int(v) for v in d.frames[0][0][1:5])
    d.log("sam", "exclude", track=first, **{"from": 0, "to": 0}, why="test")
    d.log(
        "sam",
        "add",
        track=d.next_track_id(),
        kind="face",
        box=[10, 10, 90, 90],
        **{"from": 0, "to": 0},
    )
    with Redactor(text="off") as r:
        r.redact_file(people, tmp_path / "edited.png", decisions=d)
        r.redact_file(people, tmp_path / "plain.png")
    src = np.asarray(Image.open(people).convert("RGB")).astype(int)
    edited = np.asarray(Image.open(tmp_path / "edited.png")).astype(int)
    plain = np.asarray(Image.open(tmp_path / "plain.png")).astype(int)
    assert np.abs(edited[y1:y2, x1:x2] - src[y1:y2, x1:x2]).mean() < 1  # kept on purpose
    assert np.abs(plain[y1:y2, x1:x2] - src[y1:y2, x1:x2]).mean() > 10  # hidden by default
    assert np.abs(edited[20:80, 20:80] - src[20:80, 20:80]).mean() > 5  # the added region


@pytest.mark.parametrize(
    "mutate",
    [
        lambda j: j.update(redact_decisions=2),
        lambda j: j["input"].update(sha256="../../etc/passwd"),
        lambda j: j["frames"][0].append([999, 0, 0, 5, 5]),
        lambda j: j["frames"][0].append([0, 5, 5, 0, 0]),
        lambda j: j["frames"][0].append([0, "x", 0, 5, 5]),
        lambda j: j["settings"].update(margin=float("nan")),
        lambda j: j["settings"].update(mode="reveal"),
        lambda j: j["events"].append({"n": 0, "at": "t", "who": "x", "action": "rm -rf"}),
        lambda j: j["events"].append({"n": 5, "at": "t", "who": "x", "action": "seen", "track": 0}),
        lambda j: j["events"].append(
            {"n": 0, "at": "t", "who": "x", "action": "exclude", "track": 0, "from": 0, "to": 99}
        ),
        lambda j: j["events"].append({"n": 0, "at": "t", "who": "x", "action": "undo", "event": 0}),
        lambda j: j.update(tracks="all"),
        lambda j: j.clear(),
    ],
)
def test_a_hostile_decisions_file_gets_one_clear_error(found, tmp_path, mutate):
    data = found.to_json()
    data = json.loads(json.dumps(data))
    mutate(data)
    path = tmp_path / "d.json"
    path.write_text(json.dumps(data))
    with pytest.raises(DecisionsError, match="decisions file"):
        Decisions.load(path)


@pytest.mark.parametrize("text", ["", "[" * 100000, '{"redact_decisions": 1}', "\xff\xfe"])
def test_unreadable_decisions_files_are_refused(tmp_path, text):
    path = tmp_path / "d.json"
    path.write_text(text, encoding="latin-1")
    with pytest.raises(DecisionsError):
        Decisions.load(path)


def test_the_cli_refuses_a_hostile_decisions_file_and_writes_nothing(people, tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"redact_decisions": 1, "input": []}')
    out = tmp_path / "out.jpg"
    assert main([str(people), "-o", str(out), "--decisions", str(bad), "-q"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "decisions file" in err[0] and not out.exists()


def test_decisions_for_another_file_are_refused(found, samples, tmp_path):
    with Redactor(text="off") as r, pytest.raises(DecisionsError, match="sha256"):
        r.redact_file(samples / "ward.jpg", tmp_path / "o.jpg", decisions=found)


def test_the_audit_lists_every_event(found, tmp_path, capsys):
    d = fresh(found)
    d.input["name"] = "people.jpg"
    d.log("sam", "exclude", track=min(d.tracks), **{"from": 0, "to": 0}, why="poster")
    d.log("ali", "state", state="reviewed")
    (tmp_path / "sub").mkdir()
    d.save(tmp_path / "sub" / "people.jpg.redact.json")
    assert audit_main([str(tmp_path)]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0][:6] == ["file", "input_sha256", "n", "at", "who", "action"]
    assert [(r[4], r[5], r[9]) for r in rows[1:]] == [
        ("sam", "exclude", "poster"),
        ("ali", "state", ""),
    ]


# The server tests talk to the review server on loopback, and nowhere else.
sockets = pytest.mark.enable_socket
loopback_only = pytest.mark.allow_hosts(["127.0.0.1"])


@pytest.fixture(scope="module")
def server(people, tmp_path_factory):
    r = Redactor(text="off")
    out = tmp_path_factory.mktemp("out") / "people.redacted.jpg"
    srv = ReviewServer(ReviewSession([(people, out)], r, "tester")).start()
    yield srv
    srv.stop()
    r.close()


def request(srv, path, host=None, headers=None, method="GET", body=None):
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
    conn.putrequest(method, path, skip_host=True)
    conn.putheader("Host", host or f"127.0.0.1:{srv.port}")
    for k, v in (headers or {}).items():
        conn.putheader(k, v)
    data = json.dumps(body).encode() if body is not None else b""
    conn.putheader("Content-Length", str(len(data)))
    conn.endheaders(data)
    res = conn.getresponse()
    return res.status, dict(res.getheaders()), res.read()


@sockets
@loopback_only
def test_the_server_answers_only_with_its_token_and_on_loopback(server):
    t = server.token
    assert server.httpd.server_address[0] == "127.0.0.1"
    assert request(server, f"/?t={t}")[0] == 200
    assert request(server, "/")[0] == 403
    assert request(server, "/?t=wrong")[0] == 403
    assert request(server, "/api/files")[0] == 403
    assert request(server, f"/?t={t}", host="evil.example:80")[0] == 403  # DNS rebinding
    status, headers, _ = request(server, f"/api/files?t={t}")
    assert status == 200 and headers["Content-Security-Policy"] == CSP


@sockets
@loopback_only
@pytest.mark.parametrize(
    "path",
    [
        "/../../etc/passwd",
        "/api/file/0/../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/api/file/1",
        "/api/file/0/frame/5.jpg",
        "/static/../server.py",
        "/app.js/../server.py",
    ],
)
def test_nothing_outside_the_session_is_served(server, path):
    sep = "&" if "?" in path else "?"
    assert request(server, f"{path}{sep}t={server.token}")[0] == 404


@sockets
@loopback_only
def test_edits_need_the_token_in_a_header_not_only_the_address(server):
    t = server.token
    body = {"action": "seen", "track": 0}
    assert request(server, f"/api/file/0/event?t={t}", method="POST", body=body)[0] == 403
    status, _, data = request(
        server, "/api/file/0/event", headers={"X-Redact-Token": t}, method="POST", body=body
    )
    assert status == 200 and json.loads(data)["seen"] == 1
    status, _, data = request(
        server,
        "/api/file/0/event",
        headers={"X-Redact-Token": t},
        method="POST",
        body={"action": "exclude", "track": 0, "from": 0, "to": 5},
    )
    assert status == 400 and "frames" in json.loads(data)["error"]


@pytest.mark.slow
def test_review_prints_its_address_and_stops_cleanly_on_ctrl_c(people, tmp_path):
    import signal
    import subprocess
    import sys

    shutil.copy(people, tmp_path / "p.jpg")
    proc = subprocess.Popen(
        [sys.executable, "-m", "redact", "review", str(tmp_path / "p.jpg"), "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline()
    assert re.search(r"http://127\.0\.0\.1:\d+/\?t=[\w-]{20,}", line), line
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0 and "Traceback" not in err
    assert (tmp_path / "p.jpg.redact.json").exists()


def test_frames_under_review_live_in_an_unnamed_file_and_read_back_from_threads(
    tmp_path, monkeypatch
):
    import tempfile
    from concurrent.futures import ThreadPoolExecutor

    from redact.review.server import JpegFrames

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    ramp = np.linspace(0, 255, 64, dtype=np.uint8)
    images = [np.dstack([np.tile(ramp, (48, 1))] * 3) // k for k in (1, 2, 4)]
    frames = JpegFrames(images)
    assert len(frames) == 3 and not any(tmp_path.iterdir())  # no name on disk
    for image, data in zip(images, (frames[i] for i in range(3))):
        back = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
        assert np.abs(back.astype(int) - image).mean() < 3
    order = [2, 0, 1] * 20
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(frames.__getitem__, order)) == [frames[i] for i in order]
    frames.close()
    with pytest.raises(ValueError):
        frames[0]


def test_a_new_video_under_review_is_decoded_once_and_shows_its_frames(
    samples, tmp_path, monkeypatch
):
    import redact.media.video as video
    import redact.redactor as redactor_module
    from redact.review.server import JpegFrames

    clip = tmp_path / "clip.mp4"
    shutil.copy(samples / "clip.mp4", clip)
    decoded = []
    read = video.read_frames

    def counting(path, *args, **kwargs):
        decoded.append(path)
        return read(path, *args, **kwargs)

    # The search and a review that decoded again would both go through read_frames.
    monkeypatch.setattr(redactor_module, "read_frames", counting)
    monkeypatch.setattr(video, "read_frames", counting)
    with Redactor(text="off") as r:
        session = ReviewSession([(clip, tmp_path / "out.mp4")], r, "tester")
    try:
        assert len(decoded) == 1
        shown, again = session.file(0).frames, JpegFrames(read(clip))
        assert len(shown) == len(again) == session.file(0).decisions.input["frames"]
        assert session.file(0).fps > 0
        assert all(shown[i] == again[i] for i in (0, len(shown) // 2, len(shown) - 1))
        again.close()
    finally:
        session.close()
