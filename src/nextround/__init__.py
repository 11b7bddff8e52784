"""nextround: turn a job interview rejection into feedback, and feedback into a better next interview."""

__version__ = "0.1.0"
