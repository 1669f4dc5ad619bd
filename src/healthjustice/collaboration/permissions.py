"""Who may take part in which collaboration activity. Which records a member sees at all is
decided by the selectors: their own organisation's, and what was addressed to it."""

from healthjustice.core.permissions import has_role, permissions
from healthjustice.organisations.models import Role

works_cases = has_role(Role.ADVISER, Role.SUPERVISOR)
refers = has_role(Role.REFERRER)
works_with_clients = has_role(Role.REFERRER, Role.ADVISER, Role.SUPERVISOR)
coordinates = has_role(Role.COORDINATOR)

# Medical evidence: advisers ask for it, clinicians answer it.
permissions.add_rule("collaboration.request_evidence", works_cases)
permissions.add_rule("collaboration.answer_evidence", refers)
# Consultations and the information-exchange log: the professionals on either side.
permissions.add_rule("collaboration.consult", works_with_clients)
permissions.add_rule("collaboration.view_exchanges", works_with_clients)
# Feedback both ways: the referrer rates the service; the adviser marks a referral not appropriate.
permissions.add_rule("collaboration.rate_service", refers)
permissions.add_rule("collaboration.mark_not_appropriate", works_cases)
# Templates of evidence questions are the advice organisation's; supervisors keep them.
permissions.add_rule("collaboration.manage_templates", has_role(Role.SUPERVISOR))
# The analytics and the thresholds behind the engagement levels.
permissions.add_rule("collaboration.view_analytics", coordinates)
