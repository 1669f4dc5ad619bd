"""The questions a welfare-rights adviser asks a GP or another clinician for medical evidence, one
set per purpose. An advice organisation's supervisors can change their own copy (an
`EvidenceTemplate`); until they do, these are the organisation's questions.

They follow what the decision maker has to decide: the PIP daily-living and mobility activities,
the work capability assessment's descriptors and "substantial risk" rules for ESA and Universal
Credit, a council's medical priority for rehousing, and what a First-tier Tribunal needs about the
date of the decision under appeal.
"""

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from healthjustice.collaboration.models import EvidencePurpose

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# A request may ask at most this many questions, each at most this long.
MAX_QUESTIONS = 30
MAX_QUESTION_LENGTH = 1000

_CONDITIONS = _("What conditions has the patient been diagnosed with, and when was each diagnosed?")
_TREATMENT = _(
    "What treatment and medication does the patient have now, including any side effects that "
    "affect their daily life, and any treatment they are waiting for?"
)
_VARIABILITY = _(
    "Do the patient's symptoms vary from day to day? Please describe a good day and a bad day, "
    "and how often bad days happen."
)

DEFAULT_QUESTIONS: "dict[str, list[StrPromise]]" = {
    EvidencePurpose.PIP: [
        _CONDITIONS,
        _TREATMENT,
        _("How long has the patient had these difficulties, and how long are they likely to last?"),
        _VARIABILITY,
        _(
            "Preparing food and eating and drinking: can the patient prepare a simple meal and eat "
            "and drink without help, prompting, supervision or aids?"
        ),
        _(
            "Managing treatments: does the patient need help or prompting to take medication, "
            "monitor their condition or manage therapy at home?"
        ),
        _(
            "Washing, bathing, dressing and using the toilet: does the patient need help, "
            "supervision or aids, and are there risks (for example falls or seizures)?"
        ),
        _(
            "Communicating, reading and understanding: does the patient need help to speak, "
            "hear, read or understand information?"
        ),
        _(
            "Mixing with other people and making decisions about money: do mental-health, "
            "cognitive or other conditions make these difficult?"
        ),
        _(
            "Planning and following journeys: can the patient plan and follow a journey on their "
            "own, and does going out cause them overwhelming distress?"
        ),
        _(
            "Moving around: about how far can the patient walk (in metres) safely, to an "
            "acceptable standard, as often as needed and in a reasonable time?"
        ),
        _(
            "What aids, adaptations or help from other people does the patient use or need (for "
            "example a walking aid, a perching stool, a carer)?"
        ),
        _("Is there anything else the decision maker should know about the patient's health?"),
    ],
    EvidencePurpose.WORK_CAPABILITY: [
        _CONDITIONS,
        _TREATMENT,
        _(
            "Physical functions: how far can the patient walk or self-propel a wheelchair, and "
            "can they stand, sit, reach, pick up and move objects, and use their hands?"
        ),
        _(
            "Does the patient have difficulty communicating, with continence, or staying "
            "conscious (for example seizures or blackouts)? How often?"
        ),
        _(
            "Mental, cognitive and intellectual functions: does the patient have difficulty "
            "learning tasks, noticing danger, starting and finishing tasks, coping with change, "
            "going out, or being with other people?"
        ),
        _VARIABILITY,
        _(
            "In your opinion, would there be a substantial risk to the patient's physical or "
            "mental health, or to anyone else's, if they were found capable of work or of "
            "work-related activity? Please explain."
        ),
        _(
            "Is the patient having, or waiting for, chemotherapy or radiotherapy, or are they "
            "expected to live less than 12 months?"
        ),
        _("How long are these effects expected to last?"),
    ],
    EvidencePurpose.HOUSING_PRIORITY: [
        _CONDITIONS,
        _(
            "How does the patient's current home affect their health (for example stairs, damp "
            "or mould, overcrowding, access to the bathroom or the way in)?"
        ),
        _(
            "Has the patient fallen, been admitted to hospital or been put at risk because of "
            "their current home?"
        ),
        _("Does the patient use a wheelchair or other mobility aid, indoors or outdoors?"),
        _(
            "What would the patient need in a home (for example ground floor or a lift, level "
            "access, a level-access shower, a room for an overnight carer)?"
        ),
        _(
            "Would moving to suitable housing significantly improve the patient's health, and "
            "how urgent is it?"
        ),
    ],
    EvidencePurpose.TRIBUNAL: [
        _(
            "What conditions has the patient been diagnosed with, when, and how long have they "
            "been under your care?"
        ),
        _TREATMENT,
        _(
            "What difficulties did the patient have at the date of the decision under appeal? "
            "The tribunal can only consider the situation at that date."
        ),
        _(
            "Is there anything in the assessment report that does not match your knowledge of "
            "the patient? Please say which parts and why."
        ),
        _VARIABILITY,
        _("What is the outlook for the patient's conditions?"),
        _("Are there letters from specialists or other records you can attach that support this?"),
    ],
    EvidencePurpose.OTHER: [
        _CONDITIONS,
        _("How do these conditions affect the patient's daily life?"),
        _TREATMENT,
        _("How long are these effects expected to last?"),
    ],
}


def default_questions(purpose: str) -> list[str]:
    """The product's questions for `purpose`, in the reader's language."""
    return [str(question) for question in DEFAULT_QUESTIONS[purpose]]


def questions_from_text(text: str) -> list[str]:
    """Questions typed one per line: blank lines dropped, spaces trimmed."""
    return [line.strip() for line in text.splitlines() if line.strip()]
