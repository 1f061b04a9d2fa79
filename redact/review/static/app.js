"use strict";
// redact review: everything comes from this server; frames are drawn by it, frame by frame.
const token = new URLSearchParams(location.search).get("t") || "";
const VIEWS = ["outlines", "redacted", "original"];
const S = { files: [], file: 0, detail: null, frame: 0, view: 0, track: -1, play: null,
            draft: null, resizing: null, reason: null };
const $ = (id) => document.getElementById(id);

// Edits go to the server one after the other, in the order they were made.
let chain = Promise.resolve();
function api(path, body) {
  if (body === undefined) return call(path);
  const next = chain.then(() => call(path, body));
  chain = next.catch(() => {});
  return next;
}

async function call(path, body) {
  const opts = { headers: { "X-Redact-Token": token } };
  if (body !== undefined) {
    opts.method = "POST";
    opts.headers["Content-Type"] = "application/json";
    opts.body = JSON.stringify(body);
  }
  const res = await fetch(path, opts);
  const data = await res.json();
  if (!res.ok) throw new Error(data.error || res.statusText);
  return data;
}

function status(text, error) {
  $("status").textContent = text;
  $("status").className = error ? "error" : "";
}

async function loadFiles() {
  S.files = await api("/api/files");
  await openFile(S.file);
}

async function openFile(n) {
  S.file = Math.max(0, Math.min(S.files.length - 1, n));
  S.detail = await api(`/api/file/${S.file}`);
  S.frame = 0; S.track = -1; S.draft = null;
  render();
}

function tracks() { return S.detail ? S.detail.tracks_detail : []; }
function last() { return S.detail.frames - 1; }

function render() {
  const d = S.detail;
  if (!d) return;
  $("files").replaceChildren(...S.files.map((f, i) => {
    const b = document.createElement("button");
    b.textContent = `${f.name} — ${i === S.file ? d.state : f.state}`;
    b.className = i === S.file ? "current" : "";
    b.tabIndex = -1;
    b.addEventListener("click", () => openFile(i));
    return b;
  }));
  $("progress").textContent = `${d.seen} of ${d.tracks} looked at`;
  $("filename").textContent = d.name;
  $("filestate").textContent = d.state + (d.output && d.output.path
    ? ` · exported, ${d.output.leftovers.length ? d.output.leftovers.length + " found by --verify" : "verified clean"}` : "");
  $("viewname").textContent = VIEWS[S.view];
  $("frameno").textContent = S.frame;
  $("framecount").textContent = last();
  $("view").src = `/api/file/${S.file}/frame/${S.frame}.jpg?view=${VIEWS[S.view]}&t=${token}`;
  $("tracks").replaceChildren(...tracks().map((t, i) => {
    const b = document.createElement("button");
    const cut = t.excluded.length ? " (excluded)" : "";
    b.textContent = `${t.kind} #${t.id} · ${t.score.toFixed(2)} · ${t.first}–${t.last}${cut}`;
    b.className = [i === S.track ? "current" : "", t.seen ? "seen" : "", cut ? "excluded" : ""].join(" ");
    b.tabIndex = -1;
    b.dataset.track = t.id;
    b.addEventListener("click", () => selectTrack(i));
    return b;
  }));
  const n = Math.max(1, d.frames);
  $("timeline").replaceChildren(...tracks().map((t, i) => {
    const row = document.createElement("div");
    row.className = "row" + (i === S.track ? " current" : "");
    const span = document.createElement("div");
    span.className = "span" + (t.origin === "added" ? " added" : "");
    span.style.left = `${100 * t.first / n}%`;
    span.style.width = `${Math.max(0.5, 100 * (t.last - t.first + 1) / n)}%`;
    row.append(span);
    for (const [a, b] of t.excluded) {
      const cut = document.createElement("div");
      cut.className = "span cut";
      cut.style.left = `${100 * a / n}%`;
      cut.style.width = `${Math.max(0.5, 100 * (b - a + 1) / n)}%`;
      row.append(cut);
    }
    row.addEventListener("click", () => selectTrack(i));
    return row;
  }), Object.assign(document.createElement("div"), { className: "cursor" }));
  $("timeline").lastChild.style.left = `${100 * S.frame / n}%`;
  drawDraft();
}

function drawDraft() {
  const el = $("draft");
  if (!S.draft) { el.hidden = true; return; }
  const img = $("view"), d = S.detail;
  const sx = img.clientWidth / d.width, sy = img.clientHeight / d.height;
  const [x1, y1, x2, y2] = S.draft;
  el.hidden = false;
  el.style.left = `${img.offsetLeft + x1 * sx}px`;
  el.style.top = `${img.offsetTop + y1 * sy}px`;
  el.style.width = `${(x2 - x1) * sx}px`;
  el.style.height = `${(y2 - y1) * sy}px`;
}

async function selectTrack(i) {
  const list = tracks();
  if (!list.length) return;
  S.track = (i + list.length) % list.length;
  const t = list[S.track];
  S.frame = t.first;
  if (!t.seen) {
    S.detail = await api(`/api/file/${S.file}/event`, { action: "seen", track: t.id });
    S.files[S.file] = S.detail;
  }
  render();
}

function step(n) {
  S.frame = Math.max(0, Math.min(last(), S.frame + n));
  render();
}

function togglePlay() {
  if (S.play) { clearInterval(S.play); S.play = null; return; }
  const fps = S.detail.fps || 25;
  S.play = setInterval(() => {
    if (S.frame >= last()) { togglePlay(); return; }
    step(1);
  }, 1000 / fps);
}

function ask(label, then) {
  S.reason = then;
  $("reasonlabel").textContent = label;
  $("reasonbox").hidden = false;
  $("reason").value = "";
  $("reason").focus();
}

async function edit(body, done) {
  try {
    S.detail = await api(`/api/file/${S.file}/event`, body);
    S.files[S.file] = S.detail;
    status(done);
  } catch (e) { status(e.message, true); }
  render();
}

function exclude(fromHere) {
  const t = tracks()[S.track];
  if (!t) { status("select a region first (J / K)", true); return; }
  const from = fromHere ? Math.max(t.first, S.frame) : t.first;
  ask(`Why exclude ${t.kind} #${t.id} (frames ${from}–${t.last})?`, (why) =>
    edit({ action: "exclude", track: t.id, from, to: t.last, why }, `excluded #${t.id}`));
}

function startAdd() {
  const d = S.detail, w = Math.round(d.width / 8), h = Math.round(d.height / 6);
  const cx = d.width / 2, cy = d.height / 2;
  S.draft = [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
  status("adding: arrows move, Shift+arrows resize, Enter keeps it (Shift: this frame only; Ctrl: the whole clip, fixed), Esc cancels");
  render();
}

function moveDraft(key, shift) {
  const d = S.detail, s = Math.max(2, Math.round(d.width / 80));
  const [dx, dy] = { ArrowLeft: [-s, 0], ArrowRight: [s, 0], ArrowUp: [0, -s], ArrowDown: [0, s] }[key];
  const b = S.draft;
  if (shift) {
    b[2] = Math.min(d.width, Math.max(b[0] + 4, b[2] + dx));
    b[3] = Math.min(d.height, Math.max(b[1] + 4, b[3] + dy));
  } else {  // moved, but kept inside the picture
    const mx = Math.max(-b[0], Math.min(d.width - b[2], dx));
    const my = Math.max(-b[1], Math.min(d.height - b[3], dy));
    b[0] += mx; b[2] += mx; b[1] += my; b[3] += my;
  }
  drawDraft();
}

// Enter: carried with the camera forward and back (a video); Shift+Enter: this frame only;
// Ctrl+Enter: fixed in place over the whole clip (a monitor on a wall).
function finishDraft(how) {
  const box = S.draft.map((v) => Math.round(v * 10) / 10);
  const resizing = S.resizing;
  S.draft = null; S.resizing = null;
  if (resizing) {
    ask(`Why resize ${resizing.kind} #${resizing.id}?`, (why) =>
      edit({ action: "resize", track: resizing.id, box, from: S.frame, to: resizing.last, why },
           "region resized"));
    return;
  }
  const video = S.detail.type === "video";
  const from = how === "whole" ? 0 : S.frame;
  const to = how === "frame" ? S.frame : last();
  const follow = video && how === "follow";
  ask("Why add this region?", (why) =>
    edit({ action: "add", kind: "face", box, from, to, why, follow }, "region added"));
}

async function startResize() {
  const t = tracks()[S.track];
  if (!t) { status("select a region first (J / K)", true); return; }
  const here = (await api(`/api/file/${S.file}/boxes/${S.frame}`)).find((b) => b.track === t.id);
  if (!here) { status(`#${t.id} is not on this frame`, true); return; }
  S.draft = here.box.slice();
  S.resizing = t;
  status("resizing: arrows move, Shift+arrows resize, Enter keeps it from this frame on");
  render();
}

async function post(path, done) {
  status("working…");
  try {
    S.detail = await api(path, {});
    S.files[S.file] = S.detail;
    status(done);
  } catch (e) { status(e.message, true); }
  render();
}

// Drawing a box with the mouse, as an alternative to A + arrows.
let drag = null;
$("view").addEventListener("mousedown", (ev) => {
  const img = $("view"), d = S.detail, r = img.getBoundingClientRect();
  const x = (ev.clientX - r.left) * d.width / r.width, y = (ev.clientY - r.top) * d.height / r.height;
  drag = [x, y];
  S.draft = [x, y, x + 1, y + 1];
  ev.preventDefault();
});
window.addEventListener("mousemove", (ev) => {
  if (!drag) return;
  const img = $("view"), d = S.detail, r = img.getBoundingClientRect();
  const x = (ev.clientX - r.left) * d.width / r.width, y = (ev.clientY - r.top) * d.height / r.height;
  S.draft = [Math.min(drag[0], x), Math.min(drag[1], y), Math.max(drag[0], x), Math.max(drag[1], y)];
  drawDraft();
});
window.addEventListener("mouseup", () => {
  if (!drag) return;
  drag = null;
  if (S.draft[2] - S.draft[0] < 4 || S.draft[3] - S.draft[1] < 4) { S.draft = null; drawDraft(); return; }
  status("Enter keeps the drawn region, carried with the camera (Shift+Enter: this frame only)");
});

$("reasonbox").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const then = S.reason;
  S.reason = null;
  $("reasonbox").hidden = true;
  if (then) then($("reason").value);
});

document.addEventListener("keydown", (ev) => {
  if (!$("reasonbox").hidden) {
    if (ev.key === "Escape") { S.reason = null; $("reasonbox").hidden = true; status("cancelled"); }
    return;  // typing a reason
  }
  if (!$("help").hidden && ev.key !== "?") { $("help").hidden = true; return; }
  const k = ev.key;
  if (S.draft && k === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); finishDraft("whole"); return; }
  if ((ev.ctrlKey || ev.metaKey) && (k === "z" || k === "Z")) { ev.preventDefault(); edit({ action: "undo" }, "undone"); return; }
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if (S.draft) {
    if (k.startsWith("Arrow")) { ev.preventDefault(); moveDraft(k, ev.shiftKey); return; }
    if (k === "Enter") {
      ev.preventDefault();
      finishDraft(ev.shiftKey ? "frame" : ev.ctrlKey || ev.metaKey ? "whole" : "follow");
      return;
    }
    if (k === "Escape") { S.draft = null; S.resizing = null; status("cancelled"); render(); return; }
  }
  const keys = {
    " ": () => togglePlay(),
    ArrowLeft: () => step(ev.shiftKey ? -10 : -1),
    ArrowRight: () => step(ev.shiftKey ? 10 : 1),
    j: () => selectTrack(S.track + 1), J: () => selectTrack(S.track + 1),
    k: () => selectTrack(S.track - 1), K: () => selectTrack(S.track - 1),
    x: () => exclude(false), X: () => exclude(true),
    a: () => startAdd(), A: () => startAdd(),
    r: () => startResize(), R: () => startResize(),
    v: () => { S.view = (S.view + 1) % 3; render(); }, V: () => { S.view = (S.view + 1) % 3; render(); },
    "1": () => { S.view = 0; render(); }, "2": () => { S.view = 1; render(); }, "3": () => { S.view = 2; render(); },
    "[": () => openFile(S.file - 1), "]": () => openFile(S.file + 1),
    e: () => post(`/api/file/${S.file}/export`, "exported and verified"),
    E: () => post(`/api/file/${S.file}/export`, "exported and verified"),
    p: () => post(`/api/file/${S.file}/approve`, "approved"),
    P: () => post(`/api/file/${S.file}/approve`, "approved"),
    "?": () => { $("help").hidden = !$("help").hidden; },
  };
  if (keys[k]) { ev.preventDefault(); keys[k](); }
});

window.addEventListener("resize", drawDraft);
$("view").addEventListener("load", drawDraft);
loadFiles().catch((e) => status(e.message, true));
