"""Thresholds and switched-off rules: defaults < user config < the file's [checks]."""

from __future__ import annotations

import os

from checkskit import clean_doc, no_user_config, rule_ids  # noqa: F401

from perftui.checks import LiveChecker, check_document, resolve, settings_for, user_config_path


def _user_config(text: str):
    path = user_config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_user_config_lives_under_xdg_config_home(tmp_path):
    assert str(user_config_path()).startswith(os.environ["XDG_CONFIG_HOME"])
    assert user_config_path().name == "config.toml"


def test_defaults():
    s = settings_for(clean_doc())
    assert (s.satisfaction_min, s.short_goal_chars, s.short_use_chars, s.unit_max_chars) == (85, 6, 6, 6)
    assert s.off == {} and s.problems == ()


def test_satisfaction_threshold_from_file_and_user_config():
    doc = clean_doc()
    doc.projects[0].indicators[5].value = "≥88%"
    assert check_document(doc) == []
    _user_config("[checks]\nsatisfaction_min = 90\n")
    assert rule_ids(check_document(doc)) == ["SAT-001"]
    doc.checks = {"satisfaction_min": 80}  # the file wins over the user config
    assert check_document(doc) == []


def test_rule_off_with_reason_is_not_reported_and_listed():
    doc = clean_doc()
    doc.projects[0].plan = {12: doc.projects[0].plan[12]}
    doc.overall.targets.items = ["维稳经费10万元。"]
    assert rule_ids(check_document(doc)) == ["PLAN-004"]
    doc.checks = {"off": {"PLAN-004": "年底一次性支付，前三个时点不支出"}}
    assert check_document(doc) == []
    s = settings_for(doc)
    assert s.off_lines() == ["已关闭的规则：PLAN-004 — 年底一次性支付，前三个时点不支出"]
    assert LiveChecker(doc).off_rules == {"PLAN-004": "年底一次性支付，前三个时点不支出"}


def test_user_config_can_switch_off_and_file_adds_more():
    _user_config('[checks.off]\nUSE-002 = "本县资金用途统一填项目名称"\n')
    doc = clean_doc()
    doc.projects[0].use = "维稳经费"
    doc.checks = {"off": {"GOAL-002": "目标在附件中"}}
    doc.projects[0].goals = ["维护稳定"]
    assert check_document(doc) == []
    assert set(settings_for(doc).off) == {"USE-002", "GOAL-002"}


def test_bad_values_become_findings_not_crashes():
    doc = clean_doc()
    doc.checks = {"satisfaction_min": "很高", "short_goal_chars": 2.5, "colour": "red", "off": {"NOPE-1": "x"}}
    found = check_document(doc)
    assert rule_ids(found) == ["SET-001", "SET-001", "SET-002", "SET-002"]
    assert all(f.project_index is None and f.field == "checks" for f in found)
    assert "satisfaction_min" in found[0].message and "85" in found[0].message
    assert settings_for(doc).satisfaction_min == 85  # the default is used


def test_out_of_range_and_wrong_types():
    s = resolve({"satisfaction_min": 120, "unit_max_chars": True, "off": ["PLAN-004"]}, known_rules=frozenset({"PLAN-004"}))
    assert [p.rule for p in s.problems] == ["SET-001", "SET-001", "SET-001"]
    assert s.satisfaction_min == 85 and s.unit_max_chars == 6


def test_a_threshold_has_at_most_two_decimals():
    """1e-999999 is between 0 and 100, but no one types it: refused, not quoted as a million digits."""
    from decimal import Decimal

    s = resolve({"satisfaction_min": Decimal("1e-999999")})
    assert [p.rule for p in s.problems] == ["SET-001"] and s.satisfaction_min == 85
    assert "最多两位小数" in s.problems[0].message and len(s.problems[0].message) < 200
    assert resolve({"satisfaction_min": Decimal("87.50")}).satisfaction_min == Decimal("87.5")


def test_percent_text_accepted_for_threshold():
    s = resolve({"satisfaction_min": "90%"})
    assert s.satisfaction_min == 90 and s.problems == ()


def test_broken_user_config_is_reported_and_ignored():
    _user_config("[checks\nsatisfaction_min = 90\n")
    found = check_document(clean_doc())
    assert rule_ids(found) == ["SET-001"]
    assert "config.toml" in found[0].message


def test_off_without_reason_warns_but_switches_off():
    doc = clean_doc()
    doc.projects[0].use = "维稳经费"
    doc.checks = {"off": {"USE-002": " "}}
    assert rule_ids(check_document(doc)) == ["SET-003"]


def test_settings_change_is_picked_up_by_live_checker():
    doc = clean_doc()
    doc.projects[0].indicators[5].value = "≥88%"
    live = LiveChecker(doc)
    assert live.findings() == []
    doc.checks = {"satisfaction_min": 90}
    live.recheck_overall()
    assert rule_ids(live.findings()) == ["SAT-001"]
