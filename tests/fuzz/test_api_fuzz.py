"""Schemathesis drives every operation of ``/api/schema/`` for every role against a live server (issue 12 item 1).

The demo congress is loaded first (suggestions in every stage, assignments, meetings with polls, livelihood
programmes and projects, liaison opinions), so the generated requests reach records that exist: each ``{id}``
path is tried with ids of real records (one per status) as well as generated ones. Checks: no 500, the response
conforms to its schema (body, content type, status code). Generation is deterministic (derandomized, no
Hypothesis database) and bounded (``FUZZ_EXAMPLES`` examples per operation, role and mode, positive and
negative), so one run takes a few minutes per database engine.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable
from typing import Any

import pytest
import requests
import schemathesis
from django.core.management import call_command
from django.db import models
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import checks as st_checks
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from renda.appointments.models import Appointment
from renda.filing.models import Catalogue, FilingDocument, ReviewSuggestion
from renda.legislation.models import Comment, Draft, DraftVersion, Hearing, PlanItem, Position
from renda.liaison.models import Opinion, OpinionImportJob
from renda.livelihood.models import Candidate, Programme, Project
from renda.meetings.models import Meeting, Poll
from renda.organization.demo import DEMO_PASSWORD
from renda.organization.models import Deputy, HandlingUnit
from renda.oversight.models import Decision, Inquiry, OversightItem
from renda.proposals.models import Assignment, Proposal, Reply
from renda.reports.models import Training

pytestmark = pytest.mark.django_db(transaction=True)

#: Examples per operation, role and generation mode.
FUZZ_EXAMPLES = int(os.environ.get("RENDA_FUZZ_EXAMPLES", "3"))

#: The demo logins, one per role; ``None`` is the anonymous visitor.
ROLES: dict[str, str | None] = {
    "staff": "staff",
    "unit officer": "unit",
    "deputy": "deputy",
    "station operator": "station",
    "supervisor": "supervisor",
    "citizen": "citizen",
    "auditor": "auditor",
    "anonymous": None,
}

#: The model behind each ``{id}`` path, by path prefix (the longest prefix wins).
ID_MODELS: dict[str, type[models.Model]] = {
    "/api/appointments/cases/": Appointment,
    "/api/filing/catalogues/": Catalogue,
    "/api/filing/committee/": FilingDocument,
    "/api/filing/documents/": FilingDocument,
    "/api/filing/suggestions/": ReviewSuggestion,
    "/api/legislation/drafts/": Draft,
    "/api/legislation/hearings/": Hearing,
    "/api/legislation/versions/": DraftVersion,
    "/api/legislation/public/": DraftVersion,
    "/api/legislation/comments/": Comment,
    "/api/legislation/plan-items/": PlanItem,
    "/api/legislation/positions/": Position,
    "/api/liaison/imports/": OpinionImportJob,
    "/api/liaison/opinions/": Opinion,
    "/api/livelihood/candidates/": Candidate,
    "/api/livelihood/programmes/": Programme,
    "/api/livelihood/public-programmes/": Programme,
    "/api/livelihood/projects/": Project,
    "/api/meetings/meetings/": Meeting,
    "/api/meetings/polls/": Poll,
    "/api/meetings/public-results/": Poll,
    "/api/organization/deputies/": Deputy,
    "/api/oversight/items/": OversightItem,
    "/api/oversight/public-items/": OversightItem,
    "/api/oversight/inquiries/": Inquiry,
    "/api/oversight/decisions/": Decision,
    "/api/oversight/public-decisions/": Decision,
    "/api/organization/handling-units/": HandlingUnit,
    "/api/proposals/assignments/": Assignment,
    "/api/proposals/proposals/": Proposal,
    "/api/proposals/replies/": Reply,
    "/api/reports/deputies/": Deputy,
    "/api/reports/trainings/": Training,
}

CHECKS: list[Callable[..., Any]] = [
    st_checks.not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    status_code_conformance,
]


def _id_model(path: str) -> type[models.Model]:
    prefix = max((p for p in ID_MODELS if path.startswith(p)), key=len, default=None)
    assert prefix is not None, f"{path}: add the model of its {{id}} to ID_MODELS"
    return ID_MODELS[prefix]


def _sample_ids(model: type[models.Model]) -> list[int]:
    """A few ids of existing records: one per status where the model has one, else the first three."""
    qs = model._default_manager.order_by("pk")  # type: ignore[attr-defined]
    if any(f.name == "status" for f in model._meta.get_fields()):
        ids = {qs.filter(status=s).values_list("pk", flat=True).first() for s in qs.values_list("status", flat=True)}
        return sorted(i for i in ids if i is not None)
    return list(qs.values_list("pk", flat=True)[:3])


def _session(username: str | None) -> requests.Session:
    session = requests.Session()
    if username:
        session.auth = (username, DEMO_PASSWORD)
    return session


#: Deterministic and bounded: the same examples on every run, no shrinking, no example database.
SETTINGS = settings(
    max_examples=FUZZ_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.generate],
)

#: Values put into every query parameter at once (by the roles in ``EDGE_ROLES``), besides the generated ones:
#: a NUL byte (PostgreSQL refuses it in text), integers past 64 bits, an over-long string, a negative number,
#: full-width digits.
EDGE_VALUES = ["\x00", "a\x00b", str(2**64), str(-(2**63) - 1), "x" * 300, "-1", "１２"]
EDGE_ROLES = {"staff", "citizen"}


def test_every_api_operation_for_every_role(live_server):
    # given the demo congress and the schema the server publishes
    call_command("demo", stdout=io.StringIO())
    staff = _session("staff")
    response = staff.get(f"{live_server.url}/api/schema/", params={"format": "json"}, timeout=60)
    assert response.status_code == 200
    staff.close()
    schema = schemathesis.openapi.from_dict(response.json())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 90
    ids = {op.label: _sample_ids(_id_model(op.path)) for op in operations if "{id}" in op.path}
    failures: dict[tuple[str, str, str], str] = {}
    calls = [0]
    started = time.monotonic()
    # when every role calls every operation with generated data (ids of real records among them)
    for role, username in ROLES.items():
        session = _session(username)
        for operation in operations:
            strategies = []
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                strategies.append(operation.as_strategy(generation_mode=mode))
                for pk in ids.get(operation.label, []):
                    strategies.append(operation.as_strategy(generation_mode=mode, path_parameters={"id": pk}))
            fuzz = _fuzzer(operation, role, session, live_server.url, failures, calls)
            SETTINGS(given(case=st.one_of(strategies))(fuzz))()
            names = [p.name for p in operation.query]
            if role in EDGE_ROLES and names:
                path = {"id": ids[operation.label][0]} if operation.label in ids else {}
                for value in EDGE_VALUES:
                    fuzz(operation.Case(path_parameters=path, query=dict.fromkeys(names, value)))
        session.close()  # the server thread ends and closes its database connection
    elapsed = time.monotonic() - started
    # then no response is a server error or breaks the schema
    report = "\n\n".join(failures.values())
    assert not failures, f"{len(failures)} failures in {calls[0]} requests, {elapsed:.0f} s:\n\n{report}"
    assert calls[0] > len(operations) * len(ROLES) * FUZZ_EXAMPLES


def _fuzzer(operation: Any, role: str, session: requests.Session, base_url: str, failures: dict, calls: list[int]):
    """A Hypothesis test body for one operation and role that records (not raises) each distinct failure."""

    def run(case: Any) -> None:
        calls[0] += 1
        response = case.call(base_url=base_url, session=session, timeout=60)
        try:
            case.validate_response(response, checks=CHECKS)
        except (FailureGroup, AssertionError) as exc:
            for failure in getattr(exc, "exceptions", [exc]):
                title = getattr(failure, "title", type(failure).__name__)
                key = (role, operation.label, title)
                failures.setdefault(
                    key,
                    f"[{role}] {operation.label}: {title} (HTTP {response.status_code})\n"
                    f"  {getattr(failure, 'message', failure)}\n"
                    f"  request: {case.as_curl_command(base_url=base_url)}\n"
                    f"  response: {response.text[:300]}",
                )

    return run
