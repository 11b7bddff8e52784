"""Email rules on hand-written examples: every kind, the stage, the reason, hard negatives."""

from __future__ import annotations

import pytest

from nextround.analysis import RuleJudge, default_judge
from nextround.domain.errors import InvalidInput
from nextround.domain.model import EmailKind

JUDGE = RuleJudge()

R = EmailKind.REJECTION

# (text, kind, after_interview, gives_reason); after/reason only checked for rejections
REJECTIONS = {
    "ats-other-candidates": (
        "Hi Alex,\n\nThank you for applying to the Junior Data Analyst role at Brightwave. We "
        "have reviewed your application carefully and have decided to move forward with other "
        "candidates at this time.\n\nWe wish you every success in your job search.\n\n"
        "Brightwave Talent Team",
        False,
        False,
    ),
    "not-moving-forward-resume": (
        "Dear candidate, thanks for your interest in Northpeak Labs. After reviewing your "
        "resume, we will not be moving forward with your application. Best of luck with your "
        "search.",
        False,
        False,
    ),
    "british-unsuccessful": (
        "Dear Priya,\nThank you for your recent application for the post of Marketing "
        "Executive. I am sorry to let you know that on this occasion your application has not "
        "been successful. We had a great many applications and the standard was high.\n"
        "Kind regards,\nTom Hughes\nHR Officer",
        False,
        False,
    ),
    "british-regret-advise": (
        "We regret to advise that you have been unsuccessful in your application for our "
        "Graduate Scheme this year. We wish you well for the future.",
        False,
        False,
    ),
    "pursue-other-applicants": (
        "Hello Jordan, we appreciate you taking the time to apply with Fernway. Unfortunately, "
        "we've decided to pursue other applicants whose background more closely aligns with the "
        "needs of the team.",
        False,
        False,
    ),
    "after-call-no-reason": (
        "Hi Sam, thank you so much for taking the time to speak with our team last Thursday. "
        "It was a difficult decision, but we have chosen not to proceed with your candidacy. We "
        "genuinely enjoyed getting to know you.\n\nAll the best,\nRachel",
        True,
        False,
    ),
    "after-interview-named-gap": (
        "Thanks again for interviewing with us for the Backend Engineer position. The panel "
        "felt we need someone with deeper experience in distributed systems and Kafka, so we "
        "won't be moving forward.",
        True,
        True,
    ),
    "filled-internally-after-meeting": (
        "Thank you for the time you spent with our team. I wanted to let you know that the role "
        "has been filled internally, so we will not be progressing your application.",
        True,
        True,
    ),
    "requisition-on-hold": (
        "We are writing to let you know that the Product Designer requisition has been put on "
        "hold due to budget changes, so we are not able to continue with your candidacy.",
        None,
        True,
    ),
    "work-authorisation": (
        "Thank you for applying. Unfortunately this role requires candidates to be authorised "
        "to work in the UK without sponsorship, and we are unable to progress your application.",
        False,
        True,
    ),
    "overqualified": (
        "After reviewing your profile we felt you are overqualified for this junior position, "
        "and we have decided not to move forward.",
        False,
        True,
    ),
    "coding-test-score": (
        "Thank you for completing our online coding test. Unfortunately your score did not meet "
        "the threshold required to progress to the next stage.",
        True,
        True,
    ),
    "students-only": (
        "Thanks for applying. Our summer internship programme is open only to students "
        "currently enrolled in a degree, so we cannot consider your application.",
        False,
        True,
    ),
    "local-only": (
        "We're only considering candidates based in Berlin for this role, so we won't be "
        "taking your application any further.",
        False,
        True,
    ),
    "were-not-selected": (
        "Thank you for your interest. You were not selected for the Warehouse Associate position.",
        None,
        False,
    ),
    "different-direction": (
        "Hi Chris, after a lot of thought the team has decided to go in a different direction "
        "for this hire. Thank you for your patience throughout the interview process.",
        True,
        False,
    ),
    "offered-to-another": (
        "Thanks for meeting with us last week. The hiring manager has decided to offer the "
        "position to another candidate, who has accepted.",
        True,
        True,
    ),
    "not-inviting-to-interview": (
        "Thank you for your application. Unfortunately we will not be inviting you to "
        "interview for this role.",
        False,
        False,
    ),
    "candidacy-no-stage": (
        "Thank you for your interest in the Operations Manager role. We are no longer "
        "considering your candidacy.",
        None,
        False,
    ),
    "not-a-strong-match": (
        "Thank you for your interest in Korvo. We don't feel there is a strong match for this "
        "role at the moment, and we wish you luck.",
        None,
        False,
    ),
    "quoted-history-ignored": (
        "Hi,\n\nThanks for getting back to me. Sadly we've\nfilled the position with another "
        "candidate.\n\nOn Tue, 4 Mar 2025 at 10:02, Alex <alex@example.com> wrote:\n> Hi, could "
        "you tell me if you'd like to invite me to interview?",
        None,
        True,
    ),
    "pass-on-application": (
        "Hey Sam - quick note to say that we're going to pass on your application for now. We "
        "appreciate you reaching out!",
        False,
        False,
    ),
    "not-shortlisting-after-cv-review": (
        "We have reviewed your CV against the requirements of the role and will not be "
        "shortlisting you for interview.",
        False,
        False,
    ),
    "licence-required": (
        "Thanks for your application for the Nurse Practitioner role. Unfortunately we require "
        "applicants to hold a current state nursing licence, so we're unable to proceed.",
        False,
        True,
    ),
    "not-offering-after-final-interviews": (
        "Hi Maya, thank you for the lovely conversation on Monday. I'm afraid we won't be "
        "offering you the position this time.",
        True,
        False,
    ),
    "will-not-progress": (
        "We regret to inform you that your application will not progress.",
        False,
        False,
    ),
    "terse-status": (
        "Your application status for Field Technician has been updated: Not selected.",
        False,
        False,
    ),
}

OTHERS = {
    "reschedule-interview": (
        "Hi Alex, unfortunately our hiring manager is unwell, so we need to reschedule your "
        "interview planned for Friday. Could you let me know your availability next week?",
        EmailKind.INVITE,
    ),
    "regret-reschedule": (
        "We regret to inform you that we need to reschedule your interview to Thursday.",
        EmailKind.INVITE,
    ),
    "confirmation-if-not-selected": (
        "Thank you for applying to Quillby! We've received your application for Content "
        "Writer. Our team will review it over the next two weeks. If you are not selected for "
        "an interview, we will keep your CV on file for future vacancies.",
        EmailKind.CONFIRMATION,
    ),
    "confirmation-unsuccessful-not-contacted": (
        "Thanks for your application. Due to the volume we receive, only shortlisted "
        "candidates will be contacted; if you do not hear from us within 14 days, please assume "
        "your application has been unsuccessful.",
        EmailKind.CONFIRMATION,
    ),
    "assessment-received": (
        "Thank you for completing the assessment. We have received your submission and will "
        "be in touch shortly.",
        EmailKind.CONFIRMATION,
    ),
    "job-alert": (
        "New jobs for you: 12 new Data Analyst jobs in Manchester.\nSenior Data Analyst - "
        "Halcyon Bank\nApply now\nManage your job alerts or unsubscribe.",
        EmailKind.ALERT,
    ),
    "job-digest-listing": (
        "Software Engineer\nRemote\nData Engineer\nLeeds\nBackend Developer\nBristol\nQA "
        "Engineer\nCardiff\nPlatform Engineer\nYork",
        EmailKind.ALERT,
    ),
    "recruiter-outreach": (
        "Hi Morgan, I'm a technical recruiter at Skyforge. Your background in payments caught "
        "my eye and I think you could be a strong fit for a Staff Engineer opening on our "
        "platform team. Would you be open to a 20-minute call this week?",
        EmailKind.OUTREACH,
    ),
    "recruiter-follow-up": (
        "Hi Dee, just following up on my previous email about the Analytics Lead role at my "
        "client. Let me know if you're interested!",
        EmailKind.OUTREACH,
    ),
    "referral-request": (
        "Hey! We're growing our data team at Lumen and I wondered if you could refer anyone who "
        "might be interested. Our referral bonus is generous.",
        EmailKind.OUTREACH,
    ),
    "offer": (
        "Congratulations! We are thrilled to extend you an offer for the position of UX "
        "Researcher. Your offer letter with the compensation details is attached.",
        EmailKind.OFFER,
    ),
    "pre-offer-references": (
        "Great news - the team would like to move forward with an offer! Before we finalise "
        "it, could you send two references for a reference check?",
        EmailKind.OFFER,
    ),
    "invite-final-round": (
        "We'd like to invite you to a final round interview onsite with the team. Please book "
        "a time using the link below.",
        EmailKind.INVITE,
    ),
    "interview-reminder": (
        "Reminder: your video interview with Orbis is scheduled for tomorrow at 10:00. The Zoom "
        "link is below.",
        EmailKind.INVITE,
    ),
    "assessment-invitation": (
        "Thanks for your application to Veltrix. As a next step, please complete the HackerRank "
        "coding challenge within five days.",
        EmailKind.INVITE,
    ),
    "newsletter": (
        "This week in product: five lessons from our design sprint, a webinar on roadmaps, and "
        "20% off annual plans. Unsubscribe at any time.",
        EmailKind.OTHER,
    ),
    "verify-account": (
        "Please verify your email address to finish creating your candidate account on our "
        "careers portal.",
        EmailKind.OTHER,
    ),
    "withdrawal-acknowledged": (
        "This confirms that you have withdrawn your application for the Sales Associate role. "
        "We wish you the best in your future endeavours.",
        EmailKind.OTHER,
    ),
    "candidate-chose-not-to-continue": (
        "We're sorry to hear that you have decided not to continue with your application. "
        "Best of luck in your search.",
        EmailKind.OTHER,
    ),
    "shipping-notice": (
        "Your order #12345 has shipped and will arrive on Tuesday.",
        EmailKind.OTHER,
    ),
    "refused-loan": (
        "Subject: Your loan application\n\nThank you for applying for a car loan. Unfortunately "
        "we are unable to approve your application at this time.",
        EmailKind.OTHER,
    ),
    "declined-claim": (
        "We regret to inform you that your insurance claim has been declined.",
        EmailKind.OTHER,
    ),
    "membership-status-line": (
        "Membership application status: Rejected. We regret that the club cannot offer you "
        "membership this year.",
        EmailKind.OTHER,
    ),
    "property-bid": (
        "Your bid for property ref HB-22917 (2 bed flat) was unsuccessful. Keep bidding.",
        EmailKind.OTHER,
    ),
    "journal-submission": (
        "Thank you for submitting your manuscript to the journal. Unfortunately the editors "
        "have decided not to proceed with it.",
        EmailKind.OTHER,
    ),
}

# terse portal status lines: (text, gives_reason)
STATUS_LINES = {
    "outcome-unsuccessful": ("Subject: Your application\nOutcome: Unsuccessful", False),
    "changed-to": (
        "Your application status for Ward Clerk has changed to Unsuccessful.",
        False,
    ),
    "stage-declined": ("Stage: Declined. Thank you for applying to Acme.", False),
    "result-not-progressed": ("Result: Not progressed", False),
    "position-filled": ("Subject: Update on Software Engineer\nPosition filled", True),
    "updated-to-vacancy-closed": (
        "The status of your application for Clinical Coder (Req 9120) has been updated to: "
        "Vacancy closed - not selected.",
        True,
    ),
    "a-line-of-its-own": (
        "Subject: Your application\n\nUnsuccessful - thank you for applying.\n\n"
        "Vacancy: Library Assistant",
        False,
    ),
    "did-not-progress": ("Stage: Screening Outcome: Did not progress", False),
    # said in passing, the role's status is the reason
    "job-filled-in-passing": ("ah no, that job's been filled now! thanks for asking", True),
    "fully-staffed": ("Thanks for dropping your CV in but we're fully staffed for summer.", True),
    "job-pulled": ("Sorry, we've had to pull the weekend waitress job over winter.", True),
    # a job word keeps a rejection that mentions a permit a rejection
    "job-needs-permit": (
        "Thanks for applying for the Forklift Operator job. Unfortunately we need someone who "
        "already holds a work permit, so we will not be moving forward with your application.",
        None,
    ),
}


@pytest.mark.parametrize(
    ("text", "gives_reason"), list(STATUS_LINES.values()), ids=list(STATUS_LINES)
)
def test_terse_status_lines_are_rejections(text: str, gives_reason: bool | None) -> None:
    judgement = JUDGE.judge_email(text)
    assert judgement.kind is R
    if gives_reason is not None:
        assert judgement.gives_reason is gives_reason


@pytest.mark.parametrize(
    ("text", "after", "gives_reason"), list(REJECTIONS.values()), ids=list(REJECTIONS)
)
def test_rejections_are_recognised_with_stage_and_reason(
    text: str, after: bool | None, gives_reason: bool
) -> None:
    judgement = JUDGE.judge_email(text)
    assert judgement.kind is R
    assert judgement.is_rejection
    assert judgement.after_interview is after
    assert judgement.gives_reason is gives_reason
    assert (judgement.reason is not None) is gives_reason


@pytest.mark.parametrize(("text", "kind"), list(OTHERS.values()), ids=list(OTHERS))
def test_non_rejections_get_their_kind(text: str, kind: EmailKind) -> None:
    judgement = JUDGE.judge_email(text)
    assert judgement.kind is kind
    assert not judgement.is_rejection
    assert judgement.after_interview is None
    assert not judgement.gives_reason
    assert judgement.reason is None


def test_reason_is_the_sentence_that_gives_it() -> None:
    judgement = JUDGE.judge_email(
        "Hi Jo,\n\nThank you for your time last week. Unfortunately the position has now been "
        "filled. We wish you well.\n\nBest,\nKim"
    )
    assert judgement.reason == "Unfortunately the position has now been filled."


def test_comparative_rationale_is_not_a_reason_even_after_interview() -> None:
    judgement = JUDGE.judge_email(
        "Thank you for interviewing with us. We have decided to move forward with candidates "
        "whose experience more closely matches the requirements of the role."
    )
    assert judgement.is_rejection
    assert judgement.after_interview is True
    assert not judgement.gives_reason


def test_equal_opportunity_boilerplate_is_not_a_reason() -> None:
    judgement = JUDGE.judge_email(
        "Unfortunately we will not be moving forward with your application.\n\nWe are an equal "
        "opportunity employer and consider applicants without regard to citizenship, "
        "disability or veteran status."
    )
    assert judgement.is_rejection
    assert not judgement.gives_reason


def test_subject_is_used_for_kind_and_entities() -> None:
    judgement = JUDGE.judge_email(
        "Hello Sam, please choose a slot that suits you.",
        subject="Interview invitation - Data Analyst at Acme Corp",
    )
    assert judgement.kind is EmailKind.INVITE
    assert judgement.company == "Acme Corp"
    assert judgement.role == "Data Analyst"


def test_a_leading_subject_line_is_split_off() -> None:
    judgement = JUDGE.judge_email(
        "Subject: Your application to Globex\n\nUnfortunately we have decided not to proceed."
    )
    assert judgement.is_rejection
    assert judgement.company == "Globex"


def test_a_lone_regret_is_a_rejection_with_modest_confidence() -> None:
    judgement = JUDGE.judge_email("We regret to inform you about the outcome of your application.")
    assert judgement.is_rejection
    assert judgement.confidence < 0.7


def test_confidence_reflects_cue_strength() -> None:
    clear = JUDGE.judge_email(
        "We regret to inform you that your application was unsuccessful. We have decided to "
        "move forward with other candidates."
    )
    faint = JUDGE.judge_email("Unfortunately, after careful consideration. Best of luck.")
    nothing = JUDGE.judge_email("See you at the barbecue on Saturday!")
    assert clear.confidence > faint.confidence >= nothing.confidence
    assert nothing.kind is EmailKind.OTHER
    assert 0.0 <= nothing.confidence <= 0.3


def test_non_english_text_gets_low_confidence() -> None:
    judgement = JUDGE.judge_email(
        "Gracias por su interés en nuestra empresa. Lamentablemente hemos decidido continuar "
        "con otros candidatos para este puesto. Le deseamos mucho éxito."
    )
    assert judgement.confidence <= 0.3


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n", "Subject:   \n"])
def test_empty_email_is_invalid_input(text: str) -> None:
    with pytest.raises(InvalidInput, match="is empty"):
        JUDGE.judge_email(text)


def test_judge_text_limits_only_a_bounded_prefix_is_judged() -> None:
    filler = "Here is a note about our office garden and the new coffee machine. " * 160_000
    text = filler + "Unfortunately, we have decided to move forward with other candidates."
    assert len(text) > 10_000_000
    judgement = JUDGE.judge_email(text)
    assert not judgement.is_rejection  # the cue lies far beyond the judged prefix


@pytest.mark.parametrize("text", [". " * 15_000, "a " * 15_000, "Acme " * 6_000, "> q\n" * 8_000])
def test_pathological_text_is_judged(text: str) -> None:
    # a pattern that backtracks without end would hang here; how fast it is, bench/ says
    judged = JUDGE.judge_email(text, sender="x" * 100_000)
    assert 0.0 <= judged.confidence <= 1.0


@pytest.mark.parametrize(
    ("text", "after_interview"),
    [
        (
            "Dear Morgan, the warehouse supervisor role which you interviewed for has now "
            "been filled. Thank you again.",
            True,
        ),
        (
            "Thank you for applying for our dental nurse vacancy. At the moment we are not "
            "hiring a dental nurse after all, so we cannot take your application further.",
            False,
        ),
    ],
)
def test_terse_role_status_rejections_give_their_reason(
    text: str, after_interview: bool | None
) -> None:
    judgement = default_judge().judge_email(text)
    assert judgement.is_rejection
    assert judgement.gives_reason  # the role is filled, or not being hired for
    assert judgement.after_interview is after_interview
