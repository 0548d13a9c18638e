"""The diff of two versions: exactly the changes made, in the form's words."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import pytest

from perftui import store
from perftui.diff import ADDED, CHANGED, MOVED, REMOVED, diff, field_label
from perftui.model import Indicator, Project

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "439001-2023.toml"


@pytest.fixture
def sample():
    return store.load(SAMPLE).doc


def only(d):
    assert len(d.changes) == 1, [c.message for c in d.changes]
    return d.changes[0]


def test_same_document_has_no_changes(sample):
    d = diff(sample, copy.deepcopy(sample))
    assert d.equal and d.changes == [] and d.warnings == []
    assert d.summary() == "两个版本的内容相同"


def test_value_change_in_the_words_of_the_form(sample):
    new = copy.deepcopy(sample)
    new.projects[0].indicators[0].value = "≥30个"
    c = only(diff(sample, new))
    assert c.kind == CHANGED
    assert c.message == "项目「城镇社区工作经费」指标值 第1行「城市社区综合服务设施数量」：≥25个 → ≥30个"
    assert c.old_path == c.new_path == "projects[1].indicators[1].value"
    assert (c.project_index, c.indicator_index, c.field) == (0, 0, "value")
    assert (c.old, c.new) == ("≥25个", "≥30个")


def test_budget_change_compared_as_numbers(sample):
    new = copy.deepcopy(sample)
    new.projects[0].budget = Decimal("770000")  # same amount, written differently
    assert diff(sample, new).equal
    new.projects[0].budget = Decimal("800000")
    c = only(diff(sample, new))
    assert c.message == "项目「城镇社区工作经费」预算数：770000.00 → 800000.00"
    assert c.field == "budget" and c.new_path == "projects[1].budget"


def test_blank_amount_differs_from_zero(sample):
    new = copy.deepcopy(sample)
    assert sample.projects[0].other is None
    new.projects[0].other = Decimal("0.00")
    c = only(diff(sample, new))
    assert c.message == "项目「城镇社区工作经费」其他资金：（空白） → 0.00"


def test_indicator_added(sample):
    new = copy.deepcopy(sample)
    new.projects[1].indicators.insert(2, Indicator("产出指标", "数量指标", "培训人次", "", "≥50人次", "计划标准"))
    c = only(diff(sample, new))
    assert c.kind == ADDED and c.old_path is None and c.new_path == "projects[2].indicators[3]"
    assert c.message == ("项目「国有企业退休人员社会化管理补助资金」新增指标 第3行「培训人次」"
                         "（产出指标/数量指标，指标值 ≥50人次）")
    assert (c.project_index, c.indicator_index) == (1, 2)


def test_indicator_removed(sample):
    new = copy.deepcopy(sample)
    gone = new.projects[0].indicators.pop(3)
    c = only(diff(sample, new))
    assert c.kind == REMOVED and c.new_path is None and c.old_path == "projects[1].indicators[4]"
    assert c.message == f"项目「城镇社区工作经费」删除指标 原第4行「{gone.name}」（产出指标/成本指标，指标值 115万元）"


def test_indicator_moved_is_one_move_not_a_change_of_every_row(sample):
    new = copy.deepcopy(sample)
    rows = new.projects[0].indicators
    rows.insert(4, rows.pop(0))
    c = only(diff(sample, new))
    assert c.kind == MOVED
    assert c.message == "项目「城镇社区工作经费」指标「城市社区综合服务设施数量」：从第1行移到第5行"
    assert (c.old, c.new) == (1, 5)


def test_moved_and_changed_row_reports_both(sample):
    new = copy.deepcopy(sample)
    rows = new.projects[0].indicators
    rows.insert(4, rows.pop(0))
    rows[4].value = "≥26个"
    kinds = [(c.kind, c.message) for c in diff(sample, new).changes]
    assert kinds == [
        (MOVED, "项目「城镇社区工作经费」指标「城市社区综合服务设施数量」：从第1行移到第5行"),
        (CHANGED, "项目「城镇社区工作经费」指标值 第5行「城市社区综合服务设施数量」：≥25个 → ≥26个"),
    ]


def test_project_renamed_is_matched_by_code(sample):
    new = copy.deepcopy(sample)
    new.projects[4].name = "维稳工作经费"
    c = only(diff(sample, new))
    assert c.message == "项目「维稳工作经费」项目名称：维稳经费 → 维稳工作经费"
    assert c.field == "name" and c.project_index == 4


def test_project_deleted(sample):
    new = copy.deepcopy(sample)
    del new.projects[5]
    c = only(diff(sample, new))
    assert c.kind == REMOVED
    assert c.message == "删除项目「营业执照、食品卫生许可证工本费」（项目编码 13022923P00JXC415063J）：原第6个，8 行指标"


def test_project_added_and_projects_reordered(sample):
    new = copy.deepcopy(sample)
    new.projects.append(Project(code="13022923P00JXC4159999", name="新增的项目"))
    new.projects.insert(0, new.projects.pop(3))
    changes = diff(sample, new).changes
    assert [(c.kind, c.message) for c in changes] == [
        (MOVED, "项目「人民武装、共青团经费、人大经费」：从第4个移到第1个"),
        (ADDED, "新增项目「新增的项目」（项目编码 13022923P00JXC4159999）：第8个，0 行指标"),
    ]


def test_project_code_corrected_is_matched_by_name(sample):
    new = copy.deepcopy(sample)
    new.projects[0].code = "13022923P00JXC415060Q"
    c = only(diff(sample, new))
    assert c.message == "项目「城镇社区工作经费」项目编码：13022923P00JXC415060P → 13022923P00JXC415060Q"


def test_projects_without_codes_fall_back_to_position_and_say_so(sample):
    old = copy.deepcopy(sample)
    for p in old.projects:
        p.code = ""
    new = copy.deepcopy(old)
    new.projects[2].name = "改了名字的项目"
    c = only(diff(old, new))
    assert c.message == "项目「改了名字的项目」项目名称：国有企业退休人员社会化管理补助资金 → 改了名字的项目（按位置对应）"
    assert c.matched_by == "位置"


def test_two_projects_with_different_codes_are_never_paired_by_position(sample):
    new = copy.deepcopy(sample)
    new.projects[6] = Project(code="13022923P00JXC4150000", name="另一个项目")
    kinds = sorted(c.kind for c in diff(sample, new).changes)
    assert kinds == [ADDED, REMOVED]


def test_indicator_renamed_in_place_is_a_change_of_its_name(sample):
    new = copy.deepcopy(sample)
    new.projects[0].indicators[1].name = "居民满意率"
    c = only(diff(sample, new))
    assert c.message == "项目「城镇社区工作经费」三级指标 第2行「居民满意率」：满意率 → 居民满意率（按位置对应）"


def test_indicators_with_the_same_name_are_matched_in_order(sample):
    # The sample's projects 2 and 3 have identical rows; only one value changes.
    new = copy.deepcopy(sample)
    new.projects[2].indicators[3].value = "=99%"
    c = only(diff(sample, new))
    assert c.new_path == "projects[3].indicators[4].value"


def test_lists_plan_and_part_one(sample):
    new = copy.deepcopy(sample)
    new.projects[0].goals.append("新目标")
    new.projects[0].plan[3] = Decimal(25)
    del new.projects[0].plan[6]
    new.overall.targets.items[1] = new.overall.targets.items[1] + "补充。"
    new.unit.name = "玉田县无终街道办事处"
    messages = [c.message for c in diff(sample, new).changes]
    assert messages[0] == "单位名称：玉田县无终街道办事处本级 → 玉田县无终街道办事处"
    assert messages[1].startswith("分项绩效目标 条目 第2条：…") and "【（无）】" in messages[1] and "【补充。】" in messages[1]
    assert messages[2:] == [
        "项目「城镇社区工作经费」资金支出计划 3月底：30 → 25",
        "项目「城镇社区工作经费」资金支出计划 6月底：60 → （空白）",
        "项目「城镇社区工作经费」绩效目标 新增第2条：「新目标」",
    ]


def test_review_data_is_not_content(sample):
    from perftui.review.model import Opinion

    new = copy.deepcopy(sample)
    new.review.status = "退回"
    new.review.opinions.append(Opinion(opinion="请修改"))
    assert diff(sample, new).equal


def test_other_unit_or_year_warns_but_still_diffs(sample):
    new = copy.deepcopy(sample)
    new.unit.code, new.unit.name, new.unit.year = "439002", "别的单位", 2024
    d = diff(sample, new)
    assert len(d.warnings) == 2
    assert "不是同一个单位" in d.warnings[0] and "439002 别的单位" in d.warnings[0]
    assert "年度不同：2023 与 2024" in d.warnings[1]
    assert len(d.changes) == 3


def test_labels_come_from_one_place():
    assert field_label("unit", "name") == "单位名称"
    assert field_label("project", "name") == "项目名称"
    assert field_label("indicator", "name") == "三级指标"
    assert field_label("indicator", "value") == "指标值"
    assert field_label("project", "brand_new_field") == "brand_new_field"


def test_a_new_model_field_is_diffed_without_touching_the_diff():
    """A field the model gains later is walked through dataclasses.fields()."""
    from dataclasses import dataclass, field

    @dataclass
    class Period:
        start: str = ""
        end: str = ""

    @dataclass
    class Extended:
        period: Period = field(default_factory=Period)
        weights: dict = field(default_factory=dict)
        rows: list = field(default_factory=list)

    from perftui.diff import _Ctx, _Walker

    w = _Walker()
    w.obj(Extended(Period("2023.01", "2023.12"), {"产出": 50}, [Period("a", "b")]),
          Extended(Period("2023.01", "2024.06"), {"产出": 40}, [Period("a", "b"), Period("c", "d")]),
          _Ctx(top=False))
    assert [(c.kind, c.new_path) for c in w.changes] == [
        (CHANGED, "period.end"), (CHANGED, "weights.产出"), (ADDED, "rows[2]"),
    ]
    assert w.changes[0].message == "period end：2023.12 → 2024.06"


def test_an_88_form_diff_speaks_its_forms_words_and_money():
    """The 88号 form calls 预算数 年度资金总额 and prints 万元; its two 其他资金 (中期 and 年度)
    are told apart. The change's values stay the file's (元)."""
    old = store.load(Path(__file__).parent / "data" / "forms" / "88-wuhan-2020.toml").doc
    new = copy.deepcopy(old)
    p = new.projects[0]
    p.budget = Decimal("100500000.00")
    p.long_other = Decimal("5000.00")
    p.indicators[0].value = "3"
    d = diff(old, new)
    messages = [c.message for c in d.changes]
    assert messages == [
        "项目「教育系统基础设施建设和设备购置」年度资金总额：10000 → 10050 万元",
        "项目「教育系统基础设施建设和设备购置」指标值（年度） 第1行「重点建设工程安排数量」：2 → 3",
        "项目「教育系统基础设施建设和设备购置」中期其他资金：（空白） → 0.5 万元",
    ], messages
    assert d.changes[0].new == Decimal("100500000.00")


def test_a_sample_amount_change_is_in_yuan_as_before(sample):
    new = copy.deepcopy(sample)
    new.projects[0].budget = Decimal("780000.00")
    assert only(diff(sample, new)).message == "项目「城镇社区工作经费」预算数：770000.00 → 780000.00"
