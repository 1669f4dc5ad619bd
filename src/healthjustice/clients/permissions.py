from healthjustice.core.permissions import has_role, permissions
from healthjustice.organisations.models import Role

# The people who work with clients: clinicians who refer, advisers and their supervisors. Which
# clients they see at all is decided by the selectors (their own organisation's only).
works_with_clients = has_role(Role.REFERRER, Role.ADVISER, Role.SUPERVISOR)

permissions.add_rule("clients.view", works_with_clients)
permissions.add_rule("clients.manage", works_with_clients)
