"""The adapter conformance matrix: every adapter against its fake server; the matrix is printed in the log."""

from __future__ import annotations

import contextlib

import pytest

from model_prism.providers import ProviderConfig
from model_prism.providers.anthropic import AnthropicAdapter
from model_prism.providers.conformance import Target, render, run_matrix
from model_prism.providers.conformance.runner import run_target
from model_prism.providers.transport import Transport
from tests.fakes.anthropic_server import FakeAnthropic
from tests.fakes.targets import all_targets


@pytest.fixture(scope="module")
def matrix():
    return run_matrix(all_targets())


def test_matrix_is_green_and_printed(matrix, capsys):
    lines = list(render(matrix))
    with capsys.disabled():
        print("\n\nAdapter conformance matrix (✓ pass, ✗ fail, – not applicable):")
        for line in lines:
            print("  " + line)
    failures = [line for line in lines if line.startswith("✗")]
    assert failures == []


def test_every_adapter_type_has_a_row(matrix):
    labels = set(matrix)
    for adapter_type in ("openai", "vllm", "custom", "openrouter", "ollama", "azure", "anthropic", "demo"):
        assert adapter_type in labels
    assert {"bedrock-sigv4", "bedrock-apikey", "azure-responses", "ollama-native"} <= labels


def test_not_applicable_cells_carry_a_reason(matrix):
    for cells in matrix.values():
        for cell in cells.values():
            if cell.status == "n/a":
                assert len(cell.note) > 20


class DropsSystemPrompt(AnthropicAdapter):
    """A deliberately broken translation: forgets system messages (so JSON mode never reaches the wire)."""

    def _body(self, request: dict, stream: bool) -> dict:
        body = super()._body(request, stream)
        body.pop("system", None)
        return body


def test_the_suite_catches_a_broken_translation():
    @contextlib.contextmanager
    def open_():
        with FakeAnthropic() as fake:
            config = ProviderConfig(
                id="x", slug="x", name="x", type="anthropic", base_url=fake.base_url, api_key="sk-ant-fake"
            )
            yield DropsSystemPrompt(config, Transport(pool_maxsize=2))

    cells = run_target(Target("broken-anthropic", open_))
    assert cells["json"].status == "fail"
    assert "JSON mode not on the wire" in cells["json"].note
    assert cells["plain"].status == "pass"
