"""The Human Trafficking Case Data Standard (HTCDS) v2.0 by IOM, as a plain-Python catalogue.

HTCDS is licensed under CC BY 4.0; see docs/htcds.md for the attribution. No Django here.

For other apps (screening, cases, stats): ``vocabulary_label(vocabulary, code)`` gives the label
of a picklist value in the active interface language, for pages, instead of the raw code::

    from haven.htcds import vocabulary_label

    vocabulary_label("prs_Gender", "TransgenderFeminine")  # "Transgenre féminin" under fr
    vocabulary_label("cas_Status", "FollowUp", "es")        # "Seguimiento"

ISO 3166 fields (prs_Citizenship) give the country's name, translated by pycountry's own
catalogues; ``country_name(code)`` does the same for any country code. It falls back to the
standard's English label, and to the code itself for a value the picklist
does not hold. Stored records, exports and the API keep the codes. The translations are in
data/labels.toml (see haven/htcds/labels.py); the template filter is not needed: pass the
label from the view, or use ``{{ code|htcds_label:"prs_Gender" }}`` after ``{% load htcds %}``.
"""

from haven.htcds.labels import country_name, vocabulary_label

__all__ = ["country_name", "vocabulary_label"]
