"""ask_validated: parse, validate, retry once with the problems named, then give up."""

from __future__ import annotations

import pytest

from model_prism.synthetic.llm_json import MalformedAnswer, ask_validated, parse


def _positive(value):
    if not isinstance(value, dict) or not isinstance(value.get("n"), int) or value["n"] <= 0:
        raise MalformedAnswer(["n must be a positive integer"])
    return value["n"]


def _chat(answers: list[str], seen: list[list[dict]]):
    def chat(messages):
        seen.append(messages)
        return answers.pop(0)

    return chat


def test_parse_accepts_fences_and_surrounding_text():
    assert parse('```json\n{"a": 1}\n```') == {"a": 1}
    assert parse("Here you go: [1, 2] — enjoy") == [1, 2]
    with pytest.raises(MalformedAnswer):
        parse("no json here")


def test_a_valid_first_answer_takes_one_attempt():
    seen: list = []
    assert ask_validated(_chat(['{"n": 3}'], seen), [{"role": "user", "content": "q"}], _positive) == (3, 1)
    assert len(seen) == 1


def test_the_retry_names_the_problem_and_can_succeed():
    seen: list = []
    value = ask_validated(
        _chat(['{"n": -1}', '{"n": 2}'], seen), [{"role": "user", "content": "q"}], _positive
    )
    assert value == (2, 2)
    assert seen[1][-2] == {"role": "assistant", "content": '{"n": -1}'}
    assert "n must be a positive integer" in seen[1][-1]["content"]


def test_two_malformed_answers_raise_with_the_last_problems():
    seen: list = []
    with pytest.raises(MalformedAnswer) as err:
        ask_validated(_chat(["nope", '{"n": 0}'], seen), [{"role": "user", "content": "q"}], _positive)
    assert err.value.problems == ["n must be a positive integer"] and len(seen) == 2
