"""Parallel requests against one budget: holds keep the overrun within the in-flight estimate."""

import random
import threading
import time
from types import SimpleNamespace

import pytest

from model_prism.limits.ledger import BudgetLedger
from model_prism.limits.sources import MemorySpend

LIMIT, ESTIMATE = 1.0, 0.05
TENANT = SimpleNamespace(id="t1", slug="team-a", budget_limits={"dailyUsd": LIMIT}, budget_guard={})


def rounds(hold: float, threads: int = 16, n_rounds: int = 4) -> float:
    """Every round all threads ask at once (barrier), then the admitted ones finish; give the total spent."""
    ledger = BudgetLedger(MemorySpend())
    ledger.refresh()
    spent, lock = [0.0], threading.Lock()
    asked, finished = threading.Barrier(threads), threading.Barrier(threads)

    def worker(n: int) -> None:
        for r in range(n_rounds):
            rid = f"{n}-{r}"
            admitted = not ledger.reserve(rid, TENANT, hold).exceeded
            asked.wait()
            if admitted:
                ledger.settle(rid, "t1", ESTIMATE)
                with lock:
                    spent[0] += ESTIMATE
            finished.wait()

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(10)
    return spent[0]


def test_holds_bound_the_overrun_to_one_estimate():
    assert LIMIT <= rounds(hold=ESTIMATE) <= LIMIT + ESTIMATE + 1e-9


def test_without_holds_the_same_traffic_overruns_by_a_whole_round():
    # the control: checking spend alone lets all 16 in-flight requests through twice -> 1.6 USD
    assert rounds(hold=0.0) == pytest.approx(16 * ESTIMATE * 2)


def test_free_running_threads_with_background_refresh_and_sink_stay_within_in_flight_estimate():
    source = MemorySpend()
    ledger = BudgetLedger(source)
    ledger.refresh()
    day = time.strftime("%Y-%m-%d", time.gmtime())
    spent, lock, stop = [0.0], threading.Lock(), threading.Event()

    def sink_and_refresh() -> None:  # what the analytics sink and the refresher do meanwhile
        while not stop.is_set():
            ledger.refresh()
            time.sleep(0.002)

    def worker(n: int) -> None:
        rng = random.Random(n)
        for i in range(200):
            rid = f"{n}-{i}"
            if ledger.reserve(rid, TENANT, ESTIMATE).exceeded:
                return
            time.sleep(rng.uniform(0, 0.003))  # the upstream call
            actual = ESTIMATE * rng.uniform(0.5, 1.0)
            ledger.settle(rid, "t1", actual)
            with lock:
                spent[0] += actual
                source.add("t1", day, actual)  # the analytics writer stores it ...
                ledger.written([rid])  # ... and says so

    refresher = threading.Thread(target=sink_and_refresh)
    refresher.start()
    pool = [threading.Thread(target=worker, args=(n,)) for n in range(24)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(30)
    stop.set()
    refresher.join(5)
    assert spent[0] <= LIMIT + ESTIMATE
    assert spent[0] >= LIMIT - ESTIMATE  # the budget was used, not refused early
