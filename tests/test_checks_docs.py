"""docs/checks.md documents every rule (with examples) and every setting."""

from pathlib import Path

from perftui.checks import RULES
from perftui.checks.settings import THRESHOLDS

DOC = (Path(__file__).resolve().parents[1] / "docs" / "checks.md").read_text(encoding="utf-8")


def test_every_rule_has_a_section_with_examples():
    for rid, rule in RULES.items():
        assert f"#### {rid}\n" in DOC, rid
        section = DOC.split(f"#### {rid}\n", 1)[1].split("####", 1)[0]
        assert rule.severity.value in section and "- 不通过：" in section and "- 通过：" in section
        assert rule.bad and rule.good


def test_every_setting_is_documented_with_its_default():
    for key, spec in THRESHOLDS.items():
        assert f"| `{key}` | {spec.default} |" in DOC


def test_seed_review_section_is_there():
    assert "## 样例文件的审核结果" in DOC and "11 错误 · 32 警告 · 22 提示" in DOC


def test_forms_a_rule_applies_to_are_documented_as_they_are():
    from perftui.checks.applies import not_on_form
    from perftui.forms import PROFILES

    for rid in RULES:
        section = DOC.split(f"#### {rid}\n", 1)[1].split("####", 1)[0]
        if "- 适用表样：" in section:
            listed = section.split("- 适用表样：", 1)[1].split("\n", 1)[0].split("、")
            assert listed == [k for k, p in PROFILES.items() if rid not in not_on_form(p)], rid
