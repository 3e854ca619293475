"""Haven: an information system for a human-rights-based response to trafficking in persons."""

__version__ = "0.1.0"
