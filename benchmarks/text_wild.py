"""Attacker-OCR benchmark of text redaction on independent synthetic hospital photos.

Scenes come from benchmarks/wild/scenes.py (written without looking at the project's own
sample generator). redact fills text magenta; an independent OCR (RapidOCR, PP-OCRv4) then
tries to read every identifier again, in the input and in the output. See
benchmarks/wild/README.md.

    python benchmarks/text_wild.py                      # tuning seeds 1-60
    python benchmarks/text_wild.py --scenes 6 --save /tmp/wild
    python benchmarks/text_wild.py --split report       # seeds 10001-10120, tables only
    python benchmarks/text_wild.py --presidio           # the six Presidio test images
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import redact
from benchmarks.wild.attacker import Attacker, contains
from benchmarks.wild.scenes import make_scene
from benchmarks.wild.score import COVERED, format_tables, magenta_fraction, score_item, tables

SPLITS = {"tune": (1, 60), "report": (10001, 120)}  # first seed, number of seeds
PRESIDIO = Path(__file__).resolve().parents[2] / "shared" / "data" / "external" / "presidio"
# Hand-written from the attacker's own reading of each input once: (attacker line, identifier,
# entity). Annotations such as "Semi-Upright", "Portable", "L" and "LA6" are not identifiers.
PRESIDIO_TRUTH: dict[str, list[tuple[str, str, str]]] = {
    "dcm_0.png": [
        ("DAVIDSON DOUGLAS [M] 01.09.2012", "DAVIDSON DOUGLAS", "person"),
        ("DAVIDSON DOUGLAS [M] 01.09.2012", "01.09.2012", "date"),
        ("DOB: 06.16.1976", "06.16.1976", "date"),
    ],
    "dcm_1.png": [
        ("MARTIN CHAD [U] 01.01.2000", "MARTIN CHAD", "person"),
        ("MARTIN CHAD [U] 01.01.2000", "01.01.2000", "date"),
    ],
    "dcm_2.png": [("DOB: 07.22.1943", "07.22.1943", "date")],
    "dcm_3.png": [
        ("MEYER STEPHANIE [F] 02.25.2012", "MEYER STEPHANIE", "person"),
        ("MEYER STEPHANIE [F] 02.25.2012", "02.25.2012", "date"),
        ("DOB: 07.16.1953", "07.16.1953", "date"),
    ],
    "kwargs_test.jpg": [
        ("John Smith lives in New York.", "John Smith", "person"),
        ("His phone number is 202-555-0121.", "202-555-0121", "phone"),
    ],
    "ocr_bounding_box.png": [
        ("Jessica Smith lives in New York.", "Jessica Smith", "person"),
        ("John Constantine lives in London.", "John Constantine", "person"),
    ],
}


def redactor(ocr: str) -> redact.Redactor:
    """redact at its defaults, but text filled magenta so coverage can be measured."""
    return redact.Redactor(text_operator=redact.Fill(color=(255, 0, 255), mask="box"), ocr=ocr)


def run_scenes(args: argparse.Namespace) -> dict[str, Any]:
    """Generate, redact and attack each scene of the split; print and return the results."""
    base, count = SPLITS[args.split]
    first = max(1, args.first)
    n = min(args.scenes if args.scenes is not None else count, count - first + 1)
    seeds = list(range(base + first - 1, base + first - 1 + n))
    tuning = args.split == "tune"
    save = Path(args.save) if args.save else None
    if save:
        save.mkdir(parents=True, exist_ok=True)
    attacker, scored, sizes = Attacker(), [], Counter()
    seconds = {"generate": 0.0, "redact": 0.0, "attack": 0.0}
    with redactor(args.ocr) as r:
        for seed in seeds:
            t0 = time.perf_counter()
            rgb, items, meta = make_scene(seed)
            t1 = time.perf_counter()
            clean, _ = r.redact_image(rgb)
            t2 = time.perf_counter()
            results = [dict(score_item(attacker, rgb, clean, it), seed=seed) for it in items]
            t3 = time.perf_counter()
            for key, dt in zip(seconds, (t1 - t0, t2 - t1, t3 - t2)):
                seconds[key] += dt
            sizes[f"{rgb.shape[1]}x{rgb.shape[0]}"] += 1
            scored += results
            if tuning:
                pii = [i for i in results if i["kind"] == "pii"]
                print(
                    f"seed {seed}: {rgb.shape[1]}x{rgb.shape[0]} {len(pii)} identifiers, "
                    f"{sum(i['covered'] for i in pii)} covered; generate {t1 - t0:.1f}s, "
                    f"redact {t2 - t1:.1f}s, attack {t3 - t2:.1f}s",
                    flush=True,
                )
            if save:
                _save(save, seed, rgb, clean, results, meta)
    out = tables(scored)
    out["seconds_per_scene"] = {k: round(v / max(1, len(seeds)), 2) for k, v in seconds.items()}
    out["sizes"] = dict(sorted(sizes.items()))
    out["split"], out["seeds"] = args.split, [seeds[0], seeds[-1]] if seeds else []
    print(
        f"\n{args.split} split, seeds {seeds[0]}-{seeds[-1]} ({len(seeds)} scenes), ocr={args.ocr}"
    )
    print(format_tables(out))
    print(f"\nmean seconds per scene: {out['seconds_per_scene']}")
    print(f"scene sizes: {out['sizes']}")
    if tuning:
        missed = [
            i for i in scored if i["kind"] == "pii" and (not i["covered"] or i["readable_out"])
        ]
        out["missed"] = [
            {
                k: i[k]
                for k in (
                    "seed",
                    "layout",
                    "entity",
                    "text",
                    "x_height_px",
                    "covered_frac",
                    "readable_in",
                    "readable_out",
                )
            }
            for i in missed
        ]
        print(f"\nmissed identifiers (not >=90% covered, or still readable): {len(missed)}")
        for i in missed:
            print(
                f"  {i['seed']:>5} {i['layout']:<13} {i['entity']:<16} x={i['x_height_px']:<5} "
                f"covered={i['covered_frac']:.2f} read_in={i['readable_in']!s:<5} "
                f"read_out={i['readable_out']!s:<5} {i['text']!r}"
            )
    return out


def _save(
    folder: Path, seed: int, rgb: np.ndarray, clean: np.ndarray, items: list[dict], meta: dict
) -> None:
    from PIL import Image

    Image.fromarray(rgb).save(folder / f"{seed}_in.png")
    Image.fromarray(clean).save(folder / f"{seed}_out.png")
    (folder / f"{seed}.json").write_text(
        json.dumps({"meta": meta, "items": items}, indent=1, default=float)
    )


def _sub_box(line_box: np.ndarray, line: str, part: str) -> np.ndarray:
    """The part of an attacker line box taken by ``part``, by its share of the characters."""
    start = line.find(part)
    x0, y0 = line_box.min(0)
    x1, y1 = line_box.max(0)
    a = x0 + (x1 - x0) * start / len(line)
    b = x0 + (x1 - x0) * (start + len(part)) / len(line)
    return np.array([[a, y0], [b, y0], [b, y1], [a, y1]])


def run_presidio(args: argparse.Namespace) -> dict[str, Any]:
    """Redact the Presidio test images and check each hand-listed identifier."""
    from PIL import Image

    attacker, rows = Attacker(), []
    with redactor(args.ocr) as r:
        for name, truth in PRESIDIO_TRUTH.items():
            rgb = np.asarray(Image.open(PRESIDIO / name).convert("RGB"))
            clean, _ = r.redact_image(rgb)
            lines = {text: box for text, box, _ in attacker.lines(rgb)}
            for line, part, entity in truth:
                if line not in lines:
                    rows.append({"image": name, "text": part, "entity": entity, "found": False})
                    continue
                box = _sub_box(lines[line], line, part)
                frac = magenta_fraction(clean, box)
                read_out = contains(attacker.read(clean, box), part)
                rows.append(
                    {
                        "image": name,
                        "text": part,
                        "entity": entity,
                        "found": True,
                        "covered_frac": round(frac, 3),
                        "covered": frac >= COVERED,
                        "readable_out": read_out,
                    }
                )
    print(f"{'image':<22} {'entity':<8} {'covered':>8} {'read after':>10}  identifier")
    for row in rows:
        if not row["found"]:
            print(
                f"{row['image']:<22} {row['entity']:<8} {'(attacker no longer reads the line)':>20}"
            )
            continue
        print(
            f"{row['image']:<22} {row['entity']:<8} {row['covered_frac']:>8.2f} "
            f"{row['readable_out']!s:>10}  {row['text']!r}"
        )
    found = [r for r in rows if r["found"]]
    hidden = sum(not r["readable_out"] for r in found)
    covered = sum(r["covered"] for r in found)
    print(f"\nunreadable after: {hidden}/{len(found)}; >=90% covered: {covered}/{len(found)}")
    return {"presidio": rows, "unreadable": [hidden, len(found)], "covered": [covered, len(found)]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=sorted(SPLITS), default="tune")
    parser.add_argument("--scenes", type=int, default=None, help="default: the whole split")
    parser.add_argument("--first", type=int, default=1, help="1-based index into the split")
    parser.add_argument("--ocr", choices=["ppocr", "easyocr"], default="ppocr")
    parser.add_argument("--save", help="write SEED_in.png, SEED_out.png, SEED.json (tune only)")
    parser.add_argument("--presidio", action="store_true", help="the Presidio test images")
    parser.add_argument("--json", help="dump the aggregate tables to this file")
    args = parser.parse_args(argv)
    if args.save and (args.split != "tune" or args.presidio):
        parser.error("--save is only for the tuning split")
    out = run_presidio(args) if args.presidio else run_scenes(args)
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1, default=float))
    return 0


if __name__ == "__main__":
    sys.exit(main())
