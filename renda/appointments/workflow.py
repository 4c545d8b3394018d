"""Statuses and transitions of a 任免案 (house style 3; RULES.md A8, A12, A13).

起草中 → 已提请 (filed in writing, A8) → 已列入会议议程 (the council lists it; a poll is created at the
meeting) → 已通过 / 未通过 (the poll's result, more than half of all members, A13). Before the vote the
proposer may withdraw with the council's consent, and the council may withhold the vote (back to
已提请), A12. A decision the upper-level Standing Committee must approve (A20: a 检察长's resignation)
waits in 待上级批准 after the vote and takes effect (已通过) when approved, or fails (未通过) when refused.
"""

from __future__ import annotations

from renda.appointments.models import Appointment
from renda.core.workflow import Workflow

S = Appointment.Status
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.DRAFT: (S.FILED, S.WITHDRAWN),
    S.FILED: (S.LISTED, S.WITHDRAWN),
    S.LISTED: (S.ADOPTED, S.AWAITING, S.REJECTED, S.FILED, S.WITHDRAWN),
    S.AWAITING: (S.ADOPTED, S.REJECTED),
    S.ADOPTED: (),
    S.REJECTED: (),
    S.WITHDRAWN: (),
}

APPOINTMENT_WORKFLOW = Workflow(
    statuses=Appointment.Status, transitions=TRANSITIONS, event_model="appointments.AppointmentEvent"
)
