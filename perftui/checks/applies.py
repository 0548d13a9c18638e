"""Which rules apply to a form: a rule about a field fires only where the form has that field.

Each rule says which model fields it reads (``catalog.Rule.reads``: ``value``, ``budget``,
``indicators.level1``, ``targets.items``…). Bare names belong to the rule's own record: an
indicator rule's ``name`` is the 三级指标, a project or cross-project rule's the 项目名称.
A rule whose reads include a field the form does not print is left out for that form
(88号 has no 绩效指标描述: no finding about a blank 描述).
"""

from __future__ import annotations

from functools import cache

from perftui.checks import catalog
from perftui.fields import field_of
from perftui.forms import Profile
from perftui.model import Indicator

_OWN = {"indicator": "indicator", "project": "project", "cross": "project", "document": "document"}


def scoped(rule: catalog.Rule) -> frozenset[tuple[str, str]]:
    """The (scope, field) pairs a rule is about."""
    out = set()
    for read in rule.subject:
        head, _, rest = read.partition(".")
        if head in ("targets", "measures"):  # 二、分项绩效目标 / 三、工作保障措施 of Part 1
            out.add(("overall", head))
        elif head in ("overall", "unit") and rest:
            out.add((head, rest))
        elif head == "indicators" and rest:
            out.add(("indicator", rest))
        elif head == "indicators":
            out.add(("project", "indicators"))
        elif head in ("projects", "framework", "checks"):
            out.add(("document", head))
        else:
            own = _OWN.get(rule.kind, "project")
            # An indicator rule may read its project's fields (the 预算数 behind a 成本 value).
            if own == "indicator" and field_of(Indicator, head) is None:
                own = "project"
            out.add((own, head))
    return frozenset(out)


def _has(profile: Profile, scope: str, key: str) -> bool:
    return scope == "document" or profile.has(scope, key)


@cache
def not_on_form(profile: Profile) -> frozenset[str]:
    """Ids of the rules that read a field the form does not have."""
    return frozenset(r.id for r in catalog.RULES.values() if not all(_has(profile, s, k) for s, k in scoped(r)))
