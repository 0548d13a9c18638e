"""Rule modules, split by what they look at. Importing this package registers every rule."""

from perftui.checks.rules import (  # noqa: F401  (registration order = report order)
    amounts,
    codes,
    forms,
    indicators,
    part1,
    plan,
    prose,
    settings,
    structure,
    values,
)
