"""``redact review PATH...`` and ``redact audit DIR``."""

from __future__ import annotations

import argparse
import contextlib
import csv
import getpass
import io
import json
import sys
import webbrowser
from pathlib import Path

from redact.errors import RedactError
from redact.media.atomic import atomic_output
from redact.review.decisions import Decisions


def review_main(argv: list[str]) -> int:
    from redact.cli import _plan
    from redact.redactor import Redactor
    from redact.review.server import ReviewServer, ReviewSession

    p = argparse.ArgumentParser(
        prog="redact review",
        description="Review what redact found before anything is published: a page on this "
        "computer only (127.0.0.1, with a random token in its address). Decisions are kept "
        "in NAME.redact.json beside each input; outputs are written on export (E).",
    )
    p.add_argument("inputs", nargs="+", type=Path, metavar="PATH")
    p.add_argument("-o", "--output", type=Path, help="output file or folder, as for redact")
    p.add_argument("--who", default=None, help="the reviewer's name (default: your login)")
    p.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: any free)")
    p.add_argument("--no-browser", action="store_true", help="only print the address")
    args = p.parse_args(argv)
    who = args.who or _login()
    try:
        plan = _plan(argparse.Namespace(inputs=args.inputs, output=args.output))
        if not plan:
            raise RedactError("no photos or videos found in the inputs")
        redactor = Redactor()
        print(f"redact review: searching {len(plan)} file(s)...", file=sys.stderr)
        session = ReviewSession(plan, redactor, who)
        server = ReviewServer(session, args.port)
    except (RedactError, OSError, ValueError) as exc:
        print(f"redact review: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("redact review: interrupted while searching", file=sys.stderr)
        return 130
    try:
        print(f"redact review: open {server.url}  (Ctrl-C to stop)", flush=True)
        if not args.no_browser:
            with contextlib.suppress(webbrowser.Error):
                webbrowser.open(server.url)
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        with contextlib.suppress(KeyboardInterrupt):  # a second Ctrl-C while closing
            server.stop()
            redactor.close()
    print("redact review: stopped; decisions are saved beside each input", file=sys.stderr)
    return 0


AUDIT_COLUMNS = (
    "file",
    "input_sha256",
    "n",
    "at",
    "who",
    "action",
    "track",
    "from",
    "to",
    "why",
    "detail",
)


def audit_rows(folder: Path) -> list[list[str]]:
    """One row per event of every decisions file under ``folder``."""
    rows = []
    for path in sorted(folder.rglob("*.redact.json")):
        d = Decisions.load(path)
        for e in d.events:
            rest = {k: v for k, v in e.items() if k not in AUDIT_COLUMNS}
            rows.append(
                [
                    d.input["name"],
                    d.input["sha256"],
                    str(e["n"]),
                    e["at"],
                    e["who"],
                    e["action"],
                    str(e.get("track", "")),
                    str(e.get("from", "")),
                    str(e.get("to", "")),
                    e.get("why", ""),
                    json.dumps(rest, sort_keys=True) if rest else "",
                ]
            )
    return rows


def audit_main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(
        prog="redact audit",
        description="Write a CSV of every review decision (who, when, what, why) found in the "
        "decisions files under DIR.",
    )
    p.add_argument("folder", type=Path, metavar="DIR")
    p.add_argument("-o", "--output", type=Path, help="CSV file (default: standard output)")
    args = p.parse_args(argv)
    if not args.folder.is_dir():
        print(f"redact audit: {args.folder} is not a folder", file=sys.stderr)
        return 2
    try:
        rows = audit_rows(args.folder)
    except RedactError as exc:
        print(f"redact audit: {exc}", file=sys.stderr)
        return 1
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(AUDIT_COLUMNS)
    writer.writerows(rows)
    if args.output is None:
        sys.stdout.write(buffer.getvalue())
    else:
        with atomic_output(args.output) as tmp:
            tmp.write_text(buffer.getvalue())
    return 0


def _login() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "reviewer"
