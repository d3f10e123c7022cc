"""Retry-After parsing and the per-host limiter, on a fake clock (no test waits)."""

from __future__ import annotations

import asyncio
import email.utils

import pytest

from papershelf.net import Limiter, retry_after


def test_retry_after_seconds_dates_and_garbage():
    assert retry_after("7") == 7.0
    assert retry_after(" 120 ") == 120.0
    assert retry_after(None) is None and retry_after("") is None
    assert retry_after("soon") is None
    assert retry_after("²") is None          # a digit to str.isdigit, not to float: was a ValueError
    assert retry_after("١٢") is None          # Arabic-Indic digits
    assert retry_after("-5") is None
    now = 1_800_000_000.0
    assert retry_after(email.utils.formatdate(now + 30, usegmt=True), now=now) == 30.0
    assert retry_after(email.utils.formatdate(now - 30, usegmt=True), now=now) == 0.0
    assert retry_after("Mon, 99 Foo 2026 99:99:99 GMT") is None


def test_waiters_reserve_slots_one_interval_apart(fake_clock):
    limiter = Limiter(8, 0.25, clock=fake_clock, sleep=fake_clock.sleep)
    started: list[int] = []

    async def one(i: int) -> None:
        async with limiter:
            started.append(i)

    async def main():
        await asyncio.gather(*(one(i) for i in range(5)))

    asyncio.run(main())
    assert sorted(started) == [0, 1, 2, 3, 4]
    start = fake_clock.start
    assert fake_clock.wakes == pytest.approx([start + 0.25, start + 0.5, start + 0.75, start + 1.0])


def test_push_back_holds_new_and_waiting_requests(fake_clock):
    limiter = Limiter(8, 0.0, clock=fake_clock, sleep=fake_clock.sleep)

    async def main():
        async with limiter:
            limiter.push_back(30)
        async with limiter:          # after the pause, not before
            return fake_clock()

    assert asyncio.run(main()) >= fake_clock.start + 30
    assert fake_clock.sleeps == [30]


def test_a_slot_reserved_before_a_push_back_waits_for_the_pause(fake_clock):
    limiter = Limiter(8, 1.0, clock=fake_clock, sleep=fake_clock.sleep)
    real_sleep = fake_clock.sleep

    async def sleep_then_pause(seconds: float) -> None:
        await real_sleep(seconds)
        if len(fake_clock.sleeps) == 1:
            limiter.push_back(10)    # the server said Retry-After while this waiter slept

    async def main():
        async with limiter:
            pass
        limiter._sleep = sleep_then_pause
        async with limiter:
            return fake_clock()

    assert asyncio.run(main()) >= fake_clock.start + 1.0 + 10
    assert fake_clock.sleeps == [1.0, 10.0]


def test_concurrency_cap():
    limiter = Limiter(3, 0.0)
    state = {"now": 0, "max": 0}

    async def one() -> None:
        async with limiter:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
            await asyncio.sleep(0)
            state["now"] -= 1

    async def main():
        await asyncio.gather(*(one() for _ in range(20)))

    asyncio.run(main())
    assert state["max"] == 3
