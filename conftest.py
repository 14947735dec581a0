"""Fixtures shared by every test: the customer's documents and people to act as."""

from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parent
SHARED = REPOSITORY.parent / "shared"


@pytest.fixture
def seeds_dir() -> Path:
    """The customer's documents, as given."""
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip("the customer's documents (shared/seeds beside the repository) are absent")
    return path


@pytest.fixture
def samples_dir() -> Path:
    """Real plans from public documents, messy as users bring them."""
    path = SHARED / "samples"
    if not path.is_dir():
        pytest.skip("the sample plans (shared/samples beside the repository) are absent")
    return path


@pytest.fixture
def manager(django_user_model):
    """A programme manager who imports documents."""
    return django_user_model.objects.create_user("manager", "manager@example.org", "x-pass-123")


@pytest.fixture
def signed_in_client(client, manager):
    """A browser session signed in as the programme manager."""
    client.force_login(manager)
    return client


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no cached reports: ids are reused after a test's rollback."""
    from django.core.cache import cache

    cache.clear()
