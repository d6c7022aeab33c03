"""A provider view finds its models by id: the first listed wins, an unknown id gives None."""

from __future__ import annotations

from dataclasses import replace

from model_prism.providers.base import ProviderConfig
from model_prism.snapshot.views import ProviderView
from tests.unit.limits.builders import model

CONFIG = ProviderConfig(id="p1", slug="fake", name="Fake", type="openai", base_url="http://127.0.0.1:1")


def test_model_gives_the_first_listed_model_of_an_id_and_none_for_an_unknown_one():
    first, again = model("gpt-x", "low", 1.0, 2.0), model("gpt-x", "high", 9.0, 9.0)
    others = tuple(model(f"m-{i}", "low", 1.0, 1.0) for i in range(300))
    view = ProviderView(CONFIG, (*others, first, again))
    assert view.model("gpt-x") is first
    assert view.model("m-299") is others[299]
    assert view.model("missing") is None and view.model("") is None


def test_the_index_is_no_part_of_the_views_value():
    view = ProviderView(CONFIG, (model("a", "low", 1.0, 1.0),))
    twin = replace(view)
    assert view.model("a") is not None  # index built on one of them only
    assert view == twin and repr(view) == repr(twin)
    assert replace(view, models=()).model("a") is None  # a changed copy builds its own
