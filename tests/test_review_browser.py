"""The review flow in a real browser (Chromium driven by Playwright), by keyboard alone:
open, look at every region, exclude a false positive, add a missed region, export with
--verify, approve, then re-apply the decisions file without a browser.

Needs Playwright for Python and Chromium (`.ci/run` installs both; Debian's `chromium`).
"""

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from redact import Redactor
from redact.cli import main
from redact.media.video import read_frames
from redact.regions import box_intersection
from redact.review import Decisions
from redact.review.server import ReviewServer, ReviewSession

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = next(
    (p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(p).exists()), None
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.enable_socket,  # the page talks to the review server on loopback only
    pytest.mark.allow_hosts(["127.0.0.1"]),
    pytest.mark.skipif(CHROMIUM is None, reason="no chromium (apt-get install chromium)"),
]


def review(tmp_path, samples, name):
    """A review session on a copy of a sample, served, and a page on it; yields helpers."""
    shutil.copy(samples / name, tmp_path)
    src = tmp_path / name
    dst = tmp_path / f"out{src.suffix if src.suffix != '.jpg' else '.png'}"
    redactor = Redactor()
    session = ReviewSession([(src, dst)], redactor, "tester")
    server = ReviewServer(session).start()
    return src, dst, redactor, session, server


def drive(server, redactor, flow):
    """Open the page in Chromium, run ``flow(page)``, stop the server; return every URL the
    page asked for."""
    urls = []
    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.on("request", lambda r: urls.append(r.url))
            page.goto(server.url)
            page.wait_for_selector("#tracks button")  # the file is open
            flow(page)
            browser.close()
    finally:
        server.stop()
        redactor.close()
    return urls


def status(page):
    return playwright.expect(page.locator("#status"))


def look_at_everything(page, n):
    for _ in range(n):
        page.keyboard.press("j")
    playwright.expect(page.locator("#progress")).to_have_text(f"{n} of {n} looked at")


def exclude_selected(page, why, from_here=False):
    page.keyboard.press("Shift+X" if from_here else "x")
    page.keyboard.type(why)
    page.keyboard.press("Enter")
    status(page).to_have_text(re.compile("^excluded"))


def add_region(page, moves, why, this_frame_only=False):
    page.keyboard.press("a")
    for key in moves:
        page.keyboard.press(key)
    page.keyboard.press("Shift+Enter" if this_frame_only else "Enter")
    page.keyboard.type(why)
    page.keyboard.press("Enter")
    status(page).to_have_text("region added")


def export_and_approve(page):
    page.keyboard.press("e")
    status(page).to_have_text("exported and verified", timeout=120_000)
    playwright.expect(page.locator("#filestate")).to_contain_text("verified clean")
    page.keyboard.press("p")
    status(page).to_have_text("approved")


def only_this_origin(urls, server):
    origin = f"http://127.0.0.1:{server.port}/"
    assert urls and all(u.startswith(origin) for u in urls), {
        u for u in urls if not u.startswith(origin)
    }


def test_a_photo_reviewed_by_keyboard_alone(tmp_path, samples):
    src, dst, redactor, session, server = review(tmp_path, samples, "ward.jpg")
    d = session.files[0].decisions
    n = len(d.tracks)
    weakest = min(d.tracks.values(), key=lambda t: (t["score"], t["id"]))
    box = next(r[1:5] for r in d.frames[0] if r[0] == weakest["id"])

    def flow(page):
        look_at_everything(page, n)
        page.keyboard.press("j")  # back round to the lowest-confidence region
        exclude_selected(page, "a sign, not a name")
        page.keyboard.press("j")
        page.keyboard.press("r")
        status(page).to_have_text(re.compile("^resizing"))
        for _ in range(3):
            page.keyboard.press("Shift+ArrowRight")
        page.keyboard.press("Enter")
        page.keyboard.type("a little wider")
        page.keyboard.press("Enter")
        status(page).to_have_text("region resized")
        add_region(page, ["ArrowDown"] * 3, "a name the OCR missed")
        page.keyboard.press("?")
        playwright.expect(page.locator("#help")).to_be_visible()
        page.keyboard.press("?")
        export_and_approve(page)
        page.screenshot(path=str(tmp_path / "review.png"))

    only_this_origin(drive(server, redactor, flow), server)

    saved = Decisions.load(src.with_name("ward.jpg.redact.json"))
    actions = [e["action"] for e in saved.events]
    assert actions.count("seen") == n + 1 and "exclude" in actions and "add" in actions
    resized = next(e for e in saved.events if e["action"] == "resize")
    old = next(r[1:5] for r in saved.frames[0] if r[0] == resized["track"])
    assert resized["box"][2] > old[2] and resized["box"][0] == pytest.approx(old[0], abs=0.1)
    approval = saved.events[-1]
    assert approval["state"] == "approved" and approval["who"] == "tester"
    assert approval["output_sha256"] and approval["models"] and approval["redact_version"]

    before = np.asarray(Image.open(src).convert("RGB")).astype(int)
    after = np.asarray(Image.open(dst).convert("RGB")).astype(int)
    x1, y1, x2, y2 = (int(round(v)) for v in box)
    assert np.abs(after[y1:y2, x1:x2] - before[y1:y2, x1:x2]).mean() < 2  # excluded: kept
    added = next(e for e in saved.events if e["action"] == "add")["box"]
    ax1, ay1, ax2, ay2 = (int(round(v)) for v in added)
    diff = np.abs(after[ay1:ay2, ax1:ax2] - before[ay1:ay2, ax1:ax2])
    assert diff.mean() > 5  # added: hidden

    # The same decisions, without a browser: the same bytes.
    again = tmp_path / "again.png"
    assert main([str(src), "-o", str(again), "--decisions", str(saved_path(src)), "-q"]) == 0
    assert again.read_bytes() == dst.read_bytes()


def saved_path(src):
    return src.with_name(f"{src.name}.redact.json")


def rows_of(decisions, index, track):
    return [r[1:5] for r in decisions.frames[index] if r[0] == track]


def clear_of_others(decisions, index, track):
    """Whether a track's box at a frame touches no other region hidden there (margins in)."""
    mine = rows_of(decisions, index, track)
    regions = decisions.regions(index)
    others = regions[regions.track_id != track].scaled(1.5).xyxy
    grown = np.array(mine).reshape(-1, 4)
    return bool(mine) and not box_intersection(grown, others).any()


def test_a_video_reviewed_by_keyboard_alone(tmp_path, samples):
    src, dst, redactor, session, server = review(tmp_path, samples, "clip.mp4")
    d = session.files[0].decisions
    n = len(d.all_tracks())
    spans = d.spans()
    # The page lists regions lowest confidence first; pick the first with a frame, after its
    # first, where it is clear of every other region (the tracker may hold two tracks on one
    # face, and excluding one leaves the other hiding it: safe, but nothing to see here).
    order = sorted(d.tracks.values(), key=lambda t: (t["score"], t["id"]))
    pick = frame = None
    for k, t in enumerate(order):
        first, last_ = spans[t["id"]]
        for i in range(first + 1, last_ + 1):
            if clear_of_others(d, i, t["id"]):
                pick, frame = k, i
                break
        if pick is not None:
            break
    assert pick is not None

    def flow(page):
        look_at_everything(page, n)
        for _ in range(pick + 1):  # j wraps round to the first region, then on to the pick
            page.keyboard.press("j")
        for _ in range(frame - spans[order[pick]["id"]][0]):
            page.keyboard.press("ArrowRight")
        playwright.expect(page.locator("#frameno")).to_have_text(str(frame))
        exclude_selected(page, "the patient's own face, with consent", from_here=True)
        page.keyboard.press("Shift+ArrowLeft")
        moves = ["ArrowUp"] * 40 + ["ArrowLeft"] * 40 + ["Shift+ArrowRight"] * 2
        add_region(page, moves, "a badge on the wall")
        page.keyboard.press("2")
        playwright.expect(page.locator("#viewname")).to_have_text("redacted")
        export_and_approve(page)

    only_this_origin(drive(server, redactor, flow), server)

    saved = Decisions.load(saved_path(src))
    cut = next(e for e in saved.events if e["action"] == "exclude")
    assert cut["from"] > spans[cut["track"]][0]  # split: hidden before, kept after
    added = next(e for e in saved.events if e["action"] == "add")
    assert saved.events[-1]["state"] == "approved"
    assert len(added["boxes"]) == added["to"] - added["from"] + 1 > 10  # carried, not fixed

    frames_in = list(read_frames(src))
    frames_out = list(read_frames(dst))
    assert len(frames_out) == len(frames_in) == saved.input["frames"]
    h, w = frames_in[0].shape[:2]
    checked = 0
    for i, *box in added["boxes"][:: max(1, len(added["boxes"]) // 8)]:
        ax1, ay1 = max(0, int(round(box[0]))), max(0, int(round(box[1])))
        ax2, ay2 = min(w, int(round(box[2]))), min(h, int(round(box[3])))
        if ax2 - ax1 < 20 or ay2 - ay1 < 20:
            continue  # the camera has carried it out of the picture
        diff = np.abs(frames_out[i][ay1:ay2, ax1:ax2].astype(int) - frames_in[i][ay1:ay2, ax1:ax2])
        assert diff.mean() > 5  # carried with the camera, hidden wherever it is in view
        checked += 1
    assert checked >= 2
    assert cut["track"] == order[pick]["id"] and cut["from"] == frame
    x1, y1, x2, y2 = (int(round(v)) for v in rows_of(saved, frame, cut["track"])[0])
    diff = np.abs(frames_out[frame][y1:y2, x1:x2].astype(int) - frames_in[frame][y1:y2, x1:x2])
    assert diff.mean() < 6  # excluded from this frame on: left as it was (up to the encoder)
    if frame - 1 >= spans[cut["track"]][0] and rows_of(saved, frame - 1, cut["track"]):
        x1, y1, x2, y2 = (int(round(v)) for v in rows_of(saved, frame - 1, cut["track"])[0])
        before_cut = frames_out[frame - 1][y1:y2, x1:x2].astype(int)
        assert np.abs(before_cut - frames_in[frame - 1][y1:y2, x1:x2]).mean() > 6  # hidden

    again = tmp_path / "again.mp4"
    assert main([str(src), "-o", str(again), "--decisions", str(saved_path(src)), "-q"]) == 0
    assert again.read_bytes() == dst.read_bytes()
    assert json.loads(saved_path(src).read_text())["redact_decisions"] == 1
