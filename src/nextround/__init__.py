"""nextround: turn an interview rejection into feedback, and feedback into a better interview."""

__version__ = "0.1.0"
