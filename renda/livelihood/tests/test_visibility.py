"""Who sees which livelihood programmes (unpublished ones only inside the congress)."""

from __future__ import annotations

import pytest

from renda.livelihood import selectors
from renda.livelihood.models import Programme
from renda.organization.models import User
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db


def test_unpublished_programmes_only_for_staff_deputies_and_supervisors_of_the_congress():
    # given the demo congress with its programme (published) and a draft programme of the same congress
    from renda.livelihood import demo as livelihood_demo
    from renda.organization import demo as org_demo

    org_demo.load()
    livelihood_demo.load()
    published = Programme.objects.get()
    assert published.status == Programme.Status.PUBLISHED
    draft = Programme.objects.create(
        **{
            field.name: getattr(published, field.name)
            for field in Programme._meta.concrete_fields
            if field.name not in ("id", "status", "created_at", "updated_at", "year") and not field.unique
        },
        year=published.year + 1,
        status=Programme.Status.DRAFTING,
    )
    congress = published.congress
    # then staff of the congress see both, a citizen and a congress-less login only the published one
    staff = User.objects.get(username="staff")
    citizen = f.UserFactory(role=User.Role.CITIZEN, congress=congress)
    unbound = f.UserFactory(role=User.Role.STAFF, congress=None)
    assert set(selectors.programme_list(viewer=staff)) == {published, draft}
    assert set(selectors.programme_list(viewer=citizen)) == {published}
    assert set(selectors.programme_list(viewer=unbound)) == {published}
    assert set(selectors.programme_list(viewer=None)) == {published}
