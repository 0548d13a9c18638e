"""The seed document (a real 2023 text) read as a careful reviewer would: every finding asserted.

See docs/checks.md, section 样例文件的审核结果, for the reviewer's reading behind this list.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from checkskit import no_user_config  # noqa: F401

from perftui.checks import LiveChecker, Severity, check_document
from perftui.importers.wordtext import import_text
from perftui.resources import sample_path
from perftui.store import load

FIXTURE = Path(__file__).parent / "fixtures" / "seed_wordtext.txt"

# (project index, row number 1-based or None, rule)
EXPECTED = [
    # 1. 城镇社区工作经费
    (0, None, "USE-002"),  # 资金用途 = 项目名称
    (0, 2, "BASIS-002"),  # 依据「居民满意率」repeats the description
    (0, 2, "SAT-002"),  # 满意率 used as a 质量指标
    (0, 3, "BASIS-002"),
    (0, 3, "TIME-002"),  # 时效指标「完成率」measures no time
    (0, 4, "COST-002"),  # 成本 115万元 > 预算数 770000.00
    (0, 7, "BASIS-002"),
    (0, 7, "SAT-001"),  # 满意度 ≥80% below 85%
    # 2. 国有企业退休人员社会化管理补助资金 (30720.00)
    (1, None, "NAME-002"),  # same name as table 3
    (1, None, "PLAN-004"),  # only 12月底 filled
    (1, None, "USE-003"),  # 资金用途「做好管理工作」
    (1, 1, "IND-001"),  # 三级 = 描述 = 指标值 = 依据
    (1, 2, "BASIS-002"),
    (1, 3, "COST-003"),  # 成本 = the whole budget
    (1, 3, "BASIS-002"),
    (1, 3, "VAL-003"),  # 「需使用资金30720元」
    (1, 4, "BASIS-002"),
    (1, 5, "BASIS-002"),
    (1, 5, "RATE-001"),  # 比例 ≥200%
    (1, 6, "BASIS-002"),
    (1, 7, "BASIS-002"),
    (1, 7, "VAL-002"),  # 「社会水平稳定」
    (1, 8, "BASIS-002"),
    # 3. 国有企业退休人员社会化管理补助资金 (20000.00)
    (2, None, "NAME-002"),
    (2, None, "PLAN-004"),
    (2, None, "GOAL-002"),  # 绩效目标「做好管理工作」
    (2, None, "USE-003"),
    (2, 1, "IND-001"),
    (2, 2, "BASIS-002"),
    (2, 3, "COST-003"),
    (2, 3, "BASIS-002"),
    (2, 3, "VAL-003"),
    (2, 4, "BASIS-002"),
    (2, 5, "BASIS-002"),
    (2, 5, "RATE-001"),
    (2, 6, "BASIS-002"),
    (2, 7, "BASIS-002"),
    (2, 7, "VAL-002"),
    (2, 8, "BASIS-002"),
    # 4. 人民武装、共青团经费、人大经费
    (3, None, "GOAL-003"),  # 「保证工作顺利开展」
    (3, None, "USE-002"),
    (3, 2, "COST-001"),  # 成本「保证征兵工作稳定开展」
    (3, 4, "TIME-002"),  # 时效「征兵入伍率」
    (3, 5, "EFF-001"),  # 效益「工作完成率」
    (3, 6, "VAL-002"),  # 「逐步提高」
    # 5. 维稳经费
    (4, None, "GOAL-002"),  # 「保证社会稳定」
    (4, None, "USE-002"),
    (4, 3, "VAL-003"),  # 「案件处理时限为两天」
    (4, 4, "COST-001"),  # 成本「超期案件数量」
    (4, 5, "VAL-002"),  # 「群众合法权益是否得到保护」
    (4, 6, "VAL-004"),  # 「≥90合法访数量占总访数的百分比」
    (4, 7, "VAL-002"),  # 「社会稳定性」
    # 6. 营业执照、食品卫生许可证工本费
    (5, None, "GOAL-003"),  # 「保障工作顺利开展」
    (5, None, "USE-002"),
    (5, 2, "BASIS-002"),
    (5, 4, "COST-001"),  # 成本「免费办理」
    (5, 6, "STRUCT-004"),  # 三级「社会效益显著」
    (5, 6, "VAL-002"),  # 「提升社会经济增长」
    (5, 7, "VAL-002"),  # 「保证民营企业正常发展」
    # 7. 招聘社区工作者工资保险 (the text is cut off after its 成本 row)
    (6, None, "USE-002"),
    (6, None, "STRUCT-001"),  # no 效益指标
    (6, None, "STRUCT-001"),  # no 满意度指标
    (6, 1, "VAL-003"),  # 「本单位共有社区工作者112人」
    (6, 2, "VAL-002"),  # 「按照上级文件安排定级发放」
    (6, 3, "COST-001"),  # 成本「依据工龄定级发放相应工资」
]


def _reading(findings):
    return [(f.project_index, None if f.indicator_index is None else f.indicator_index + 1, f.rule) for f in findings]


@pytest.fixture(scope="module")
def seed_doc():
    return load(sample_path()).doc


def test_bundled_seed_findings_are_exactly_the_reviewers(seed_doc):
    assert _reading(check_document(seed_doc)) == EXPECTED


def test_imported_seed_gives_the_same_findings():
    doc = import_text(FIXTURE.read_text(encoding="utf-8")).doc
    assert _reading(check_document(doc)) == EXPECTED


def test_part1_amounts_of_the_seed_agree(seed_doc):
    findings = check_document(seed_doc)
    assert not [f for f in findings if f.project_index is None]  # nothing on Part 1 or the document
    live = LiveChecker(seed_doc)
    matched = [sorted(seed_doc.projects[s.index].name for s in m) for m in live._item_match]
    assert matched == [["招聘社区工作者工资保险"], ["维稳经费"], ["城镇社区工作经费"], ["人民武装、共青团经费、人大经费"],
                       ["营业执照、食品卫生许可证工本费"]]


def test_seed_messages_name_place_and_fix(seed_doc):
    findings = check_document(seed_doc)
    cost = next(f for f in findings if f.rule == "COST-002")
    assert cost.message.startswith("项目「城镇社区工作经费」（13022923P00JXC415060P）第4行「资金成本」：")
    assert "1150000.00 元" in cost.message and "770000.00 元" in cost.message
    assert cost.project_code == "13022923P00JXC415060P" and cost.field == "value"
    counts = LiveChecker(seed_doc).counts()
    assert counts == {Severity.ERROR: 11, Severity.WARNING: 32, Severity.HINT: 22}


def test_a_part1_amount_change_is_reported_at_the_item(seed_doc):
    import copy

    doc = copy.deepcopy(seed_doc)
    doc.overall.targets.items[0] = doc.overall.targets.items[0].replace("895.5万元", "859.5万元")
    found = [f for f in check_document(doc) if f.project_index is None]
    assert [(f.rule, f.item_index) for f in found] == [("PART1-001", 0)]
    assert "招聘社区工作者工资保险" in found[0].message and "8955000.00" in found[0].message
