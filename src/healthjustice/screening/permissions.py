from healthjustice.core.permissions import has_role, permissions
from healthjustice.organisations.models import Role

# Screening is part of seeing a client: the clinicians who refer and the advisers who triage.
permissions.add_rule("screening.screen", has_role(Role.REFERRER, Role.ADVISER, Role.SUPERVISOR))
