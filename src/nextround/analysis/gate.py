"""Is it job mail at all? The cheap gate a message passes before it is judged."""

from __future__ import annotations

import re

from nextround.domain.patterns import faster, folded

_JOB_WORDS = re.compile(
    faster(
        r"applica|interview|candida|position|recruit|hiring|\bhire\b|\bjob|\brole\b|vacanc|"
        r"career|talent|resum|\bcvs?\b|\boffer|opportunit|feedback|bewerb|candidat|entretien|"
        r"stelle|poste|"
        # the decision itself, as people write it without any of the words above
        r"unsuccessful|another (?:way|direction)|different direction|apprentic|"
        r"(?:take|taking) (?:you|u) on\b|(?:gone|going|go|went) with (?:someone|another|"
        r"his|her|their|a different|an internal)|someone else|(?:move|moving|taking it|take it|"
        r"take this|taking this) (?:any )?(?:forward|further)|\bfilled\b|put you forward|"
        r"no luck|decided (?:not|to go)|(?:won't|will not|not) be taking on|(?:first|second|third|"
        r"final|next|technical|design|onsite) (?:round|stage)|\bappointment\b|"
        # the work itself, for shift, agency and freelance work
        r"\bshifts?\b|\blocum|freelanc|contract of employment|\btrial\b|start (?:on )?(?:mon|tue|"
        r"wed|thu|fri|sat|sun)|welcome aboard|assessment|\bbookings?\b|your profile|"
        # an agency's voice: "it's a no from the client", "Medilink Staffing"
        r"staffing|(?:the|our|my|end) client\b|"
        # a hiring manager's own note after a chat, a trial or a take-home
        r"take-?home|case study|(?:enjoyed|great|lovely|nice) (?:meeting|speaking|chatting|"
        r"to meet|our (?:chat|conversation|call|coffee))|(?:right|a) (?:fit|match)\b|"
        r"\bpractical\b|"
        # a yes said the way a small employer says it: "boss says you're in", "join as"
        r"(?:you're|you are|youre|ur|u r) in\b|the answer is yes|\bjoin (?:as|us|the)\b|"
        r"start (?:next|this) week|start date|sign (?:your|the) contract|\bpost\b|"
        r"(?:one more|another|a further) (?:conversation|chat|call|meeting)\b|"
        r"(?:moving|move) ahead|taking (?:things|anyone|anybody|people) (?:further|on)\b|"
        r"going to pass|stop here|accepted (?:as|onto|on to|into)\b|through to the|"
        r"\bapplying\b|needs? someone (?:with|who)|looking for (?:people|someone|somebody) "
        r"(?:who|with)|bring (?:on|in) (?:a|an|another|someone)\b|close the loop"
    )
)


def looks_like_job_mail(subject: str, text: str) -> bool:
    """A cheap gate before judging: job mail uses one of these words near the top.

    The words cover the job vocabulary and the ways people write a decision or a
    shift without it ("we've gone another way", "not moving forward"); a test
    checks that every rejection, invitation and offer in the corpus passes.
    """
    # lower-cased once, the pattern runs without IGNORECASE: several times faster
    return bool(_JOB_WORDS.search(folded(subject)) or _JOB_WORDS.search(folded(text[:3000])))
