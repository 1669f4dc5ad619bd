"""House rules that keep personal data behind scoped selectors."""

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "src" / "healthjustice"
VIEW_MODULES = sorted(
    path
    for path in SOURCE.rglob("*.py")
    if path.name == "views.py" or "views" in path.relative_to(SOURCE).parts[:-1]
)


def _manager_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        f"{path.relative_to(SOURCE)}:{node.lineno} {ast.unparse(node)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in {"objects", "_default_manager"}
    ]


def test_view_modules_are_found() -> None:
    assert len(VIEW_MODULES) >= 3


@pytest.mark.parametrize("path", VIEW_MODULES, ids=lambda path: str(path.relative_to(SOURCE)))
def test_views_read_through_selectors_not_model_managers(path: Path) -> None:
    """Views never query models directly: selectors scope every read to the acting membership."""
    assert _manager_uses(path) == []
