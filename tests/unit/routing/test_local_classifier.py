"""The local classifier: lexical cues, example index (with an in-memory embedder twin), degradation."""

from __future__ import annotations

import zlib

import pytest

from model_prism.routing import RouteOptions, route_request
from model_prism.routing.categories import CategoryCatalog
from model_prism.routing.local_classifier import LocalClassifier, calibrated_confidence
from model_prism.routing.signals import Signals, extract_signals
from tests.unit.routing.builders import chat, make_env

CATS = CategoryCatalog.builtin()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Übersetze bitte ins Englische: Wir sind morgen nicht im Büro.", "translation"),
        ("tl;dr of this thread please", "summarization_short"),
        ("Write a Dockerfile for a Go service with a multi-stage build", "devops_infrastructure"),
        ("Prove that the sum of two even numbers is even, rigorously", "reasoning_formal"),
        ("Fix the grammar: 'me and him goes to school'", "proofreading"),
        ("Hallo, wie geht's?", "smalltalk_simple"),
    ],
)
def test_lexical_verdicts_for_clear_requests(text, expected):
    verdict = LocalClassifier().classify(extract_signals(chat(text)), CATS)
    assert verdict is not None and verdict.category == expected and verdict.method == "lexical"


def test_confidence_grows_with_margin_and_is_bounded():
    assert calibrated_confidence(0, 0) == 0.2
    assert calibrated_confidence(6, 5) < calibrated_confidence(6, 1) <= 0.95
    assert 0.94 <= calibrated_confidence(30, 0) <= 0.95


class BagOfWords:
    """In-memory Embedder twin: hashed bag-of-words vectors, L2-normalised."""

    def __init__(self) -> None:
        self.calls = 0

    def embed(self, texts):
        np = pytest.importorskip("numpy")
        self.calls += 1
        out = np.zeros((len(texts), 64))
        for i, t in enumerate(texts):
            for w in t.lower().split():
                out[i, zlib.crc32(w.encode()) % 64] += 1.0  # stable across runs (hash() is salted)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)


def test_example_index_adds_similarity_and_rebuilds_when_examples_change():
    pytest.importorskip("numpy")
    from model_prism.routing.embedding import ExampleIndex

    emb = BagOfWords()
    index = ExampleIndex(emb, extra={"brainstorming": ["zebra quokka ideas"]})
    sig = Signals(intent_text="zebra quokka ideas")
    sims = index.similarities(sig, CATS)
    assert max(sims, key=sims.get) == "brainstorming"
    calls = emb.calls
    index.similarities(Signals(intent_text="quokka zebra brainstorm"), CATS)
    assert emb.calls == calls + 1  # only the new query was embedded: the index was reused
    docs = [
        {"key": "translation", "name": "T", "costTier": "minimal", "examples": ["zebra quokka ideas please"]}
    ]
    edited = CategoryCatalog.from_docs(docs)
    index.similarities(sig, edited)
    assert (
        emb.calls == calls + 3
    )  # rebuilt for the edited catalog, then the query (the old index's memo is gone)
    verdict = LocalClassifier(examples=index).classify(sig, CATS)
    assert verdict.method == "lexical+embedding"


def test_example_index_remembers_a_recurring_query_and_gives_callers_their_own_copy():
    pytest.importorskip("numpy")
    from model_prism.routing.embedding import ExampleIndex

    emb = BagOfWords()
    index = ExampleIndex(
        emb, extra={"brainstorming": ["zebra quokka ideas"], "translation": ["say it in french"]}
    )
    sig = Signals(intent_text="zebra quokka ideas")  # an agent's tool rounds all carry the same human message
    first = index.similarities(sig, CATS)
    calls = emb.calls
    first["brainstorming"] = 99.0  # a caller changing its copy changes nothing for the next
    again = index.similarities(sig, CATS)
    assert emb.calls == calls  # remembered: not embedded again
    assert again["brainstorming"] != 99.0 and again == index.similarities(sig, CATS)
    fresh = ExampleIndex(BagOfWords(), extra=index.extra).similarities(sig, CATS)
    assert again == pytest.approx(fresh)


def test_example_index_memo_is_bounded(monkeypatch):
    pytest.importorskip("numpy")
    from model_prism.routing import embedding

    monkeypatch.setattr(embedding, "_MEMO_TEXTS", 3)
    index = embedding.ExampleIndex(BagOfWords(), extra={"brainstorming": ["zebra quokka ideas"]})
    for i in range(10):
        index.similarities(Signals(intent_text=f"question number {i}"), CATS)
        assert len(index.ensure(CATS).memo) <= 3


class Broken:
    def similarities(self, s, cats):
        raise RuntimeError("model file missing")


def test_embedding_failure_degrades_to_lexical_and_trace_says_so():
    env = make_env()
    from dataclasses import replace

    env = replace(env, local_classifier=LocalClassifier(examples=Broken(), skip_embedding_above=1.0))
    res = route_request(
        chat("Translate to French: see you tomorrow"), "/chat/completions", env, RouteOptions()
    )
    note = next(e for e in res.trace if e.stage == "local_classifier").data
    assert res.category == "translation" and note["method"] == "lexical"
    assert note["embedding"] == "unavailable: RuntimeError"


def test_wordllama_loader_reports_status_without_network():
    from model_prism.routing.embedding import load_wordllama

    embedder, status = load_wordllama()
    if embedder is None:
        assert status.startswith("wordllama")
        return
    vecs = embedder.embed(["hello world", "translate this"])
    assert vecs.shape == (2, 256)
    assert abs(float((vecs[0] ** 2).sum()) - 1.0) < 1e-3


def test_switching_the_local_classifier_off_per_tenant():
    env = make_env(routing={"localClassifier": False})
    res = route_request(
        chat("Translate to French: see you tomorrow"), "/chat/completions", env, RouteOptions()
    )
    assert next(e for e in res.trace if e.stage == "local_classifier").data == {"status": "disabled"}


def test_loading_wordllama_leaves_root_logging_alone(monkeypatch):
    import logging
    import sys

    pytest.importorskip("wordllama")
    from model_prism.routing.embedding import load_wordllama

    for name in [m for m in sys.modules if m == "wordllama" or m.startswith("wordllama.")]:
        monkeypatch.delitem(sys.modules, name)  # re-run its import-time logging.basicConfig(INFO)
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [])
    monkeypatch.setattr(root, "level", logging.WARNING)
    embedder, _ = load_wordllama()
    assert embedder is not None
    assert root.handlers == [] and root.level == logging.WARNING


def test_index_is_not_consulted_when_cues_are_decisive():
    class Counting:
        calls = 0

        def similarities(self, s, cats):
            Counting.calls += 1
            return {"brainstorming": 1.0}

    lc = LocalClassifier(examples=Counting())
    sure = lc.classify(extract_signals(chat("Translate to French: see you tomorrow")), CATS)
    assert (
        sure.category == "translation"
        and sure.notes["embedding"].startswith("skipped")
        and Counting.calls == 0
    )
    vague = lc.classify(extract_signals(chat("hmm, what about the other one")), CATS)
    assert vague.method == "lexical+embedding" and Counting.calls == 1
