from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from haven.core.permissions import public
from haven.languages import actions, catalogs
from haven.languages.preference import remember


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


@public
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The switch in every page's header: anyone may choose; a signed-in user's choice is kept."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        message = _("%(code)s is not an interface language.") % {"code": language[:20]}
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    if request.user.is_authenticated:
        actions.do_set_language(user=request.user, language=language)
    response = redirect(_back(request))
    remember(request, response, language)
    return response


@public
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Each interface language: who translated it, whether a fluent reviewer has, how complete."""
    return render(request, "languages/index.html", {"languages": catalogs.language_statuses()})
