"""The rule catalog: every rule's stable id, severity, scope, what it reads and its examples.

Rule modules register themselves with ``@rule(...)``. ``kind`` says how the engine runs a rule:
``indicator`` (once per row), ``project`` (once per project), ``document`` (once), or
``cross`` (rules across projects and Part 1, run incrementally by the engine itself).

A rule's check returns the list of its findings, or None when it finds nothing (a plain
call: rules run for every row and project, where a generator's set-up costs more than most
bodies do).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeGuard, TypeVar

from perftui.checks.finding import Scope, Severity

# The type of a rule's check: a function, or None for a rule the engine evaluates itself
# (``declare``); Rule[Callable] is a rule the engine calls (see ``called``).
_Check = TypeVar("_Check", bound=Callable | None)


@dataclass(frozen=True, slots=True)
class Rule(Generic[_Check]):
    """One check rule as registered in the catalog."""

    id: str
    severity: Severity
    scope: Scope
    kind: str  # "indicator" | "project" | "document" | "cross"
    title: str  # what it checks, in Chinese (docs, reports)
    reads: frozenset[str]  # model fields it reads: "value", "budget", "plan", "indicators.level1" …
    check: _Check
    bad: str = ""  # a failing example (docs)
    good: str = ""  # a passing example (docs)
    # The fields it is about: a form without one of them does not get this rule. Default:
    # everything it reads; narrower where some reads only lend context (a 描述 to read along).
    about: frozenset[str] = frozenset()
    # A row rule's cheap first test (is it a 成本 row?): where it says no, the rule finds
    # nothing, so the engine does not call it. The rule still makes the test itself.
    when: Callable | None = None

    @property
    def subject(self) -> frozenset[str]:
        return self.about or self.reads


# id -> Rule, in registration order (= report order within one place)
RULES: dict[str, Rule[Callable | None]] = {}
ORDER: dict[str, int] = {}


def rule(id: str, severity: Severity, scope: Scope, kind: str, title: str, *,
         reads: tuple[str, ...] = (), bad: str = "", good: str = "", about: tuple[str, ...] = (),
         when: Callable | None = None):
    def register(fn: Callable | None):
        if id in RULES:
            raise ValueError(f"duplicate rule id {id}")
        RULES[id] = Rule(id, severity, scope, kind, title, frozenset(reads), fn, bad, good, frozenset(about), when)
        ORDER[id] = len(ORDER)
        return fn

    return register


def declare(id: str, severity: Severity, scope: Scope, title: str, *, reads: tuple[str, ...] = (),
            bad: str = "", good: str = "") -> None:
    """A rule the engine evaluates itself (cross-project, settings)."""
    rule(id, severity, scope, "cross", title, reads=reads, bad=bad, good=good)(None)


CalledRule = Rule[Callable]


def called(r: Rule[Callable | None]) -> TypeGuard[CalledRule]:
    """Whether the engine calls the rule's check (it has one: not a ``declare``d rule)."""
    return r.check is not None


def rules_of(kind: str) -> list[Rule]:
    return [r for r in RULES.values() if r.kind == kind]
