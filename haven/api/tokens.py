"""API tokens and webhook signatures: plain functions, no Django.

A token is `hvn_<prefix>_<secret>`; the prefix finds the client, and only the SHA-256 of the
whole token is kept (a token has 256 bits of randomness, so a fast hash is enough: there is no
password to guess). A webhook delivery is signed `sha256=<hex HMAC-SHA256(secret,
"<timestamp>.<body>")>`, so a receiver can refuse replays outside its own time window.
"""

import hashlib
import hmac
import secrets

RESOURCES = (
    "screenings", "cases", "referrals", "law", "corpus", "submissions",
    "support", "recommendations", "statistics",
)  # fmt: skip
LEVELS = ("read", "write")
SCOPES = tuple(f"{resource}:{level}" for resource in RESOURCES for level in LEVELS)


class ScopeError(ValueError):
    """A scope name that is not `<resource>:<read|write>`."""


def check_scopes(scopes: list[str]) -> list[str]:
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        raise ScopeError(f"unknown scope(s) {', '.join(unknown)}; known: {', '.join(SCOPES)}")
    if not scopes:
        raise ScopeError("a client needs at least one scope")
    return [scope for scope in SCOPES if scope in scopes]


def new_token() -> tuple[str, str]:
    """(prefix, token)."""
    prefix = secrets.token_hex(6)
    return prefix, f"hvn_{prefix}_{secrets.token_urlsafe(32)}"


def token_prefix(token: str) -> str | None:
    parts = token.split("_")
    if len(parts) < 3 or parts[0] != "hvn" or not parts[1]:
        return None
    return parts[1]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(token: str, stored_hash: str) -> bool:
    return hmac.compare_digest(token_hash(token), stored_hash)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_valid(secret: str, timestamp: int, body: bytes, given: str) -> bool:
    return hmac.compare_digest(signature(secret, timestamp, body), given)
