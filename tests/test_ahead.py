import threading

import pytest

from redact._ahead import ahead


def test_items_come_in_order_from_another_thread():
    threads = set()

    def numbers():
        for i in range(50):
            threads.add(threading.current_thread().name)
            yield i

    assert list(ahead(numbers(), 3)) == list(range(50))
    assert threading.current_thread().name not in threads


def test_an_error_while_producing_is_raised_to_the_consumer_in_its_place():
    def failing():
        yield 1
        yield 2
        raise OSError("disk gone")

    got = []
    with pytest.raises(OSError, match="disk gone"):
        for item in ahead(failing(), 2):
            got.append(item)
    assert got == [1, 2]


def test_a_consumer_that_stops_early_stops_the_producer():
    made = []

    def endless():
        i = 0
        while True:
            made.append(i)
            yield i
            i += 1

    it = ahead(endless(), 2)
    assert next(it) == 0
    it.close()
    count = len(made)
    assert count <= 5
    assert not any(t.name == "redact-ahead" for t in threading.enumerate())
