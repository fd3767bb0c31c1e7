"""assign.Ahead: a producer thread at most ``depth`` items ahead, its errors raised in the consumer."""

from __future__ import annotations

import threading
import time

import pytest

from vocmine.clustering.assign import Ahead


def test_items_arrive_in_order_and_the_producer_stays_within_depth():
    made: list[int] = []

    def produce():
        for i in range(10):
            made.append(i)
            yield i

    with Ahead(produce, depth=2) as ahead:
        time.sleep(0.3)  # the consumer is busy: the producer fills its buffer and waits
        # two items in the buffer and one made, waiting for room
        assert len(made) == 3
        assert list(ahead) == list(range(10))


def test_an_error_of_the_producer_is_raised_in_the_consumer():
    def produce():
        yield 1
        raise ValueError("bad batch")

    with Ahead(produce) as ahead:
        it = iter(ahead)
        assert next(it) == 1
        with pytest.raises(ValueError, match="bad batch"):
            next(it)


def test_close_stops_the_producer_and_closes_its_generator():
    closed = threading.Event()

    def produce():
        try:
            i = 0
            while True:
                yield i
                i += 1
        finally:
            closed.set()

    ahead = Ahead(produce, depth=1)
    assert next(iter(ahead)) == 0
    ahead.close()
    assert closed.is_set()
    assert not ahead._thread.is_alive()
