import uuid

from model_prism import store
from model_prism.models import Tenant


def test_embedded_store_survives_a_restart_through_the_snapshot_file(tmp_path):
    uri = f"mongomock://localhost/snap-{uuid.uuid4().hex[:8]}"
    store.connect(uri)
    Tenant(slug="kept", name="Kept").save()
    snap = store.EmbeddedSnapshot(str(tmp_path))
    assert snap.save() is True
    assert snap.save() is False  # unchanged: no rewrite
    store.connect(f"mongomock://localhost/snap-{uuid.uuid4().hex[:8]}")
    assert Tenant.objects.count() == 0
    reloaded = store.EmbeddedSnapshot(str(tmp_path))
    assert reloaded.load() == 1
    assert Tenant.objects.get().slug == "kept"
    assert not list(tmp_path.glob(".store-*"))  # atomic write left no temp file
    assert reloaded.save() is False  # the digest of the parts written is the digest of the file read
    assert (tmp_path / store.SNAPSHOT_FILE).read_bytes() == b"".join(
        store._extended_json_parts(store.database())
    )


def test_one_process_at_a_time_owns_a_data_directory(tmp_path):
    import subprocess
    import sys

    owner = store.EmbeddedSnapshot(str(tmp_path))
    owner.acquire()
    code = (
        "import sys; sys.path.insert(0, 'backend'); from model_prism import store\n"
        f"s = store.EmbeddedSnapshot({str(tmp_path)!r})\n"
        "try:\n    s.acquire(timeout=0.3)\nexcept store.StoreInUse as e:\n    print('busy:', e)\n"
    )
    busy = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert "busy:" in busy.stdout and "used by another process" in busy.stdout
    owner.release()
    free = subprocess.run(
        [sys.executable, "-c", code.replace("timeout=0.3", "timeout=5")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert "busy" not in free.stdout


def test_snapshot_keeps_bson_types_exactly(tmp_path):
    from datetime import datetime, timedelta, timezone

    from bson import ObjectId

    uri = f"mongomock://localhost/snap-{uuid.uuid4().hex[:8]}"
    store.connect(uri)
    oid = ObjectId()
    doc = {
        "_id": oid,
        "ref": ObjectId(),
        "at": datetime(2026, 11, 29, 15, 8, 3, 456000),
        "before_epoch": datetime(1960, 1, 1, 0, 0, 0, 1000),
        "aware": datetime(2026, 11, 29, 2, 0, tzinfo=timezone(timedelta(hours=2))),
        "nested": {"list": [1, 2.5, None, "x", {"deep": ObjectId()}], "flag": True},
    }
    store.database()["things"].insert_one(dict(doc))
    assert store.EmbeddedSnapshot(str(tmp_path)).save() is True
    store.connect(f"mongomock://localhost/snap-{uuid.uuid4().hex[:8]}")
    assert store.EmbeddedSnapshot(str(tmp_path)).load() == 1
    back = store.database()["things"].find_one({"_id": oid})
    assert back["ref"] == doc["ref"] and back["nested"] == doc["nested"]
    assert back["at"] == doc["at"] and back["before_epoch"] == doc["before_epoch"]
    assert back["aware"] == datetime(2026, 11, 29, 0, 0)  # stored as UTC, like MongoDB


def test_trim_drops_the_oldest_documents_beyond_the_bound():
    store.connect(f"mongomock://localhost/trim-{uuid.uuid4().hex[:8]}")
    logs = store.database()["requestlogs"]
    logs.insert_many([{"n": i} for i in range(10)])
    assert store.trim_embedded("requestlogs", 0) == 0  # 0 = unbounded
    assert store.trim_embedded("requestlogs", 4) == 6
    assert sorted(d["n"] for d in logs.find({})) == [6, 7, 8, 9]
    logs.insert_one({"n": 10})
    assert store.trim_embedded("requestlogs", 4) == 1
    assert sorted(d["n"] for d in logs.find({})) == [7, 8, 9, 10]
    assert logs.count_documents({"n": {"$gte": 7}}) == 4  # queries still see a consistent collection


def test_insert_embedded_applies_the_servers_rules():
    from datetime import datetime, timedelta, timezone

    import pytest
    from bson import ObjectId
    from bson.errors import InvalidDocument

    store.connect(f"mongomock://localhost/ins-{uuid.uuid4().hex[:8]}")
    logs = store.database()["requestlogs"]
    first = {
        "_id": ObjectId(),
        "at": datetime(2026, 11, 29, 2, 0, 0, 123456, tzinfo=timezone(timedelta(hours=2))),
        "trace": [{"stage": "route", "note": {"tiers": ("low", "medium")}}],
    }
    assert store.insert_embedded("requestlogs", [first]) is True
    first["trace"][0]["note"]["tiers"] = "changed later"  # the stored copy is the store's own
    stored = logs.find_one({"_id": first["_id"]})
    assert stored["at"] == datetime(2026, 11, 29, 0, 0, 0, 123000)  # naive UTC, milliseconds
    assert stored["trace"] == [{"stage": "route", "note": {"tiers": ["low", "medium"]}}]
    assert list(stored) == ["_id", "at", "trace"]
    again = {"_id": first["_id"], "at": datetime(2030, 1, 1)}
    assert store.insert_embedded("requestlogs", [again]) is True  # a retried batch: the first write stands
    assert logs.find_one({"_id": first["_id"]})["at"].year == 2026
    with pytest.raises(OverflowError):
        store.insert_embedded("requestlogs", [{"_id": ObjectId(), "ok": 1}, {"_id": ObjectId(), "n": 2**63}])
    with pytest.raises(InvalidDocument):
        store.insert_embedded("requestlogs", [{"_id": ObjectId(), "bad": {1: "int key"}}])
    with pytest.raises(InvalidDocument):
        store.insert_embedded("requestlogs", [{"_id": ObjectId(), "bad": {1, 2}}])
    with pytest.raises(UnicodeEncodeError):  # BSON strings are UTF-8: the driver refuses a lone surrogate
        store.insert_embedded("requestlogs", [{"_id": ObjectId(), "bad": ["ok", "\ud800"]}])
    with pytest.raises(UnicodeEncodeError):
        store.insert_embedded("requestlogs", [{"_id": ObjectId(), "b\udc80d": 1}])
    store.insert_embedded("requestlogs", [{"_id": ObjectId(), "text": "déjà vu ✓"}])
    assert logs.count_documents({}) == 2  # a refused batch stored nothing


def test_snapshot_written_in_chunks_reads_back_whole():
    from bson import json_util

    store.connect(f"mongomock://localhost/chunks-{uuid.uuid4().hex[:8]}")
    db = store.database()
    db["logs"].insert_many([{"n": i} for i in range(10)])
    db["one"].insert_one({"n": "x"})
    db.create_collection("none")
    back = json_util.loads(b"".join(store._extended_json_parts(db, chunk=3)))["collections"]
    assert [d["n"] for d in back["logs"]] == list(range(10))
    assert [d["n"] for d in back["one"]] == ["x"] and back["none"] == []
