"""Who may do what with the case file. Only the advice organisation's advisers and supervisors
work cases; which cases a member sees at all is decided by the selectors (their organisation's).
Nobody on the health side holds any of these permissions: privileged notes and documents are
never theirs to read."""

from healthjustice.core.permissions import has_role, permissions
from healthjustice.organisations.models import Role

works_cases = has_role(Role.ADVISER, Role.SUPERVISOR)
is_supervisor = has_role(Role.SUPERVISOR)

permissions.add_rule("casework.view", works_cases)
permissions.add_rule("casework.open", works_cases)
permissions.add_rule("casework.change", works_cases)
permissions.add_rule("casework.supervise", is_supervisor)
