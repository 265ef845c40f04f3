"""Schemathesis against the OpenAPI schema, in-process over ASGI: no input makes a 5xx."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from api.app import create_app
from api.settings import Settings

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
pytest_plugins = ["api_builders"]  # seed_graph, client


@pytest.fixture(scope="module")
def api_schema(seed_graph: list[Any], neo4j_settings: Settings) -> Any:
    """The app's own schema; without an API key set, POST /papers refuses, so nothing is written."""
    app = create_app(neo4j_settings.model_copy(update={"api_key": None}))
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_no_input_makes_a_server_error(api_schema: Any) -> None:
    # operations are driven one by one with Hypothesis (no pytest plugin needed)
    tested, calls = [], []
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=25,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def no_server_error(case: Any) -> None:
            case.call_and_validate(checks=[not_a_server_error], timeout=120)
            calls.append(case.method)

        no_server_error()
        tested.append(operation.label)
    assert len(tested) >= 14 and len(calls) >= 5 * len(tested), (tested, len(calls))
