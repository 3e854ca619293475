"""ISO 3166-1 alpha-2 country codes, from the pycountry package's copy of the standard."""

from functools import cache

import pycountry


@cache
def country_choices() -> list[tuple[str, str]]:
    return sorted(((c.alpha_2, c.name) for c in pycountry.countries), key=lambda pair: pair[1])


def is_country_code(code: str) -> bool:
    return code in dict(country_choices())
