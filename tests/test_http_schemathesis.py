"""Requests generated from the service's own /openapi.json (Schemathesis, in process over ASGI):
whatever a client sends, valid or not, the answer is never a 5xx. Bad input is the client's
error (4xx); only the server's own faults may be 500s.

Bounded so that it stays part of the normal suite: a fixed number of generated requests over
all operations, the same ones on every run. (`schemathesis.pytest.from_fixture` would give one
test per operation, but it sets a private attribute pytest 9 no longer has, so the cases come
from the schema's Hypothesis strategy instead.)"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from bulletin.http import Settings, create_app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = 300


@pytest.fixture(scope="module")
def api() -> schemathesis.BaseSchema:
    app = create_app(Settings(pdf_workers=1, project_root=str(ROOT)))
    # The ASGI client starts the app's lifespan (its PDF pool); Schemathesis's pytest plugin
    # ends it when the test that used it is torn down.
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_the_request_bodies_are_generated_too(api: schemathesis.BaseSchema) -> None:
    bodies = {
        result.ok().label: [alternative.media_type for alternative in result.ok().body]
        for result in api.get_all_operations()
    }
    assert set(bodies["POST /v1/bulletins"]) == {"application/json", "application/yaml"}
    assert set(bodies["POST /v1/validate"]) == {"application/json", "application/yaml"}


def test_no_generated_request_is_a_server_error(api: schemathesis.BaseSchema) -> None:
    cases = st.one_of(
        api.as_strategy(GenerationMode.POSITIVE), api.as_strategy(GenerationMode.NEGATIVE)
    )
    seen: dict[int, int] = {}

    @given(case=cases)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answer_is_not_5xx(case: schemathesis.Case) -> None:
        response = case.call()
        seen[response.status_code] = seen.get(response.status_code, 0) + 1
        assert response.status_code < 500, (
            f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:500]}"
        )

    answer_is_not_5xx()
    assert {200, 400, 422} <= set(seen), seen  # it reached the routes, not only the checks
