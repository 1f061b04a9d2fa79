"""Per-item scoring (attacker reads, magenta coverage, signs left alone) and the tables."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import cv2
import numpy as np

from benchmarks.wild.attacker import Attacker, contains

MAGENTA = np.array([255, 0, 255], np.int16)
TOLERANCE = 8  # per channel, for "exactly magenta" and for "changed"
COVERED = 0.90
SIGN_CHANGED = 0.05


def polygon_pixels(image: np.ndarray, polygon: np.ndarray) -> np.ndarray:
    """The (N, 3) pixels of ``image`` inside ``polygon`` (clipped to the image)."""
    h, w = image.shape[:2]
    p = np.asarray(polygon, np.float64)
    x0, y0 = np.clip(np.floor(p.min(0)).astype(int), 0, [w - 1, h - 1])
    x1, y1 = np.clip(np.ceil(p.max(0)).astype(int), 0, [w - 1, h - 1])
    mask = np.zeros((y1 - y0 + 1, x1 - x0 + 1), np.uint8)
    cv2.fillPoly(mask, [np.round(p - [x0, y0]).astype(np.int32)], 1)
    return image[y0 : y1 + 1, x0 : x1 + 1][mask > 0]


def magenta_fraction(image: np.ndarray, polygon: np.ndarray) -> float:
    """Share of the polygon's pixels that are magenta within the tolerance."""
    px = polygon_pixels(image, polygon).astype(np.int16)
    if not len(px):
        return 0.0
    return float((np.abs(px - MAGENTA) <= TOLERANCE).all(1).mean())


def changed_fraction(before: np.ndarray, after: np.ndarray, polygon: np.ndarray) -> float:
    """Share of the polygon's pixels that moved by more than the tolerance."""
    a = polygon_pixels(before, polygon).astype(np.int16)
    b = polygon_pixels(after, polygon).astype(np.int16)
    if not len(a):
        return 0.0
    return float((np.abs(a - b) > TOLERANCE).any(1).mean())


def score_item(attacker: Attacker, before: np.ndarray, after: np.ndarray, item: dict) -> dict:
    """The item with ``readable_in``, ``readable_out``, ``covered_frac``, ``covered`` and, for
    signs, ``changed_frac`` and ``kept``."""
    poly = np.asarray(item["polygon"], np.float64)
    read_in = attacker.read(before, poly)
    read_out = attacker.read(after, poly)
    out = dict(item)
    out["readable_in"] = contains(read_in, item["text"])
    out["readable_out"] = contains(read_out, item["text"])
    out["covered_frac"] = round(magenta_fraction(after, poly), 3)
    out["covered"] = out["covered_frac"] >= COVERED
    if item["kind"] == "sign":
        out["changed_frac"] = round(changed_fraction(before, after, poly), 3)
        out["kept"] = out["readable_out"] and out["changed_frac"] < SIGN_CHANGED
    return out


def _frac(n: int, d: int) -> float | None:
    return round(n / d, 3) if d else None


def tables(items: list[dict]) -> dict[str, Any]:
    """Aggregate scored items into the benchmark's tables."""

    def pii_row(group: list[dict]) -> dict[str, Any]:
        readable = [i for i in group if i["readable_in"]]
        hidden = sum(not i["readable_out"] for i in readable)
        covered = sum(i["covered"] for i in group)
        return {
            "n_pii": len(group),
            "n_readable_in": len(readable),
            "n_unreadable": hidden,
            "unreadable": _frac(hidden, len(readable)),
            "n_covered": covered,
            "covered": _frac(covered, len(group)),
        }

    pii = [i for i in items if i["kind"] == "pii"]
    by_entity, by_layout = defaultdict(list), defaultdict(list)
    for i in pii:
        by_entity[i["entity"]].append(i)
        by_layout[i["layout"]].append(i)
    signs = [i for i in items if i["kind"] == "sign"]
    sign_in = [i for i in signs if i["readable_in"]]
    kept = sum(i["kept"] for i in sign_in)
    heads = defaultdict(list)
    for i in items:
        if i["kind"] == "header":
            heads[i["layout"]].append(i)
    head_rows = {}
    for layout, group in sorted(heads.items()) + [("all", [i for g in heads.values() for i in g])]:
        readable = [i for i in group if i["readable_in"]]
        still = sum(i["readable_out"] for i in readable)
        head_rows[layout] = {
            "n_header": len(group),
            "n_readable_in": len(readable),
            "n_readable_out": still,
            "readable": _frac(still, len(readable)),
        }
    return {
        "pii_by_entity": {k: pii_row(v) for k, v in sorted(by_entity.items())},
        "pii_by_layout": {k: pii_row(v) for k, v in sorted(by_layout.items())},
        "pii_overall": pii_row(pii),
        "signs": {
            "n_sign": len(signs),
            "n_sign_readable_in": len(sign_in),
            "n_kept": kept,
            "kept": _frac(kept, len(sign_in)),
        },
        "headers": head_rows,
    }


def format_tables(t: dict[str, Any]) -> str:
    """The tables as fixed-width text."""
    out = []

    def pii_table(title: str, rows: dict[str, dict]) -> None:
        out.append(f"\n{title:<18} {'unreadable after':>20} {'boxes >=90% covered':>22}")
        for name, r in rows.items():
            un = f"{r['n_unreadable']}/{r['n_readable_in']}" + (
                f" = {r['unreadable']:.2f}" if r["unreadable"] is not None else ""
            )
            cov = f"{r['n_covered']}/{r['n_pii']}" + (
                f" = {r['covered']:.2f}" if r["covered"] is not None else ""
            )
            out.append(f"{name:<18} {un:>20} {cov:>22}")

    pii_table("entity", t["pii_by_entity"])
    pii_table("layout", t["pii_by_layout"])
    pii_table("overall", {"all identifiers": t["pii_overall"]})
    s = t["signs"]
    kept = f" = {s['kept']:.2f}" if s["kept"] is not None else ""
    out.append(
        f"\nsigns still readable: {s['n_kept']}/{s['n_sign_readable_in']}{kept}"
        f" ({s['n_sign']} signs drawn)"
    )
    out.append("\nheaders/labels still readable (informational)")
    for name, r in t["headers"].items():
        frac = f" = {r['readable']:.2f}" if r["readable"] is not None else ""
        out.append(f"  {name:<16} {r['n_readable_out']}/{r['n_readable_in']}{frac}")
    return "\n".join(out)
