import uuid

from model_prism import store
from model_prism.models import JobLock, PodMetrics
from model_prism.process import jobs
from model_prism.process.counters import TrafficCounters
from model_prism.process.heartbeat import Heartbeat


def test_counters_give_the_last_minute_only():
    now = [1000.0]
    c = TrafficCounters(clock=lambda: now[0])
    c.add("requests", 3)
    now[0] = 1030
    c.add("requests")
    assert c.per_minute("requests") == 4
    now[0] = 1065
    assert c.per_minute("requests") == 1 and c.totals["requests"] == 4


def test_singleton_lock_goes_to_one_owner_until_it_expires():
    store.connect(f"mongomock://localhost/jobs-{uuid.uuid4().hex[:8]}")
    assert jobs.acquire("retention", "pod-a", 60)
    assert not jobs.acquire("retention", "pod-b", 60)
    assert jobs.acquire("retention", "pod-a", 60)  # renewal by the holder
    JobLock.objects(id="retention").update_one(
        set__expiresAt=JobLock.objects.get(id="retention").expiresAt.replace(year=2000)
    )
    assert jobs.acquire("retention", "pod-b", 60)


def test_heartbeat_upserts_one_document_per_process():
    store.connect(f"mongomock://localhost/hb-{uuid.uuid4().hex[:8]}")
    hb = Heartbeat("worker", TrafficCounters())
    hb.beat()
    hb.beat()
    doc = PodMetrics.objects.get()
    assert doc.podId == hb.pod_id and doc.role == "worker" and doc.metrics["rssMb"] > 0


def test_watcher_runs_change_hooks_after_a_polled_change():
    import threading

    from model_prism.process.watcher import ConfigWatcher

    class Holder:
        polls = 0

        def poll_once(self):
            self.polls += 1
            return self.polls == 2  # the second poll sees a new version

    stop = threading.Event()
    watcher = ConfigWatcher(Holder(), 0.01, stop)
    seen = []
    watcher.on_change.append(lambda: (seen.append(1), stop.set()))
    threading.Timer(2.0, stop.set).start()
    watcher._poll()
    assert seen == [1]
