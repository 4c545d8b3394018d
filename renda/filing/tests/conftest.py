"""Filing-review fixtures: a congress, an organ in scope with its officer, a department out of scope, staff."""

from __future__ import annotations

from datetime import date

import pytest

from renda.filing import services
from renda.filing.models import FilingDocument, Organ
from renda.organization.models import User
from renda.organization.tests import factories as org


@pytest.fixture
def congress(db):
    return org.CongressFactory()


@pytest.fixture
def organ(congress):
    unit = org.HandlingUnitFactory(congress=congress, name="市政府办公室")
    return Organ.objects.create(congress=congress, name="市人民政府", kind=Organ.Kind.GOVERNMENT, handling_unit=unit)


@pytest.fixture
def dept(congress):
    return Organ.objects.create(congress=congress, name="市住房和城乡建设局", kind=Organ.Kind.GOVERNMENT_DEPT)


@pytest.fixture
def officer(organ):
    return org.UserFactory(role=User.Role.UNIT_OFFICER, username="f_officer", handling_unit=organ.handling_unit)


@pytest.fixture
def staff(congress):
    return org.UserFactory(role=User.Role.STAFF, username="f_staff", is_staff=True, congress=congress)


@pytest.fixture
def supervisor(congress):
    return org.UserFactory(role=User.Role.SUPERVISOR, username="f_supervisor", congress=congress)


TEXT = "第一条 为了规范停车管理，制定本办法。\n第五条 未办理登记的，由主管部门处五千元以上一万元以下罚款。"


def file_doc(
    actor, organ, *, published=date(2026, 3, 1), received=date(2026, 3, 20), text=TEXT, title="停车管理办法"
) -> FilingDocument:
    """File one document (helper for the tests)."""
    return services.document_file(
        actor=actor,
        organ=organ,
        title=title,
        number="〔2026〕1号",
        published_on=published,
        received_on=received,
        text=text,
    )


def in_review(staff, organ, **kw) -> FilingDocument:
    """A document filed, formally checked and under review."""
    doc = file_doc(staff, organ, **kw)
    services.document_step(doc=doc, actor=staff, step="formal_pass", on=doc.received_on)
    services.document_step(doc=doc, actor=staff, step="start_review", on=doc.received_on)
    return doc
