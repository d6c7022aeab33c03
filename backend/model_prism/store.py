"""Connects mongoengine to MongoDB or to the embedded store, and persists the embedded store to a file."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta

import bson
import mongoengine
import orjson
from bson import ObjectId, json_util
from bson.errors import InvalidDocument

log = logging.getLogger(__name__)
SNAPSHOT_FILE = "embedded-store.json"
# between chunks of a snapshot or batches of analytics writes: sleep(0) only re-queues the greenlet, and gevent may
# run it again before it polls sockets and timers (holds of 20-50 ms measured); a short sleep makes the loop turn
LOOP_TURN_SECONDS = 0.0002


_EMBEDDED_SERVERS: dict[str, object] = {}


def _embedded_client_class(uri: str):
    """Give a mongomock client class bound to one in-process "server" per URI, so every app object of this
    process that names the same URI sees the same data (as processes sharing one MongoDB would)."""
    import mongomock
    from mongomock.store import ServerStore

    server = _EMBEDDED_SERVERS.setdefault(uri, ServerStore())

    class EmbeddedClient(mongomock.MongoClient):
        def __init__(self, *args, **kwargs):
            kwargs["_store"] = server
            super().__init__(*args, **kwargs)

    return EmbeddedClient


def connect(uri: str) -> None:
    """Register the default connection (lazy: the driver connects on first use, after fork)."""
    mongoengine.disconnect_all()
    if uri.startswith("mongomock://"):
        mongoengine.connect(
            host=uri.replace("mongomock://", "mongodb://", 1),
            mongo_client_class=_embedded_client_class(uri),
            uuidRepresentation="standard",
        )
    else:
        mongoengine.connect(
            host=uri,
            connect=False,
            uuidRepresentation="standard",
            serverSelectionTimeoutMS=5000,
            tz_aware=False,
        )


def database():
    return mongoengine.get_db()


def ping() -> bool:
    """Give True when the store answers."""
    try:
        database().command("ping")
        return True
    except Exception:  # noqa: BLE001 - any driver error means not ready
        return False


_HELD_LOCKS: dict[str, int] = {}


class StoreInUse(RuntimeError):
    """Another process owns the embedded store's data directory."""


class EmbeddedSnapshot:
    """Writes the embedded store's collections to one JSON file (atomically) and loads them back at start.

    One process owns a data directory at a time (an flock held for the process's life): a worker restarted by
    gunicorn (HUP) waits until the old worker has written its last snapshot, so no record is lost between them."""

    def __init__(self, data_dir: str) -> None:
        self.path = os.path.join(data_dir, SNAPSHOT_FILE)
        self._last_digest = ""
        self._lock = threading.Lock()

    def acquire(self, timeout: float = 60.0) -> None:
        """Take the data directory's lock (waiting up to `timeout` for a process that is shutting down)."""
        import fcntl

        lock_path = self.path + ".lock"
        if lock_path in _HELD_LOCKS:
            return
        os.makedirs(os.path.dirname(lock_path) or ".", exist_ok=True)
        fd = os.open(lock_path, os.O_CREAT | os.O_RDWR, 0o600)
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                _HELD_LOCKS[lock_path] = fd
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    os.close(fd)
                    raise StoreInUse(
                        f"the embedded store in {os.path.dirname(self.path)} is used by another process "
                        "(a running server?); stop it first, or use MONGODB_URI=mongodb://… to share data"
                    ) from None
                time.sleep(0.1)

    def release(self) -> None:
        import fcntl

        fd = _HELD_LOCKS.pop(self.path + ".lock", None)
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def load(self) -> int:
        """Fill the empty embedded store from the snapshot file; give the number of documents loaded."""
        if not os.path.exists(self.path):
            return 0
        with open(self.path, encoding="utf-8") as fh:
            text = fh.read()
        data = json_util.loads(text)
        db = database()
        loaded = 0
        for name, docs in data.get("collections", {}).items():
            if docs:
                db[name].delete_many({})
                db[name].insert_many(docs)
                loaded += len(docs)
        self._last_digest = hashlib.sha256(text.encode()).hexdigest()
        return loaded

    def save(self) -> bool:
        """Write the snapshot when anything changed since the last write; give True when written."""
        with self._lock:
            parts = _extended_json_parts(database())
            digest = _off_hub(lambda: _sha256(parts))
            if digest == self._last_digest:
                return False
            _off_hub(lambda: self._write(parts))
            self._last_digest = digest
            return True

    def _write(self, parts: list[bytes]) -> None:
        os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(self.path) or ".", prefix=".store-")
        with os.fdopen(fd, "wb") as fh:
            fh.writelines(parts)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)


def _documents_of(store) -> list[dict]:
    """Give a collection's stored documents (the store's own dicts, in insertion order), expired ones first removed
    as mongomock does. Read through the plain dict's values: the OrderedDict's own iterator walks its linked list
    and looks every key up again (20,000 request logs: 1.5 ms instead of 7-12 on the worker's thread); the orders
    are the same, since documents are only added at the end and removed (nothing is moved)."""
    store._remove_expired_documents()
    with store._rwlock.reader():
        return list(dict.values(store._documents))


def _sha256(parts: list[bytes]) -> str:
    """Give the hex SHA-256 of the parts joined (what `load` computes over the file it reads)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    return digest.hexdigest()


def _off_hub(fn):
    """Give fn() run in gevent's thread pool when gevent drives this process (hashing megabytes, writing and
    fsyncing a file block the hub for tens of ms; in a real thread they release the GIL), else run it here."""
    try:
        from gevent import get_hub, monkey
    except ImportError:  # pragma: no cover - gevent is a dependency
        return fn()
    if not monkey.is_module_patched("threading"):
        return fn()
    return get_hub().threadpool.apply(fn)


def _extended_json_parts(db, chunk: int = 50) -> list[bytes]:
    """Give every collection as MongoDB extended JSON (what `json_util.loads` reads back), in parts whose
    concatenation is the document.

    orjson writes the documents straight from the embedded store's own dicts (no copies), with a small
    converter for ObjectId and datetime and bson's for the other BSON types: about 10x faster than
    `json_util.dumps` over `find()`. It writes `chunk` documents at a time and yields to other greenlets in
    between, so a snapshot of thousands of request logs never holds the worker for more than a few ms
    (one call held it 50-120 ms, the p99 of a one-client run). The parts are never joined on the worker's
    thread: 20,000 auto-routed request logs are ~90 MB, and one join of that held it 85 ms; `save` hashes and
    writes them in the thread pool. The set of documents is taken at the start; a document written meanwhile is
    in the next snapshot.
    """
    names = sorted(db.list_collection_names())
    try:
        collections = [(n, _documents_of(_collection_store(db[n]))) for n in names]
        parts = [b'{"collections":{']
        for index, (name, docs) in enumerate(collections):
            parts.append((b"," if index else b"") + orjson.dumps(name) + b":[")
            for start in range(0, len(docs), chunk):
                encoded = orjson.dumps(
                    docs[start : start + chunk], default=_bson_default, option=_ORJSON_OPTS
                )
                parts.append(b"," + encoded[1:-1] if start else encoded[1:-1])
                # under gevent: a turn of the loop, so other greenlets' sockets and timers are served
                time.sleep(LOOP_TURN_SECONDS)
            parts.append(b"]")
        parts.append(b"}}")
        return parts
    except (AttributeError, TypeError):  # a real MongoDB (no store behind it), or a type only bson knows
        return [json_util.dumps({"collections": {n: list(db[n].find({})) for n in names}}).encode()]


_ORJSON_OPTS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS
_EPOCH = datetime(1970, 1, 1)
_MS = timedelta(milliseconds=1)


def _bson_default(value):
    """Give the extended-JSON form of ObjectId and datetime fast; bson's converter for every other type."""
    kind = type(value)
    if kind is ObjectId:
        return {"$oid": str(value)}
    if kind is datetime:
        return {"$date": {"$numberLong": str((_naive_utc(value) - _EPOCH) // _MS)}}
    return json_util.default(value)


def trim_embedded(collection: str, keep: int) -> int:
    """Drop the oldest documents of an embedded-store collection beyond `keep`; give how many were dropped.

    The embedded store holds everything in the worker's memory, so its request log is bounded (daily
    rollups, which the dashboard and budgets read, are never trimmed). mongomock keeps a collection's
    documents in insertion order, oldest first; its delete API scans and copies the whole collection per
    call (3 s for 1,000 of 11,000 documents), so the oldest entries are dropped from that order directly.
    `keep` 0 means unbounded; a real MongoDB is never trimmed here (TTL indexes do that).
    """
    store = _collection_store(database()[collection])
    if keep <= 0 or store is None or len(store._documents) <= keep:
        return 0
    dropped = len(store._documents) - keep
    with store._rwlock.writer():
        for _ in range(dropped):
            store._documents.popitem(last=False)
    return dropped


def insert_embedded(collection: str, docs: list[dict]) -> bool:
    """Add documents the application built itself to an embedded-store collection; give False on a real MongoDB.

    mongomock's insert validates and re-copies every nested value through generic helpers (0.75 ms for an
    auto-routed request log with its routing trace); this copies once with the same rules a MongoDB server
    applies: string keys, strings that are valid UTF-8, BSON types only, 64-bit integers, datetimes as naive UTC in
    milliseconds.
    A document whose `_id` is already stored is skipped (a retried batch), as a duplicate-key error would be.
    An invalid document raises before any document of the batch is stored.
    """
    store = _collection_store(database()[collection])
    if store is None:
        return False
    copies = [_bson_copy(doc) for doc in docs]
    with store._rwlock.writer():
        for doc in copies:
            store._documents.setdefault(doc["_id"], doc)
    return True


def _collection_store(collection):
    """Give mongomock's own store of a collection (documents in insertion order), or None on a real MongoDB."""
    return getattr(collection, "_store", None)


def _naive_utc(value: datetime) -> datetime:
    """Give a datetime as MongoDB keeps it: naive UTC (aware values converted)."""
    return value if value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)


_INT64 = (-(2**63), 2**63)
_PLAIN = frozenset({float, bool, type(None), ObjectId, bytes})


def _bson_copy(value):
    kind = type(value)
    if kind is dict:
        out = {}
        for key, item in value.items():
            if type(key) is not str:
                raise InvalidDocument(f"documents must have only string keys, key was {key!r}")
            if not key.isascii():
                key.encode()  # BSON strings are UTF-8: a lone surrogate raises as it does in the driver
            out[key] = item if type(item) is str and item.isascii() else _bson_copy(item)
        return out
    if kind is list or kind is tuple:
        return [_bson_copy(item) for item in value]
    if kind is str:
        if not value.isascii():
            value.encode()  # valid UTF-8 or UnicodeEncodeError
        return value
    if kind in _PLAIN:
        return value
    if kind is int:
        if not _INT64[0] <= value < _INT64[1]:
            raise OverflowError("MongoDB can only handle up to 8-byte ints")
        return value
    if kind is datetime:
        value = _naive_utc(value)
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    bson.encode({"v": value})  # anything else: stored only if BSON can encode it (raises like the server)
    return value
