"""The Human Trafficking Case Data Standard (HTCDS) v2.0 by IOM, as a plain-Python catalogue.

HTCDS is licensed under CC BY 4.0; see docs/htcds.md for the attribution. No Django here.
"""
