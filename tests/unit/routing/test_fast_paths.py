"""The routing fast paths give the same answers as the slow ones: piece tokenizer, index, cue cache."""

from __future__ import annotations

import pytest

from model_prism.routing.categories import CategoryCatalog
from model_prism.routing.lexical import CueTable, _score_parts
from model_prism.routing.signals import Signals

CATS = CategoryCatalog.builtin()

TEXTS = [
    "Can you show the full example with a validation step and a unit test?",
    "a  b   c\n\n  d\te  ",
    "   leading and trailing   ",
    "naïve ünïcode, 日本語 and an emoji 😀 (with byte fallback)",
    "```python\ndef f(x):\n    return x  # two  spaces\n```\nWhy?",
    "x" * 300 + " " + "word " * 50,
    " ",
    "\n",
]


@pytest.fixture(scope="module")
def model():
    pytest.importorskip("wordllama")
    from model_prism.routing.embedding import load_wordllama

    embedder, status = load_wordllama()
    if embedder is None:
        pytest.skip(status)
    return embedder.model


def test_piece_tokenizer_gives_the_model_tokenizers_ids(model):
    from model_prism.routing.wordpieces import PieceTokenizer

    pieces = PieceTokenizer(model.tokenizer)
    for text in TEXTS:
        assert pieces.ids(text) == model.tokenizer.encode(text, add_special_tokens=False).ids, text
    assert pieces.ids("") == []


def test_piece_cache_stays_bounded_and_correct(model):
    from model_prism.routing.wordpieces import PieceTokenizer

    pieces = PieceTokenizer(model.tokenizer, max_pieces=8)
    for text in TEXTS:
        assert pieces.ids(text) == model.tokenizer.encode(text, add_special_tokens=False).ids
        assert pieces.cached_pieces <= max(8, len(set(pieces.pieces(text))))
    again = pieces.ids(TEXTS[0])
    assert again == model.tokenizer.encode(TEXTS[0], add_special_tokens=False).ids


def test_fast_embedder_equals_wordllama_embed(model):
    np = pytest.importorskip("numpy")
    from model_prism.routing.wordpieces import FastWordLlamaEmbedder

    fast = FastWordLlamaEmbedder(model)
    assert np.allclose(fast.embed(TEXTS), model.embed(TEXTS, norm=True), atol=1e-5)
    assert not fast.embed_one("").any()  # no tokens: a zero vector, not NaN


class BagOfWords:
    """In-memory Embedder twin (hashed bag of words, normalised) that counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def embed(self, texts):
        np = pytest.importorskip("numpy")
        self.calls += 1
        out = np.zeros((len(texts), 32), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.lower().split():
                out[i, sum(map(ord, w)) % 32] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)


def test_index_similarity_is_best_plus_mean_cosine_relative_to_the_average():
    pytest.importorskip("numpy")
    from model_prism.routing.embedding import ExampleIndex

    extra = {
        "translation": ["translate this text", "say it in french"],
        "brainstorming": ["ideas for a party"],
    }
    emb = BagOfWords()
    index = ExampleIndex(emb, extra=extra)
    cats = CategoryCatalog.from_docs(
        [{"key": k, "name": k, "costTier": "low"} for k in ("translation", "brainstorming", "proofreading")]
    )
    sims = index.similarities(Signals(intent_text="translate this to french"), cats)
    q = emb.embed(["translate this to french"])[0]
    raw = {}
    for cat, examples in extra.items():
        cos = emb.embed(examples) @ q
        raw[cat] = 0.5 * (cos.max() + cos.mean())
    avg = sum(raw.values()) / len(raw)
    assert sims.keys() == raw.keys()
    for cat in raw:
        assert sims[cat] == pytest.approx(raw[cat] - avg, abs=1e-5)


def test_index_is_not_rebuilt_for_an_equal_catalog():
    from model_prism.routing.embedding import ExampleIndex

    emb = BagOfWords()
    index = ExampleIndex(emb, extra={"brainstorming": ["ideas for a party"]})
    sig = Signals(intent_text="party ideas")
    index.similarities(sig, CATS)
    calls = emb.calls
    index.similarities(Signals(intent_text="party games"), CategoryCatalog.builtin())  # a new, equal catalog
    index.similarities(Signals(intent_text="party music"), CATS)
    assert emb.calls == calls + 2  # the two new queries only


def test_cue_matches_are_cached_per_text_and_bounded():
    table = CueTable.from_data(
        {"translation": [[r"\btranslate\b", 2.0]], "proofreading": [[r"\bgrammar\b", 1.0]]}
    )
    table = CueTable(table.cues, max_cached=2)
    assert table.matching("please translate this") == (0,)
    assert table.matching("please translate this") == (0,)
    assert table.matching("fix the grammar") == (1,)
    assert table.matching("nothing here") == ()
    assert table.cached_texts <= 2
    assert table.matching("Translate and fix the GRAMMAR") == (0, 1)


def test_a_part_repeated_in_the_request_counts_with_both_weights():
    table = CueTable.from_data({"translation": [[r"\btranslate\b", 2.0]]})
    scores: dict[str, float] = {}
    _score_parts(table, [("translate this", 1.0), ("translate this", 0.5), ("", 0.4)], scores)
    assert scores == {"translation": pytest.approx(3.0)}
    _score_parts(table, [("translate this", 1.0), ("no cue", 0.5), ("please translate", 0.35)], scores)
    assert scores == {"translation": pytest.approx(3.0 + 2.0 + 0.7)}
