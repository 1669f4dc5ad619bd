"""Every page of the product, as each demo user and signed out, in a real browser.

Each page is checked with axe against WCAG 2.2 A/AA (zero violations) and for Content Security
Policy violations, script errors and missing resources. Pages are found by following links, so a
page added to the product and linked from another is checked without a change here; the last
test fails if any route of the URL configuration was not reached.

The tests share one running product and keep state between them on purpose (a signed-in browser
context per user, a password reset to the same password, two-factor sign-in turned on for one
user), so run the module as a whole and in order, as pytest does by default.
"""

import base64
import hmac
import re
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import URLPattern, URLResolver, get_resolver
from playwright.sync_api import expect

from healthjustice.casework import wellbeing
from healthjustice.core.demo import demo_id, demo_reference
from tests.browser.support import (
    NO_ROUTE,
    Coverage,
    DemoLogin,
    Product,
    Tab,
    demo_logins,
    sign_in,
    view_name,
)

pytestmark = pytest.mark.browser

# What the home page shows for each role (by the role's label in `healthjustice demo-users`).
ROLE_HEADINGS = {
    "Referrer (clinician)": "Where you can refer patients",
    "Adviser": "Your advice services and who refers to them",
    "Supervisor": "Advisers you supervise",
    "Partnership coordinator": "Your partnerships",
    "Organisation admin": "Running your organisation",
    "Funder viewer": "What you fund",
}
EVERY_MEMBER_REACHES = {
    "core:home",
    "accounts:account",
    "accounts:two_factor_setup",
    "accounts:password_change",
    "organisations:organisation_detail",
    "organisations:partnership_list",
    "organisations:partnership_detail",
}
ORGANISATION_ADMIN_REACHES = {
    "core:audit_log",
    "organisations:organisation_edit",
    "organisations:member_list",
    "organisations:member_add",
    "organisations:member_edit",
}
# Forms that, sent without filling anything in, must answer with an error summary and change
# nothing. Edit forms are left out: sent as they are, they would save. So are forms that a page
# may show filled in or not at all, depending on the case a crawl finds (wellbeing answers, a
# summary to share, a hold): the casework journey sends those empty on a case of its own.
EMPTY_SUBMISSION_SHOWS_ERRORS = {
    "accounts:password_change",
    "accounts:two_factor_setup",
    "organisations:site_create",
    "organisations:team_create",
    "organisations:service_create",
    "organisations:member_add",
    "organisations:partnership_create",
    "organisations:partnership_member_add",
    "organisations:pathway_create",
    "organisations:funding_create",
    "referrals:referral_create",
    "casework:case_open",
    "casework:issue_add",
    "casework:outcome_add",
    "casework:deadline_add",
    "casework:document_add",
    "casework:case_close",
}
# Routes that only answer a form's POST; the tests press their buttons.
POST_ONLY = {
    "accounts:sign_out",
    "accounts:switch_organisation",
    "set_language",
    "referrals:referral_transition",
    "accounts:preferences",
    "referrals:contact_attempt_create",
    "casework:deadline_complete",
    "collaboration:evidence_accept",
    "collaboration:consultation_reply",
    "collaboration:consultation_close",
    "collaboration:consultation_reopen",
}
# Routes no browser test requests, and why.
NOT_REQUESTED = {
    "organisations:member_end_sessions": "would sign a demo user out of the sessions kept here",
    "self_referral:poster": "a PDF, not a page: tests/referrals/test_poster.py checks it",
    "referrals:attachment_download": (
        "a file download, not a page: tests/referrals/test_attachments.py checks it"
    ),
    "casework:document_download": (
        "a file download, not a page: tests/casework/test_records.py checks it"
    ),
    "collaboration:evidence_draft_pdf": (
        "a PDF, not a page: tests/collaboration/test_evidence_answers.py checks it"
    ),
    "collaboration:evidence_letter_download": (
        "a file download, not a page: tests/collaboration/test_evidence_answers.py checks it"
    ),
    "screening:partnership_questionnaire_choose": (
        "the demo partnerships have only the default questionnaire, so there is nothing to choose;"
        " tests/screening/test_partnership_questionnaires.py covers choosing"
    ),
}
WHOLE_SUITE = {
    "test_signed_out_pages",
    "test_switch_organisation",
    "test_welsh",
    "test_two_factor_sign_in",
    "test_refer_and_accept",
    "test_self_referral_in_welsh",
    "test_screen_consent_and_refer_a_new_patient",
    "test_adviser_casework_journey",
    "test_client_feedback_in_welsh",
    "test_evidence_request_and_consultation_journey",
    *(f"test_demo_login[{login.email}]" for login in demo_logins()),
}


def test_the_checks_catch_problems(open_tab: Callable[..., Tab]) -> None:
    """The checker itself: an image without a text alternative and an inline style are found."""
    tab = open_tab()
    tab.goto("/accessibility/")
    tab.page.locator("main h1").evaluate(
        "h1 => h1.insertAdjacentHTML('afterend', "
        '\'<img src="/static/build/images/favicon.svg"><p style="color: red">Inline</p>\')'
    )
    tab.scan()
    with pytest.raises(AssertionError) as failure:
        tab.assert_no_problems()
    report = str(failure.value)
    assert "image-alt" in report
    assert "Content Security Policy" in report


def test_signed_out_pages(
    open_tab: Callable[..., Tab], product: Product, coverage: Coverage
) -> None:
    """The start page, the public pages, signing in and resetting a password, and error pages."""
    tab = open_tab()
    page = tab.page
    tab.goto("/")
    assert tab.heading() == "Welfare-rights advice where patients already receive care"
    expect(page.locator("header").get_by_role("link", name="Sign in")).to_be_visible()
    tab.scan()

    footer_links = page.locator("footer a").evaluate_all("links => links.map(a => a.href)")
    assert len(footer_links) == 3
    for href in footer_links:
        tab.goto(urlsplit(href).path)
        assert tab.heading()
        tab.scan()

    tab.goto("/")
    with tab.navigation():
        page.locator("main").get_by_role("link", name="Sign in").click()
    assert tab.view == "accounts:sign_in"
    tab.scan()
    submit_empty(tab)

    with tab.navigation():
        page.get_by_role("link", name="Forgotten your password?").click()
    assert tab.view == "accounts:password_reset"
    tab.scan()
    submit_empty(tab)
    login = demo_logins()[0]
    page.locator("main input[name=email]").fill(login.email)
    with tab.navigation():
        page.locator("main form").get_by_role("button").click()
    assert tab.view == "accounts:password_reset_done"
    tab.scan()

    link = wait_for_reset_link(product)
    tab.goto(urlsplit(link).path)
    assert tab.view == "accounts:password_reset_confirm"
    expect(page.locator("main form")).to_be_visible()
    tab.scan()
    submit_empty(tab)
    # The demo password again, so that the demo login still works afterwards.
    page.get_by_label("New password", exact=True).fill(login.password)
    page.get_by_label("New password confirmation").fill(login.password)
    with tab.navigation():
        page.locator("main form").get_by_role("button").click()
    assert tab.view == "accounts:password_reset_complete"
    tab.scan()
    tab.goto(urlsplit(link).path)
    assert tab.heading() == "This link has expired"
    tab.scan()

    tab.goto("/no-such-page/", status=404)
    assert tab.heading() == "Page not found"
    tab.scan()

    tab.goto("/sign-in/")
    page.context.clear_cookies()
    fill_sign_in(tab, login)
    with tab.navigation(status=403):
        page.locator("main form").get_by_role("button", name="Sign in").click()
    tab.scan()

    lock_out(tab)
    tab.scan()
    tab.assert_no_problems()
    coverage.finished_tests.add("test_signed_out_pages")


def test_demo_login(
    demo_login: DemoLogin,
    open_tab: Callable[..., Tab],
    signed_in_tabs: dict[str, Tab],
    coverage: Coverage,
    request: pytest.FixtureRequest,
) -> None:
    """Sign in as the demo user, see the home page made for their roles, and visit every page
    their roles reach."""
    tab = open_tab()
    sign_in(tab, demo_login)
    assert tab.view == "core:home"
    page = tab.page
    header = page.locator("header")
    full_name = header.locator("a[href='/account/']").inner_text().strip()
    assert tab.heading() == f"Hello, {full_name}"
    acting_organisation = page.locator("main .nhsuk-caption-l").inner_text().strip()
    assert acting_organisation in demo_login.organisations
    if len(demo_login.organisations) > 1:
        switcher = header.get_by_label("Organisation")
        expect(switcher.locator("option:checked")).to_have_text(acting_organisation)
    else:
        expect(header).to_contain_text(acting_organisation)
    for role in demo_login.roles:
        assert role in ROLE_HEADINGS, f"say what the home page shows a {role!r} in ROLE_HEADINGS"
        expect(page.get_by_role("heading", name=ROLE_HEADINGS[role], exact=True)).to_be_visible()
    signed_in_tabs[demo_login.email] = tab

    reached = crawl(tab, coverage)
    assert not EVERY_MEMBER_REACHES - reached, "pages not reached"
    if "Organisation admin" in demo_login.roles:
        assert not ORGANISATION_ADMIN_REACHES - reached, "pages not reached"
        if "own membership" not in coverage.submitted_empty:
            coverage.submitted_empty.add("own membership")
            refuse_own_deactivation(tab, full_name)
    elif ("core:audit_log", 403) not in coverage.scanned:
        # The page a member sees when they type the address of a page their roles do not allow.
        tab.goto("/audit/", status=403)
        tab.scan()
    tab.assert_no_problems()
    coverage.finished_tests.add(request.node.name)


def test_switch_organisation(
    signed_in: Callable[[DemoLogin], Tab], open_tab: Callable[..., Tab], coverage: Coverage
) -> None:
    """A member of two organisations switches between them with the header's switcher."""
    login = multi_organisation_login()
    tab = signed_in(login)
    switcher = tab.page.locator("header").get_by_label("Organisation")
    before = switcher.locator("option:checked").inner_text().strip()
    other = next(name for name in login.organisations if name != before)

    with tab.navigation():
        switcher.select_option(label=other)  # JavaScript sends the form on change
    assert tab.view == "core:home"
    expect(switcher.locator("option:checked")).to_have_text(other)
    expect(tab.page.locator("main .nhsuk-caption-l")).to_have_text(other)
    expect(tab.page.get_by_role("status")).to_contain_text(other)
    tab.scan()
    with tab.navigation():
        switcher.select_option(label=before)
    expect(switcher.locator("option:checked")).to_have_text(before)
    tab.assert_no_problems()

    # Without JavaScript the switcher's button does the same.
    no_script = open_tab(java_script_enabled=False)
    sign_in(no_script, login)
    header = no_script.page.locator("header")
    header.get_by_label("Organisation").select_option(label=other)
    with no_script.navigation():
        header.get_by_role("button", name="Switch").click()
    expect(header.get_by_label("Organisation").locator("option:checked")).to_have_text(other)
    coverage.finished_tests.add("test_switch_organisation")


def test_welsh(open_tab: Callable[..., Tab], coverage: Coverage) -> None:
    """The header's Cymraeg button turns the service to Welsh: signed out, signing in, and the
    pages of the menu; English turns it back."""
    tab = open_tab()
    page = tab.page
    tab.goto("/")
    assert tab.lang() == "en-GB"
    with tab.navigation():
        page.locator("header").get_by_role("button", name="Cymraeg").click()
    assert tab.view == "core:home"
    assert tab.lang() == "cy"
    tab.scan()

    with tab.navigation():
        page.locator("header a[href='/sign-in/']").click()
    assert tab.lang() == "cy"
    tab.scan()
    submit_empty(tab)
    fill_sign_in(tab, welsh_login())
    with tab.navigation():
        page.locator("main form button[type=submit]").click()
    assert tab.view == "core:home"
    assert tab.lang() == "cy"
    tab.scan()

    menu = page.locator("header nav a").evaluate_all("links => links.map(a => a.href)")
    assert len(menu) > 1
    for href in menu[1:]:
        tab.goto(urlsplit(href).path)
        assert tab.lang() == "cy"
        tab.scan()

    with tab.navigation():
        page.locator("header").get_by_role("button", name="English").click()
    assert tab.lang() == "en-GB"
    tab.assert_no_problems()
    coverage.finished_tests.add("test_welsh")


def test_two_factor_sign_in(open_tab: Callable[..., Tab], coverage: Coverage) -> None:
    """Set up two-factor sign-in from the account page, sign out, and sign in with a code."""
    login = two_factor_login()
    tab = open_tab()
    page = tab.page
    sign_in(tab, login)
    with tab.navigation():
        page.locator("header a[href='/account/']").click()
    with tab.navigation():
        page.locator("main").get_by_role("link", name="Set up two-factor sign-in").click()
    key = page.locator(".hj-secret").inner_text().strip()
    page.get_by_label("Security code").fill(totp(key))
    with tab.navigation():
        page.get_by_role("button", name="Turn on two-factor sign-in").click()
    assert tab.view == "accounts:account"
    expect(page.get_by_role("status")).to_contain_text("Two-factor sign-in is set up")
    tab.scan()

    with tab.navigation():
        page.locator("header").get_by_role("button", name="Sign out").click()
    assert tab.view == "accounts:sign_in"
    expect(page.get_by_role("status")).to_contain_text("You have signed out")
    tab.scan()

    fill_sign_in(tab, login)
    with tab.navigation():
        page.locator("main form").get_by_role("button", name="Sign in").click()
    assert tab.view == "accounts:two_factor_verify"
    tab.scan()
    submit_empty(tab)
    # The next period's code: the one used to set up cannot be used twice.
    page.get_by_label("Security code").fill(totp(key, periods_ahead=1))
    with tab.navigation():
        page.get_by_role("button", name="Continue").click()
    assert tab.view == "core:home"
    tab.assert_no_problems()
    coverage.finished_tests.add("test_two_factor_sign_in")


def test_refer_and_accept(signed_in: Callable[[DemoLogin], Tab], coverage: Coverage) -> None:
    """The closed loop: a GP refers a patient who was referred recently, the advice service
    accepts, and the GP sees the referral accepted."""
    gp = signed_in(login_of("gp@riverside-medical.example"))
    page = gp.page
    gp.goto(f"/clients/{demo_id('client', 'tom-reilly')}/refer/")
    expect(page.get_by_text("This client has been referred recently")).to_be_visible()
    page.get_by_label("I have checked these referrals and still want to refer").check()
    page.get_by_label("Welfare benefits and debt advice").check()
    page.get_by_label("Debt", exact=True).check()
    page.get_by_label("Routine").check()
    page.get_by_label("What does the client want help with?").fill("Payday loan arrears.")
    page.get_by_label("Phone").check()
    with gp.navigation():
        page.get_by_role("button", name="Send referral").click()
    assert gp.view == "referrals:referral_sent"
    reference = page.locator(".nhsuk-panel strong").inner_text().strip()
    gp.scan()
    with gp.navigation():
        page.get_by_role("link", name="See the referral").click()
    detail = gp.path

    adviser = signed_in(login_of("adviser@riverside-advice.example"))
    adviser.goto(detail)
    adviser.page.get_by_label("Accept the referral").check()
    with adviser.navigation():
        adviser.page.get_by_role("button", name="Update the referral").click()
    expect(adviser.page.get_by_role("status")).to_contain_text(f"{reference} is now accepted")
    adviser.scan()

    gp.goto("/referrals/")
    expect(page.locator("tr", has_text=reference)).to_contain_text("Accepted")
    gp.scan()
    gp.assert_no_problems()
    adviser.assert_no_problems()
    coverage.finished_tests.add("test_refer_and_accept")


SCREEN_QUESTIONS = [
    "benefits",
    "debt",
    "housing",
    "employment",
    "education",
    "community-care",
    "immigration",
    "no-money",
    "deadlines",
    "risk-of-harm",
]


def test_screen_consent_and_refer_a_new_patient(
    signed_in: Callable[[DemoLogin], Tab], coverage: Coverage
) -> None:
    """A GP adds a new patient, screens them, records consent and refers them in three pages;
    the advice service accepts; the GP's list shows the new status."""
    gp = signed_in(login_of("gp@riverside-medical.example"))
    page = gp.page
    gp.goto("/")
    with gp.navigation():
        page.get_by_role("link", name="Refer a patient").click()
    assert gp.view == "clients:client_find"
    page.get_by_label("Last name").fill("Okonkwo")
    page.get_by_label("Date of birth").fill("1958-02-14")
    with gp.navigation():
        page.get_by_role("button", name="Search").click()
    gp.scan()
    with gp.navigation():
        page.get_by_role("button", name="Add a new client").click()

    # Page 1 of 3: the patient.
    assert gp.view == "clients:client_create"
    page.get_by_label("First name").fill("Adaeze")
    page.get_by_label("Last name").fill("Okonkwo")
    page.get_by_label("Date of birth").fill("1958-02-14")
    gp.scan()
    with gp.navigation():
        page.locator("main form button[type=submit]").last.click()

    # Page 2 of 3: the screen.
    assert gp.view == "screening:screen"
    client_path = gp.path.removesuffix("screening/")
    for question in SCREEN_QUESTIONS:
        answer = "stopped" if question == "benefits" else "no"
        page.locator(f"input[name='answer-{question}'][value='{answer}']").check()
    gp.scan()
    with gp.navigation():
        page.get_by_role("button", name="Save and see the result").click()
    assert gp.view == "screening:result"
    expect(page.locator("main")).to_contain_text("Urgent")
    gp.scan()
    with gp.navigation():
        page.get_by_role("link", name="Continue to the referral").click()

    # Page 3 of 3: consent and the referral.
    assert gp.view == "referrals:referral_create"
    page.get_by_label("Welfare benefits and debt advice").check()
    page.get_by_label("What does the client want help with?").fill("Her ESA was stopped.")
    page.get_by_label("Phone").check()
    page.get_by_label("Share the referral and contact details with the advice service").check()
    page.get_by_label("Verbal").check()
    gp.scan()
    with gp.navigation():
        page.get_by_role("button", name="Send referral").click()
    assert gp.view == "referrals:referral_sent"
    reference = page.locator(".nhsuk-panel strong").inner_text().strip()

    adviser = signed_in(login_of("adviser@riverside-advice.example"))
    adviser.goto("/referrals/inbox/")
    with adviser.navigation():
        adviser.page.get_by_role("link", name=reference, exact=True).click()
    adviser.page.get_by_label("Accept the referral").check()
    with adviser.navigation():
        adviser.page.get_by_role("button", name="Update the referral").click()
    gp.goto("/referrals/")
    expect(page.locator("tr", has_text=reference)).to_contain_text("Accepted")

    # The patient's page, its edit form and the consent pages.
    gp.goto(client_path)
    gp.scan()
    for link in ("Edit details", "Record consent"):
        with gp.navigation():
            page.get_by_role("link", name=link).click()
        gp.scan()
        gp.goto(client_path)
    with gp.navigation():
        page.get_by_role("link", name="Withdraw").first.click()
    assert gp.view == "clients:consent_withdraw"
    gp.scan()

    # Emails about status changes, chosen on the account page.
    gp.goto("/account/")
    page.get_by_label("Email me when a referral I made changes status").check()
    with gp.navigation():
        page.get_by_role("button", name="Save email preferences").click()
    gp.assert_no_problems()
    adviser.assert_no_problems()

    coverage.finished_tests.add("test_screen_consent_and_refer_a_new_patient")


def test_self_referral_in_welsh(open_tab: Callable[..., Tab], coverage: Coverage) -> None:
    """Someone scans the poster at their GP practice, reads the page in Welsh and refers
    themselves; the advice service finds it in its inbox marked as a self-referral."""
    site_id = demo_id("site", "Riverside Medical Practice, Mill Lane")
    tab = open_tab()
    page = tab.page
    tab.goto(f"/get-advice/{site_id}/")
    assert tab.view == "self_referral:start"
    with tab.navigation():
        page.locator("header").get_by_role("button", name="Cymraeg").click()
    assert tab.view == "self_referral:start"
    assert tab.lang() == "cy"
    tab.scan()
    submit_empty(tab)

    page.locator("input[name=given_name]").fill("Gwenllian")
    page.locator("input[name=family_name]").fill("Prys")
    page.locator("input[name=date_of_birth_day]").fill("4")
    page.locator("input[name=date_of_birth_month]").fill("9")
    page.locator("input[name=date_of_birth_year]").fill("1961")
    page.locator("input[name=phone]").fill("07700 900123")
    page.locator("input[name=needs]").first.check()
    page.locator("textarea[name=help_wanted]").fill("Mae fy mudd-daliadau wedi stopio.")
    page.locator("input[name=urgent][value=yes]").check()
    page.locator("input[name=consent]").check()
    time.sleep(3.2)  # the form refuses answers sent faster than a person types them
    with tab.navigation():
        page.locator("main form button[type=submit]").click()
    assert tab.view == "self_referral:done"
    assert tab.lang() == "cy"
    reference = page.locator(".nhsuk-panel strong").inner_text().strip()
    assert reference.startswith("HJP-")
    assert reference not in tab.page.url
    tab.scan()
    tab.assert_no_problems()

    adviser = open_tab()
    sign_in(adviser, login_of("adviser@riverside-advice.example"))
    adviser.goto("/referrals/inbox/")
    row = adviser.page.locator("tr", has_text=reference)
    expect(row).to_contain_text("Self-referral")
    expect(row).to_contain_text("Urgent")
    adviser.assert_no_problems()
    coverage.finished_tests.add("test_self_referral_in_welsh")


# The referral the casework journey works on: Maya Okoro's, requested by the GP, whose client
# agreed to outcome feedback being sent to the referrer.
CASEWORK_REFERRAL = "maya-okoro-benefits"
PIP = "Personal Independence Payment"
COUNCIL_TAX = "Council tax arrears"
# SWEMWBS answers (1 to 5) in the order of `wellbeing.ITEMS`, at the start and at closure.
WELLBEING_AT_START = (2, 2, 1, 2, 3, 3, 2)
WELLBEING_AT_CLOSE = (3, 4, 3, 4, 4, 4, 3)


def test_adviser_casework_journey(
    signed_in: Callable[[DemoLogin], Tab], coverage: Coverage
) -> None:
    """From the inbox to a closed case: the adviser tries to reach the client, accepts the
    referral, opens a case, records its issues, a statutory deadline, outcomes and wellbeing,
    and closes it with feedback to the referrer, who sees the referral completed with the
    feedback."""
    reference = demo_reference(CASEWORK_REFERRAL)
    adviser = signed_in(login_of("adviser@riverside-advice.example"))
    page = adviser.page
    main = page.locator("main")

    # The inbox: the referral waits for first contact, measured against the service's target.
    with adviser.navigation():
        page.locator("header nav").get_by_role("link", name="Inbox").click()
    assert adviser.view == "referrals:inbox"
    expect(page.locator("tr", has_text=reference)).to_contain_text(FIRST_CONTACT_TAG)
    adviser.scan()
    with adviser.navigation():
        main.get_by_role("link", name=reference, exact=True).click()
    assert adviser.view == "referrals:referral_detail"
    expect(main).to_contain_text(FIRST_CONTACT_TAG)
    adviser.scan()

    # A contact attempt that reached the client, then acceptance.
    contact = page.locator("form", has=page.get_by_role("button", name="Record the attempt"))
    contact.get_by_label("Phone", exact=True).check()
    contact.get_by_label("Reached the client").check()
    contact.get_by_label("Note").fill("Spoke to Maya: she can come in on Thursday morning.")
    with adviser.navigation():
        contact.get_by_role("button", name="Record the attempt").click()
    expect(page.get_by_role("status")).to_contain_text("Contact attempt recorded")
    expect(main.locator("table", has_text="Reached the client")).to_be_visible()
    adviser.scan()
    page.get_by_label("Accept the referral").check()
    with adviser.navigation():
        page.get_by_role("button", name="Update the referral").click()
    expect(page.get_by_role("status")).to_contain_text(f"{reference} is now accepted")

    # The case, opened from the referral as a new client record of the advice organisation.
    with adviser.navigation():
        main.get_by_role("link", name="Open a case").click()
    assert adviser.view == "casework:case_open_from_referral"
    adviser.scan()
    page.get_by_label("Supervisor").select_option(index=1)
    with adviser.navigation():
        page.get_by_role("button", name="Open the case").click()
    assert adviser.view == "casework:case_detail"
    expect(page.get_by_role("status")).to_contain_text("opened")
    case_path = adviser.path
    adviser.scan()

    # Two issues.
    add_issue(adviser, coverage, "benefits.personal_independence_payment", "Casework", PIP)
    add_issue(adviser, coverage, "debt.priority.council_tax", "Advice", COUNCIL_TAX)
    with adviser.navigation():
        main.get_by_role("link", name=f"Change {PIP}").click()
    assert adviser.view == "casework:issue_edit"
    adviser.scan()
    main.get_by_label("Concluded").check()
    with adviser.navigation():
        main.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Issue saved")

    # A mandatory reconsideration deadline, calculated from a decision a few days ago.
    decision = london_today() - timedelta(days=3)
    due = decision + relativedelta(months=1)
    with adviser.navigation():
        main.get_by_role("link", name="Add or calculate a deadline").click()
    assert adviser.view == "casework:deadline_add"
    adviser.scan()
    submit_empty_once(adviser, coverage)
    main.get_by_label("Ask for a mandatory reconsideration").check()
    main.get_by_label("Date of the decision").fill(decision.isoformat())
    issue = main.locator("select[name=issue]")
    issue.select_option(issue.locator("option", has_text=PIP).get_attribute("value"))
    with adviser.navigation():
        main.get_by_role("button", name="Calculate").click()
    expect(page.locator("#result dd").first).to_have_text(f"{due:%A} {due.day} {due:%B %Y}")
    adviser.scan()
    with adviser.navigation():
        main.get_by_role("button", name="Save deadline").click()
    assert adviser.view == "casework:case_detail"
    expect(main.locator("#deadlines ~ table").first).to_contain_text(f"{due.day} {due:%B %Y}")

    # Another client's reconsideration waits for the written statement of reasons: the page
    # that records its arrival (sent empty only: that case stays as it is).
    adviser.goto(f"/cases/{demo_id('case', 'nadia-kowalski-benefits')}/")
    with adviser.navigation():
        main.locator("#deadlines ~ table a[href$='/statement/']").click()
    assert adviser.view == "casework:deadline_statement"
    adviser.scan()
    submit_empty_once(adviser, coverage)
    adviser.goto(case_path)

    # Outcomes: a weekly award, counted a year at a time, and a debt written off.
    record_outcome(adviser, coverage, PIP, "New award or increase (weekly amount)", "95.50")
    expect(main).to_contain_text("£95.50 a week: £4,966.00 a year")
    record_outcome(adviser, coverage, COUNCIL_TAX, "Debt written off", "1250")
    expect(main.locator("dl", has_text="Debt written off")).to_contain_text("£1,250.00")
    adviser.scan()
    with adviser.navigation():
        main.get_by_role("button", name=re.compile(r"^Mark as done")).click()
    expect(page.get_by_role("status")).to_contain_text("Deadline marked as done")

    # Wellbeing at the start, a note, a document and a spell on hold.
    record_wellbeing(adviser, coverage, "start", WELLBEING_AT_START)
    add_note(adviser, coverage, case_path)
    with adviser.navigation():
        main.get_by_role("link", name="Add a document").click()
    assert adviser.view == "casework:document_add"
    adviser.scan()
    submit_empty_once(adviser, coverage)
    main.locator("input[type=file]").set_input_files(
        {"name": "pip-award.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}
    )
    with adviser.navigation():
        main.get_by_role("button", name="Upload document").click()
    expect(page.get_by_role("status")).to_contain_text("Document added: pip-award.pdf")
    expect(main.get_by_role("link", name="pip-award.pdf")).to_be_visible()
    with adviser.navigation():
        main.get_by_role("link", name="Put the case on hold").click()
    assert adviser.view == "casework:case_hold"
    adviser.scan()
    submit_empty_once(adviser, coverage)
    main.get_by_label("Why is the case on hold?").fill("Waiting for the DWP's decision.")
    with adviser.navigation():
        main.get_by_role("button", name="Put on hold").click()
    expect(page.get_by_role("status")).to_contain_text("The case is on hold")
    adviser.scan()
    with adviser.navigation():
        main.get_by_role("button", name="Take the case off hold").click()
    expect(page.get_by_role("status")).to_contain_text("The case is open again")

    # The other pages of the case: assignment, sharing a summary, and a case opened by hand
    # from the client's record (none is opened here).
    for link, view in (
        ("Change the adviser or supervisor", "casework:case_assign"),
        ("Share a progress summary with the referrer", "casework:summary_share"),
    ):
        with adviser.navigation():
            main.get_by_role("link", name=link).click()
        assert adviser.view == view
        adviser.scan()
        if view == "casework:summary_share":
            submit_empty_once(adviser, coverage)
        adviser.goto(case_path)
    with adviser.navigation():
        main.get_by_role("link", name="Maya Okoro").first.click()
    assert adviser.view == "clients:client_detail"
    with adviser.navigation():
        main.get_by_role("link", name="Open a case").click()
    assert adviser.view == "casework:case_open"
    adviser.scan()
    submit_empty_once(adviser, coverage)
    adviser.goto(case_path)

    # Closing: wellbeing again, then the reason and the feedback drafted for the referrer.
    record_wellbeing(adviser, coverage, "close", WELLBEING_AT_CLOSE)
    with adviser.navigation():
        main.get_by_role("link", name="Close the case").click()
    assert adviser.view == "casework:case_close"
    adviser.scan()
    submit_empty_once(adviser, coverage)
    summary = main.get_by_label("Summary for the referrer")
    expect(summary).to_have_value(re.compile(r"£95\.50 a week"))
    main.get_by_label("Resolved: advice given and the matter concluded").check()
    main.get_by_label("Send this summary to the referrer").check()
    with adviser.navigation():
        main.get_by_role("button", name="Close the case").click()

    # The client's feedback: a link and a QR code to give them.
    assert adviser.view == "casework:client_feedback"
    expect(page.get_by_role("status")).to_contain_text("closed")
    link = main.get_by_role("textbox", name="Feedback link").input_value()
    assert link.startswith(adviser.product.url("/feedback/")), link
    expect(main.get_by_role("img", name="QR code of the feedback link")).to_be_visible()
    adviser.scan()

    # The referrer sees the referral completed, with the feedback.
    gp = signed_in(login_of("gp@riverside-medical.example"))
    with gp.navigation():
        gp.page.locator("header nav").get_by_role("link", name="Referrals").click()
    assert gp.view == "referrals:my_referrals"
    expect(gp.page.locator("tr", has_text=reference)).to_contain_text("Completed")
    gp.scan()
    with gp.navigation():
        gp.page.locator("main").get_by_role("link", name=reference, exact=True).click()
    news = gp.page.locator("section", has_text="News from the advice service")
    expect(news).to_contain_text("£95.50 a week")
    gp.scan()
    adviser.assert_no_problems()
    gp.assert_no_problems()
    coverage.finished_tests.add("test_adviser_casework_journey")


COLLABORATION_CASE = "nadia-kowalski-benefits"


def test_evidence_request_and_consultation_journey(
    signed_in: Callable[[DemoLogin], Tab], coverage: Coverage
) -> None:
    """An adviser asks the client's GP for medical evidence; the GP answers in the product with
    a signed letter, and both are on the case. The GP asks the adviser a question about the
    client, the adviser answers, and the GP sees the reply with the response time."""
    adviser = signed_in(login_of("adviser@riverside-advice.example"))
    page = adviser.page
    main = page.locator("main")
    case_path = f"/cases/{demo_id('case', COLLABORATION_CASE)}/"
    adviser.goto(case_path)
    with adviser.navigation():
        main.get_by_role("link", name="Request medical evidence").click()
    assert adviser.view == "collaboration:evidence_request_create"
    adviser.scan()
    main.get_by_label("Personal Independence Payment (PIP)").check()
    with adviser.navigation():
        main.get_by_role("button", name="Continue").click()
    assert adviser.view == "collaboration:evidence_request_create"
    adviser.scan()
    main.get_by_label("Who is it for?").select_option(label="Dr Amira Shah (Riverside GP team)")
    expect(main.get_by_label("Questions")).to_have_value(re.compile(r"\S"))
    main.get_by_label("Needed by").fill((london_today() + timedelta(days=14)).isoformat())
    main.get_by_label("Fee offered").fill("25.00")
    with adviser.navigation():
        main.get_by_role("button", name="Send the request").click()
    assert adviser.view == "casework:case_detail"
    status = page.get_by_role("status")
    expect(status).to_contain_text("Medical evidence requested")
    reference = re.search(r"EVR-\w{4}-\w{4}", status.inner_text())
    assert reference is not None
    evidence_reference = reference.group(0)
    requests = main.locator("#evidence ~ table").first
    expect(requests.locator("tr", has_text=evidence_reference)).to_contain_text("Requested")
    adviser.scan()

    # The GP finds the request in their list and answers it with a typed answer and a letter.
    gp = signed_in(login_of("gp@riverside-medical.example"))
    gp_main = gp.page.locator("main")
    with gp.navigation():
        gp.page.locator("header nav").get_by_role("link", name="Evidence requests").click()
    assert gp.view == "collaboration:evidence_inbox"
    gp.scan()
    with gp.navigation():
        gp_main.get_by_role("link", name=evidence_reference).click()
    assert gp.view == "collaboration:evidence_received"
    expect(gp_main).to_contain_text("Nadia")
    expect(gp_main).to_contain_text("£25.00")
    gp.scan()
    with gp.navigation():
        gp_main.get_by_role("button", name="Accept: I will answer later").click()
    assert gp.view == "collaboration:evidence_received"
    expect(gp.page.get_by_role("status")).to_contain_text("Accepted")
    with gp.navigation():
        gp_main.get_by_role("link", name="Answer the request").click()
    assert gp.view == "collaboration:evidence_provide"
    gp.scan()
    submit_empty_once(gp, coverage)
    gp_main.locator("textarea[name=answer_0]").fill(
        "Fibromyalgia since 2019 with recurrent depression; bad days most weeks."
    )
    gp_main.locator("input[type=file][name=attachment]").set_input_files(
        files=[
            {
                "name": "letter-for-nadia.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n% signed letter\n%%EOF\n",
            }
        ]
    )
    with gp.navigation():
        gp_main.get_by_role("button", name="Send the evidence").click()
    assert gp.view == "collaboration:evidence_received"
    expect(gp.page.get_by_role("status")).to_contain_text("Evidence sent")
    gp.scan()

    # The evidence is on the adviser's case: the answers as a PDF and the signed letter.
    adviser.goto(case_path)
    expect(requests.locator("tr", has_text=evidence_reference)).to_contain_text("Provided")
    documents = main.locator("#documents ~ ul").first
    expect(documents).to_contain_text(f"{evidence_reference} answers.pdf")
    expect(documents).to_contain_text("letter-for-nadia.pdf")
    adviser.scan()
    with adviser.navigation():
        requests.get_by_role("link", name=evidence_reference).click()
    assert adviser.view == "collaboration:evidence_detail"
    expect(main).to_contain_text("bad days most weeks")
    adviser.scan()

    # A consultation about the client: the GP asks from the referral, the adviser answers.
    gp.goto(f"/referrals/{demo_id('referral', COLLABORATION_CASE)}/")
    with gp.navigation():
        gp_main.get_by_role("link", name="Ask the advice service a question").click()
    assert gp.view == "collaboration:consultation_start_about_referral"
    gp.scan()
    submit_empty_once(gp, coverage)
    gp_main.get_by_label("Subject").fill("Should I mention her falls?")
    gp_main.get_by_label("Your question").fill(
        "She has fallen twice this year. Would that help her mobility claim?"
    )
    with gp.navigation():
        gp_main.get_by_role("button", name="Send the question").click()
    assert gp.view == "collaboration:consultation_detail"
    expect(gp.page.get_by_role("status")).to_contain_text("sent")
    gp.scan()

    with adviser.navigation():
        page.locator("header nav").get_by_role("link", name="Consultations").click()
    assert adviser.view == "collaboration:consultation_list"
    row = main.locator("tr", has_text="Should I mention her falls?")
    expect(row).to_contain_text("Awaiting your reply")
    adviser.scan()
    with adviser.navigation():
        row.get_by_role("link", name="Should I mention her falls?").click()
    assert adviser.view == "collaboration:consultation_detail"
    main.get_by_label("Your reply").fill(
        "Yes: falls show she cannot walk safely. Please add dates and any injuries."
    )
    with adviser.navigation():
        main.get_by_role("button", name="Send the reply").click()
    expect(page.get_by_role("status")).to_contain_text("Message sent")
    adviser.scan()

    with gp.navigation():
        gp.page.locator("header nav").get_by_role("link", name="Consultations").click()
    with gp.navigation():
        gp_main.get_by_role("link", name="Should I mention her falls?").click()
    expect(gp_main).to_contain_text("Please add dates and any injuries.")
    expect(gp_main.locator(".nhsuk-summary-list__row", has_text="First response")).to_contain_text(
        "After"
    )
    gp.scan()
    with gp.navigation():
        gp_main.get_by_role("button", name="Close the consultation").click()
    expect(gp.page.get_by_role("status")).to_contain_text("closed")
    with gp.navigation():
        gp_main.get_by_role("button", name="Reopen the consultation").click()
    expect(gp.page.get_by_role("status")).to_contain_text("reopened")
    gp.scan()
    adviser.assert_no_problems()
    gp.assert_no_problems()
    coverage.finished_tests.add("test_evidence_request_and_consultation_journey")


def test_client_feedback_in_welsh(
    signed_in: Callable[[DemoLogin], Tab], open_tab: Callable[..., Tab], coverage: Coverage
) -> None:
    """The client opens the feedback link the adviser gave them at the end of the casework
    journey, answers in Welsh, and is thanked; the adviser sees the answers."""
    adviser = signed_in(login_of("adviser@riverside-advice.example"))
    main = adviser.page.locator("main")
    adviser.goto(f"/referrals/{demo_id('referral', CASEWORK_REFERRAL)}/")
    with adviser.navigation():
        main.locator("a[href^='/cases/']").first.click()
    with adviser.navigation():
        main.get_by_role("link", name="The client's feedback").click()
    assert adviser.view == "casework:client_feedback"
    link = main.get_by_role("textbox", name="Feedback link").input_value()

    client = open_tab()
    page = client.page
    client.goto(urlsplit(link).path)
    assert client.view == "casework:public_feedback"
    with client.navigation():
        page.locator("header").get_by_role("button", name="Cymraeg").click()
    assert client.view == "casework:public_feedback"
    assert client.lang() == "cy"
    client.scan()
    submit_empty(client)
    for question, answer in (
        ("easy_to_get_help", "5"),
        ("staff_understood", "5"),
        ("comfortable_setting", "4"),
        ("helped_with_problem", "none"),
    ):
        page.locator(f"input[name={question}][value='{answer}']").check()
    page.locator("textarea[name=comment]").fill("Roedd yn haws cael help yn fy meddygfa.")
    time.sleep(3.2)  # the form refuses answers sent faster than a person gives them
    with client.navigation():
        page.locator("main form button[type=submit]").click()
    assert client.view == "casework:public_feedback"
    assert client.lang() == "cy"
    expect(page.locator("main .nhsuk-panel")).to_be_visible()
    client.scan()
    client.assert_no_problems()

    adviser.page.reload()
    expect(main).to_contain_text("Roedd yn haws cael help yn fy meddygfa.")
    adviser.scan()
    adviser.assert_no_problems()
    coverage.finished_tests.add("test_client_feedback_in_welsh")


def test_every_route_was_checked(coverage: Coverage) -> None:
    """Every route of the product was scanned by axe (or, for a form's POST, pressed)."""
    if WHOLE_SUITE - coverage.finished_tests:
        pytest.skip("checks coverage only when every browser test has run and passed")
    routes = route_names()
    scanned = {view for view, status in coverage.scanned if status == 200}
    unscanned = routes - scanned - POST_ONLY - NOT_REQUESTED.keys()
    assert not unscanned, f"no browser test reached these pages: {sorted(unscanned)}"
    assert not POST_ONLY - coverage.requested, "form actions no test pressed"
    assert not NOT_REQUESTED.keys() & coverage.requested
    error_statuses = {status for _, status in coverage.scanned if status >= 400}
    assert {400, 403, 404, 429} <= error_statuses, error_statuses


# Helpers ----------------------------------------------------------------------------------------


def crawl(tab: Tab, coverage: Coverage) -> set[str]:
    """Scan the current page and every page reachable from it by links, one page per route.

    Returns the routes reached.
    """
    origin = urlsplit(tab.product.base_url).netloc
    reached: set[str] = set()
    queue = [tab.path]
    while queue:
        target = queue.pop(0)
        view = view_name(target)
        if view in reached:
            continue
        if urlsplit(tab.page.url).path != urlsplit(target).path:
            tab.goto(target)
        reached.add(view)
        tab.scan()
        for href in tab.page.locator("a[href]").evaluate_all("links => links.map(a => a.href)"):
            parts = urlsplit(href)
            if parts.netloc != origin or parts.path.startswith("/static/"):
                continue
            if view_name(parts.path) in NOT_REQUESTED:
                continue
            if view_name(parts.path) not in reached:
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        if view in EMPTY_SUBMISSION_SHOWS_ERRORS and view not in coverage.submitted_empty:
            coverage.submitted_empty.add(view)
            submit_empty(tab)
        elif view == "core:audit_log" and view not in coverage.submitted_empty:
            coverage.submitted_empty.add(view)
            filter_audit_log_backwards(tab)
    return reached


def submit_empty(tab: Tab) -> None:
    """Send the page's form as it is: the error summary must show, take focus and lead to the
    fields in error."""
    page = tab.page
    with page.expect_navigation() as navigation:
        page.locator("main form[method=post] button[type=submit]").first.click()
    response = navigation.value
    assert response is not None
    assert response.status in {200, 400}, f"{tab.path} answered {response.status}"
    expect_error_summary(tab)


def filter_audit_log_backwards(tab: Tab) -> None:
    """The audit log filter with an end date before its start date shows an error summary."""
    page = tab.page
    page.locator("main details summary").click()
    page.locator("main input[name=date_from]").fill("2026-02-01")
    page.locator("main input[name=date_to]").fill("2026-01-01")
    with tab.navigation(status=400):
        page.get_by_role("button", name="Apply filters").click()
    expect_error_summary(tab)


def expect_error_summary(tab: Tab) -> None:
    summary = tab.page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    links = summary.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert links, f"the error summary of {tab.path} lists no error"
    for href in links:
        assert href.startswith("#"), href
        expect(tab.page.locator(f"[id='{href[1:]}']")).to_have_count(1)
    tab.scan()


# The first-contact service level, as the inbox and the referral page say it (in words, not colour).
FIRST_CONTACT_TAG = re.compile(
    r"Within target \(due \d{1,2} \w+ \d{4}\)|Due today|Overdue by \d+ working days?"
)


def london_today() -> date:
    """Today where the product counts its dates."""
    return datetime.now(ZoneInfo("Europe/London")).date()


def submit_empty_once(tab: Tab, coverage: Coverage) -> None:
    """`submit_empty` on the current page, unless a page of its route was sent empty before."""
    if tab.view not in coverage.submitted_empty:
        coverage.submitted_empty.add(tab.view)
        submit_empty(tab)


def add_issue(tab: Tab, coverage: Coverage, category: str, level: str, label: str) -> None:
    """From the case page, add an issue of `category` (its label `label`) at advice `level`."""
    main = tab.page.locator("main")
    with tab.navigation():
        main.get_by_role("link", name="Add an issue").click()
    assert tab.view == "casework:issue_add"
    tab.scan()
    submit_empty_once(tab, coverage)
    main.get_by_label("What is the problem about?").select_option(category)
    main.get_by_label(level, exact=True).check()
    main.get_by_label("Description").fill(f"{label}: see the letters on file.")
    with tab.navigation():
        main.get_by_role("button", name="Save").click()
    assert tab.view == "casework:case_detail"
    expect(tab.page.get_by_role("status")).to_contain_text(f"Issue added: {label}")


def record_outcome(tab: Tab, coverage: Coverage, issue: str, kind: str, amount: str) -> None:
    """From the case page, record a money outcome of the issue labelled `issue`."""
    main = tab.page.locator("main")
    with tab.navigation():
        main.get_by_role("link", name=f"Record an outcome for {issue}").click()
    assert tab.view == "casework:outcome_add"
    tab.scan()
    submit_empty_once(tab, coverage)
    main.get_by_label(kind, exact=True).check()
    main.get_by_label("Amount", exact=True).fill(amount)
    main.get_by_label("Date achieved").fill(london_today().isoformat())
    main.get_by_label("Evidence").fill("The decision letter, copied to the file.")
    with tab.navigation():
        main.get_by_role("button", name="Record outcome").click()
    assert tab.view == "casework:case_detail"
    expect(tab.page.get_by_role("status")).to_contain_text("Outcome recorded")


def record_wellbeing(tab: Tab, coverage: Coverage, stage: str, answers: tuple[int, ...]) -> None:
    """From the case page, record the SWEMWBS answers at `stage` ("start" or "close") and check
    the metric score the case page shows."""
    main = tab.page.locator("main")
    with tab.navigation():
        main.locator(f"#wellbeing ~ dl a[href$='/wellbeing/{stage}/']").click()
    assert tab.view == "casework:wellbeing_record"
    tab.scan()
    submit_empty_once(tab, coverage)
    for (code, _statement), answer in zip(wellbeing.ITEMS, answers, strict=True):
        main.locator(f"input[name={code}][value='{answer}']").check()
    with tab.navigation():
        main.get_by_role("button", name="Save answers").click()
    assert tab.view == "casework:case_detail"
    raw = sum(answers)
    link = tab.page.locator(f"a[href$='/wellbeing/{stage}/']")
    row = main.locator(".nhsuk-summary-list__row", has=link)
    expect(row).to_contain_text(f"{wellbeing.METRIC_SCORE[raw]} (raw score {raw})")


def add_note(tab: Tab, coverage: Coverage, case_path: str) -> None:
    """The note form of the case page: sent empty it shows the note page with the error, where
    the note is then written; the note page also opens on its own."""
    page = tab.page
    form = page.locator("main form", has=page.get_by_role("button", name="Add the note"))
    form.get_by_label("Kind of note").select_option(label="Phone call")
    with tab.navigation(status=400):
        form.get_by_role("button", name="Add the note").click()
    assert tab.view == "casework:note_add"
    expect_error_summary(tab)
    page.locator("main").get_by_role("textbox", name="Note").fill(
        "Maya rang: the DWP has written to say the decision is changed."
    )
    with tab.navigation():
        page.locator("main").get_by_role("button", name="Add note").click()
    assert tab.view == "casework:case_detail"
    expect(page.get_by_role("status")).to_contain_text("Note added")
    tab.goto(case_path + "notes/new/")
    tab.scan()
    tab.goto(case_path)


def refuse_own_deactivation(tab: Tab, full_name: str) -> None:
    """An admin who tries to deactivate themselves is refused with an error for the whole form."""
    page = tab.page
    tab.goto("/organisation/members/")
    with tab.navigation():
        page.locator("main table").get_by_role("link", name=full_name, exact=True).click()
    page.get_by_label("Active member").set_checked(False)
    with tab.navigation(status=400):
        page.locator("main form").get_by_role("button", name="Save").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("deactivate yourself")
    expect_error_summary(tab)


def fill_sign_in(tab: Tab, login: DemoLogin) -> None:
    """Fill the sign-in form by its fields' names, so that it works in any language."""
    form = tab.page.locator("main form")
    form.locator("input[name=username]").fill(login.email)
    form.locator("input[name=password]").fill(login.password)


def lock_out(tab: Tab) -> None:
    """Wrong passwords for one (unknown) account until signing in is paused."""
    stranger = DemoLogin("nobody@healthjustice.invalid", "not-the-password", (), ())
    tab.goto("/sign-in/")
    for _ in range(10):
        fill_sign_in(tab, stranger)
        with tab.page.expect_navigation() as navigation:
            tab.page.locator("main form").get_by_role("button", name="Sign in").click()
        response = navigation.value
        assert response is not None
        if response.status == 429:
            assert tab.heading() == "Too many attempts to sign in"
            return
        assert response.status == 400
    pytest.fail("ten wrong passwords did not pause signing in")


def wait_for_reset_link(product: Product) -> str:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        links = product.password_reset_links()
        if links:
            return links[-1]
        time.sleep(0.1)
    pytest.fail("no password reset email was printed by the product")


def totp(key: str, *, periods_ahead: int = 0) -> str:
    """The 6-digit RFC 6238 code of an authenticator app (30-second periods, HMAC-SHA1)."""
    counter = int(time.time()) // 30 + periods_ahead
    digest = hmac.new(base64.b32decode(key), counter.to_bytes(8, "big"), "sha1").digest()
    offset = digest[-1] & 0x0F
    code = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF
    return f"{code % 1_000_000:06d}"


def login_of(email: str) -> DemoLogin:
    return next(login for login in demo_logins() if login.email == email)


def multi_organisation_login() -> DemoLogin:
    logins = [login for login in demo_logins() if len(login.organisations) > 1]
    assert logins, "the demo has no user in two organisations"
    return logins[0]


def welsh_login() -> DemoLogin:
    """The demo user with the most roles, so that the Welsh home page has most to show."""
    return max(demo_logins(), key=lambda login: len(login.roles))


def two_factor_login() -> DemoLogin:
    """A user no later test signs in as: once two-factor sign-in is on, they need a code."""
    taken = {multi_organisation_login().email, welsh_login().email}
    return next(login for login in reversed(demo_logins()) if login.email not in taken)


def route_names() -> set[str]:
    """Every named route of the product (Django's admin is not part of it)."""

    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> set[str]:
        names = set()
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                names |= walk(pattern.url_patterns, inner)
            elif pattern.name:
                names.add(f"{namespace}{pattern.name}")
        return names

    names = walk(get_resolver().url_patterns, "")
    assert NO_ROUTE not in names
    return names
