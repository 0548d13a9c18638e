"""Checks: the rule catalog reviewers apply to 预算绩效目标, and the engine that runs it.

    findings = check_document(doc)              # whole file
    live = LiveChecker(doc); live.recheck_field(3, 2, "value"); live.findings(3)

See docs/checks.md for every rule, its severity and examples, and the settings.
"""

from perftui.checks.catalog import RULES, Rule
from perftui.checks.engine import LiveChecker, check_document, check_fast, settings_for
from perftui.checks.finding import Finding, Scope, Severity
from perftui.checks.settings import Settings, resolve, user_config_path

__all__ = [
    "RULES",
    "Finding",
    "LiveChecker",
    "Rule",
    "Scope",
    "Settings",
    "Severity",
    "check_document",
    "check_fast",
    "resolve",
    "settings_for",
    "user_config_path",
]
