"""Medical evidence on paper: the letter an adviser drafted for the clinician to check and sign,
and the clinician's structured answers as they go into the case file."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from healthjustice.collaboration.models import EvidenceRequest
from healthjustice.collaboration.selectors.evidence import client_details_shown


def _pdf(html: str) -> bytes:
    # Imported here: WeasyPrint needs Pango, and the rest of the service runs without it.
    import weasyprint

    return weasyprint.HTML(string=html, base_url=settings.SITE_URL).write_pdf(
        pdf_variant="pdf/ua-1"
    )


def _context(evidence: EvidenceRequest) -> dict[str, object]:
    return {
        "evidence": evidence,
        "client": client_details_shown(evidence.client_details),
        "questions_and_answers": list(
            zip(
                evidence.questions,
                [*evidence.answers, *[""] * (len(evidence.questions) - len(evidence.answers))],
                strict=False,
            )
        ),
        "printed_on": timezone.localdate(),
    }


def draft_letter_pdf(evidence: EvidenceRequest) -> bytes:
    """The adviser's draft, headed with who it is about and what it is for, with room to sign."""
    return _pdf(render_to_string("collaboration/evidence_draft_pdf.jinja", _context(evidence)))


def answers_pdf(evidence: EvidenceRequest) -> bytes:
    """Each question with the clinician's answer, signed off with who answered and when."""
    return _pdf(render_to_string("collaboration/evidence_answers_pdf.jinja", _context(evidence)))
