"""Typed readers for environment variables.

Each helper refuses a bad value with a message that names the variable, so a mistyped
deployment fails at start-up rather than running with a silently different setting.
"""

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


class ConfigError(ValueError):
    """A setting read from the environment has a value Haven cannot use."""


def env_str(name: str, default: str, *, env: Mapping[str, str] = os.environ) -> str:
    value = env.get(name, default)
    if not value.strip():
        raise ConfigError(f"{name} is set but empty")
    return value


def env_bool(name: str, default: bool, *, env: Mapping[str, str] = os.environ) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name} must be one of true/false/1/0/yes/no/on/off, not {raw!r}")


def env_int(
    name: str, default: int, *, minimum: int = 0, env: Mapping[str, str] = os.environ
) -> int:
    raw = env.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {value}")
    return value


def env_choice(
    name: str, default: str, choices: list[str], *, env: Mapping[str, str] = os.environ
) -> str:
    value = env.get(name, default)
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def env_list(name: str, default: list[str], *, env: Mapping[str, str] = os.environ) -> list[str]:
    raw = env.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",")]
    if not all(items):
        raise ConfigError(f"{name} must be a comma-separated list without empty items: {raw!r}")
    return items


PHONE = re.compile(r"^\+?[0-9(][0-9 ()./-]{1,28}[0-9]$")


def env_phone(name: str, *, env: Mapping[str, str] = os.environ) -> str:
    """A telephone number to print for people to call ("" when unset): digits, spaces and
    + ( ) . / - only, so a typo cannot print a wrong or half number on a person's copy."""
    raw = env.get(name)
    if raw is None:
        return ""
    value = raw.strip()
    if not PHONE.match(value):
        raise ConfigError(
            f"{name} must be a telephone number (digits, spaces, + ( ) . / -), not {raw!r}"
        )
    return value


def env_path(name: str, default: Path, *, env: Mapping[str, str] = os.environ) -> Path:
    raw = env.get(name)
    if raw is None:
        return default
    if not raw.strip():
        raise ConfigError(f"{name} is set but empty")
    return Path(raw).expanduser().resolve()


def env_secret(
    name: str, file_name: str, default_file: Path, *, env: Mapping[str, str] = os.environ
) -> str | None:
    """The secret from NAME, else from the file NAME_FILE points at; None when neither exists."""
    if name in env:
        return env_str(name, "", env=env)
    path = env_path(file_name, default_file, env=env)
    if not path.exists():
        if file_name in env:
            raise ConfigError(f"{file_name} points at {path}, which does not exist")
        return None
    secret = path.read_text(encoding="utf-8").strip()
    if not secret:
        raise ConfigError(f"{file_name}: the file {path} is empty")
    return secret


EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "none": "django.core.mail.backends.dummy.EmailBackend",
}


@dataclass(frozen=True)
class EmailConfig:
    """Django's e-mail settings, read from HAVEN_EMAIL_* (docs/configuration.md)."""

    backend: str
    enabled: bool
    file_path: Path
    host: str
    port: int
    user: str
    password: str
    use_tls: bool
    use_ssl: bool
    from_address: str


def email_config(data_dir: Path, *, env: Mapping[str, str] = os.environ) -> EmailConfig:
    kind = env_choice("HAVEN_EMAIL", "console", list(EMAIL_BACKENDS), env=env)
    use_tls = env_bool("HAVEN_EMAIL_USE_TLS", True, env=env)
    use_ssl = env_bool("HAVEN_EMAIL_USE_SSL", False, env=env)
    if use_tls and use_ssl:
        raise ConfigError("HAVEN_EMAIL_USE_TLS and HAVEN_EMAIL_USE_SSL cannot both be true")
    password = env_secret(
        "HAVEN_EMAIL_PASSWORD", "HAVEN_EMAIL_PASSWORD_FILE", data_dir / "email-password", env=env
    )
    return EmailConfig(
        backend=EMAIL_BACKENDS[kind],
        enabled=kind != "none",
        file_path=env_path("HAVEN_EMAIL_FILE_PATH", data_dir / "outbox", env=env),
        host=env_str("HAVEN_EMAIL_HOST", "localhost", env=env),
        port=env_int("HAVEN_EMAIL_PORT", 465 if use_ssl else 587, minimum=1, env=env),
        user=env.get("HAVEN_EMAIL_USER", ""),
        password=password or "",
        use_tls=use_tls,
        use_ssl=use_ssl,
        from_address=env_str("HAVEN_EMAIL_FROM", "haven@localhost", env=env),
    )


@dataclass(frozen=True)
class WebAuthnConfig:
    """Where security keys are bound: the relying party id (a host name) and the origin the
    browser reports. Empty means "from the request's host", so `make run` works unset."""

    rp_id: str
    origin: str


_HOST = re.compile(r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$")


def webauthn_config(*, env: Mapping[str, str] = os.environ) -> WebAuthnConfig:
    rp_id = env.get("HAVEN_WEBAUTHN_RP_ID", "").strip().lower()
    origin = env.get("HAVEN_WEBAUTHN_ORIGIN", "").strip().rstrip("/")
    if rp_id and not _HOST.match(rp_id):
        raise ConfigError(f"HAVEN_WEBAUTHN_RP_ID must be a host name, no scheme or port: {rp_id!r}")
    if origin and not origin.startswith(("https://", "http://")):
        raise ConfigError(f"HAVEN_WEBAUTHN_ORIGIN must be an http(s) address: {origin!r}")
    if bool(rp_id) != bool(origin):
        raise ConfigError("Set HAVEN_WEBAUTHN_RP_ID and HAVEN_WEBAUTHN_ORIGIN together, or neither")
    return WebAuthnConfig(rp_id=rp_id, origin=origin)
