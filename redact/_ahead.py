"""Run an iterator in a background thread, a few items ahead of its consumer."""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

T = TypeVar("T")
_END = object()


def ahead(
    items: Iterator[T],
    size: int,
    name: str = "redact-ahead",
    poll: Callable[[], None] | None = None,
) -> Iterator[T]:
    """Yield ``items``, produced in their own thread at most ``size`` items ahead.

    An exception raised while producing is raised here, in the consumer, at the same point of
    the sequence. If the consumer stops early, the producer stops too. ``poll`` is called every
    tenth of a second while the consumer waits (a time limit raises from it); an exception it
    raises stops the producer too.
    """
    out: queue.Queue = queue.Queue(size)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        out.put(("item", item), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            out.put(("end", _END))
        except BaseException as exc:  # handed to the consumer, which raises it
            out.put(("error", exc))

    thread = threading.Thread(target=produce, name=name, daemon=True)
    thread.start()
    try:
        while True:
            try:
                kind, value = out.get(timeout=0.1)
            except queue.Empty:
                if poll is not None:
                    poll()
                continue
            if kind == "end":
                return
            if kind == "error":
                raise value
            yield value
    finally:
        stop.set()
        while thread.is_alive():  # unblock a producer waiting on a full queue
            with contextlib.suppress(queue.Empty):
                out.get(timeout=0.1)
        thread.join()
