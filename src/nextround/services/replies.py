"""Logging a reply from a front end that offers its own next steps."""

from __future__ import annotations

from datetime import datetime

from nextround.analysis import Judge
from nextround.domain.model import Channel, Message, ReplyCategory
from nextround.domain.thread import FeedbackThread
from nextround.services.feedback import store_reply
from nextround.services.text_input import clean_text
from nextround.store import Database


def record_reply(
    *,
    db: Database,
    judge: Judge,
    thread_id: int,
    text: str,
    channel: Channel = Channel.EMAIL,
    at: datetime,
    category: ReplyCategory | None = None,
) -> tuple[FeedbackThread, Message]:
    """Judge and store what the interviewer said, and move the thread; nothing else.

    ``feedback.log_reply`` also drafts the next message, which needs a recorded
    interview and the user's name; the web offers each next step on its own
    page instead, so a reply is kept whether or not a draft could be written.
    """
    body = clean_text(text, what="reply")
    judgement = judge.judge_reply(body)
    with db.unit() as repo:
        return store_reply(
            repo,
            thread_id=thread_id,
            body=body,
            judgement=judgement,
            channel=channel,
            at=at,
            category=category,
        )
