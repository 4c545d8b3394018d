"""Pages of the follow-up (回访复核) of a low-rated opinion: staff re-route it or close it with an explanation.

The list of opinions waiting for follow-up is ``views.opinion_list`` with ``follow_up=True``
(``/liaison/follow-up/``); the two actions post from the opinion's page (its 回访复核 section, shown when
``permissions.allowed_actions`` holds ``reroute``/``close``) to the views here, which call one service
of :mod:`renda.liaison.followup` each. An invalid form or a refused action changes nothing and shows
its Chinese error on the opinion's page.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renda.liaison import followup, forms
from renda.liaison.views import _form_act
from renda.organization.typing import AuthedRequest


@require_POST
@login_required
def opinion_reroute(request: AuthedRequest, opinion_id: int) -> HttpResponse:
    """POST: staff send the low-rated opinion back to a unit with a reason (重新交办)."""
    return _form_act(
        request,
        opinion_id,
        forms.RerouteForm,
        lambda op, d: followup.opinion_reroute(
            opinion=op, actor=request.user, reason=d["reason"], unit=d.get("unit"), expected_version=d.get("version")
        ),
        _("已重新交办，承办单位将重新答复"),
    )


@require_POST
@login_required
def opinion_close_explained(request: AuthedRequest, opinion_id: int) -> HttpResponse:
    """POST: staff close the low-rated opinion with an explanation the citizen reads (办结说明)."""
    return _form_act(
        request,
        opinion_id,
        forms.CloseExplainedForm,
        lambda op, d: followup.opinion_close_explained(
            opinion=op, actor=request.user, explanation=d["explanation"], expected_version=d.get("version")
        ),
        _("已办结，办结说明已告知群众"),
    )
