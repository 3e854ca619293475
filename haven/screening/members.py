"""How decision-team members are named to each other: by their full name, as a team knows its
members (the username only when no name is on record)."""

from haven.accounts.models import User


def member_name(user: User) -> str:
    return user.get_full_name() or user.get_username()
