"""Project-wide pytest fixtures: one logged-in client per role."""

from __future__ import annotations

import pytest
from django.utils import translation

from renda.organization.models import User
from renda.organization.tests import factories as f


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A test that chose English (the language cookie) leaves the thread in English: go back to the
    default (Chinese) so later tests' messages are in Chinese whatever ran before."""
    yield
    translation.deactivate()


@pytest.fixture
def staff_user(db):
    return f.UserFactory(role=User.Role.STAFF, username="t_staff", is_staff=True)


@pytest.fixture
def deputy_user(db):
    return f.UserFactory(role=User.Role.DEPUTY, username="t_deputy", deputy=f.DeputyFactory())


@pytest.fixture
def unit_user(db):
    return f.UserFactory(role=User.Role.UNIT_OFFICER, username="t_unit", handling_unit=f.HandlingUnitFactory())


@pytest.fixture
def supervisor_user(db):
    return f.UserFactory(role=User.Role.SUPERVISOR, username="t_supervisor")


@pytest.fixture
def operator_user(db):
    return f.UserFactory(
        role=User.Role.STATION_OPERATOR, username="t_station", liaison_station=f.LiaisonStationFactory()
    )


@pytest.fixture
def citizen_user(db):
    return f.UserFactory(role=User.Role.CITIZEN, username="t_citizen")
