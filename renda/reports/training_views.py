"""Pages of the trainings register (履职学习培训): staff list the trainings and record one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from renda.core.exceptions import ApplicationError
from renda.organization.models import Congress, Deputy
from renda.organization.typing import AuthedRequest
from renda.reports import permissions, training
from renda.reports.forms import TrainingForm


@login_required
def training_list(request: AuthedRequest) -> HttpResponse:
    """Staff of a congress: its trainings, newest first, with how many deputies attended each."""
    if not permissions.can_record_training(request.user, request.user.congress_id or 0):
        raise PermissionDenied
    return render(request, "reports/trainings.html", {"trainings": training.trainings_for(request.user)})


@login_required
def training_new(request: AuthedRequest) -> HttpResponse:
    """Staff of a congress: record one training with the deputies who attended (searchable picker)."""
    congress_id = request.user.congress_id or 0
    if not permissions.can_record_training(request.user, congress_id):
        raise PermissionDenied
    form = TrainingForm(request.POST or None, deputies=Deputy.objects.filter(term__congress_id=congress_id))
    if request.method == "POST" and form.is_valid():
        try:
            training.training_record(
                congress=Congress.objects.get(pk=congress_id), actor=request.user, **form.cleaned_data
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已保存"))
            return redirect("reports:trainings")
    return render(request, "reports/training_form.html", {"form": form})
