"""A password validator against repetition and sequences, which the length rule alone lets
through ("aaaaaaaaaaaa", twelve spaces, "abcdefghijkl", "123456789012")."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import User


def effective_length(password: str) -> int:
    """Characters that neither repeat the one before nor step one up or down from it."""
    count = 0
    for before, char in zip(" " + password, password, strict=False):
        if count and abs(ord(char) - ord(before)) <= 1:
            continue
        count += 1
    return count


class RepetitionValidator:
    def __init__(self, min_effective: int = 6) -> None:
        self.min_effective = min_effective

    def validate(self, password: str, user: User | None = None) -> None:
        if not password.strip():
            raise ValidationError(_("A password cannot be only spaces."), code="password_blank")
        if effective_length(password) < self.min_effective:
            raise ValidationError(
                _("This password is mostly repeated or consecutive characters."),
                code="password_repetitive",
            )

    def get_help_text(self) -> str:
        return str(_("Your password cannot be mostly repeated or consecutive characters."))
