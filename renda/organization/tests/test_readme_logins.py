"""README's demo login table says what ``make demo`` prints (issue 13 item 10: they disagreed).

``renda demo`` prints one line per login: username, role, and whom the login acts for. The README's
table must have a row for every printed login, with the same role label and the same "acts for".
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from renda.organization import demo

README = Path(__file__).resolve().parents[3] / "README.md"


def readme_logins() -> dict[str, tuple[str, str]]:
    """The README's demo login table: username → (role cell, acts-for cell)."""
    text = README.read_text(encoding="utf-8")
    table = text.split("| login | role | acts for |", 1)[1].split("\n\n", 1)[0]
    rows: dict[str, tuple[str, str]] = {}
    for line in table.splitlines()[2:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3:
            for username in re.findall(r"`([a-z]+)`", cells[0]):
                rows[username] = (cells[1], cells[2])
    return rows


def test_readme_table_parser_reads_rows():
    # given the README
    # when its table is read
    rows = readme_logins()
    # then it has the fixed logins
    assert {"staff", "deputy", "unit", "supervisor", "station", "citizen", "admin", "security", "auditor"} <= set(rows)


@pytest.mark.django_db
def test_every_printed_demo_login_is_in_the_readme_with_its_role_and_whom_it_acts_for():
    # given the demo congress loaded (organisation only: the logins come from it)
    out = io.StringIO()
    logins = demo.load(stdout=out)
    rows = readme_logins()
    # when each printed login is looked up in the README's table
    mismatches = []
    for login in logins:
        role, acts_for = rows.get(login.username, ("", ""))
        if not role.startswith(login.role) or acts_for != login.acts_for:
            mismatches.append((login.username, login.role, login.acts_for, role, acts_for))
    # then each agrees: same role label first, same "acts for"
    assert mismatches == []
    assert {login.username for login in logins} <= set(rows)
    assert set(rows) - {login.username for login in logins} == {"organ", "gov"}  # made by the apps' loaders


@pytest.mark.django_db
def test_the_demo_command_prints_what_the_readme_shows(settings):
    # given no app demo loaders (the organisation prints the logins)
    settings.RENDA_DEMO_LOADERS = []
    out = io.StringIO()
    # when the command runs
    call_command("demo", stdout=out)
    # then every README row appears as a printed line with its "acts for"
    printed = out.getvalue()
    for username, (_role, acts_for) in readme_logins().items():
        if username in ("organ", "gov"):  # made by the filing and appointments loaders, left out here
            continue
        assert re.search(rf"^  {username}\s+\S+\s+{re.escape(acts_for)}$", printed, re.M), username
    # and the deputies' own logins are printed and documented alike
    assert "d<代表证号>" in printed and "`d<代表证号>`" in README.read_text(encoding="utf-8")
