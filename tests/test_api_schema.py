"""Schemathesis explores the API from its own OpenAPI schema: no 5xx, no answer off-schema.

Each operation gets generated requests — valid and odd filter values, cursors,
languages, slugs — against the demo data, through the WSGI application.
"""

import json

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from agreements.filters import AgreementFilter, BenefitFilter
from events.filters import EventFilter
from organizations.filters import OrganizationFilter
from portal.wsgi import application

# The schema as /api/schema/ serves it (built here: the WSGI client's host is not
# one the settings allow before the test adjusts them).
schema = schemathesis.openapi.from_dict(
    json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True)))
)
schema.app = application


@pytest.fixture
def connection_kept_open():
    """Like Django's test client: the WSGI calls must not close the test's connection
    (its transaction holds the demo data) when each request finishes."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_every_generated_request_within_its_schema(
    case, demo_data, settings, connection_kept_open
):
    # Schemathesis sends hundreds of anonymous requests from "localhost".
    settings.API_ANON_RATE = "100000/minute"
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]

    # Asked uncompressed: the checks read the body as it comes from the application.
    case.call_and_validate(
        headers={"Accept-Encoding": "identity"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )


def test_the_schema_served_is_the_one_explored(client):
    served = client.get("/api/schema/", {"format": "json"}).json()

    assert served["paths"].keys() == schema.raw_schema["paths"].keys()


@pytest.mark.parametrize(
    ("path", "filterset"),
    [
        ("/api/v1/organizations/", OrganizationFilter),
        ("/api/v1/agreements/", AgreementFilter),
        ("/api/v1/events/", EventFilter),
        ("/api/v1/benefits/", BenefitFilter),
    ],
)
def test_the_schema_documents_every_filter_of_a_list(path, filterset):
    # Schemathesis only sends the parameters the schema names: a filter missing from
    # the schema would go unexplored (and undocumented on the API page) silently.
    parameters = {p["name"] for p in schema.raw_schema["paths"][path]["get"]["parameters"]}

    assert parameters == {*filterset.base_filters, "cursor", "page_size", "lang"}
