"""iCalendar files in and out (the icalendar library): the feed and invitations."""

from nextround.ics.read import read_invitations
from nextround.ics.write import calendar_bytes

__all__ = ["calendar_bytes", "read_invitations"]
