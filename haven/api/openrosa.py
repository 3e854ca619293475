"""OpenRosa for ODK Collect and Enketo (docs/api.md): the form list, the forms, and the
submission endpoint. Submissions become drafts for the sending worker to review
(`haven.api.actions.do_receive_submission`); a repeated instanceID is refused.

Authentication is HTTP Basic, and only over TLS: the username is the worker's, the password an
API token approved by that worker with the scope `submissions:write`. (OpenRosa also allows
Digest, but Digest needs a password the server can read, and Haven stores only hashes.)
"""

import base64
import binascii
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from ninja.errors import HttpError

from haven.accounts.models import User
from haven.api import xforms
from haven.api.actions import DuplicateSubmission, do_receive_submission
from haven.api.auth import check_rate, client_for_token
from haven.core.permissions import _declare

OPENROSA_VERSION = "1.0"
MAX_SUBMISSION_BYTES = 10_000_000
SCOPE = "submissions:write"
XFORMS_LIST = "http://openrosa.org/xforms/xformsList"
OPENROSA_RESPONSE = "http://openrosa.org/http/response"


def _openrosa(response: HttpResponse) -> HttpResponse:
    response["X-OpenRosa-Version"] = OPENROSA_VERSION
    return response


def _challenge(message: str = "Sign in with your username and an API token.") -> HttpResponse:
    response = _openrosa(HttpResponse(message, status=401, content_type="text/plain"))
    response["WWW-Authenticate"] = 'Basic realm="Haven OpenRosa", charset="UTF-8"'
    return response


def _credentials(request: HttpRequest) -> tuple[str, str] | None:
    kind, _, encoded = request.headers.get("Authorization", "").partition(" ")
    if kind.lower() != "basic":
        return None
    try:
        username, _, password = base64.b64decode(encoded).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return username, password


def worker_for(request: HttpRequest) -> User | None:
    """The worker behind Basic credentials over TLS, or None."""
    credentials = _credentials(request) if request.is_secure() else None
    if credentials is None:
        return None
    client = client_for_token(credentials[1])
    if client is None or SCOPE not in client.scopes:
        return None
    if client.acting_user.get_username() != credentials[0]:
        return None
    check_rate(client)
    return client.acting_user


def _xform_entry(request: HttpRequest, form: xforms.Form) -> str:
    url = request.build_absolute_uri(reverse("openrosa:form", args=[form.form_id]))
    return (
        f"<xform><formID>{escape(form.form_id)}</formID><name>{escape(form.name)}</name>"
        f"<version>{escape(form.version)}</version><hash>{form.hash}</hash>"
        f"<downloadUrl>{escape(url)}</downloadUrl></xform>"
    )


def _authenticated(view: Any) -> Any:
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.is_secure():
            return _openrosa(HttpResponse("OpenRosa needs HTTPS.", status=403))
        try:
            worker = worker_for(request)
        except HttpError as error:  # the client's rate is exceeded
            return _openrosa(HttpResponse(str(error), status=error.status_code))
        if worker is None:
            return _challenge()
        return view(request, worker, *args, **kwargs)

    wrapper.__name__ = view.__name__
    return _declare(csrf_exempt(wrapper), "api_token")


@_authenticated
def form_list(request: HttpRequest, worker: User) -> HttpResponse:
    entries = "".join(_xform_entry(request, form) for form in xforms.forms().values())
    body = f'<?xml version="1.0" encoding="UTF-8"?><xforms xmlns="{XFORMS_LIST}">{entries}</xforms>'
    return _openrosa(HttpResponse(body, content_type="text/xml; charset=utf-8"))


@_authenticated
def form(request: HttpRequest, worker: User, form_id: str) -> HttpResponse:
    found = xforms.forms().get(form_id)
    if found is None:
        return _openrosa(HttpResponse("No such form.", status=404))
    return _openrosa(HttpResponse(found.xml, content_type="text/xml; charset=utf-8"))


def _message(text: str, status: int) -> HttpResponse:
    body = (
        f'<OpenRosaResponse xmlns="{OPENROSA_RESPONSE}">'
        f'<message nature="submit_success">{escape(text)}</message></OpenRosaResponse>'
    )
    return _openrosa(HttpResponse(body, status=status, content_type="text/xml; charset=utf-8"))


def _leaves(element: Element, prefix: str = "") -> dict[str, str]:
    """Answers by leaf name (groups flattened); the form's meta block is not an answer."""
    answers: dict[str, str] = {}
    for child in element:
        name = child.tag.rpartition("}")[2]
        if name == "meta":
            continue
        if len(child):
            answers |= _leaves(child, f"{prefix}{name}/")
        elif child.text and child.text.strip():
            answers[name] = child.text.strip()
    return answers


def _instance_id(root: Element) -> str:
    for element in root.iter():
        if element.tag.rpartition("}")[2] == "instanceID" and element.text:
            return element.text.strip()
    raise ValidationError(gettext("The submission has no meta/instanceID."))


def parse_submission(xml: bytes) -> tuple[str, str, dict[str, str]]:
    """(form id, instance id, answers); ValidationError naming what is wrong."""
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as error:
        raise ValidationError(
            gettext("xml_submission_file is not well-formed XML: %(error)s") % {"error": error}
        ) from None
    form_id = root.get("id", "")
    if form_id not in xforms.forms():
        raise ValidationError(gettext("Unknown form %(form)s.") % {"form": repr(form_id)})
    return form_id, _instance_id(root), _leaves(root)


@_authenticated
def submission(request: HttpRequest, worker: User) -> HttpResponse:
    if request.method in ("HEAD", "GET"):
        response = _openrosa(HttpResponse(status=204))
        response["X-OpenRosa-Accept-Content-Length"] = str(MAX_SUBMISSION_BYTES)
        return response
    upload = request.FILES.get("xml_submission_file")
    if request.method != "POST" or upload is None:
        return _message(gettext("Send the form as the multipart part xml_submission_file."), 400)
    xml = upload.read()
    try:
        form_id, instance_id, answers = parse_submission(xml)
        do_receive_submission(
            worker=worker,
            form_id=form_id,
            instance_id=instance_id,
            xml=xml.decode("utf-8", errors="replace"),
            answers=answers,
        )
    except PermissionDenied as error:
        return _message(str(error), 403)
    except DuplicateSubmission as error:
        return _message(" ".join(error.messages), 409)
    except ValidationError as error:
        return _message(" ".join(error.messages), 400)
    return _message(gettext("Received as a draft: review and confirm it in Haven."), 201)
