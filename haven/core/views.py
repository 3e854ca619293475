from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.module_loading import import_string

from haven.core.permissions import public, signed_in
from haven.core.request import signed_in_user


@signed_in
def home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    context = {
        "figures": import_string(settings.HAVEN_HOME_FIGURES)(user),
        "queues": import_string(settings.HAVEN_HOME_QUEUES)(user),
    }
    return render(request, "haven/home.html", context)


@public
def health(request: HttpRequest) -> JsonResponse:
    connection.ensure_connection()
    return JsonResponse({"status": "ok"})


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "haven/403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "haven/404.html", status=404)
