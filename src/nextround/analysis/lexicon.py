"""The words of the rules: cue patterns for emails and replies, theme lexicons, probes.

Written from how recruiters, applicant-tracking systems and interviewers
actually phrase things. Several rules were revised while reading the real
validation set's `dev` split and our corpus's cross-validation errors, so the
`dev` figures flatter them; its `test` split is scored only in aggregate and
is the honest estimate (see corpus/EVALUATION.md). Patterns are lower case,
match a lower-cased, quote-normalised sentence, and use literal spaces (see
``cues``). Weights: 3 is a statement that decides by itself, 2 a strong hint,
1 or less a hint that only counts together with others.
"""

from __future__ import annotations

from nextround.analysis.cues import Cue, cues
from nextround.domain.model import EmailKind, Vagueness
from nextround.domain.themes import Theme

# --- shared fragments ---------------------------------------------------------------------

NOT = r"(?:not|n't|unable to|not able to|cannot|can't|no longer|not in a position to)"
PEOPLE = (
    r"(?:candidates?|applicants?|individuals?|people|profiles?|candidacies|persons?"
    r"|talent|someone|somebody)"
)
OPENING = (
    r"(?:position|role|job|vacancy|opening|requisition|req|posting|post|internship"
    r"|opportunity|program|programme|placement|search|job posting|job opening)"
)
OTHER_PEOPLE = (
    r"(?:an? |one |some |the |several |a few |a number of |a small number of "
    r"|a limited number of )?"
    r"(?:other|another|different|alternative|more (?:qualified|experienced|suitable|senior)"
    r"|stronger|internal|external) (?:[\w-]+ ){0,2}?" + PEOPLE
)
ASSESSMENT = (
    r"(?:assessment|test|challenge|exercise|screen|screening|submission|score|scores|results?"
    r"|performance|solution|take-home|take home|case study|homework|assignment|task|quiz"
    r"|evaluation|presentation)"
)
# what a skill/experience gap must not point at for it to count as *named*
UNNAMED = (
    r"(?!(?:the|this|that|our|these|those|such|similar|your|a similar|relevant|the relevant"
    r"|the required|the necessary|the specific|some|all|any|each|every|certain|key|several"
    r"|what|which|areas?|roles?|positions?|jobs?)\b)"
)

ADVERBS = (
    r"(?:(?:now|already|since|recently|just|unfortunately|successfully|currently|also"
    r"|officially|sadly) )*"
)

ROLE_WORDS = (
    r"engineer|engineering|developer|analyst|manager|designer|scientist|intern|internship"
    r"|associate|consultant|specialist|coordinator|director|lead|architect|administrator"
    r"|officer|assistant|representative|researcher|technician|strategist|writer|editor"
    r"|accountant|advisor|adviser|planner|producer|marketer|programmer|tester|fellow"
    r"|fellowship|trainee|graduate|apprentice|apprenticeship|executive|recruiter|nurse"
    r"|teacher|agent|clerk|operator|owner|head|vp|president|partner|counsel|attorney|lawyer"
    r"|paralegal|economist|statistician|sre|devops|generalist|bookkeeper|controller|auditor"
    r"|buyer|merchandiser|copywriter|illustrator|animator|photographer|chef|pharmacist"
    r"|therapist|tutor|lecturer|professor|postdoc|investigator|member of technical staff"
    r"|swe|sde|barista|cashier|driver|mechanic|electrician|carpenter|cook|receptionist"
)

# --- emails: kinds ------------------------------------------------------------------------

# the opening itself is gone: a rejection, and a concrete reason at once
ROLE_GONE = (
    OPENING + r"s?(?: (?:that )?you (?:applied|interviewed) for| in question)? "
    r"(?:has|had|have) " + ADVERBS + r"been " + ADVERBS + r"(?:filled|closed|cancel+ed"
    r"|put on hold|placed on hold|withdrawn|eliminated|removed|paused|frozen|suspended"
    r"|discontinued|offered to)",
    OPENING + r"s?(?: (?:that )?you (?:applied|interviewed) for| in question)? "
    r"(?:is|was|are|were) " + ADVERBS + r"(?:filled|closed|cancel+ed|on hold|no longer "
    r"(?:open|available|active|needed|being (?:filled|recruited|offered)))",
    OPENING + r" (?:will not|won't) be (?:filled|opened|moving forward|moving ahead|going ahead"
    r"|proceeding)",
    r"(?:have|has|'ve|had) " + ADVERBS + r"(?:filled|closed|cancel+ed) (?:[\w-]+ ){0,6}?"
    r"(?:positions?|roles?|vacanc(?:y|ies)|openings?|requisitions?|search|jobs?|reqs?"
    r"|postings?|spots?|places?|internships?|seats?|slots?)\b",
    r"(?:filled|fill) (?:the|this|that) (?:position|role|vacancy|opening) "
    r"(?:with|internally|by)",
    r"no longer (?:processing|accepting|reviewing|considering) (?:any |new |further )?"
    r"(?:applications|candidates|applicants)",
    r"no longer (?:interviewing|hiring|recruiting|accepting applications|considering"
    r" candidates) for",
    r"(?:offered|offer|extended|extend|made|make) (?:an |the |our )?(?:job )?offers?"
    r"(?: out)?(?: (?:for )?(?:the|this|that) (?:position|role|job|opportunity))? to "
    r"(?:another|a different|an(?:other)? internal|other|someone|a candidate|the "
    r"successful|an? (?:[\w-]+ )?candidate)",
    r"(?:offered|offer|offering) (?:the|this|that) (?:position|role|job|opportunity) to "
    r"(?:another|a different|an(?:other)? internal|someone|a candidate|an? (?:[\w-]+ )?"
    r"candidate)",
    r"(?:candidate|applicant|someone|person) (?:who )?(?:has |had )?(?:now )?accepted "
    r"(?:an |our |the |a )?(?:job )?offer",
    r"(?:putting|put|placing|placed|pausing|paused|freezing|froze|closing|cancel+ing)"
    r" (?:this|the|that|our) (?:[\w-]+ ){0,3}?(?:position|role|vacancy|opening|requisition"
    r"|search|internship|program|programme|hiring)(?: on hold| for now| at this time|\.|,)",
    r"(?:not to|to not|won't|will not|not) (?:be )?(?:hire|hiring|fill|filling) (?:anyone"
    r"|anybody|any candidates|any applicants)",
    # a terse status line: "Position filled", "Requisition 4411 - position closed."
    r"(?:position|role|vacancy|post|job|requisition) (?:now )?(?:filled|closed)(?= ?(?:[.!;]|- "
    r"|\n|$))",
    # said in passing: "that job's been filled now", "we're fully staffed for the summer",
    # "we've had to pull the weekend job"
    OPENING + r"'s (?:now |already |just )?(?:been (?:filled|taken|closed)|gone)\b",
    r"(?:we're|we are) (?:now )?(?:fully staffed|full (?:for|now|at|this|up))",
    r"(?:had|have|need) to (?:pull|scrap|drop|cancel) (?:the|this|that) (?:[\w-]+ ){0,3}?"
    r"(?:job|role|position|vacancy|post)\b",
)

REJECTION: tuple[Cue, ...] = (
    *cues(
        "rejection",
        [
            # going ahead with somebody else
            r"(?:move|moving|moved|go|going|gone|went|proceed|proceeding|progress|progressing"
            r"|continue|continuing|forward|ahead|decided to go) with " + OTHER_PEOPLE,
            r"(?:pursue|pursuing|select|selected|selecting|chosen|choose|chose|hire|hired|hiring"
            r"|identified|interview|interviewing|prioriti[sz]e|prioriti[sz]ing|focus on"
            r"|focusing on|offered (?:the|this) (?:position|role|job) to"
            r"|offer (?:the|this) (?:position|role|job) to) " + OTHER_PEOPLE,
            r"(?:move|moving|proceed|proceeding|progress|progressing|continue|continuing|go"
            r"|going|pursue|pursuing|went)(?: forward| ahead)?(?: with)? (?:the |a few |some "
            r"|other |a small number of |a number of |those )?(?:[\w-]+ ){0,2}?"
            r"(?:candidates?|applicants?|individuals?|people|profiles?|others) "
            r"(?:whose|who|that|with)",
            r"(?:gone|went|going|go) with (?:another|a different|other|an internal|someone else)",
            r"(?:other|another) (?:candidates?|applicants?)(?: [\w-]+){0,5}? (?:more closely"
            r"|better|closer|more suited|more suitable|stronger|more qualified|more relevant"
            r"|more aligned|more appropriate|whose)",
            r"decided to (?:go|move|head) (?:in )?(?:a )?(?:different|another|new) direction",
            # an offer taken back: "we have had to rescind the offer", "the offer is withdrawn"
            r"(?:rescind|rescinded|rescinding|withdraw|withdrawn|withdrawing|withdrew|retract"
            r"|retracted|revoke|revoked) (?:the|your|our|this|my) (?:[\w-]+ ){0,2}?offer\b",
            r"\boffer (?:is|has been|was|will be) (?:now )?(?:withdrawn|rescinded|retracted"
            r"|revoked)",
            # not going ahead with you
            NOT + r" (?:be )?(?:able to )?(?:moving|move) (?:you |your (?:[\w-]+ )?)?"
            r"(?:forward|ahead)",
            NOT + r" (?:be )?(?:able to )?(?:further )?(?:proceed|proceeding|progress"
            r"|progressing|advance|advancing|continue|continuing|pursue|pursuing) (?:with|further"
            r"|to the next|your|you|any further|this|the|forward)",
            NOT + r" (?:be )?(?:able to )?(?:taking|take) (?:you|your|this|the|things|it)"
            r"(?: [\w-]+){0,2}? (?:any )?(?:further|forward)",
            r"(?:decided|decision|chosen|chose|elected|opted|determined|choose) (?:not to|to not) "
            r"(?:move|proceed|progress|pursue|advance|continue|take|offer|invite|extend|select"
            r"|choose|hire|shortlist|consider|fill|go|interview|recruit|progress)",
            r"\bnot to (?:proceed|progress|move forward|pursue|advance|continue) (?:with )?"
            r"(?:your|you|the|this)",
            r"(?:unable to|not able to|not in a position to|cannot|can't|can not|not going to"
            r"|won't be able to|will not be able to|not be able to|could not|couldn't|won't"
            r"|will not) (?:be able to )?(?:offer|extend)(?: you)? (?:an?|the|this|that|further"
            r"|any|you|a place)\b"
            # a term of an offer that cannot be met is not a refusal of the job: "we can't
            # offer a permanent contract / a higher salary / relocation support"
            r"(?! (?:permanent|full[- ]time|higher|bigger|larger|better|remote|hybrid"
            r"|relocation|signing|sign-on|salary|pay|rate|bonus|package)\b)",
            NOT + r" (?:be )?(?:able to )?(?:further |currently )?(?:consider|considering|accept"
            r"|accepting) (?:you|your)",
            NOT + r" (?:be )?(?:hiring|recruiting|filling) (?:for )?(?:this|the|that|your)",
            r"(?:not|n't) (?:be )?(?:inviting|invite) you (?:to|for|back|in)",
            r"(?:not|n't) (?:be )?(?:shortlisting|shortlist|selecting|select|progressing|advancing"
            r"|advance|calling) you\b",
            r"(?:not|n't) (?:be )?(?:able to )?(?:offer|offering|extend|extending) you (?:the|a|an"
            r"|this) (?:[\w-]+ ){0,2}?(?:position|role|job|place|post|opportunity|internship"
            r"|contract)",
            r"(?:unable to|not able to|cannot|can't|will not|won't|would not|not be) (?:be )?"
            r"(?:proceed|proceeding|progress|progressing|continue|continuing|advance|advancing)"
            r"(?:[.,;!]|$| at this (?:time|stage|point)| any further| further)",
            r"(?:going to|decided to|decision to|will|have to|'ll|must|need to) pass on "
            r"(?:your|you|this)",
            r"(?:not|n't) (?:be )?(?:scheduling|offering|arranging) (?:you )?(?:an? |any )?"
            r"(?:further |additional |more )?(?:interviews?|next steps?|next rounds?)",
            r"(?:not|n't) (?:be )?(?:extend|extending|make|making|offer|offering) (?:you )?"
            r"(?:an |a job |any )?offer",
            # not a match
            r"(?:not|n't|no) (?:be )?(?:quite |really |currently |yet )?(?:see )?(?:a |the |an )?"
            r"(?:(?:right|good|strong|strongest|close|closer|great|mutual|suitable|ideal|best"
            r"|perfect|clear|direct) )*(?:match|fit)\b",
            r"(?:not|n't) (?:feel|think|believe|see|consider)(?: that)?(?: it| this| there| you"
            r"| your (?:[\w-]+ ){0,3}?)?(?: is| was| would be| are| were)? (?:a |the )?"
            r"(?:(?:right|good|strong|strongest|close|great|mutual|suitable|ideal|best|perfect)"
            r" )*(?:match|fit)\b",
            r"(?:not|n't) (?:currently )?have (?:a |any )?(?:suitable |current |open |available )?"
            r"(?:position|role|opening|vacancy|opportunit(?:y|ies)|place) (?:that|which|for you"
            r"|available|matching|suited|suitable)",
            r"(?:were|are|was|is) not (?:the )?(?:most|strongest|best|right|successful|top)"
            r" (?:[\w-]+ )?(?:candidate|applicant|fit|match|choice)",
            # the candidate's status
            r"(?:have|has|were|was|are|is|'ve|'re|been) not (?:been )?(?:selected|successful"
            r"|shortlisted|short-listed|chosen|progressed|accepted|invited)",
            r"(?:haven't|hasn't|weren't|wasn't|aren't|isn't) (?:been )?(?:selected|successful"
            r"|shortlisted|short-listed|chosen|progressed|accepted|invited)",
            r"(?:did not|didn't|decided not to|not to) (?:select|choose|shortlist|progress|pick"
            r"|advance) (?:you|your|it|this)",
            r"(?:not|n't) among (?:the|those) (?:\w+ ){0,2}?(?:candidates|applicants|selected)",
            r"(?<!who )(?<!which )(?<!that )(?:been|was|were|is|are|proved|remains|be) "
            r"unsuccessful",
            r"unsuccessful (?:on this occasion|at this time|this time|in (?:your|this|the)"
            r"|with your)",
            r"(?:didn't|did not|haven't|have not|won't|will not) make it (?:to|through|into)",
            r"(?:decided|decision|have|had|must|need|needed|to) (?:to )?declin(?:e|ed) "
            r"(?:your|you)",
            # a portal's status line: "Status: Not selected", "Outcome: Unsuccessful", "has
            # changed to: Vacancy closed - not selected"
            r"(?:application|candidacy|candidature|status|outcome|result|decision|disposition"
            r"|stage)\b[^.\n]{0,60}?(?:: |- |is |has been |was |(?:changed|updated|moved|set) "
            r"to:? )(?:rejected|declined|not selected|unsuccessful|not successful|not progressed"
            r"|not proceeding|not shortlisted|did not progress|closed - not selected|(?:vacancy"
            r"|position|role|job"
            r"|requisition|post) (?:closed|filled)|no longer under consideration)",
            # a status given as a line of its own: "Unsuccessful - thank you for applying."
            r"(?:^|\n)unsuccessful(?= ?(?:[-.:,!]|\n|$))",
            r"no longer (?:under consideration|being considered|in consideration|in the running"
            r"|considering you|considering your|moving forward with)",
            r"(?:you|your (?:application|candidacy|profile)) (?:will|would) (?:not|n't) be "
            r"(?:considered|progressed|taken forward|moving forward)",
            r"(?:your|you) (?:[\w-]+ ){0,4}?(?:do|does|did) not (?:quite |fully |entirely )?"
            r"(?:match|meet|align|fit)",
            r"(?:your|you) (?:[\w-]+ ){0,4}?(?:don't|doesn't|didn't) (?:quite |fully |entirely )?"
            r"(?:match|meet|align|fit)",
            *ROLE_GONE,
        ],
        3.0,
    ),
    *cues(
        "rejection",
        [
            r"(?:hiring|recruitment|recruiting) (?:freeze|pause|has been paused|is on hold"
            r"|has been put on hold|has been suspended)",
            r"(?:no longer|not currently) (?:hiring|recruiting) (?:for|in)",
            r"(?:regret|regrettably)",
            r"(?:sorry|sad|disappointed) to (?:inform|let you know|tell you|say|share|report"
            r"|advise)",
            r"(?:stronger|more qualified|more experienced|more suitable|better suited|better"
            r"-suited) (?:candidates?|applicants?)",
            r"(?:not|isn't|wasn't) (?:the right |a good |a strong |the best |an? |quite the )?"
            r"(?:match|fit) (?:for|at|with) (?:this|the|our)",
            r"(?:selected|identified|chosen) (?:a |the |other |another )?(?:candidates?|applicants?"
            r"|individuals?|someone) (?:whose|who|that|with)",
        ],
        2.0,
    ),
    *cues(
        "rejection",
        [
            r"\bunfortunately\b",
            r"after (?:careful|much|thorough|serious|considerable|a lot of|long|further|great"
            r"|very careful) (?:consideration|review|deliberation|thought|evaluation)",
            r"(?:wish|wishing|wishes) you (?:the )?(?:very )?(?:best|every success|success"
            r"|all the best|luck|good luck|well)",
            r"(?:best of luck|good luck) (?:in|with|on) (?:your|the) ",
            r"(?:difficult|tough|hard|not an easy) (?:decision|choice)",
            r"(?:highly |very |extremely |incredibly )?competitive (?:process|pool|field)",
            r"encourage you to (?:re-?apply|apply|keep an eye|check|visit|look)",
            r"on this occasion",
        ],
        1.0,
    ),
    *cues(
        "rejection",
        [
            r"keep your (?:details|cv|resume|information|application|profile|contact details)"
            r" on (?:file|record)",
            r"future (?:opportunities|openings|roles|positions|vacancies)",
        ],
        0.5,
    ),
)

# what a rejection offers instead of the job: feedback, a call, advice, a place in a pool
_NOT_A_JOB_OFFERED = (
    r"(?! (?:a |an |some |any |more |detailed |short |brief |quick |written |verbal )*"
    r"(?:[\w-]+ )?(?:feedback|pointers|advice|debrief|call|chat|conversation|thanks"
    r"|place (?:in|on) (?:our|the|a) (?:[\w-]+ )?(?:talent|candidate|reserve|waiting)))"
)

OFFER: tuple[Cue, ...] = (
    *cues(
        "offer",
        [
            r"(?:pleased|delighted|happy|thrilled|excited|glad|honou?red) to (?:formally )?"
            r"(?:offer you"
            + _NOT_A_JOB_OFFERED
            + r"|extend (?:you )?(?:an|this|the|a) (?:[\w-]+ )?offer|make you an offer"
            r"|confirm (?:your|our) offer|welcome you (?:to|aboard|on board))",
            r"(?:offer|offering|offered) you (?:the|a|this) (?:[\w-]+ ){0,3}?(?:position|role|job"
            r"|place(?! (?:in|on) (?:our|the|a) (?:[\w-]+ )?(?:talent|candidate|reserve|waiting))"
            r"|internship)",
            r"(?:move forward with|extend(?:ing)?|prepare|preparing|put together|working on) "
            r"(?:an|your|the) offer",
            # the British "appointment to a post": "the governors have approved your
            # appointment to the Year 4 post", "we would like to appoint you"
            r"(?:approved|approve|confirm|confirmed|confirming) your appointment (?:to|as)\b",
            r"(?:like|pleased|delighted|decided|agreed|voted) to appoint you\b",
            r"(?:the|this) (?:job|role|position|post|place) is yours\b",
        ],
        3.0,
        unless_negated=True,
    ),
    *cues(
        "offer",
        [
            r"\b(?:offer of employment|employment offer|offer letter|job offer|formal offer"
            r"|written offer|verbal offer|conditional offer|contingent offer|offer package"
            r"|offer details)\b",
            r"pre-?offer",
        ],
        2.5,
        unless_negated=True,
    ),
    *cues(
        "offer",
        [
            r"(?:accept|accepting|sign|signing|review|reviewing) (?:the|your|this|our) offer",
            r"welcome (?:you )?(?:aboard|on board|to the team)",
            r"(?:compensation package|signing bonus|sign-on bonus|base salary of|equity grant"
            r"|stock options)",
        ],
        2.0,
        unless_negated=True,
    ),
    *cues(
        "offer",
        [
            r"(?:background|reference|references) (?:check|checks|checking|verification)",
            r"(?:first|start) day",
            r"\bcongratulations\b",
        ],
        1.0,
        unless_negated=True,
    ),
)

INVITE: tuple[Cue, ...] = (
    *cues(
        "invite",
        [
            r"(?:invite|inviting|invitation) (?:you )?(?:back )?(?:to|for) (?:an? |the "
            r"|your |our |a short |a brief |a quick )?(?:[\w-]+ ){0,3}?(?:interview|phone screen"
            r"|screen|call|chat|conversation|assessment|on-?site|meeting|next (?:round|stage|step)"
            r"|video|test|challenge|coffee|assessment cent(?:re|er)|superday)",
            r"interview (?:invitation|invite|request|confirmation|confirmed|scheduled|details"
            r"|reminder|availability|slot|time)",
            r"(?:like|love|want|keen|able|happy|pleased) to (?:schedule|set up|arrange|book"
            r"|organi[sz]e|have|invite you (?:to|for)) (?:a |an |your |the |some |another )?"
            r"(?:[\w-]+ ){0,2}?(?:time|call|interview|chat|conversation|meeting|phone screen"
            r"|screen|video call|discussion)",
            r"(?:reschedule|rescheduling|rearrange|rearranging|postpone|postponing|move|moving"
            r"|push|pushing|shift|shifting) (?:your|the|our) (?:upcoming |scheduled |planned )?"
            r"(?:interview|call|meeting|chat|screen|conversation|appointment)",
            r"(?:confirm|confirming|confirmation of|confirmed) (?:your|the|our) (?:[\w-]+ )?"
            r"(?:interview|call|meeting|appointment|slot)",
            r"(?:have been|you've been|you were|you are|you're|you have been) (?:shortlisted"
            r"|short-listed|selected|chosen|invited)",
            r"(?:move|moving|advance|advancing|progress|progressing|proceed|proceeding|invite)"
            r" (?:you |your application |your candidacy )?(?:forward )?(?:to|into|onto) "
            r"(?:the |a )?"
            r"(?:next|second|final|onsite|on-site|technical|interview|following) (?:round|stage"
            r"|step|phase|interview)",
            r"(?:like|love|want|pleased|happy|excited|keen) to (?:move forward|proceed|continue"
            r"|progress) (?:with )?(?:you|your application|your candidacy)",
        ],
        3.0,
        unless_negated=True,
    ),
    *cues(
        "invite",
        [
            r"(?:share|send|provide|let (?:me|us) know|confirm|with) (?:[\w-]+ ){0,2}?"
            r"availability",
            r"(?:book|pick|select|choose|grab|find|reserve) a (?:time|slot)",
            r"(?:complete|take|start|finish|attempt) (?:the|a|an|our|your) (?:[\w-]+ ){0,2}?"
            r"(?:assessment|challenge|coding test|test|exercise|questionnaire|assignment|task"
            r"|case study|take-home)",
        ],
        2.5,
        unless_negated=True,
    ),
    *cues(
        "invite",
        [
            r"(?:are you|would you be) (?:available|free) (?:for|to|on|at|this|next)",
            r"(?:calendly|scheduling link|calendar link|calendar invite|calendar invitation"
            r"|goodtime|meeting link|zoom link|teams link|google meet|meeting id|dial-in)",
            r"(?:time|date|location|address|agenda|format) (?:for|of) (?:your|the) interview",
            r"(?:the|your) interview (?:will|is going to) (?:be|take place|last)",
        ],
        2.0,
        unless_negated=True,
    ),
    *cues(
        "invite",
        [
            r"(?:hackerrank|codility|codesignal|hirevue|coderpad|testgorilla|karat|pymetrics)",
            r"next steps? (?:in|of) (?:the|our) (?:[\w-]+ )?process",
            r"look(?:ing)? forward to (?:speaking|meeting|talking|chatting|seeing) (?:with )?you",
        ],
        1.0,
        unless_negated=True,
    ),
)

CONFIRMATION: tuple[Cue, ...] = (
    *cues(
        "confirmation",
        [
            r"(?:we have|we've|we|i have|i've) (?:successfully )?received your (?:[\w-]+ )?"
            r"(?:application|resume|cv|submission|assessment|test|responses?|materials"
            r"|documents|details|video)",
            r"(?:your )?(?:application|submission|assessment) (?:has been |was |is |have been )?"
            r"(?:successfully )?(?:received|submitted|completed)\b",
            r"application (?:confirmation|acknowledg(?:e)?ment)",
            r"(?:application|submission|responses?|answers|resume|cv|email|materials|assessment"
            r"|information|details) (?:has been |have been |was |were |is |are )(?:successfully )?"
            r"received",
            r"will (?:now )?(?:carefully )?(?:review|be reviewing|assess|be assessing|consider"
            r"|be considering) your (?:[\w-]+ )?(?:application|resume|cv|profile|submission"
            r"|candidacy|qualifications|details|information|responses|answers)",
            r"(?:this (?:email|message|note) (?:is to )?confirms?|we (?:are|'re) (?:writing|"
            r"emailing) to confirm|confirm(?:s|ing)? (?:that )?(?:we|you) (?:have )?received)",
        ],
        2.5,
    ),
    *cues(
        "confirmation",
        [
            r"(?:if|should|once|when) (?:your|you|we|the hiring team|the team) (?:[\w-]+ ){0,4}?"
            r"(?:match|matches|meet|meets|align|aligns|fits?|are selected|is selected"
            r"|decide to move|would like to (?:move|invite|interview|proceed|schedule))",
            r"(?:if|should) you (?:are|have been|were|be) (?:not )?(?:selected|shortlisted"
            r"|successful|chosen|progressed)(?: for (?:an? |the |this |further )?(?:[\w-]+ )?"
            r"(?:interview|role|position|job|stage|round|consideration)|,|\.|$| to (?:move"
            r"|proceed|progress|continue|interview)| we)",
            r"(?:if|should|in the event|in case) (?:you|your application) (?:do|does|are|is)? ?"
            r"(?:not|n't)",
            r"(?:only|due to .{0,60}only) (?:shortlisted|selected|successful|short-listed"
            r"|qualified) (?:candidates|applicants)",
            r"(?:we|our team|the (?:[\w-]+ ){0,3}?team|a recruiter|someone|one of our (?:[\w-]+ )?"
            r"(?:recruiters|team)|a member of (?:our|the) team) (?:will|'ll|shall) (?:now )?"
            r"(?:carefully |soon |shortly |promptly )?(?:be )?(?:review|reviewing|assess"
            r"|assessing|evaluate|evaluating|consider|considering|be in touch|in touch|get back"
            r"|contact|reach out|follow up|let you know|be reaching)",
        ],
        2.0,
        unless_conditional=False,
    ),
    *cues(
        "confirmation",
        [
            r"thank(?:s| you) for (?:your )?(?:applying|application|submitting|submission"
            r"|completing|taking the time to apply)",
            r"(?:applications?|candidates?|profiles?|submissions?|responses?|resumes?|cvs?"
            r"|materials) (?:are|is|will be|have been|has been) (?:now )?(?:being )?(?:reviewed"
            r"|considered|assessed|evaluated)",
            r"(?:is|are) (?:now )?being (?:reviewed|considered|assessed|evaluated)",
            r"(?:under|in) (?:active )?review",
        ],
        1.5,
    ),
    *cues(
        "confirmation",
        [
            r"(?:track|check|view|monitor) (?:the )?(?:status|progress) of your application",
            r"(?:review|reviewing) (?:process|timeline)",
        ],
        1.0,
    ),
)

ALERT: tuple[Cue, ...] = (
    *cues(
        "alert",
        [
            r"(?:jobs|roles|positions|opportunities|openings) (?:you|that) (?:may|might|could) "
            r"(?:be interested in|like|want|enjoy)",
            r"(?:jobs|roles|positions|opportunities|openings) (?:that )?(?:could|may|might"
            r"|would) (?:match|suit|fit)",
            r"\bjob alerts?\b",
            r"recommended (?:jobs?|for you|roles?|positions?|opportunities)",
            r"(?:new )?(?:jobs?|roles?|positions?|opportunities) (?:matching|that match|based on"
            r"|similar to|for you|near you|in your area|picked for you)",
            r"\b\d+\+? new (?:jobs?|roles?|positions?|opportunities|matches|openings)",
            r"(?:manage|edit|change|update) (?:your )?(?:job )?alerts?",
        ],
        2.5,
    ),
    *cues(
        "alert",
        [
            r"based on your (?:profile|search|preferences|saved search|activity|job search"
            r"|interests|recent)",
            r"(?:see|view|browse|explore|discover) (?:all|more|similar|other) (?:[\w-]+ )?"
            r"(?:jobs|roles|positions|openings|opportunities)",
            r"(?:daily|weekly|monthly) (?:digest|job|jobs|roundup|update|alert)",
            r"jobs? (?:digest|recommendations?|matches)",
        ],
        2.0,
    ),
    *cues(
        "alert",
        [
            r"saved (?:search|job)",
            r"posted (?:\d+\+?|an?|one|two|three|few) (?:minutes?|hours?|days?|weeks?|months?)"
            r" ago",
            r"(?:matches|match|lines? up|aligns?) (?:well |nicely )?with your (?:resume|profile"
            r"|skills|experience|background|search|preferences)",
            r"\bview (?:job|details|all jobs|more jobs|similar jobs)\b",
            r"top (?:jobs|picks|matches)",
            r"(?:easy apply|apply now|quick apply|1-click apply|one-click apply)",
            r"\b(?:is|are) hiring\b",
            r"(?:people|candidates|others) (?:also )?(?:viewed|applied)",
        ],
        1.0,
    ),
)

OUTREACH: tuple[Cue, ...] = (
    *cues(
        "outreach",
        [
            r"(?:came|come|coming) across your (?:[\w-]+ )?(?:profile|resume|cv|background"
            r"|linkedin|portfolio"
            r"|github|work|experience|details)",
            r"on behalf of (?:my|our|a) client",
            r"(?:opportunity|role|position|opening) (?:that )?(?:might|may|could|would) "
            r"(?:interest you|be of interest|be a (?:good |great |strong |perfect )?(?:fit|match))",
            r"(?:are you|would you be|might you be|if you are|if you're) (?:currently )?"
            r"(?:open to|looking for|interested in|exploring|considering) (?:a )?(?:new )?"
            r"(?:opportunities|roles|role|position|move|change|hearing|learning|a chat"
            r"|a conversation|exploring)",
            r"following up on my (?:previous|last|earlier|recent) (?:email|message|note|inmail)",
            r"(?:a|an|one|this) (?:[\w-]+ ){0,3}?(?:job|role|position|opportunity|opening)"
            r" (?:[\w-]+ ){0,6}?(?:that )?you (?:might|may|could|would) (?:be interested in"
            r"|like|enjoy|want)",
            r"(?:like|love|want) to (?:discuss|talk|speak|chat) (?:with you )?(?:about|regarding"
            r"|on) (?:an? |this |the |some |new |exciting |potential |current )?(?:[\w-]+ )?"
            r"(?:opportunit|role|position|opening|job)",
        ],
        3.0,
        unless_conditional=False,
    ),
    *cues(
        "outreach",
        [
            r"(?:i am|i'm|i work as) (?:a |an |the )?(?:[\w-]+ ){0,2}?(?:recruiter|sourcer"
            r"|headhunter|talent partner|talent acquisition|recruitment consultant"
            r"|talent scout)",
            r"(?:would|are|might) you be (?:open|interested) (?:to|in)",
            r"let me know if you(?:'re| are| would be)? (?:interested|open|keen|available)",
            r"let me know your (?:interest|availability|thoughts)",
            r"(?:we|i) (?:currently )?have (?:an? |this |one )(?:[\w-]+ ){0,3}?(?:opportunity"
            r"|opening|role|position|job)(?: that| which| for| with| i| you| at)",
            r"send (?:me|us|over) (?:a copy of )?your (?:updated |latest |current |most recent )?"
            r"(?:resume|cv)",
            r"(?:sent|emailed|attached|sharing|share|find) (?:you )?(?:the |a )?"
            r"(?:detailed |full )?"
            r"(?:job description|\bjd\b|job details)",
            r"your (?:background|experience|profile|skill ?set|work) (?:caught|looks|seems"
            r"|stood out|stands out|is (?:a )?(?:great|strong|perfect|impressive)|would be"
            r"|really)",
        ],
        2.5,
        unless_conditional=False,
    ),
    *cues(
        "outreach",
        [
            r"(?:reaching|reach) out (?:to you )?(?:about|regarding|because|as|to see|with"
            r"|on behalf|to gauge|to introduce)",
            r"wanted to (?:reach out|connect|introduce)",
            r"(?:my|our) client",
            r"(?:interested in|open to) (?:learning|hearing|chatting|talking) (?:more )?"
            r"(?:about|with)",
        ],
        2.0,
        unless_conditional=False,
    ),
    *cues(
        "outreach",
        [
            r"\breferr(?:al|als|ed)\b|refer (?:a friend|someone|anyone|people)",
            r"(?:just )?(?:checking|circling|bumping) (?:in|back|this)",
            r"(?:quick|brief|short|informal|exploratory|casual) (?:chat|call|conversation)",
            r"(?:we are|we're|i am|i'm) (?:currently )?(?:hiring|recruiting|building|growing"
            r"|seeking|looking for)",
        ],
        1.5,
        unless_conditional=False,
    ),
    *cues(
        "outreach",
        [r"(?:exciting|great|unique|fantastic|interesting) (?:opportunity|role|position|opening)"],
        1.0,
        unless_conditional=False,
    ),
)

OTHER: tuple[Cue, ...] = (
    *cues(
        "withdrawal",
        [
            r"(?:you have|you've|you) (?:successfully )?withdr(?:awn|ew)",
            r"withdrawn at your request|your (?:request to withdraw|withdrawal)",
            r"you (?:have |had |'ve )?(?:decided|chosen|opted|elected) (?:not to|to not) "
            r"(?:continue|proceed|move forward|pursue|go ahead)",
            r"you (?:have |had |'ve )?(?:decided|chosen|opted|elected) to withdraw",
            r"(?:application|candidacy) (?:has been|was) (?:successfully )?withdrawn",
        ],
        3.5,
    ),
    *cues(
        "other",
        [
            r"(?:verify|confirm|activate|validate) your (?:email|e-mail|account|address)",
            r"(?:reset|change|update) your password|password (?:reset|change)",
            r"(?:security alert|sign-in attempt|two-factor|verification code|one-time (?:code"
            r"|password)|login attempt)",
        ],
        3.0,
    ),
    *cues(
        "other",
        [
            r"(?:your|an|new) account (?:has been |was |is )?(?:created|activated|updated"
            r"|registered|set up)",
            r"(?:welcome to|thanks for (?:joining|signing up|registering)|thank you for "
            r"(?:joining|signing up|registering|subscribing))",
            r"\bnewsletter\b",
            r"(?:\d+% off|\bsale\b|discount|coupon|promo code|free trial|limited time|special"
            r" offer|black friday)",
            r"sweepstakes|giveaway|enter to win|chance to win|bid now|auction",
            r"(?:status|update)(?: of| on| to)? your application (?:has (?:been )?"
            r"(?:changed|updated))",
            r"(?:profile|resume|cv) (?:views?|was viewed|has been viewed|appeared in)",
        ],
        2.0,
    ),
    *cues(
        "other",
        [
            r"\b(?:order|receipt|invoice|payment|subscription|shipping|delivery|purchase|refund"
            r"|tracking number)\b",
            r"(?:complete|update|finish) your (?:profile|resume)",
            r"(?:survey|rate your experience|candidate experience|how did we do)",
            r"\b(?:webinar|podcast|conference|meetup|workshop|livestream|rsvp)\b",
        ],
        1.5,
    ),
    *cues(
        "other",
        [
            r"(?:sign|log) in to (?:your account|view|see|check|access)",
            r"\bunsubscribe\b",
            r"update (?:on|to|regarding) your application",
        ],
        0.5,
    ),
)

# a refusal of something that is not a job (a loan, a claim, a permit, a membership, a
# journal submission, a grant, a tenancy, a school place): counted only in mail that says
# nothing of a job (``JOB_CONTEXT``, or a job title in the subject), where it also silences
# the rejection cues
NOT_JOB: tuple[Cue, ...] = cues(
    "not_job",
    [
        r"\b(?:loans?|mortgages?|credit (?:card|limit|application|check)|overdraft"
        r"|insurance (?:claim|policy)|claims?|permits?|membership|manuscripts?|journal|articles?"
        r"|abstracts?|proposals?|grants?|funding|scholarships?|bursar(?:y|ies)|tenancy|landlord"
        r"|nursery|admissions?|undergraduate|auditions?|auditioning|choir|squad|trials|exhibition"
        r"|gallery|stall|pitches|seller|adoption|visa|planning application|allotment|ballot"
        r"|raffle|hackathon|propert(?:y|ies)|bids?)\b",
    ],
    2.0,
    unless_conditional=False,
)
JOB_CONTEXT = (
    r"\b(?:jobs?|roles?|positions?|vacanc(?:y|ies)|posts?|openings?|requisitions?|hiring"
    r"|hire|recruit\w*|interview\w*|employment|employer|cv|resume|shifts?|candidates?"
    r"|careers?|talent|staff|staffing|salary|contract|internships?|apprenticeships?"
    r"|volunteer\w*|studentships?|work for|join (?:our|the) team)\b"
)

KIND_CUES: dict[EmailKind, tuple[Cue, ...]] = {
    EmailKind.REJECTION: REJECTION,
    EmailKind.OFFER: OFFER,
    EmailKind.INVITE: INVITE,
    EmailKind.CONFIRMATION: CONFIRMATION,
    EmailKind.ALERT: ALERT,
    EmailKind.OUTREACH: OUTREACH,
    EmailKind.OTHER: OTHER,
}

# Subject lines are terse labels; these only count when seen in the subject.
SUBJECT_CUES: dict[EmailKind, tuple[Cue, ...]] = {
    EmailKind.REJECTION: cues(
        "rejection", [r"\b(?:unsuccessful|regret|not selected|rejection|not progressing)\b"], 1.5
    ),
    EmailKind.INVITE: cues(
        "invite",
        [
            r"interview (?:invitation|invite|request|confirmation|scheduled|availability)"
            r"|invitation to (?:interview|an interview)|schedule (?:an |your )?interview"
            r"|(?:assessment|test|challenge) invitation|next steps"
        ],
        2.5,
        unless_negated=True,
    ),
    EmailKind.CONFIRMATION: cues(
        "confirmation",
        [
            r"(?:application|submission) (?:received|confirmation|submitted|acknowledg\w*)"
            r"|thank(?:s| you) for (?:applying|your application)|received your application"
        ],
        2.0,
    ),
    EmailKind.ALERT: cues(
        "alert",
        [r"job alert|jobs? for you|new jobs|recommended jobs|jobs you may|\b\d+\+? new \w+"],
        2.0,
    ),
    EmailKind.OFFER: cues(
        "offer",
        [r"offer (?:letter|of employment)|job offer|your offer|\bcongratulations\b"],
        2.0,
        unless_negated=True,
    ),
}

# --- emails: the stage a rejection came at --------------------------------------------------

INTERVIEW_STAGE: tuple[Cue, ...] = (
    *cues(
        "interviewed",
        [
            r"thank(?:s| you)(?: again| so much| very much)? for (?:taking (?:the )?(?:time|"
            r"the time) (?:out )?(?:of your (?:busy )?(?:schedule|day) )?to |your time (?:and "
            r"(?:energy|effort) )?(?:in |spent |when )?|coming in (?:to |and )?|joining us "
            r"(?:for|to) |making (?:the )?time to |the time (?:you spent )?|participating in )?"
            r"(?:interview|interviewing|speak|speaking|meet|meeting|talk|talking|chat|chatting"
            r"|visit|visiting|come in|coming in|join(?:ing)? us for|the interview|our interview"
            r"|your interview|the call|our call|the conversation|our conversation)",
            r"(?:time|effort|energy) (?:that )?you (?:have )?(?:spent|invested|took|dedicated"
            r"|put in|put into|gave|committed|devoted)(?: [\w-]+){0,2}? (?:interviewing|speaking"
            r"|meeting|talking|chatting|preparing|with (?:us|me|our|the)|on (?:the|our|your) "
            r"(?:[\w-]+ )?"
            r"(?:interviews?|assessment|challenge|exercise|test|assignment|case study|take-home"
            r"|project|task|presentation))",
            r"\byour (?:recent |first |second |third |final |initial |phone |video |virtual "
            r"|technical |onsite |on-site |in-person |panel |telephone |hirevue |recorded "
            r"|zoom |teams )?interviews?\b",
            r"(?:after|following|during|from|since|throughout|based on) (?:your|our|the) "
            r"(?:recent |[\w-]+ ){0,2}?(?:interviews?|conversations?|discussions?|calls?|chats?"
            r"|meetings?|phone screen|visit|onsite|on-site|interview process|interview stages?)",
            r"(?:enjoyed|pleasure|great|nice|lovely|good|wonderful|fantastic) (?:to )?(?:meeting"
            r"|meet|speaking|speak|talking|talk|chatting|chat|getting to know|connecting|having"
            r" you) (?:with )?(?:you|us)",
            r"(?:you|we|i) (?:met|spoke|interviewed|talked|chatted) (?:with|to)",
            # "the position which you interviewed for", "the role you were interviewed for"
            r"\byou (?:interviewed|were interviewed|have interviewed|sat an interview) for\b",
            r"(?:when|since) (?:we|you) (?:last )?(?:met|spoke|talked)",
            r"(?:interview|hiring|selection) (?:panel|loop)",
            r"\binterviewers?\b",
            r"(?:thank(?:s| you)(?: again| so much| very much)? for|appreciate) (?:completing"
            r"|taking|doing|finishing|submitting|working on) (?:the|our|your|this) "
            r"(?:[\w-]+ ){0,3}?"
            r"(?:assessment|test|challenge|exercise|assignment|case study|take-home|task"
            r"|presentation)",
            r"(?:your|the|our) (?:[\w-]+ )?(?:take[- ]home|coding (?:challenge|exercise|test"
            r"|assessment|assignment"
            r"|interview|round|task)|technical (?:test|assessment|exercise|challenge|task"
            r"|interview|screen|round)|case (?:study|interview|exercise)|online (?:assessment"
            r"|test)|work sample|hackerrank|codility|codesignal|coderpad|hirevue)",
            r"\byour (?:test|assessment|assignment|presentation|exercise|challenge|homework"
            r"|test results|assessment results)\b",
            r"(?:review|reviewed|reviewing|evaluated|evaluating|assessed|graded|looked (?:at"
            r"|over)) (?:your|the) (?:code|coding|solution|answers to the|responses to the"
            r"|results? (?:of|from) (?:the|your))",
            r"(?:visit(?:ing)?|came|coming) (?:in )?(?:to )?(?:our|the) (?:office|offices|campus"
            r"|headquarters|hq|studio)",
            r"(?:our|your) (?:recent |earlier |previous |initial |first |phone |video )?"
            r"(?:conversations?|chats?|calls?|discussions?)\b",
            r"(?:revisit|continue|the) conversation (?:we|you) (?:had)?",
            r"getting to know you|get to know you better",
            r"thank(?:s| you)(?: again| so much| very much)? for (?:the|our|your) (?:[\w-]+ ){0,2}?"
            r"(?:conversation|call|chat|meeting|interview|discussion|visit)",
            r"(?:took|taken|taking|take|for) (?:the )?time (?:out )?to (?:speak|meet|talk|chat"
            r"|interview|visit|come in|connect with)",
            r"(?:took|taken|taking|take|for) (?:the )?time to (?:complete|do|work on|finish|submit)"
            r" (?:the|our|your|this) (?:[\w-]+ ){0,3}?(?:assignment|assessment|test|challenge"
            r"|exercise|case study|take-home|task|project|presentation)",
            r"(?:enjoyed|loved|liked) (?:learning|hearing) (?:a bit |a little |more )?about you\b",
            r"(?:meet|meeting|met) (?:the|our) (?:[\w-]+ )?team",
            r"(?:later|final|last|advanced|late) stages? of (?:the|our) (?:[\w-]+ )?process",
        ],
        2.0,
        unless_negated=True,
    ),
    *cues(
        "interviewed",
        [
            r"(?:onsite|on-site|final round|final-round|second round|second-round|superday"
            r"|assessment cent(?:re|er)|in-person interview)",
            r"(?:throughout|during|in) (?:the|our) interview(?:ing)? process",
            r"(?:hiring manager|team|panel) (?:was|were) (?:impressed|pleased)",
        ],
        1.5,
        unless_negated=True,
    ),
)

APPLICATION_STAGE: tuple[Cue, ...] = (
    *cues(
        "screened",
        [
            r"(?:not|n't) (?:be )?(?:selected|invited|shortlisted|progressed|moving forward"
            r"|advancing|proceeding|moved forward|chosen|shortlisting you) (?:for|to|into|with)"
            r" (?:an? |the |any )?(?:[\w-]+ )?(?:interviews?|interview (?:stage|process|round))",
            r"no longer interviewing|(?:not|n't) (?:be )?interviewing",
            r"(?:not|n't) (?:be )?(?:inviting|scheduling|offering) (?:you )?(?:for |to )?"
            r"(?:an? )?interviews?",
            r"(?:selected|invited|shortlisted|chosen) (?:[\w-]+ ){0,3}?(?:candidates|applicants)"
            r" (?:to|for) (?:interview|the interview|an interview|progress|the next)",
        ],
        2.5,
        unless_conditional=False,
    ),
    *cues(
        "screened",
        [
            r"(?:thank(?:s| you)(?: [\w-]+)? for|appreciate) (?:your )?(?:applying|application"
            r"|taking the time to apply|submitting|submission|sending (?:us )?your"
            r"|considering)",
            r"(?:review|reviewed|reviewing|consideration of|considered|assessed|evaluated"
            r"|evaluation of|looked (?:at|over|through)|read|screened|went through|go through"
            r"|gone through) (?:of )?(?:your|the) (?:[\w-]+ )?(?:application|applications"
            r"|resume|cv|profile|background|qualifications|materials|credentials|candidacy"
            r"|skills and experience)",
        ],
        2.0,
    ),
    *cues(
        "screened",
        [
            r"(?:you )?applied (?:for|to|with)",
            r"(?:application|screening|resume|cv|initial|first) (?:stage|review|screen)",
        ],
        1.0,
    ),
    *cues(
        "screened",
        [
            # talk of applying is talk of the application stage
            r"\bappl(?:ying|ied|icants?|ications?)\b",
            r"(?:received|reviewed|had|have) (?:a |an )?(?:[\w-]+ ){0,3}?(?:qualified |strong )?"
            r"(?:candidates|applicants)",
            r"(?:number|volume|pool) of (?:[\w-]+ )?(?:candidates|applicants|applications)",
        ],
        1.0,
    ),
    *cues(
        "screened",
        [r"\byour (?:resume|cv|profile)\b", r"\bapply\b"],
        0.5,
    ),
)

# --- emails: reasons ----------------------------------------------------------------------------

BOILERPLATE = (
    r"(?:equal (?:employment )?opportunit|without regard to|regardless of|affirmative action"
    r"|protected (?:veteran|class|characteristic|status)|reasonable accommodation|\beeo\b"
    r"|privacy (?:policy|notice)|data protection|gdpr|unsubscribe)"
)

REASON_ROLE_STATUS: tuple[Cue, ...] = cues(
    "role_status",
    [
        *ROLE_GONE,
        r"(?:hiring|recruitment|recruiting|headcount) (?:freeze|pause|has been paused|is on hold"
        r"|has been put on hold|has been suspended|has been frozen)",
        r"(?:budget|budgetary|funding|financial|headcount) (?:constraints?|cuts?|reasons"
        r"|changes|restrictions|limitations|reductions?|approval)",
        r"(?:no longer|not currently|not) (?:hiring|recruiting) (?:for|in|at)",
        # "we are not hiring a law clerk at this time": the role is not open
        r"(?:are|'re|is|'s) (?:currently )?not (?:currently )?(?:hiring|recruiting) (?:an? |any )",
        r"(?:not|n't) (?:be )?(?:hiring|recruiting|filling) (?:for )?(?:this|the|that) "
        r"(?:[\w-]+ )?(?:position|role|job|vacancy|opening)",
        r"(?:decided|decision) (?:not to|to not) (?:fill|hire for|open|recruit for|staff)",
        r"(?:program|programme|class|cohort|internship program|internship programme) "
        r"(?:is|was|has|had) (?:now )?(?:already )?(?:full|reached (?:full |maximum )?capacity"
        r"|at (?:full )?capacity|been filled)",
        r"reached (?:full |maximum |our )?capacity",
        r"internal (?:candidate|applicant|hire|transfer)|filled internally",
        r"(?:business|hiring|team) (?:needs|priorities|requirements) (?:have|has) (?:changed"
        r"|shifted)",
        r"(?:changing|changes in|change in|changed|shifting|shift in|evolving|re-?evaluat\w*)"
        r" (?:[\w-]+ ){0,2}?(?:needs|priorities|requirements|plans|circumstances)",
        r"(?:restructur\w*|reorgani[sz]ation)",
    ],
    3.0,
)

REASON_ELIGIBILITY: tuple[Cue, ...] = cues(
    "eligibility",
    [
        r"(?:authori[sz]ed|authori[sz]ation|eligible|eligibility|legally able|permitted|right)"
        r" to work",
        r"work (?:permit|authori[sz]ation|visa|eligibility|rights)",
        r"\bsponsor(?:ship|ing)?\b|\bh-?1b\b|\bopt\b|\bcpt\b|green card|permanent resident"
        r"|security clearance|\bcitizen(?:s|ship)?\b",
        r"\bvisas? (?:sponsorship|status|requirements?|support|restrictions?|holders?|type)"
        r"|(?:sponsor|require|requires|need|needs|obtain|hold|work|student|employment) (?:a )?"
        r"visas?\b",
        r"(?:looking for|seeking|need|needed|require|requires|want|wanted|prefer|preferred"
        r"|hiring|considering) (?:[\w-]+ ){0,2}?(?:someone|somebody|candidates|applicants|people"
        r"|a candidate) (?:who (?:is|are|lives?) )?(?:local|locally|based (?:in|near|locally)"
        r"|located (?:in|near)|in the area|nearby|closer|within)",
        r"(?:only|exclusively) (?:considering|hiring|accepting|open to|looking (?:at|for)|able"
        r" to consider) (?:[\w-]+ ){0,4}?(?:based|located|living|residing|local|in|from|within"
        r"|eligible|currently enrolled|who are|students?|graduates?)",
        r"(?:require[sd]?|requirement|requires|need(?:s|ed)?|must|have to|has to) (?:[\w-]+ )"
        r"{0,5}?(?:to be )?(?:based|located|on-?site|in-office|in the office|in person|in-person"
        r"|relocat\w*|commut\w*|local|resid\w*|live in|living in)",
        r"(?:location|relocation|commut\w*|distance|time ?zones?) (?:[\w-]+ ){0,3}?"
        r"(?:requirements?|constraints?|restrictions?|is not|isn't|was not|wasn't|would not"
        r"|doesn't|does not|not feasible|not possible|too far|an issue|a concern|a barrier)",
        NOT + r" (?:[\w-]+ ){0,3}?(?:support|offer|accommodate|consider|hire|accept|allow)"
        r" (?:[\w-]+ ){0,2}?(?:remote|relocation|candidates (?:outside|based|located|from)"
        r"|applicants (?:outside|based|located|from)|international|overseas|out-of-state"
        r"|fully remote|hybrid)",
        r"(?:outside|not within|not in|beyond) (?:of )?(?:our|the) (?:[\w-]+ ){0,2}?(?:hiring "
        r"area|area|region|country|location|locations|commuting|radius|time ?zones?|states?"
        r"|countries)",
        r"(?:must|need to|needs to|required to|have to|has to|is to|are to) be (?:a |an )?"
        r"(?:current(?:ly)? |enrolled |full-time |returning )?(?:student|graduate|undergraduate"
        r"|enrolled)",
        r"(?:only|exclusively|limited to|restricted to|open to|designed for|intended for"
        r"|reserved for|available to|eligible) (?:[\w-]+ ){0,3}?(?:current |currently enrolled "
        r"|enrolled |returning |graduating |full-time )?(?:students?|graduates|undergraduates)",
        r"(?:condition|requirement|prerequisite|criteri\w+) (?:[\w-]+ ){0,6}?(?:student"
        r"|enrolled|graduat\w+)",
        r"(?:currently enrolled|student status|graduat(?:ing|ion) (?:date|year|timeline"
        r"|requirements?)|class of \d{4}|return(?:ing)? to (?:school|university|college|your "
        r"studies)|(?:year|stage) (?:of|in) (?:your )?(?:study|studies|degree|program))",
        r"(?:salary|compensation|pay|wage|rate) (?:expectations?|requirements?|range|band"
        r"|budget|level)",
        r"(?:outside|above|beyond|exceed\w*|higher than) (?:of )?(?:our|the) (?:[\w-]+ )?"
        r"(?:budget|range|band|salary|compensation)",
    ],
    3.0,
)

REASON_GAP: tuple[Cue, ...] = cues(
    "gap",
    [
        r"(?:looking for|seeking|need(?:ed)?|require[sd]?|requiring|prefer(?:red)?|wanted"
        r"|want|went with|chose|selected|moving forward with|hired|hire) (?:a |an |the )?"
        r"(?:someone|somebody|candidates?|applicants?|people|individuals?|person)?"
        r"(?: [\w-]+){0,3}? ?(?:with|who (?:has|have|had)|having|that (?:has|have)|whose) "
        r"(?:[\w-]+ ){0,3}?(?:experience|background|expertise|knowledge|skills?|proficiency"
        r"|familiarity|exposure|degree|qualifications?|certification) (?:in|with|of|using"
        r"|around|across) " + UNNAMED + r"\w",
        r"(?:lack|lacked|lacking|lacks|limited|insufficient|not enough|no|little|minimal|less"
        r"|without) (?:[\w-]+ ){0,2}?(?:experience|background|expertise|knowledge|exposure"
        r"|proficiency|familiarity|skills?) (?:in|with|of|using) " + UNNAMED + r"\w",
        r"(?:more|additional|greater|deeper|stronger|extensive|significant|substantial|direct"
        r"|hands-on|commercial|professional|industry) (?:[\w-]+ )?(?:experience|background"
        r"|expertise|knowledge|exposure|skills?) (?:in|with|of|using) " + UNNAMED + r"\w",
        r"(?:at least|minimum of|a minimum of) (?:\d+\+? |one |two |three |four |five |six "
        r"|seven |eight |ten )years",
        r"\b\d+\+? years(?: of)? (?:[\w-]+ )?(?:experience|industry|professional|relevant)",
        r"(?:more|less) (?:senior|junior)\b|(?:more|less) experienced (?:in|with)",
        r"(?:looking for|need(?:ed)?|require[sd]?|seeking|want(?:ed)?|prefer(?:red)?|hire"
        r"|hiring) (?:a |an |someone |somebody |candidates? |people )?(?:(?:at|with) )?(?:a )?"
        r"(?:more )?(?:senior|junior|entry|mid|staff|principal)(?:[- ]level)?\b",
        r"(?:feedback|suggest\w*|recommend\w*|advi[sc]e)\b[^.\n]{0,60}?\b(?:work on|improv\w+"
        r"|strengthen\w*|brush up on|practi[cs]e|focus on|deepen\w*)",
        r"(?:fluen(?:t|cy)|proficien(?:t|cy)|native|business-level) (?:in )?(?:english|french"
        r"|german|spanish|mandarin|chinese|japanese|dutch|italian|portuguese|arabic|korean"
        r"|russian|hindi|polish|swedish|danish|norwegian|finnish|turkish|cantonese|hebrew"
        r"|[a-z]+ language)",
        r"(?:require[sd]?|requirement|must|need(?:s|ed)?|have to) (?:[\w-]+ ){0,4}?(?:hold"
        r"|have|possess|obtain) (?:a |an |the )?(?:[\w-]+ ){0,3}?(?:licen[sc]e|certification"
        r"|certificate|degree|qualification|clearance|registration|accreditation)",
        r"(?:degree|bachelor'?s?|master'?s?|phd|doctorate|mba|certification|licen[sc]e) "
        r"(?:in [\w-]+|is required|was required|required|requirement)",
        r"(?:your|the) (?:[\w-]+ )?" + ASSESSMENT + r"(?: [\w-]+){0,6}? (?:did not|didn't|does"
        r" not|doesn't|was not|wasn't|were not|weren't|fell|falls|fall|is not|isn't) (?:quite )?"
        r"(?:meet|pass|reach|clear|achieve|short|below|strong enough|sufficient|at the level"
        r"|up to|demonstrate|show)",
        r"(?:based on|because of|due to|given|in light of) (?:your|the) (?:[\w-]+ )?"
        + ASSESSMENT
        + r"\b",
        r"(?:did not|didn't) (?:pass|clear) (?:the|your|our) (?:[\w-]+ )?(?:assessment|test"
        r"|challenge|exercise|screen|screening|interview|round|stage)",
        r"below (?:the|our) (?:[\w-]+ )?(?:threshold|benchmark|cut-?off|passing|required score"
        r"|minimum score)",
        r"(?:your|the) (?:[\w-]+ )?(?:skills?|experience|knowledge|background|proficiency) "
        r"(?:in|with) " + UNNAMED + r"(?:[\w-]+ ){1,4}?(?:(?:was|were|is|are) not|did not"
        r"|didn't|does not|doesn't|fell short|isn't|wasn't|weren't)",
    ],
    3.0,
)

REASON_OVERQUALIFIED: tuple[Cue, ...] = cues(
    "overqualified",
    [
        r"over-?qualified|over qualified|too senior|too experienced",
        r"(?:more senior|more experienced) than (?:the|this|what|we|our)",
        r"(?:experience|background|skills?|qualifications) (?:exceeds?|exceeded|is beyond"
        r"|is above|are beyond|goes beyond|go beyond)",
        r"under-?utili[sz]ed|under-?challenged",
    ],
    3.0,
)

REASON_CUES: tuple[Cue, ...] = (
    *REASON_ROLE_STATUS,
    *REASON_ELIGIBILITY,
    *REASON_GAP,
    *REASON_OVERQUALIFIED,
)

# --- replies ----------------------------------------------------------------------------------

FEEDBACK_WORD = r"(?:feedback|comments|reasons?|details|detail|specifics|insight|debrief)"

DECLINED: tuple[Cue, ...] = (
    *cues(
        "declined",
        [
            r"polic(?:y|ies)(?: [\w-]+){0,6}? (?:not to|to not|prevents?|prohibits?|doesn't "
            r"allow|does not allow|means we (?:can't|cannot|don't|do not)|is that we (?:don't"
            r"|do not|can't|cannot)|(?:only|not) to (?:provide|give|share|offer))",
            r"(?:not|n't|unable to|not able to|not in a position to|cannot|can't|won't|refrain"
            r"|not permitted to|not allowed to|n't permitted to|n't allowed to"
            r" from|no longer) (?:be )?(?:able to )?(?:provide|give|offer|share|supply|disclose"
            r"|discuss|provide you with|give you|share with you|go into|offer you) (?:any |"
            r"individual(?:ised|ized)? |specific |detailed |personal(?:ised|ized)? |further "
            r"|more |candidate |interview |additional |written |formal |much |the )*"
            + FEEDBACK_WORD,
            r"(?:do|does) not (?:provide|give|offer|share) (?:[\w-]+ ){0,2}?" + FEEDBACK_WORD,
            r"feedback (?:isn't|is not|cannot be|can't be|won't be|is never|is not normally"
            r"|isn't normally) (?:something (?:that )?we (?:can |are able to |do |usually "
            r"|typically |normally )?(?:share|give|provide|offer)|available|provided|shared"
            r"|given|possible)",
            r"feedback is (?:unavailable|not something)",
            r"(?:don't|do not|can't|cannot) (?:comment|discuss|elaborate) (?:on )?"
            r"(?:individual|specific|the|our|further|why)",
            r"no (?:individual |specific |further |detailed )?feedback (?:is |can be |will be )?"
            r"(?:available|provided|given|possible)",
            r"(?:decision|reasons?|deliberations?|discussions?) (?:is|are|remain|must remain)"
            r" (?:kept )?(?:confidential|private)",
            r"(?:legal|hr) (?:reasons|advice|counsel|department|team|guidance|policy)",
        ],
        3.0,
        unless_conditional=False,
    ),
)

# the marks of criticism or a stated need, which make a named topic feedback
CRITIQUE = (
    r"\b(?:lack(?:ed|ing|s)?|weak(?:er|ness|nesses|est)?|struggl\w*|limited|insufficient"
    r"|not (?:enough|strong|as strong|quite|very|sufficient\w*|clear|able|comfortable"
    r"|confident|familiar|there|deep|solid|convincing|yet)|\w+n't|could (?:have|be|improve"
    r"|use|benefit)|would (?:have|like|liked|recommend|suggest|encourage|benefit)|should"
    r"|need(?:s|ed)? (?:to|more|someone|a|stronger|deeper)|needed|more (?:depth|experience"
    r"|practice|detail|structure|focus|examples?|concise|hands-on|exposure|confidence"
    r"|clarity|rigou?r)|improv\w*|work on|focus on|brush up|practi[cs]e|strengthen"
    r"|develop(?:ing)?|gaps?|concern\w*|below|missing|miss(?:ed)?|unfamiliar|unclear|vague"
    r"|too (?:long|short|much|little|brief|general|high|low|junior|senior|theoretical|quick"
    r"|fast|slow|quiet|detailed|abstract|narrow|broad|early|late|far|big)|too much of a"
    r"|a (?:big |bit of a )?stretch|stepping up|rather than|instead of"
    r"|fell short|failed|difficult(?:y|ies)?|trouble|hesitant|hesitat\w*|less|lower|above (?:our"
    r"|the)|outside (?:our|the)|required|requires?|requirement|looking for (?:someone|a candidate"
    r"|candidates)|recommend\w*|suggest\w*|advice|advise|tips?|next time"
    r"|going forward|room (?:for|to) (?:improvement|grow)|areas? (?:for|of) (?:improvement"
    r"|development|growth)|unable|cannot|only|must|no (?:\w+ )?experience|little|minimal"
    r"|overly|over-?engineer\w*|jump(?:ed)? (?:straight )?(?:in|into|to)|rushed|ramble\w*"
    r"|off-?topic|were hoping|had hoped|expected more|hard to|tricky to|would (?:have )?help"
    r"|(?:would|could) (?:be|have been) (?:more )?(?:helpful|useful|good|better|clearer)|long"
    r"|lengthy|rambling|confusing|scattered|unstructured|generic|high-level|surface-level"
    r"|shallow|superficial|errors?|mistakes?|bugs?|incorrect|wrong|inaccura\w*|slow)\b"
)

POSITIVE = (
    r"\b(?:impress\w*|great|excellent|strong|enjoyed|fantastic|wonderful|really liked"
    r"|loved|well done|did (?:really |very )?well|good|brilliant|outstanding|solid|amazing"
    r"|pleasure)\b"
)


# Each theme: "named" cues are concrete enough to act on; "broad" cues only point at the area.
THEME_NAMED: dict[Theme, tuple[str, ...]] = {
    Theme.TECHNICAL_SKILLS: (
        r"system design|systems design|architecture|architectural|scalab(?:le|ility)"
        r"|distributed systems?|data structures?|algorithms?|algorithmic|\bbig-?o"
        r"|(?:time|space) complexity|complexity analysis",
        r"coding (?:exercise|challenge|test|interview|round|skills?|questions?|task|assessment"
        r"|style|standards)|live coding|pair programming|take-?home|code quality|clean code"
        r"|code review|readab(?:le|ility) (?:of (?:your|the) )?code|(?:your|the) code\b",
        r"unit tests?|testing|test coverage|\btdd\b|debugg\w*|refactor\w*|version control"
        r"|\bgit\b",
        r"\bsql\b|\bqueries\b|query optimi[sz]ation|(?:inner|outer|left|right|table|sql) joins?"
        r"|joins? (?:on|clauses?|conditions|across)|window functions|indexing"
        r"|\bpython\b|\bjava\b|javascript|typescript|\bc\+\+|\bc#|golang|\bgo\b (?:language|code)"
        r"|\brust\b|\bruby\b|\brails\b|\bscala\b|kotlin|\bswift\b|\bphp\b|\bperl\b|\bbash\b"
        r"|shell scripting|\breact\b|angular|\bvue\b|node(?:\.?js)?\b|django|flask|spring boot"
        r"|\.net\b|pandas|numpy|\bdbt\b",
        r"kubernetes|\bk8s\b|docker|containers?|terraform|ansible|\baws\b|azure|\bgcp\b"
        r"|google cloud|cloud (?:infrastructure|platforms?|services|architecture)|devops"
        r"|\bci/cd|pipelines?|linux|networking|\btcp\b|\bhttp\b|security|encryption"
        r"|observability|monitoring",
        r"databases?|nosql|postgres(?:ql)?|mysql|mongodb|redis|kafka|\bspark\b|hadoop|airflow"
        r"|\betl\b|data pipelines?|data model(?:l)?ing|schema design|data warehous\w*"
        r"|snowflake|bigquery",
        r"machine learning|\bml\b|deep learning|neural networks?|\bnlp\b|computer vision"
        r"|statistics|statistical|a/b test\w*|hypothesis test\w*|experiment design|regression"
        r"|probability"
        r"|feature engineering|model evaluation|\bllms?\b",
        r"\bexcel\b|spreadsheets?|pivot tables|vlookup|tableau|power bi|looker|\bfigma\b"
        r"|sketch|photoshop|illustrator|\bseo\b|google analytics|salesforce|\bsap\b|hubspot"
        r"|\bcrm\b|financial model(?:l)?ing|\bdcf\b|valuation|accounting|\bgaap\b|\bifrs\b",
        r"api design|\bapis?\b|\brest(?:ful)?\b|graphql|microservices?|concurrency"
        r"|multi-?threading|memory management|object[- ]oriented|\boop\b|design patterns"
        r"|functional programming|(?:cs|computer science) fundamentals|front-?end|back-?end"
        r"|full-?stack|\bcss\b|\bhtml\b|accessibility|\bios\b|android|mobile development"
        r"|embedded|firmware|fpga|verilog|\bcad\b|matlab|performance tuning|caching",
        r"technical depth|depth (?:in|of) (?:your )?(?:technical|engineering)|hands-on"
        r" (?:coding|engineering|technical|experience with)|(?:programming|coding|engineering)"
        r" (?:ability|fundamentals|skills)",
    ),
    Theme.DOMAIN_EXPERIENCE: (
        r"(?:experience|background|knowledge|expertise|exposure|familiarity|understanding)"
        r" (?:[\w-]+ ){0,3}?(?:in|with|of|within|across) (?:the )?(?:[\w-]+ ){0,2}?"
        r"(?:fintech|payments?|banking|finance|financial services|healthcare|health ?tech"
        r"|insurance|insurtech|e-?commerce|retail|saas|b2b|b2c|enterprise|startups?|agency"
        r"|agencies|consulting|manufacturing|supply chain|automotive|gaming|media|advertising"
        r"|ad ?tech|ed ?tech|education|biotech|pharma\w*|clinical|regulat\w*|compliance|legal"
        r"|government|public sector|non-?profit|charit\w*|energy|utilities|telecom\w*|crypto"
        r"|blockchain|real estate|proptech|hospitality|travel|marketplaces?|logistics industry"
        r"|aerospace|defen[cs]e|semiconductors?|oil and gas|luxury|fashion|food|consumer"
        r"|industry|sector|market|domain|space|vertical)",
        r"(?:industry|domain|sector|market|product) (?:knowledge|experience|expertise"
        r"|understanding|background)",
        r"\b\d+\+? years\b|years of (?:[\w-]+ )?experience|(?:commercial|industry|professional"
        r"|client-facing|customer-facing|agency|in-house|startup|enterprise) experience",
        r"(?:worked|working) (?:in|at) (?:a |an )?(?:[\w-]+ )?(?:startup|enterprise|agency"
        r"|company of our size|scale-?up|regulated environment)",
        r"(?:worked|working|work|background) (?:in|within|across) (?:the |a |an )?(?:[\w-]+ )"
        r"{0,2}?(?:industry|sector|space|domain|market|field|vertical)",
    ),
    Theme.PROBLEM_SOLVING: (
        r"(?:approach|approached|tackled|framed|structured) (?:to )?(?:the |this |that |a )?"
        r"(?:problem|case|question|exercise|challenge|task|puzzle)",
        r"break(?:ing)? (?:it |the problem |things |problems )?down|edge cases?"
        r"|optimi[sz](?:e|ed|ation|ing)|over-?engineer\w*|brute[- ]force|clarifying questions"
        r"|assumptions|trade-?offs?|reasoning|estimation|market sizing|hypothes[ie]s(?! test)"
        r"|root cause|first principles|logical (?:reasoning|thinking|approach|structure|steps)",
        r"(?:case|consulting) (?:framework|structure|study|interview)|framework"
        r"|structured (?:thinking|approach)|think(?:ing)? (?:out loud|aloud|through)"
        r"|thought process|jump(?:ed)? (?:straight )?(?:in|into|to) (?:the )?(?:code|coding"
        r"|solution|answer)|prioriti[sz]\w*|analy[sz]ing the (?:data|problem)",
    ),
    Theme.COMMUNICATION: (
        r"(?:answers?|responses?|explanations?) (?:were|was|felt|seemed|came across|lacked|could"
        r" have been|tended to be|ran) (?:[\w-]+ ){0,2}?(?:unstructured|long|lengthy|scattered"
        r"|rambling|confusing|verbose|brief|short|structure|focus|detail|examples)",
        r"concise\w*|succinct\w*|to the point|verbose|wordy|rambl\w*|long-winded|lengthy"
        r"|star (?:method|format|framework|structure)|structure (?:of )?your (?:answers?"
        r"|responses?|stories)",
        r"listen\w*|interrupt\w*|eye contact|body language|jargon|articulat\w*|clarity"
        r"|presentation skills|written communication|spoke too (?:fast|quickly|much)|filler"
        r" words|storytelling|explain(?:ed|ing)? (?:your|the) (?:thinking|thought process"
        r"|reasoning|approach|decisions|work)|tone\b|over-?talk\w*|talked over",
        # the spoken language itself: fluency, a language named as the gap
        r"verbal communication|spoken (?:english|german|french|spanish|language)|fluen(?:t|cy)"
        r"|talk(?:ing|ed)? (?:too |so )?fast",
    ),
    Theme.CULTURE_FIT: (
        r"punctual\w*|(?:arrived|were|was|came|joined|running) late|dress(?:ed)?\b|attire"
        r"|(?:negative|negatively|disparag\w*) (?:about|of) (?:your )?(?:previous|former"
        r"|current|last) (?:employer|manager|team|company|boss|colleagues)|badmouth\w*"
        r"|arrogan\w*|attitude|team player|working style|work style|humility|humble|\bego\b"
        r"|respectful|etiquette|professionalism|unprofessional|on your phone|dismissive"
        r"|defensive|collaborat\w*|how you (?:work|worked) with others|openness to feedback"
        r"|receptive to feedback|took feedback",
    ),
    Theme.MOTIVATION: (
        r"(?:why|reasons? (?:for|behind)) (?:you )?(?:want(?:ed)? to )?(?:leav(?:e|ing)"
        r"|mov(?:e|ing)|switch(?:ing)?|chang(?:e|ing)|join(?:ing)?|apply(?:ing)?)",
        r"(?:interest|interested) in (?:the |our )?(?:product|company|mission|role|industry"
        r"|business|team|us|working here)",
        r"enthusias\w*|passion\w*|excite(?:d|ment)|energy|engag(?:ed|ement)|eagerness"
        r"|commitment|long-term (?:interest|goals|plans)|career goals|\bwhy (?:this role|us"
        r"|our company)|genuine(?:ly)? interest\w*",
        # signals about staying and direction: a history of moves, a stopgap, no direction
        r"moved around|job[- ]hop\w*|(?:switched|changed|switching|changing) jobs|stop-?gap"
        r"|(?:lack(?:ed|ing|s)?|no|without) (?:a )?(?:clear )?(?:sense of )?direction"
        r"|(?:stay|stick around) (?:long|for long|long[- ]term)|leave within",
    ),
    Theme.LEADERSHIP: (
        r"(?:manag(?:e|ing|ed)|lead(?:ing)?|led|grow(?:ing)?|build(?:ing)?) (?:a |the )?"
        r"(?:[\w-]+ )?(?:teams?|people|direct reports|engineers|others|projects?|initiatives?)",
        r"people management|line management|direct reports|mentor\w*|coaching|stakeholder\w*"
        r"|ownership|took ownership|own(?:ed|ing)? (?:the |a |projects?|decisions?|outcomes?"
        r"|delivery)|influenc\w*|cross-functional|decision[- ]making|delegat\w*|vision"
        r"|strategic (?:thinking|direction|leadership)|drive (?:projects|initiatives|change)"
        r"|took the lead|taking the lead|initiative|accountab\w*|leadership (?:examples|scope"
        r"|experience (?:of|in|with)|of (?:a )?team)",
    ),
    Theme.PREPARATION: (
        r"research(?:ed|ing)? (?:on |about |into )?(?:the |our )?(?:company|product|business"
        r"|team|role|industry|competitors?|customers?|market)",
        r"(?:knew|know|knowledge of|understand\w*|familiar\w* with|read up on) (?:about )?"
        r"(?:our|the) (?:product|company|business|mission|customers?|role|job description"
        r"|platform|services|app|strategy|values)",
        r"job description|(?:questions?) (?:to ask|for (?:us|the interviewer|the panel|me))"
        r"|(?:didn't|did not|no|any) (?:have|ask) (?:any )?(?:questions|good questions)"
        r"|(?:examples?|stories) (?:ready|prepared|to hand|to share|at hand)|(?:specific"
        r"|concrete|relevant|real) examples|annual report|our website|homework|prepar(?:e|ed"
        r"|ing) (?:examples|questions|for the|better|more)",
    ),
    Theme.SENIORITY: (
        r"(?:more|less) (?:senior|junior)|too (?:senior|junior)|over-?qualified|under-?qualified"
        r"|(?:senior|staff|principal|lead|mid|entry|junior)[- ]level|senior enough"
        r"|not (?:yet )?senior|seniority|(?:level|seniority) (?:mismatch|of the role|for the role"
        r"|we were hiring)|(?:a|the|genuine|real|greater|big) step up|step too far|jump too far"
        r"|over-?level(?:l)?ed|under-?level(?:l)?ed|earlier (?:stage|point) (?:in|of) (?:their"
        r"|your|my|the) career"
        r"|scope of (?:the )?(?:role|level)|step (?:down|up) in (?:level"
        r"|seniority)|(?:a higher|a lower) level|at (?:a|the) (?:senior|staff|principal|lead)"
        r" level",
    ),
    Theme.LOGISTICS: (
        r"(?:salary|compensation|pay|rate|day rate) (?:expectations?|requirements?|range|band"
        r"|budget|ask)|compensation|\bbudget\b|above (?:our|the) (?:range|band|budget)",
        r"reloca\w*|commut\w*|\blocation\b|based in|on-?site|in-office|in the office|office"
        r" (?:days|attendance|presence|policy)|\bremote\b|hybrid|time ?zones?|travel"
        r" (?:requirements?|commitments?)",
        r"\bvisas?\b|sponsor\w*|work (?:permit|authori[sz]ation)|right to work|authori[sz]ed to"
        r" work|citizenship|security clearance",
        r"notice period|start date|(?:start|available|join) (?:sooner|earlier|immediately"
        r"|straight away|right away|in (?:january|february|march|april|may|june|july|august"
        r"|september|october|november|december))|availability|part-time|full-time|hours"
        r"|\bshifts?\b|contract (?:length|type|terms)",
        # where and when the work is done, and what the job needs the candidate to hold
        r"in[- ]house (?:role|position|job|post|only)|(?:live|living|lives|based|reside)"
        r" (?:in|near|within|locally|close to)|(?:driving|driver's|drivers) licen[cs]e"
        r"|\b(?:weekends|saturdays|sundays|nights|night rotation|rota)\b|days a week",
    ),
}

THEME_BROAD: dict[Theme, tuple[str, ...]] = {
    Theme.TECHNICAL_SKILLS: (
        r"technical (?:skills?|ability|abilities|depth|knowledge|level|bar|side|competence"
        r"|assessment|expertise|background|interview|round|performance|aspects?)"
        r"|technically|tech-?wise|hard skills|(?:coding|engineering) bar",
    ),
    Theme.DOMAIN_EXPERIENCE: (
        r"(?:enough|right|relevant|sufficient|more|the required|the necessary|depth of|level of"
        r"|breadth of|lack of|direct) experience|experience (?:level|was|wasn't|isn't|is not"
        r"|did not|didn't)|more experienced|(?:lacked|lacking|lack) (?:the )?(?:[\w-]+ )?"
        r"(?:experience|background)|(?:background|experience) (?:that )?(?:we|the team) "
        r"(?:were|was|are) looking for|track record|your (?:[\w-]+ ){0,3}?experience\b",
    ),
    Theme.PROBLEM_SOLVING: (
        r"problem[- ]solving(?: skills| ability)?|analytical (?:skills|thinking|ability|rigou?r)"
        r"|critical thinking",
    ),
    Theme.COMMUNICATION: (
        r"communicat\w*|(?:answers?|responses?) (?:were|was) (?:a bit |quite |too |rather )?"
        r"(?:vague|unclear|generic|general|high-level)",
    ),
    Theme.CULTURE_FIT: (
        r"cultur(?:e|al) (?:fit|add|match|alignment)|(?:fit|fitting) (?:in )?(?:with )?(?:the"
        r"|our) (?:culture|team|values)|team fit|our values|company values|(?:the|our)"
        r" culture",
    ),
    Theme.MOTIVATION: (r"motivat\w*|(?:not|n't) (?:seem )?(?:as )?(?:interested|keen)",),
    Theme.LEADERSHIP: (r"leadership(?: skills| qualities| potential| presence)?",),
    Theme.PREPARATION: (r"(?:un|under|ill-|not |n't |less )prepared|preparation",),
    Theme.SENIORITY: (r"seniority",),
    Theme.LOGISTICS: (),
}

# generic shapes that point at no theme (or at the role as a whole)
GENERIC_FIT = (
    r"(?:right|good|strong|best|great|perfect|ideal|close|exact|the) (?:fit|match)"
    r"|(?:not|n't) (?:quite |really )?(?:a |the |an )?(?:(?:right|good|strong|strongest|close"
    r"|great|best|perfect|ideal|mutual) )*(?:fit|match)|better (?:fit|match|suited|aligned)"
    r"|more closely (?:aligned|matched|suited)|(?:aligned|align) (?:more )?(?:closely )?"
    r"(?:with|to) (?:the|what|our)|what we (?:were|are) looking for|suited (?:to|for) the"
)
GENERIC_SKILLS = r"\bskills?\b|skill ?set|capabilit(?:y|ies)|(?:the|our) (?:bar|level)"
GENERIC_COMPETITION = (
    r"other candidates?|another candidate|(?:stronger|more qualified|successful|chosen)"
    r" (?:candidate|applicant)|competitive|close (?:call|decision|race)|(?:strong|large|deep)"
    r" (?:pool|field|shortlist)|(?:went|go|gone) with (?:someone|another|a candidate)"
    r"|(?:number|volume) of (?:applicants|candidates|applications)|tough (?:decision|call)"
    r"|difficult (?:decision|call|choice)|narrow(?:ly)?"
)
GENERIC_COMPANY = (
    r"(?:it's|it is|it was|this is|this was) not (?:about )?you|nothing (?:you did|to do with"
    r" you)|(?:internal|business|budget|timing|restructur\w*|priorit\w*) (?:reasons|changes"
    r"|decision|candidate|constraints)|on our (?:side|end)|(?:gut|instinct) (?:feeling|call)"
    r"|just (?:a |didn't |wasn't )?(?:feeling|click)|didn't click|chemistry"
)

# probes: one per kind of vagueness, with a sharper version when a theme is named
PROBES: dict[Vagueness, str] = {
    Vagueness.EXPERIENCE: (
        "Thank you for being open with me. Could you tell me which area of experience in "
        "particular you felt was missing, so I know what to build on?"
    ),
    Vagueness.FIT: (
        "Thanks for explaining. Was there a particular part of the role where you felt my "
        "background didn't line up, so I know what to strengthen?"
    ),
    Vagueness.COMPETITION: (
        "I understand it was a close decision. What did the successful candidate bring that I "
        "could work towards for next time?"
    ),
    Vagueness.SKILLS: (
        "That's helpful to hear. Which skill, or which part of the interview, would you "
        "suggest I work on first?"
    ),
    Vagueness.CULTURE: (
        "Thank you for telling me. Could you share what gave you that impression, so I can "
        "understand how I came across to the team?"
    ),
    Vagueness.POSITIVE: (
        "That's kind of you to say. If you had to pick one thing I could do better next time, "
        "what would it be?"
    ),
    Vagueness.OTHER: (
        "I appreciate you getting back to me. Is there one thing I could do differently that "
        "would make me a stronger candidate next time?"
    ),
}

THEME_PROBES: dict[Theme, str] = {
    Theme.TECHNICAL_SKILLS: (
        "That's helpful to hear. Was there a particular technical area, or a moment in the "
        "technical interview, that you'd suggest I work on first?"
    ),
    Theme.DOMAIN_EXPERIENCE: PROBES[Vagueness.EXPERIENCE],
    Theme.PROBLEM_SOLVING: (
        "Thank you. Could you point me to the part of the exercise where my approach fell "
        "short, so I can practise it?"
    ),
    Theme.COMMUNICATION: (
        "Thank you for that. An example would help me a lot: was there a particular answer "
        "where I could have been clearer or better structured?"
    ),
    Theme.CULTURE_FIT: PROBES[Vagueness.CULTURE],
    Theme.MOTIVATION: (
        "Thanks for letting me know. Was there something in how I talked about the role or "
        "the company that made my interest seem less clear than it is?"
    ),
    Theme.LEADERSHIP: (
        "Thank you. Is there a kind of leadership or ownership you would have wanted to hear "
        "more about from me?"
    ),
    Theme.PREPARATION: (
        "Thanks for being honest. Was there something about the company or the role you'd "
        "have expected me to know or ask about?"
    ),
    Theme.SENIORITY: (
        "Thank you. Which parts of the role's scope did you feel I wasn't yet ready for?"
    ),
    Theme.LOGISTICS: (
        "Thanks for explaining. Is that constraint fixed, or is there flexibility I could "
        "help with on my side?"
    ),
}

# which vagueness a broad theme label is
BROAD_VAGUENESS: dict[Theme, Vagueness] = {
    Theme.TECHNICAL_SKILLS: Vagueness.SKILLS,
    Theme.DOMAIN_EXPERIENCE: Vagueness.EXPERIENCE,
    Theme.PROBLEM_SOLVING: Vagueness.SKILLS,
    Theme.COMMUNICATION: Vagueness.SKILLS,
    Theme.CULTURE_FIT: Vagueness.CULTURE,
    Theme.MOTIVATION: Vagueness.OTHER,
    Theme.LEADERSHIP: Vagueness.SKILLS,
    Theme.PREPARATION: Vagueness.OTHER,
    Theme.SENIORITY: Vagueness.EXPERIENCE,
    Theme.LOGISTICS: Vagueness.OTHER,
}
