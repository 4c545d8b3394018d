"""The letter of appointment (任命书, RULES.md A16) as a Word document (python-docx)."""

from __future__ import annotations

import io

from renda.appointments.models import Appointment
from renda.core.exceptions import RuleViolation
from renda.organization.models import Body, Membership


def chair_name(appointment: Appointment) -> str:
    """The Standing Committee 主任 on the adoption day (who signs the letter, A16), or ''."""
    row = (
        Membership.objects.filter(
            body__kind=Body.Kind.STANDING_COMMITTEE,
            body__term__congress_id=appointment.congress_id,
            role=Membership.Role.CHAIR,
            started_on__lte=appointment.adopted_on,
        )
        .exclude(ended_on__lt=appointment.adopted_on)
        .select_related("deputy")
        .first()
    )
    return row.deputy.name if row else ""


def letter_fields(appointment: Appointment) -> dict[str, str]:
    """The fields of the letter: number, person, post, meeting, adoption date, signer.

    Raises:
        RuleViolation: rule A16 — the case is not adopted, does not give a post, or is an acting post
            (no letter for 代理, Zhejiang).
    """
    if appointment.status != Appointment.Status.ADOPTED or not appointment.takes_office:
        raise RuleViolation("只有表决通过的任命才能制发任命书", extra={"rule": "A16"})
    if appointment.kind == Appointment.Kind.ACTING:
        raise RuleViolation("决定代理的职务不制发任命书", extra={"rule": "A16"})
    day = appointment.adopted_on
    assert day is not None
    congress = appointment.congress
    meeting = appointment.meeting.title if appointment.meeting else ""
    verb = "批准任命" if appointment.kind == Appointment.Kind.APPROVE else "任命"
    return {
        "number": f"{congress.name}常任字〔{day.year}〕第{appointment.pk}号",
        "body": f"根据{congress.name}常务委员会{meeting}（{day.year}年{day.month}月{day.day}日）的决定，"
        f"{verb}{appointment.person.name}为{appointment.post.title}。",
        "person": appointment.person.name,
        "post": appointment.post.title,
        "signer": f"{congress.name}常务委员会主任　{chair_name(appointment)}",
        "date": f"{day.year}年{day.month}月{day.day}日",
    }


def letter_docx(appointment: Appointment) -> bytes:
    """The letter as .docx bytes (title 任命书, number, text, signer and date). Raises as :func:`letter_fields`."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    fields = letter_fields(appointment)
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "SimSun"  # type: ignore[attr-defined]
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "SimSun")  # type: ignore[attr-defined]
    title = doc.add_heading("任命书", level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(fields["number"]).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(fields["person"] + "：")
    doc.add_paragraph(fields["body"])
    doc.add_paragraph(fields["signer"]).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph(fields["date"]).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
