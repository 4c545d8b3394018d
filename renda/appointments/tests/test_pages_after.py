"""Pages and API of the later appointments rules (A2, A15, A20 upper approval, A22, A23, M26): each page is
reached by clicking from the role's home; refusals are Chinese messages or API codes and change nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from renda.appointments import services
from renda.appointments.models import Appointment, Discipline, OrganUnit, Reelection, RegisterFiling, Tenure
from renda.appointments.posts import Organ
from renda.appointments.tests import factories as af
from renda.meetings.tests import factories as mf
from renda.organization.models import User
from renda.organization.tests import factories as f

pytestmark = pytest.mark.django_db
K, S = Appointment.Kind, Appointment.Status


def _client(user):  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(user)
    return c


def test_m26_member_page_refuses_one_signer_too_few_then_files_with_enough():
    w = af.world(size=10)
    tenure = Tenure.objects.get(appointment=af.appoint(w))
    members = mf.members(w["meeting"])
    member = _client(mf.deputy_login(members[0]))
    page = member.get(reverse("appointments:member")).content.decode()
    assert reverse("appointments:removal-new") in page
    data = {"tenure": tenure.pk, "signers": [members[0].pk], "reasons": "严重失职", "has_materials": "on"}
    bad = member.post(reverse("appointments:removal-new"), data)
    assert bad.status_code == 200 and "五分之一以上（2人以上）联名" in bad.content.decode()
    assert not Appointment.objects.filter(kind=K.DISMISS).exists()
    data["signers"] = [members[0].pk, members[1].pk]
    ok = member.post(reverse("appointments:removal-new"), data)
    case = Appointment.objects.get(kind=K.DISMISS)
    assert ok.status_code == 302 and case.signers.count() == 2
    detail = member.get(reverse("appointments:detail", args=[case.pk])).content.decode()
    assert members[1].name in detail
    # an organ's officer may not open the page
    assert _client(w["officer"]).get(reverse("appointments:removal-new")).status_code == 403


def _awaiting(w):  # type: ignore[no-untyped-def]
    case = af.nominate(w, name="检察长甲", post="市人民检察院检察长", post_type="chief_procurator", kind=K.RESIGN,
                       nominator="self")  # fmt: skip
    case = services.appointment_file(appointment=case, actor=w["staff"], filed_on=af.FILED)
    [case] = services.appointments_list(appointments=[case], actor=w["staff"])
    af.vote(w, case.poll, yes=10)
    return services.appointment_record_vote(appointment=case, actor=w["staff"])


def test_a20_upper_approval_page_and_api():
    w = af.world(size=10)
    case = _awaiting(w)
    staff = _client(w["staff"])
    detail = staff.get(reverse("appointments:detail", args=[case.pk])).content.decode()
    assert "待上级人大常委会批准后生效" in detail and reverse("appointments:upper", args=[case.pk]) in detail
    bad = staff.post(
        reverse("appointments:upper", args=[case.pk]), {"approved": "1", "on": "2026-03-01", "ref": "批复"}
    )
    assert "早于常委会表决日期" in bad.content.decode()
    case.refresh_from_db()
    assert case.status == S.AWAITING
    api = APIClient()
    api.force_authenticate(w["staff"])
    ok = api.post(f"/api/appointments/cases/{case.pk}/upper-approval/",
                  {"approved": True, "on": "2026-04-02", "ref": "省人大常委会批复"}, format="json")  # fmt: skip
    assert ok.status_code == 200 and ok.data["status"] == "adopted" and ok.data["adopted_on"] == "2026-04-02"
    again = api.post(f"/api/appointments/cases/{case.pk}/upper-approval/",
                     {"approved": True, "on": "2026-04-02", "ref": "x"}, format="json")  # fmt: skip
    assert again.status_code in (409, 422)
    # the page refuses a case not waiting
    assert staff.get(reverse("appointments:upper", args=[case.pk])).status_code == 403


def test_a15_board_lists_the_notice_due_and_the_page_records_it():
    w = af.world()
    case = af.appoint(w)
    staff = _client(w["staff"])
    board = staff.get(reverse("appointments:board")).content.decode()
    assert "待发任免通知" in board and reverse("appointments:notify", args=[case.pk]) in board
    bad = staff.post(reverse("appointments:notify", args=[case.pk]), {"on": "2026-03-20"})
    assert "不得早于" in bad.content.decode()
    assert staff.post(reverse("appointments:notify", args=[case.pk]), {"on": "2026-03-23"}).status_code == 302
    case.refresh_from_db()
    assert case.notified_on == date(2026, 3, 23)
    api = APIClient()
    api.force_authenticate(w["staff"])
    assert (
        api.post(f"/api/appointments/cases/{case.pk}/notify/", {"on": "2026-03-23"}, format="json").status_code == 422
    )


def test_a2_a22_reelection_and_filing_pages():
    w = af.world()
    case = af.appoint(w)
    staff = _client(w["staff"])
    board = staff.get(reverse("appointments:board")).content.decode()
    assert reverse("appointments:reelection-new") in board and reverse("appointments:filings") in board
    assert staff.post(reverse("appointments:reelection-new"), {"elected_on": "2026-05-01"}).status_code == 302
    assert Reelection.objects.count() == 1
    board = staff.get(reverse("appointments:board")).content.decode()
    assert "2026-07-01" in board and "尚未提请" in board
    dup = staff.post(reverse("appointments:reelection-new"), {"elected_on": "2026-05-01"})
    assert "已经登记" in dup.content.decode() and Reelection.objects.count() == 1
    filings = staff.get(reverse("appointments:filings")).content.decode()
    assert reverse("appointments:filing-new", args=["rename"]) in filings
    done = staff.post(reverse("appointments:filing-new", args=["rename"]),
                      {"post": case.post_id, "new_title": "市交通委员会主任", "on": "2026-05-01"})  # fmt: skip
    assert done.status_code == 302 and RegisterFiling.objects.get().new_title == "市交通委员会主任"
    assert staff.get(reverse("appointments:filing-new", args=["other"])).status_code == 404
    api = APIClient()
    api.force_authenticate(w["staff"])
    end = api.post("/api/appointments/filings/end/", {"tenure": Tenure.objects.get().pk, "kind": "merged",
                                                       "on": "2026-06-01"}, format="json")  # fmt: skip
    assert end.status_code == 201 and Tenure.objects.get().ended_on == date(2026, 6, 1)


def test_a23_supervision_officer_page_refuses_before_the_removal():
    w = af.world()
    sup = f.HandlingUnitFactory(congress=w["congress"], name="市监察委员会")
    OrganUnit.objects.create(congress=w["congress"], organ=Organ.SUPERVISION, unit=sup)
    officer = f.UserFactory(role=User.Role.UNIT_OFFICER, username="a_sup", congress=w["congress"], handling_unit=sup)
    case = af.appoint(w)
    c = _client(officer)
    assert reverse("appointments:disciplines") in c.get(reverse("appointments:organ")).content.decode()
    assert reverse("appointments:discipline-new") in c.get(reverse("appointments:disciplines")).content.decode()
    bad = c.post(reverse("appointments:discipline-new"),
                 {"person": case.person_id, "measure": "expel", "decided_on": "2026-03-22"})  # fmt: skip
    assert "须先由常委会" in bad.content.decode() and Discipline.objects.count() == 0
    api = APIClient()
    api.force_authenticate(officer)
    r = api.post("/api/appointments/disciplines/", {"person": case.person_id, "measure": "expel",
                                                     "decided_on": "2026-03-22"}, format="json")  # fmt: skip
    assert r.status_code == 422 and r.data["code"] == "rule_violation"
    assert _client(w["officer"]).get(reverse("appointments:disciplines")).status_code == 403


def test_m26_api_one_signer_too_few():
    w = af.world(size=10)
    tenure = Tenure.objects.get(appointment=af.appoint(w))
    members = mf.members(w["meeting"])
    api = APIClient()
    api.force_authenticate(mf.deputy_login(members[0]))
    body = {"tenure": tenure.pk, "signers": [members[0].pk], "reasons": "失职", "has_materials": True}
    r = api.post("/api/appointments/cases/members-removal/", body, format="json")
    assert r.status_code == 422 and r.data["code"] == "rule_violation"
    body["signers"] = [members[0].pk, members[1].pk]
    r = api.post("/api/appointments/cases/members-removal/", body, format="json")
    assert r.status_code == 201 and r.data["nominator"] == "members"
