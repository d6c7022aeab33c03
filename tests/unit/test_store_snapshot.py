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
    assert store.EmbeddedSnapshot(str(tmp_path)).load() == 1
    assert Tenant.objects.get().slug == "kept"
    assert not list(tmp_path.glob(".store-*"))  # atomic write left no temp file
