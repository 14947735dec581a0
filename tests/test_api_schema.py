"""The API keeps to its OpenAPI schema: generated requests never cause a server error and
every documented response has the documented shape."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token

from commissioning.partnership.models import ProgrammeRole
from commissioning.programmes.tests.factories import (
    ActionFactory,
    ActionOwnerFactory,
    DeliverableFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
    StageFactory,
)
from commissioning.wsgi import application


@schemathesis.check
def signed_in(ctx, response, case) -> None:
    """The token was accepted: a refusal would make every other check pass vacuously."""
    if response.status_code in {401, 403}:
        raise AssertionError(f"The API refused the token: {response.status_code}")


CHECKS = [
    signed_in,
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]


@pytest.fixture
def token(transactional_db, django_user_model) -> str:
    """A programme manager's token, and a programme with something in every list."""
    user = django_user_model.objects.create_user("api-user", "api@example.org", "x-pass-123")
    programme = ProgrammeFactory(slug="intelligent-commissioning")
    ProgrammeRole.objects.create(user=user, programme=programme, role="manager")
    for _ in range(2):
        deliverable = DeliverableFactory(stage=StageFactory(programme=programme))
        ProgressUpdateFactory(action=None, deliverable=deliverable)
        action = ActionFactory(programme=programme)
        ActionOwnerFactory(action=action)
        ProgressUpdateFactory(action=action)
    return Token.objects.create(user=user).key


# Served by the application itself; reading the schema needs no database or sign-in.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


@schema.include(method="GET").parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_reading_keeps_to_the_schema(case, token):
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)


@schema.include(method="POST", path="/api/v1/progress-updates/").parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_adding_progress_keeps_to_the_schema(case, token):
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)
