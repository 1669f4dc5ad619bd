"""The issue categories: stable codes under the seven advice topics, offered grouped in forms."""

import re

import pytest

from healthjustice.casework.taxonomy import CATEGORIES, CODES, Category, category, choices
from healthjustice.organisations.models import AdviceTopic

CODE_FORMAT = re.compile(r"[a-z]+(?:_[a-z]+)*(?:\.[a-z]+(?:_[a-z]+)*)+")

BENEFITS = [
    "Universal Credit",
    "Personal Independence Payment",
    "Employment and Support Allowance",
    "Attendance Allowance",
    "Disability Living Allowance",
    "Carer's Allowance",
    "Pension Credit",
    "Housing Benefit",
    "Council Tax Reduction",
    "Jobseeker's Allowance",
    "Child Benefit",
    "State Pension",
    "Industrial Injuries Disablement Benefit",
    "Statutory Sick Pay",
]


def _labels(topic: str) -> list[str]:
    return [str(item.label) for item in CATEGORIES if item.topic == topic]


@pytest.mark.parametrize("topic", AdviceTopic.values)
def test_every_advice_topic_has_categories_and_a_catch_all(topic: str) -> None:
    codes = [item.code for item in CATEGORIES if item.topic == topic]

    assert len(codes) >= 4
    assert any(code.endswith(".other") for code in codes)


def test_every_category_belongs_to_an_advice_topic_named_in_its_code() -> None:
    assert all(item.topic in AdviceTopic.values for item in CATEGORIES)
    assert all(item.code.split(".")[0] == item.topic for item in CATEGORIES)


def test_codes_are_unique_lowercase_dotted_slugs() -> None:
    codes = [item.code for item in CATEGORIES]

    assert len(codes) == len(set(codes))
    assert [code for code in codes if not CODE_FORMAT.fullmatch(code)] == []
    assert frozenset(codes) == CODES


def test_labels_are_unique_so_a_select_is_unambiguous() -> None:
    labels = [str(item.label) for item in CATEGORIES]

    assert len(labels) == len(set(labels))


@pytest.mark.parametrize("benefit", BENEFITS)
def test_every_main_benefit_has_its_own_category(benefit: str) -> None:
    assert benefit in _labels(AdviceTopic.BENEFITS)


def test_discretionary_and_local_welfare_payments_are_benefits() -> None:
    assert category("benefits.local_welfare").topic == AdviceTopic.BENEFITS


@pytest.mark.parametrize(
    "code",
    [
        "debt.priority.council_tax",
        "debt.priority.rent",
        "debt.priority.mortgage",
        "debt.priority.energy",
        "debt.priority.magistrates_fines",
        "debt.priority.child_maintenance",
        "debt.priority.hmrc",
        "debt.priority.tv_licence",
        "debt.priority.hire_purchase",
        "debt.non_priority.credit_cards",
        "debt.non_priority.personal_loans",
        "debt.non_priority.overdrafts",
        "debt.non_priority.high_cost_credit",
        "debt.non_priority.catalogue_bnpl",
        "debt.non_priority.benefit_overpayments",
        "debt.non_priority.telecoms",
        "debt.non_priority.water",
        "debt.non_priority.other",
        "debt.solutions.debt_relief_order",
        "debt.solutions.bankruptcy",
        "debt.solutions.iva",
        "debt.solutions.breathing_space",
    ],
)
def test_debts_are_classified_by_creditor_and_priority(code: str) -> None:
    assert category(code).topic == AdviceTopic.DEBT


def test_water_is_not_a_priority_debt_in_england_and_wales() -> None:
    assert not any("water" in code for code in CODES if code.startswith("debt.priority."))


def test_every_debt_category_is_priority_non_priority_or_a_solution() -> None:
    debt_codes = [item.code for item in CATEGORIES if item.topic == AdviceTopic.DEBT]

    assert {code.split(".")[1] for code in debt_codes} == {"priority", "non_priority", "solutions"}


def test_choices_cover_every_category_exactly_once() -> None:
    offered = [code for _group, members in choices() for code, _label in members]

    assert sorted(offered) == sorted(CODES)


def test_choices_are_grouped_by_topic_with_debt_in_three_groups() -> None:
    groups = [group for group, _members in choices()]

    assert groups == [
        "Welfare benefits",
        "Debt — priority",
        "Debt — non-priority",
        "Debt — solutions",
        "Housing",
        "Employment",
        "Education",
        "Community care",
        "Immigration",
    ]


def test_choices_put_each_category_in_its_own_group() -> None:
    grouped = {code: group for group, members in choices() for code, _label in members}

    assert grouped["benefits.universal_credit"] == "Welfare benefits"
    assert grouped["debt.priority.council_tax"] == "Debt — priority"
    assert grouped["debt.non_priority.water"] == "Debt — non-priority"
    assert grouped["debt.solutions.breathing_space"] == "Debt — solutions"
    assert grouped["community_care.continuing_healthcare"] == "Community care"


def test_choices_carry_plain_string_labels() -> None:
    members = dict(choices())["Housing"]

    assert ("housing.homelessness", "Homelessness") in members
    assert all(type(label) is str for _code, label in members)


def test_a_category_is_found_by_its_code() -> None:
    found = category("benefits.universal_credit")

    assert isinstance(found, Category)
    assert (found.code, str(found.label), found.topic) == (
        "benefits.universal_credit",
        "Universal Credit",
        "benefits",
    )


def test_an_unknown_code_is_refused_with_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"'benefits\.unknown' is not a known issue category"):
        category("benefits.unknown")
