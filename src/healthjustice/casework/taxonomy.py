"""The social-welfare-law categories a case's issues are classified under.

Each category sits under one of the seven advice topics (`AdviceTopic`), so issue counts roll up
to the topics organisations advertise. Codes are stored on records and in exports: once shipped,
a code never changes meaning; a category that is no longer wanted is retired, not renamed.

Debt is split the way money advisers triage it: priority debts (where not paying can cost the
client their home, liberty, essential supply or goods), non-priority debts, and the formal debt
solutions.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from healthjustice.organisations.models import AdviceTopic


@dataclass(frozen=True)
class Category:
    code: str
    label: Promise
    topic: str


_BENEFITS = AdviceTopic.BENEFITS.value
_DEBT = AdviceTopic.DEBT.value
_HOUSING = AdviceTopic.HOUSING.value
_EMPLOYMENT = AdviceTopic.EMPLOYMENT.value
_EDUCATION = AdviceTopic.EDUCATION.value
_COMMUNITY_CARE = AdviceTopic.COMMUNITY_CARE.value
_IMMIGRATION = AdviceTopic.IMMIGRATION.value

CATEGORIES: tuple[Category, ...] = (
    Category("benefits.universal_credit", _("Universal Credit"), _BENEFITS),
    Category(
        "benefits.personal_independence_payment", _("Personal Independence Payment"), _BENEFITS
    ),
    Category(
        "benefits.employment_and_support_allowance",
        _("Employment and Support Allowance"),
        _BENEFITS,
    ),
    Category("benefits.attendance_allowance", _("Attendance Allowance"), _BENEFITS),
    Category("benefits.disability_living_allowance", _("Disability Living Allowance"), _BENEFITS),
    Category("benefits.carers_allowance", _("Carer's Allowance"), _BENEFITS),
    Category("benefits.pension_credit", _("Pension Credit"), _BENEFITS),
    Category("benefits.housing_benefit", _("Housing Benefit"), _BENEFITS),
    Category("benefits.council_tax_reduction", _("Council Tax Reduction"), _BENEFITS),
    Category("benefits.jobseekers_allowance", _("Jobseeker's Allowance"), _BENEFITS),
    Category("benefits.child_benefit", _("Child Benefit"), _BENEFITS),
    Category("benefits.state_pension", _("State Pension"), _BENEFITS),
    Category(
        "benefits.industrial_injuries",
        _("Industrial Injuries Disablement Benefit"),
        _BENEFITS,
    ),
    Category("benefits.statutory_sick_pay", _("Statutory Sick Pay"), _BENEFITS),
    Category(
        "benefits.local_welfare",
        _("Discretionary Housing Payment and local welfare assistance"),
        _BENEFITS,
    ),
    Category("benefits.other", _("Benefits — other"), _BENEFITS),
    Category("debt.priority.council_tax", _("Council tax arrears"), _DEBT),
    Category("debt.priority.rent", _("Rent arrears"), _DEBT),
    Category("debt.priority.mortgage", _("Mortgage and secured loan arrears"), _DEBT),
    Category("debt.priority.energy", _("Energy (gas and electricity)"), _DEBT),
    Category("debt.priority.magistrates_fines", _("Magistrates' court fines"), _DEBT),
    Category("debt.priority.child_maintenance", _("Child maintenance"), _DEBT),
    Category("debt.priority.hmrc", _("Income tax and other HMRC debts"), _DEBT),
    Category("debt.priority.tv_licence", _("TV licence"), _DEBT),
    Category("debt.priority.hire_purchase", _("Hire purchase and conditional sale"), _DEBT),
    Category("debt.non_priority.credit_cards", _("Credit and store cards"), _DEBT),
    Category("debt.non_priority.personal_loans", _("Personal loans"), _DEBT),
    Category("debt.non_priority.overdrafts", _("Overdrafts"), _DEBT),
    Category(
        "debt.non_priority.high_cost_credit",
        _("Payday and high-cost short-term credit"),
        _DEBT,
    ),
    Category("debt.non_priority.catalogue_bnpl", _("Catalogue and buy now pay later"), _DEBT),
    Category(
        "debt.non_priority.benefit_overpayments",
        _("Benefit overpayments (DWP and HMRC)"),
        _DEBT,
    ),
    # Water is non-priority in England and Wales because a household's supply cannot be cut off
    # for arrears (Water Industry Act 1991 s 61(1A), inserted by the Water Industry Act 1999).
    Category("debt.non_priority.water", _("Water"), _DEBT),
    Category("debt.non_priority.telecoms", _("Phone, broadband and other telecoms"), _DEBT),
    Category("debt.non_priority.other", _("Debts to friends or family, and other debts"), _DEBT),
    Category("debt.solutions.debt_relief_order", _("Debt relief order"), _DEBT),
    Category("debt.solutions.bankruptcy", _("Bankruptcy"), _DEBT),
    Category("debt.solutions.iva", _("Individual voluntary arrangement (IVA)"), _DEBT),
    Category("debt.solutions.breathing_space", _("Breathing space"), _DEBT),
    Category("housing.homelessness", _("Homelessness"), _HOUSING),
    Category("housing.disrepair", _("Disrepair"), _HOUSING),
    Category("housing.possession", _("Possession proceedings"), _HOUSING),
    Category("housing.allocation", _("Housing allocation"), _HOUSING),
    Category("housing.tenancy_deposits", _("Tenancy deposits"), _HOUSING),
    Category("housing.unlawful_eviction", _("Unlawful eviction and harassment"), _HOUSING),
    Category("housing.other", _("Housing — other"), _HOUSING),
    Category("employment.unfair_dismissal", _("Unfair dismissal"), _EMPLOYMENT),
    Category("employment.discrimination", _("Discrimination at work"), _EMPLOYMENT),
    Category("employment.wages", _("Wages and holiday pay"), _EMPLOYMENT),
    Category(
        "employment.sickness_absence",
        _("Sickness absence and reasonable adjustments"),
        _EMPLOYMENT,
    ),
    Category("employment.other", _("Employment — other"), _EMPLOYMENT),
    Category(
        "education.special_educational_needs",
        _("Special educational needs and additional learning needs (EHC plans, IDPs)"),
        _EDUCATION,
    ),
    Category("education.exclusions", _("School exclusions"), _EDUCATION),
    Category("education.school_transport", _("School transport"), _EDUCATION),
    Category("education.other", _("Education — other"), _EDUCATION),
    Category("community_care.needs_assessment", _("Assessment of care needs"), _COMMUNITY_CARE),
    Category("community_care.care_charges", _("Care charges"), _COMMUNITY_CARE),
    Category("community_care.carers_assessment", _("Carers' assessments"), _COMMUNITY_CARE),
    Category(
        "community_care.continuing_healthcare", _("NHS continuing healthcare"), _COMMUNITY_CARE
    ),
    Category("community_care.other", _("Community care — other"), _COMMUNITY_CARE),
    Category("immigration.leave_to_remain", _("Leave to remain and status"), _IMMIGRATION),
    Category("immigration.eu_settlement_scheme", _("EU Settlement Scheme"), _IMMIGRATION),
    Category(
        "immigration.no_recourse_to_public_funds", _("No recourse to public funds"), _IMMIGRATION
    ),
    Category("immigration.asylum_support", _("Asylum support"), _IMMIGRATION),
    Category("immigration.other", _("Immigration — other"), _IMMIGRATION),
)

CODES: frozenset[str] = frozenset(item.code for item in CATEGORIES)

_BY_CODE: dict[str, Category] = {item.code: item for item in CATEGORIES}

# Debt is long enough that one undivided list in a select is hard to scan.
_DEBT_GROUPS: tuple[tuple[str, Promise], ...] = (
    ("debt.priority.", _("Debt — priority")),
    ("debt.non_priority.", _("Debt — non-priority")),
    ("debt.solutions.", _("Debt — solutions")),
)


def category(code: str) -> Category:
    try:
        return _BY_CODE[code]
    except KeyError:
        raise ValueError(f"{code!r} is not a known issue category.") from None


def choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The categories grouped for a form's select, one group per topic in `AdviceTopic` order
    (debt in three groups), labels in the active language."""
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    for topic in AdviceTopic:
        if topic == AdviceTopic.DEBT:
            prefixed = [(prefix, str(label)) for prefix, label in _DEBT_GROUPS]
        else:
            prefixed = [(f"{topic.value}.", str(topic.label))]
        for prefix, group_label in prefixed:
            members = [
                (item.code, str(item.label))
                for item in CATEGORIES
                if item.topic == topic.value and item.code.startswith(prefix)
            ]
            groups.append((group_label, members))
    return groups
