"""Cluster-wide singleton jobs: a lock document per job in `joblocks`, taken with one atomic upsert."""

from __future__ import annotations

from datetime import timedelta

from pymongo.errors import DuplicateKeyError

from ..models import JobLock
from ..models.base import utcnow


def acquire(job: str, owner: str, seconds: float) -> bool:
    """Give True when this owner holds the job's lock for the next `seconds` (free, expired or already ours)."""
    now = utcnow()
    collection = JobLock._get_collection()
    try:
        collection.find_one_and_update(
            {"_id": job, "$or": [{"expiresAt": {"$lt": now}}, {"owner": owner}]},
            {"$set": {"owner": owner, "expiresAt": now + timedelta(seconds=seconds)}},
            upsert=True,
        )
        return True
    except DuplicateKeyError:
        return False
