"""The phrasings the linter looks for, as loose patterns rather than template strings.

They must recognise a message the user wrote themselves, so each pattern
names a *family* of phrasings ("understand ... decision", "respect ...
choice", "accept ... outcome") rather than any sentence our templates use.
Matching is case-insensitive and runs on text whose curly apostrophes have
been straightened.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

GREETING = re.compile(
    r"^(?:hi|hello|hey|hiya|dear|good\s+(?:morning|afternoon|evening|day)|greetings"
    r"|to whom it may concern)\b",
    _I,
)

THANKS = re.compile(r"\b(?:thank(?:s|ing|\s+you)?|thx|grateful|gratitude)\b", _I)

APPRECIATION = re.compile(
    r"\b(?:appreciat\w*|enjoy\w*|pleasure|valued?|glad|delighted|impressed|grateful"
    r"|learn(?:ed|t) a lot|inspiring|insightful|stayed with me|stuck with me"
    r"|(?:really|genuinely|truly) liked"
    r"|(?:great|good|lovely|nice|wonderful|fascinating|interesting)\s+"
    r"(?:to\s+(?:meet|speak|talk|hear|learn)|meeting|speaking|talking|conversation|discussion|chat))\b",
    _I,
)

MEMORY_CUES = re.compile(
    r"\b(?:we\s+(?:discussed|talked|spoke|chatted|covered|went\s+through|got\s+into|dug\s+into"
    r"|looked\s+at|explored)"
    r"|(?:our|the)\s+(?:conversation|discussion|chat|talk|exchange)[\s,]+(?:\w+[\s,]+){0,2}?"
    r"(?:about|on|of|around|regarding)"
    r"|when\s+we\s+(?:spoke|talked|discussed|met)"
    r"|you\s+(?:mentioned|told\s+me\s+about|described|explained|asked\s+me\s+about|walked\s+me\s+through)"
    r"|discussing|talking\s+about|hearing\s+about)\b",
    _I,
)

_DECISION_TARGET = (
    r"(?:decision|choice|outcome|chose|chosen|choosing|selected|gone\s+(?:with|another|a\s+different)"
    r"|went\s+(?:with|another|a\s+different)|another\s+(?:candidate|person|applicant|direction)"
    r"|someone\s+else|other\s+candidate|successful\s+candidate|policy"
    r"|(?:better|more)[\s-]+suited|found\s+(?:a|an|someone|another|the)\b"
    r"|you\s+(?:can't|cannot|can\s+not|don't|do\s+not|aren't|are\s+not|won't|weren't)"
    r"|that\s+(?:feedback|you\s+(?:can't|cannot|don't|do\s+not))|feedback\s+isn't)"
)

ACCEPTS = re.compile(
    r"\b(?:understand|respect|accept|appreciate)\w*\b[^.?!\n]{0,60}?\b" + _DECISION_TARGET + r"\b"
    r"|\bno\s+hard\s+feelings\b|\bfair\s+enough\b"
    r"|\b(?:not|n't)\s+(?:asking|trying|writing|calling|hoping|looking)\s+(?:you\s+)?to\s+"
    r"(?:change|revisit|reconsider|reverse|overturn|argue|challenge)"
    r"|\bnot\s+to\s+(?:argue|change|revisit|challenge|dispute)",
    _I,
)

NEGATION_BEFORE = re.compile(r"\b(?:not|never|cannot|hardly)\s*$|n't\s*$", _I)

IMPROVE = re.compile(
    r"\b(?:work\s+on|improve\w*|do\s+(?:differently|better)|could\s+have\s+done"
    r"|made\s+the\s+difference|make\s+the\s+difference|tipped|what\s+was\s+missing|held\s+me\s+back"
    r"|f[ae]ll\s+short|weak(?:ness|nesses|er|est)?|develop|strengthen|focus\s+on|get\s+better"
    r"|areas?\s+(?:to|for|of|where|i)|feedback|pointers?|advice|suggestions?|in\s+my\s+shoes"
    r"|next\s+time|distinguished|set\s+\w+\s+apart|stronger|unsuitable)\b",
    _I,
)

REQUEST_MARKERS = re.compile(
    r"\b(?:could\s+you|would\s+you|can\s+you|will\s+you|might\s+i|may\s+i|could\s+i"
    r"|i(?:'d|\s+would)\s+(?:love|like|be\s+grateful|value|appreciate|welcome|be\s+glad)"
    r"|i(?:'m|\s+am)\s+(?:keen|eager|curious|hoping)|if\s+you\s+(?:could|can|have|are\s+able|do)"
    r"|please|let\s+me\s+know|any\s+chance|welcome|would\s+(?:help|mean|be\s+(?:great|helpful|useful"
    r"|appreciated|valuable))|grateful\s+for)\b",
    _I,
)

SPECIFICS = re.compile(
    r"\b(?:particular(?:ly)?|specific(?:ally)?|which|example|one\s+thing|exactly|in\s+what\s+way"
    r"|what\s+kind|concrete(?:ly)?|one\s+area|main\s+thing|biggest|what\s+did\s+.{0,60}\bbring)\b",
    _I,
)

EASY_OUT = re.compile(
    r"\b(?:no\s+(?:worries|pressure|problem|obligation|need\s+to\s+(?:reply|respond|answer|call))"
    r"|(?:completely|totally|perfectly|entirely|quite|fully)\s+(?:fine|understand\w*|ok(?:ay)?)"
    r"|if\s+you(?:'d|\s+would)\s+(?:rather|prefer)\s+not|(?:prefer|rather)\s+not\s+to"
    r"|if\s+(?:you're|you\s+are)\s+(?:too\s+)?busy|if\s+(?:it's|that's|this\s+is|that\s+is|it\s+is)\s+"
    r"not\s+possible|(?:i|i'd|i\s+would)\s+(?:understand|get\s+it)\s+if|either\s+way"
    r"|if\s+not|if\s+(?:now|this)\s+(?:isn't|is\s+not)\s+a\s+good\s+time|don't\s+feel\s+obliged"
    r"|only\s+if\s+you\s+have\s+(?:time|a\s+moment)|whenever\s+(?:suits|works|you\s+can)"
    r"|leave\s+it\s+there)\b",
    _I,
)

DOOR_OPEN = re.compile(
    r"\b(?:future\s+(?:roles?|opportunit\w+|openings?|positions?|vacanc\w+)|keep\s+me\s+in\s+mind"
    r"|kept\s+in\s+mind|be\s+considered|paths\s+cross|(?:stay|keep)\s+in\s+touch|door\s+open"
    r"|down\s+the\s+(?:line|road)|in\s+(?:the\s+)?future|re-?apply|apply\s+again|talk\s+again"
    r"|another\s+(?:conversation|chat|look)|(?:a\s+)?further\s+conversation|second\s+conversation"
    r"|open\s+to\s+(?:another|a\s+further|a\s+second|talking|speaking))\b",
    _I,
)

ACKNOWLEDGES = re.compile(
    r"\b(?:your\s+(?:\w+\s+)?(?:feedback|comments?|reply|answer|honesty|candou?r|input|insights?"
    r"|perspective|thoughts|pointers?|advice|guidance)"
    r"|what\s+you\s+(?:said|shared|mentioned|told\s+me|pointed\s+out|wrote|noted|raised)"
    r"|you\s+(?:mentioned|pointed\s+out|noted|flagged|raised|explained|were\s+(?:honest|candid|clear|frank))"
    r"|(?:candid|honest|frank|clear|specific|straightforward|useful|helpful)\s+"
    r"(?:about|feedback|answer|reply|pointer|guidance)"
    r"|the\s+feedback|feedback\s+(?:on|about|regarding))\b",
    _I,
)

EVIDENCE = re.compile(
    r"\b(?:since\s+(?:we\s+spoke|our\s+(?:conversation|call|interview|chat)|then)"
    r"|i(?:'ve|\s+have)\s+(?:since|now|recently|also|already)"
    r"|i\s+(?:led|built|ran|run|shipped|completed|earned|delivered|managed|passed|wrote|designed"
    r"|launched|finished|took|gained|obtained|set\s+up|created|migrated|grew|owned)"
    r"|for\s+(?:example|instance)|certif\w*|portfolio|case\s+study|attached|a\s+link|here\s+is"
    r"|here's|on\s+that\s+(?:point|front)|in\s+that\s+regard|evidence"
    r"|i\s+can\s+(?:show|point\s+to|share|demonstrate)|(?:happy|glad)\s+to\s+(?:show|share|walk|demo)"
    r"|(?:\d+|several|many)\s+(?:years|months)\s+(?:of|with|working))\b",
    _I,
)

PLANS = re.compile(
    r"\bi(?:'ll|\s+will|\s+am\s+going\s+to|'m\s+going\s+to|\s+plan\s+to|\s+intend\s+to|\s+aim\s+to)"
    r"\s+(?!be\b|not\b|never\b)\w+"
    r"|\bi(?:'m|\s+am)\s+(?:planning|working\s+on|starting|signing\s+up|taking|booking|putting"
    r"|focusing)\b|\bmy\s+plan\s+is\b|\bgoing\s+forward\b|\bfrom\s+now\s+on\b"
    r"|\bi(?:'ve|\s+have)\s+(?:already\s+)?(?:started|signed\s+up|booked|enrolled|begun)\b",
    _I,
)

VALEDICTION = (
    r"(?:best(?:\s+regards|\s+wishes)?|kind(?:est)?\s+regards|warm(?:est)?\s+(?:regards|wishes)"
    r"|regards|many\s+thanks|thanks(?:\s+again|\s+so\s+much|\s+a\s+lot|\s+in\s+advance"
    r"|\s+either\s+way)?|thank\s+you(?:\s+again|\s+so\s+much)?"
    r"|with\s+(?:thanks|gratitude|appreciation|best\s+(?:regards|wishes))"
    r"(?:\s+and\s+(?:best|kind)\s+regards)?|cheers|sincerely|yours(?:\s+sincerely|\s+faithfully"
    r"|\s+truly)?|all\s+the\s+best|take\s+care|talk\s+soon|speak\s+soon|respectfully|gratefully"
    r"|warmly)"
)

VALEDICTION_LINE = re.compile(rf"^{VALEDICTION}\s*[,.!]?$", _I)
VALEDICTION_AND_NAME = re.compile(rf"^(?:[-–—]+\s*)?{VALEDICTION}\s*[,\-–—]\s*(?P<name>.+)$", _I)
DASH_NAME = re.compile(r"^[-–—~]+\s*(?P<name>.+)$")
SELF_INTRODUCTION = re.compile(
    r"\b(?:this\s+is|it's|it\s+is|my\s+name\s+is|i'm|i\s+am)\s+(?P<name>[^\W\d_][\w'.-]*)", _I
)
CONTACT_LINE = re.compile(
    r"@|https?://|www\.|linkedin\.com|^\+?[\d\s().-]{7,}$|^(?:tel|phone|mobile|email)\b", _I
)

DEFENSIVE = re.compile(
    r"\bi\s+(?:don't|do\s+not|can't|cannot|fail\s+to)\s+(?:understand|see)\s+why\b"
    r"|\bi\s+(?:was|am|'m)\s+(?:clearly|obviously|definitely|certainly|surely)\s+"
    r"(?:the\s+)?(?:best|strongest|most\s+qualified|better|more\s+qualified|right)"
    r"|\bi(?:'m|\s+am|\s+was)\s+(?:more\s+than|over|more|far\s+more|much\s+more)\s+qualified"
    r"|\b(?:you(?:'ve|\s+have)?|you\s+guys)\s+(?:made|are\s+making)\s+a\s+(?:big\s+|huge\s+|serious\s+"
    r"|terrible\s+)?mistake|\b(?:decision|choice)\s+(?:was|is)\s+a\s+mistake"
    r"|\b(?:that's|that\s+is|it's|it\s+is|this\s+is)\s+(?:just\s+|simply\s+|really\s+|so\s+)?"
    r"(?:not\s+fair|unfair|ridiculous|absurd)|\bunfair(?:ly)?\b|\bi\s+deserved?\b"
    r"|\bi\s+(?:can't|cannot)\s+believe\b|\bhow\s+could\s+you\b|\bwaste\s+of\s+(?:my\s+)?time\b"
    r"|\byou\s+(?:chose|picked|hired|made|got\s+it)\s+(?:the\s+)?wrong\b"
    r"|\bwrong\s+(?:choice|decision|call|candidate|person)\b"
    r"|\bin\s+my\s+defen[cs]e\b|\byou\s+(?:didn't|did\s+not)\s+(?:even\s+)?"
    r"(?:give\s+me|read|look|listen)\b",
    _I,
)

ARGUMENTATIVE = re.compile(
    r"\bi\s+(?:disagree|don't\s+agree|do\s+not\s+agree)\b|\bwith\s+(?:all\s+)?(?:due\s+)?respect\b"
    r"|\b(?:you\s+(?:should|must|need\s+to|ought\s+to|have\s+to)|please)\s+"
    r"(?:reconsider|rethink|revisit|re-?evaluate|review\s+(?:my|the|your))"
    r"|\byou(?:'re|\s+are|\s+were)\s+(?:wrong|mistaken)\b"
    r"|\b(?:that|this)\s+(?:is|was)\s+(?:simply\s+)?(?:wrong|incorrect|untrue)\b"
    r"|\bi(?:'d|\s+would)\s+like\s+to\s+(?:appeal|challenge|contest|dispute)\b"
    r"|\b(?:appeal|contest|dispute|challenge)\s+(?:the|your|this)\s+decision\b"
    r"|\bbut\s+i\s+(?:really\s+|actually\s+|clearly\s+|certainly\s+)?(?:do|did)\s+have\b"
    r"|\bin\s+fact\s+i\s+(?:do|did|have)\b",
    _I,
)

PUSHY = re.compile(
    r"\bi\s+(?:expect|demand|insist)\b|\basap\b|\bas\s+soon\s+as\s+possible\b|\burgent(?:ly)?\b"
    r"|\bimmediately\b|\bwithout\s+delay\b|\bprompt\s+(?:reply|response|answer)\b"
    r"|\bi\s+need\s+(?:an?|your|the)\s+(?:answer|response|reply|explanation)"
    r"|\b(?:reply|respond|answer|get\s+back\s+to\s+me|hear\s+back)\s+(?:\w+\s+){0,3}?by\s+"
    r"(?:tomorrow|tonight|today|end\s+of|eod|cob|monday|tuesday|wednesday|thursday|friday|\d)"
    r"|\bi(?:'ll|\s+will)\s+(?:call|phone|ring|email|try|contact|chase)\s+(?:you\s+)?"
    r"(?:again\s+)?(?:tomorrow|every|daily|until)"
    r"|\bi(?:'ll|\s+will)\s+keep\s+(?:calling|emailing|trying|chasing|following\s+up)\b"
    r"|\byou\s+(?:must|have\s+to|need\s+to)\s+(?:reply|respond|answer|tell|explain|give|get\s+back"
    r"|provide|send)\b|\bi(?:'m|\s+am)\s+still\s+waiting\b"
    r"|\bwhy\s+(?:haven't|have\s+not)\s+you\b|\bfailure\s+to\s+respond\b|!{2,}|\?{2,}",
    _I,
)

QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"")
