"""Token authentication for the API: one scope per operation, then the acting user's own
capabilities, exactly as `@requires` checks them for a page. Every accepted call is audited."""

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer

from haven.accounts.roles import Capability
from haven.api import ratelimit, tokens
from haven.api.actions import do_record_api_call
from haven.api.models import ApiClient


def client_for_token(token: str) -> ApiClient | None:
    """The live client a token belongs to, or None: unknown, revoked, expired or unapproved."""
    prefix = tokens.token_prefix(token)
    if prefix is None:
        return None
    client = (
        ApiClient.objects.select_related("acting_user", "acting_user__organisation")
        .filter(token_prefix=prefix, revoked_at__isnull=True, approved_at__isnull=False)
        .first()
    )
    if client is None or not tokens.token_matches(token, client.token_hash):
        return None
    user = client.acting_user
    if client.expires_at <= timezone.now() or not user.is_active:
        return None
    if user.organisation_id != client.organisation_id:
        return None
    return client


def check_rate(client: ApiClient) -> None:
    """At most `rate_per_minute` calls in each minute, counted across every worker process
    (`ratelimit`: Redis or the database). Refused calls count too: a client hammering the API
    stays refused until the next minute."""
    if ratelimit.hit(client) > client.rate_per_minute:
        raise HttpError(429, "Too many requests: wait for the next minute.")


class Scoped(HttpBearer):
    """`Authorization: Bearer hvn_…` with `scope`; the acting user must hold `capability`."""

    def __init__(self, scope: str, capability: Capability | None = None) -> None:
        if scope not in tokens.SCOPES:
            raise ValueError(f"unknown scope {scope}")
        self.scope, self.capability = scope, capability
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> ApiClient | None:
        client = client_for_token(token)
        if client is None:
            return None
        if self.scope not in client.scopes:
            raise HttpError(403, f"This token does not have the scope {self.scope}.")
        check_rate(client)
        user = client.acting_user
        if self.capability is not None and not user.can(self.capability):
            raise HttpError(403, "The user this client acts for may not do this.")
        operation = f"{request.method} {request.path}"[:200]
        do_record_api_call(client=client, operation=operation, scope=self.scope)
        request.user = user
        return client
