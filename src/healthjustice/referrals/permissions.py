from healthjustice.core.permissions import has_role, permissions
from healthjustice.organisations.models import Role

is_referrer = has_role(Role.REFERRER)
works_the_inbox = has_role(Role.ADVISER, Role.SUPERVISOR)

permissions.add_rule("referrals.refer", is_referrer)
permissions.add_rule("referrals.view_own", is_referrer)
permissions.add_rule("referrals.inbox", works_the_inbox)
# Which referrals a member sees at all is decided by the selectors (made by or to their
# organisation); which status moves each side may make is decided by the service.
permissions.add_rule("referrals.view", is_referrer | works_the_inbox)
permissions.add_rule("referrals.change_status", is_referrer | works_the_inbox)
# Whether the member works for the advice side of the referral, and whether it is still before
# the work starts, is the service's rule.
permissions.add_rule("referrals.record_contact", works_the_inbox)
permissions.add_rule("referrals.redirect", works_the_inbox)
