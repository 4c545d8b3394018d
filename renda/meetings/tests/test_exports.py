"""Office files of a meeting: minutes (docx/pdf) and results (csv/xlsx); no other extension is served."""

from __future__ import annotations

import pytest

from renda.meetings import services
from renda.meetings.tests import factories as mf

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/meetings/{m}/minutes.pdf", 200),
        ("/meetings/{m}/minutes.docx", 200),
        ("/meetings/{m}/minutes.exe", 404),
        ("/meetings/{m}/minutes.pdfx", 404),
        ("/meetings/polls/{p}/results.csv", 200),
        ("/meetings/polls/{p}/results.xlsx", 200),
        ("/meetings/polls/{p}/results.txt", 404),
    ],
)
def test_export_links_admit_only_the_real_formats(path, status):
    # given a closed poll
    staff, meeting, _people, poll = mf.open_with_votes()
    services.poll_close(poll=poll, actor=staff)
    # when staff request the file with that extension
    r = mf.client(staff).get(path.format(m=meeting.pk, p=poll.pk))
    # then only docx/pdf and csv/xlsx are served
    assert r.status_code == status
