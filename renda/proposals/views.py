from django.http import HttpResponse


def detail(request, pk: int) -> HttpResponse:
    return HttpResponse("")
