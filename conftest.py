"""Fixtures for every test: the customer's documents, sample plans and people to act as."""

from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parent
SEEDS = REPOSITORY / "commissioning" / "programmes" / "demo"
SAMPLES = REPOSITORY / "commissioning" / "reading" / "tests" / "samples"


def pytest_configure(config):
    """WhiteNoise looks static files up when asked instead of listing all of them (thousands,
    GOV.UK Frontend's included) each time a test client loads the middleware: that listing was
    0.4 s per client, a third of the whole run. Serving is unchanged."""
    from django.conf import settings

    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def read_uploads_in_process(settings):
    """Pages read uploads in-process in tests, to keep them fast: starting a child process per
    upload would add a second to each. ``plans/tests/test_isolated_reading.py`` reads them in
    the child process, as a web request does by default."""
    settings.IMPORT_WEB_MEMORY_BYTES = 0


@pytest.fixture
def seeds_dir() -> Path:
    """The customer's two documents, exactly as given (the demo imports the same files)."""
    return SEEDS


@pytest.fixture
def samples_dir() -> Path:
    """Real plans from public documents, messy as users bring them (test fixtures)."""
    return SAMPLES


@pytest.fixture
def manager(django_user_model):
    """The site administrator (a superuser), who imports documents: may do everything.

    Most tests act as the site administrator to test what a page does; who may do it is
    tested with the personas below (``programme_manager``, ``partner_contributor``,
    ``viewer``, ``outsider``) in commissioning/access/tests/test_access_*.py.
    """
    return django_user_model.objects.create_user(
        "manager", "manager@example.org", "x-pass-123", is_superuser=True, is_staff=True
    )


@pytest.fixture
def signed_in_client(client, manager):
    """A browser session signed in as the site administrator."""
    client.force_login(manager)
    return client


@pytest.fixture
def task_worker(db, monkeypatch):
    """The background worker, run for real: ``task_worker()`` runs every task queued so far,
    as ``commissioning db_worker --batch`` would, and returns how many it ran.

    Like Django's test client, which stops ``close_old_connections`` running at each request,
    the worker here keeps the test's connection: closing it would end the transaction every
    test runs in (on PostgreSQL; SQLite's in-memory test database ignores the close).
    """
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.management.commands.db_worker import Worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> int:
        worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        )
        worker.run()
        return worker._run_tasks

    return run


# --- Personas: the people of one partnership, and an outsider ---------------------------------


@pytest.fixture
def partnership(db):
    """A council leading a programme with an NHS partner, and an outside council's own programme.

    ``home`` is the council's partnership (the NHS a partner), ``away`` the outside council's.

    ``nhs_action`` is owned by the NHS partner, ``council_action`` by a council officer;
    ``internal`` and ``external`` are deliverables of the programme's first stage;
    ``other_action`` belongs to the outside council's programme.
    """
    from types import SimpleNamespace

    from commissioning.programmes.tests import factories

    council = factories.OrganisationFactory(name="Brighton & Hove City Council")
    nhs = factories.OrganisationFactory(name="NHS Brighton and Hove")
    outside = factories.OrganisationFactory(name="Surrey County Council")
    home = factories.PartnershipFactory(
        name="Brighton & Hove City Partnership", slug="brighton-and-hove", lead_organisation=council
    )
    home.partners.add(nhs)
    away = factories.PartnershipFactory(
        name="Surrey Partnership", slug="surrey", lead_organisation=outside
    )
    programme = factories.ProgrammeFactory(
        name="Intelligent Commissioning",
        slug="intelligent-commissioning",
        lead_organisation=council,
        partnership=home,
    )
    programme.partners.add(nhs)
    stage = factories.StageFactory(programme=programme)
    nhs_action = factories.ActionFactory(programme=programme, title="Pool the budgets")
    factories.ActionOwnerFactory(
        action=nhs_action, person=None, organisation=nhs, name=nhs.name, kind="organisation"
    )
    council_action = factories.ActionFactory(programme=programme, title="Agree the structure")
    factories.ActionOwnerFactory(
        action=council_action, person=factories.PersonFactory(organisation=council)
    )
    other = factories.ProgrammeFactory(
        name="Surrey Together", slug="surrey-together", lead_organisation=outside, partnership=away
    )
    return SimpleNamespace(
        home=home,
        away=away,
        council=council,
        nhs=nhs,
        outside=outside,
        programme=programme,
        stage=stage,
        internal=factories.DeliverableFactory(stage=stage, scope="internal"),
        external=factories.DeliverableFactory(stage=stage, scope="external"),
        nhs_action=nhs_action,
        council_action=council_action,
        other_programme=other,
        other_stage=factories.StageFactory(programme=other),
        other_action=factories.ActionFactory(programme=other, title="Surrey's own action"),
    )


def _member(username: str, organisation, programme=None, role: str | None = None):
    """A user who is a person of ``organisation``, with ``role`` on ``programme`` if given."""
    from django.contrib.auth import get_user_model

    from commissioning.partnership.models import Person, ProgrammeRole

    # No password: tests sign in with force_login, and hashing one costs a third of a second.
    user = get_user_model().objects.create_user(username, f"{username}@example.org")
    Person.objects.create(
        name=username.replace("-", " ").title(), organisation=organisation, user=user
    )
    if role:
        ProgrammeRole.objects.create(user=user, programme=programme, role=role)
    return user


@pytest.fixture
def programme_manager(partnership):
    """A council officer who manages the partnership's programme."""
    return _member("council-manager", partnership.council, partnership.programme, "manager")


@pytest.fixture
def partner_contributor(partnership):
    """An NHS officer who contributes to the programme: progress on the NHS's actions only."""
    return _member("nhs-officer", partnership.nhs, partnership.programme, "contributor")


@pytest.fixture
def viewer(partnership):
    """A council officer who reads the programme and changes nothing."""
    return _member("council-viewer", partnership.council, partnership.programme, "viewer")


@pytest.fixture
def outsider(partnership):
    """A manager of the outside council's programme: our partnership's data is not theirs."""
    return _member("outsider", partnership.outside, partnership.other_programme, "manager")


@pytest.fixture
def sign_in():
    """``sign_in(user)``: a browser session (a test Client) signed in as ``user``."""
    from django.test import Client

    def signed_in(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return signed_in


@pytest.fixture
def api_as():
    """``api_as(user)``: an API client sending ``user``'s token, as another system would."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def with_token(user) -> APIClient:
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return with_token


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no cached reports: ids are reused after a test's rollback."""
    from django.core.cache import cache

    cache.clear()
