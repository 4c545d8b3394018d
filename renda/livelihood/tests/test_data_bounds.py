"""Issue 12 item 8 in the livelihood app: progress dates of 1900 and 2099 and milestone figures
beyond PostgreSQL's columns were stored by SQLite. The page refuses them in Chinese and the database
refuses them on both engines."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import DatabaseError, IntegrityError, transaction
from django.test import Client

from renda.livelihood.models import Milestone, ProgressReport, Project
from renda.livelihood.tests.test_api_pages import _implementing_project
from renda.meetings.tests import factories as mf

pytestmark = pytest.mark.django_db


def _refused(qs, *, errors: tuple[type[Exception], ...] = (IntegrityError,), **values) -> None:
    """An ORM write that bypasses forms, serializers and services is refused by the database."""
    with pytest.raises(errors), transaction.atomic():
        qs.update(**values)


@pytest.mark.parametrize("day", ["1900-01-01", "2099-06-30"])
def test_page_refuses_a_progress_report_dated_1900_or_in_the_future(day):
    # given an implementing project with one milestone, and staff on its page
    staff = mf.staff()
    project = _implementing_project(staff)
    m = Milestone.objects.create(project=project, order=1, title="立项", weight=1, due_on=date(2026, 4, 30))
    c = Client()
    c.force_login(staff)
    # when staff report progress dated 1900 (or 2099)
    r = c.post(
        f"/livelihood/projects/{project.pk}/do/progress/",
        {"text": "已开工", f"progress-{m.pk}": "50", "reported_on": day},
        follow=True,
    )
    # then the page says why and nothing is stored
    html = r.content.decode()
    assert "报告日期须在2000年至2100年之间" in html or "报告日期不能晚于今天" in html
    assert not ProgressReport.objects.filter(project=project).exists()
    assert Milestone.objects.get(pk=m.pk).progress == 0


def test_database_refuses_progress_and_milestone_dates_outside_2000_to_2100():
    staff = mf.staff()
    project = _implementing_project(staff)
    m = Milestone.objects.create(project=project, order=1, title="立项", weight=1, due_on=date(2026, 4, 30))
    report = ProgressReport.objects.create(project=project, text="x", percent=0, reported_on=date(2026, 5, 1))
    _refused(ProgressReport.objects.filter(pk=report.pk), reported_on=date(1900, 1, 1))
    _refused(Milestone.objects.filter(pk=m.pk), due_on=date(2101, 1, 1))
    _refused(Project.objects.filter(pk=project.pk), deadline=date(1999, 12, 31))


def test_database_refuses_a_milestone_weight_beyond_postgresqls_smallint():
    staff = mf.staff()
    project = _implementing_project(staff)
    m = Milestone.objects.create(project=project, order=1, title="立项", weight=1, due_on=date(2026, 4, 30))
    # SQLite: the CHECK constraint; PostgreSQL: smallint itself (DataError)
    _refused(Milestone.objects.filter(pk=m.pk), weight=40_000, errors=(DatabaseError,))
    assert Milestone.objects.get(pk=m.pk).weight == 1
