"""Fixtures for the importer's tests."""

import pytest


@pytest.fixture
def home_partnership(db):
    """The installation's one partnership, where a new programme goes when none is named."""
    from commissioning.programmes.tests.factories import PartnershipFactory

    return PartnershipFactory(name="Home Partnership", slug="home")
