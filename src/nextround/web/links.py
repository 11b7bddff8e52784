"""Where each thing is done in the browser: the page behind an agenda item."""

from __future__ import annotations

from nextround.domain.agenda import Action, ActionKind

ACTION_LABELS = {
    ActionKind.ASK: "Draft the request",
    ActionKind.FOLLOW_UP: "Draft the follow-up",
    ActionKind.PROBE: "Draft the probe",
    ActionKind.DECIDE: "Decide: pitch again or thank",
    ActionKind.CLOSE: "Close as no response",
    ActionKind.GRACIOUS_CLOSE: "Draft a gracious close",
    ActionKind.BRIEF: "Read the brief",
}


def action_page(action: Action) -> str:
    """The page that does ``action``, one click from the home page."""
    tid, app = action.thread_id, action.application_id
    if action.kind is ActionKind.ASK:
        return f"/threads/{tid}/draft?step=request&channel={'email' if action.optional else 'call'}"
    if action.kind is ActionKind.FOLLOW_UP:
        return f"/threads/{tid}/draft?step=follow_up&channel=email"
    if action.kind is ActionKind.PROBE:
        return f"/threads/{tid}/draft?step=probe&channel=email"
    if action.kind is ActionKind.GRACIOUS_CLOSE:
        return f"/threads/{tid}/draft?step=close&channel=email"
    if action.kind is ActionKind.BRIEF:
        return f"/interviews/{action.interview_id}/brief"
    return f"/applications/{app}#next-step"
