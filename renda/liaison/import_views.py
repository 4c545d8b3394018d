"""Pages of 导入群众留言: staff upload a message file (the page beside ``renda opinions import``), watch a
large one import in the background, and read the report — counts, rejected rows and duplicates with
their row numbers (:mod:`renda.liaison.import_jobs`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from renda.core.exceptions import ApplicationError, NotFoundOrForbidden
from renda.liaison import forms, import_jobs, permissions, selectors
from renda.liaison.models import OpinionImportJob
from renda.organization.typing import AuthedRequest


def _job(request: AuthedRequest, pk: int) -> OpinionImportJob:
    try:
        return selectors.access_opinion_import_job(viewer=request.user, pk=pk)
    except NotFoundOrForbidden:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def opinion_import(request: AuthedRequest) -> HttpResponse:
    """导入群众留言: the upload form and the congress's imports, 10 to a page."""
    if not permissions.can_import_opinions(request.user):
        raise Http404
    stations = selectors.recording_stations(viewer=request.user)
    form = forms.OpinionImportForm(request.POST or None, request.FILES or None, stations=stations)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_jobs.import_start(
                upload=form.cleaned_data["file"], actor=request.user, station=form.cleaned_data["station"]
            )
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("liaison:import-job", pk=job.pk)
    jobs = Paginator(selectors.opinion_import_jobs(viewer=request.user), 10).get_page(request.GET.get("page"))
    return render(request, "liaison/import.html", {"form": form, "jobs": jobs, "limits": import_jobs.LIMITS})


@login_required
@require_http_methods(["GET"])
def opinion_import_job(request: AuthedRequest, pk: int) -> HttpResponse:
    """One import: rows processed while it runs (htmx polls :func:`opinion_import_progress`), then the
    report with the rejected rows and the duplicates (the first ``REPORT_ROWS`` of each)."""
    job = _job(request, pk)
    return render(request, "liaison/import_job.html", {"job": job, "limit": import_jobs.REPORT_ROWS})


@login_required
@require_http_methods(["GET"])
def opinion_import_progress(request: AuthedRequest, pk: int) -> HttpResponse:
    """The progress fragment (htmx, every 2 s); once the job has finished, tells htmx to reload the page."""
    job = _job(request, pk)
    response = render(request, "liaison/_import_progress.html", {"job": job})
    if job.finished_at is not None and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response
