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
    commissions_to_score(user)
    return Token.objects.create(user=user).key


def commissions_to_score(user) -> None:
    """The user manages a partnership with commissions, a scoring round and a lesson, so the
    commissions endpoints answer with rows, not only 404."""
    import datetime as dt

    from commissioning.commissions import services
    from commissioning.partnership.models import PartnershipRole
    from commissioning.programmes.tests.factories import PartnershipFactory, PersonFactory

    partnership = PartnershipFactory()
    PartnershipRole.objects.create(user=user, partnership=partnership, role="manager")
    commissions = [
        services.create_commission(partnership=partnership, user=user, title=f"Commission {n}")
        for n in range(2)
    ]
    criteria = services.create_criteria_set(
        partnership=partnership,
        user=user,
        name="Criteria",
        scale="one_to_five",
        criteria=[("Need", 100)],
    )
    member = PersonFactory()
    scoring_round = services.create_round(
        partnership=partnership,
        user=user,
        criteria_set=criteria,
        name="Round",
        held_on=dt.date(2026, 1, 1),
        panel=[member],
        commissions=commissions,
    )
    services.record_score(
        scoring_round=scoring_round,
        user=user,
        commission=commissions[0],
        criterion=criteria.criteria.get(),
        member=member,
        value=3,
    )
    evaluation = services.record_evaluation(
        commission=commissions[0],
        user=user,
        result="met",
        findings="Fine",
        evaluated_on=dt.date(2026, 2, 1),
    )
    services.record_lesson(
        partnership=partnership,
        user=user,
        text="Ask first",
        target="commission",
        commission=commissions[0],
        evaluation=evaluation,
    )


def served_schema() -> dict:
    """The schema as the application serves it to a signed-in user (built without a request,
    so that loading it needs no database)."""
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


schema = schemathesis.openapi.from_dict(served_schema())
schema.app = application


@schema.include(method="GET").parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_reading_keeps_to_the_schema(case, token):
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)


@schema.include(method="PATCH").parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_changing_keeps_to_the_schema(case, token):
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)


@schema.include(method="POST", path="/api/v1/progress-updates/").parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_adding_progress_keeps_to_the_schema(case, token):
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)


@schema.include(method="POST", path_regex="^/api/v1/(commissions|scoring-rounds)/").parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_writing_commissions_keeps_to_the_schema(case, token):
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)


def test_the_schema_is_for_signed_in_users(client, token):
    assert client.get("/api/v1/schema/").status_code in {401, 403}
    response = client.get("/api/v1/schema/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert b"openapi" in response.content


def test_the_schema_documents_every_error_it_answers_with():
    paths = served_schema()["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"400", "401", "403", "404", "414"} <= codes, (method, path, codes)
            for code in codes - {"200", "201", "204"}:
                assert "content" in operation["responses"][code], (method, path, code)
    change = paths["/api/v1/actions/{id}/"]["patch"]
    assert {"412", "428"} <= set(change["responses"])
    assert any(p["name"] == "If-Match" and p["required"] for p in change["parameters"])
