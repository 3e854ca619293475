from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from haven.core.permissions import signed_in
from haven.core.request import signed_in_user
from haven.inbox.access import muted_kinds
from haven.inbox.actions import do_choose_notifications
from haven.inbox.forms import NotificationChoiceForm
from haven.inbox.queues import kinds_for


@signed_in
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    """Which kinds of waiting work this user is e-mailed about; only the kinds they can do."""
    user = signed_in_user(request)
    kinds = kinds_for(user)
    offered = [kind.code for kind in kinds]
    initial = {"receive": [code for code in offered if code not in muted_kinds(user)]}
    form = NotificationChoiceForm(request.POST or None, kinds=kinds, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            do_choose_notifications(
                user=user, receive=form.cleaned_data["receive"], offered=offered
            )
            messages.success(request, _("Your choice of e-mails is saved."))
            return redirect("inbox:notifications")
        except ValidationError as error:
            form.add_error(None, error)
    context = {"form": form, "kinds": kinds, "has_email": bool(user.email)}
    return render(request, "inbox/notifications.html", context)
