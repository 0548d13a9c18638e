"""Every rule: a failing case (reported at the right place) and passing cases (nothing reported)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from checkskit import clean_doc, no_user_config, project, rule_ids  # noqa: F401

from perftui.checks import RULES, Severity, check_document
from perftui.model import Cost, Indicator, Task

# rule id -> (mutation of the clean document, expected place: (project, row, field) or None)


def _row(i, **kw):
    def mutate(doc):
        for k, v in kw.items():
            setattr(doc.projects[0].indicators[i], k, v)
    return mutate


def _proj(**kw):
    def mutate(doc):
        for k, v in kw.items():
            setattr(doc.projects[0], k, v)
    return mutate


def _doc(fn):
    return fn


def _add(*projects):
    def mutate(doc):
        doc.projects.extend(projects)
    return mutate


def _on_form(form, **kw):
    """The clean document filed on another official form, with project fields set."""
    def mutate(doc):
        doc.form = form
        if form == "101号审批表":
            doc.framework = "101号"
        for k, v in kw.items():
            setattr(doc.projects[0], k, v)
    return mutate


def _points(total_rows, execution=D(10)):
    def mutate(doc):
        _on_form("101号审批表", execution_points=execution)(doc)
        rows = doc.projects[0].indicators
        rows.insert(0, Indicator("成本指标", "经济成本指标", "人均值班补助", "", "≤500元/人"))
        for ind, pts in zip(rows, total_rows, strict=False):
            ind.points = D(pts)
    return mutate


def _same_row(doc):
    text = "国有企业不承担移交后的退休人员社会化管理服务费"
    doc.projects[0].indicators[0] = Indicator("产出指标", "数量指标", text, text, text, text)


FAILING = {
    "NAME-001": (_proj(name=""), (0, None, "name")),
    "CODE-001": (_proj(code=""), (0, None, "code")),
    "CODE-002": (_proj(code="13022923P00JXC41506"), (0, None, "code")),
    "CODE-003": (_proj(code="13022922P00JXC4150646"), (0, None, "code")),
    "CODE-004": (_add(project("13022923P00JXC4150647", "人民调解经费"), project("13022823P00JXC4150648", "网格化管理经费")),
                 (2, None, "code")),
    "CODE-005": (_add(project("13022923P00JXC4150646", "人民调解经费")), (1, None, "code")),
    "NAME-002": (_add(project("13022923P00JXC4150647", "维稳经费")), (1, None, "name")),
    "AMT-001": (_proj(fiscal=D("90000.00")), (0, None, "budget")),
    "AMT-002": (_proj(budget=None, fiscal=None), (0, None, "budget")),
    "AMT-003": (_proj(fiscal=D("105000.00"), other=D("-5000.00")), (0, None, "other")),
    "COST-001": (_row(3, value="免费办理"), (0, 3, "value")),
    "COST-002": (_row(3, value="115万元"), (0, 3, "value")),
    "COST-003": (_row(3, value="100000元"), (0, 3, "value")),
    "PLAN-005": (_proj(plan={}), (0, None, "plan")),
    "PLAN-001": (_proj(plan={3: D(30), 6: D(60), 10: D(-5), 12: D(100)}), (0, None, "plan")),
    "PLAN-002": (_proj(plan={3: D(30), 6: D(60), 10: D(40), 12: D(100)}), (0, None, "plan")),
    "PLAN-003": (_proj(plan={3: D(30), 6: D(60), 10: D(90), 12: D(90)}), (0, None, "plan")),
    "PLAN-004": (_proj(plan={12: D(100)}), (0, None, "plan")),
    "DOC-001": (_doc(lambda d: setattr(d.overall, "goal", "")), None),
    "DOC-002": (_doc(lambda d: setattr(d.overall.targets, "items", [])), None),
    "DOC-003": (_doc(lambda d: setattr(d.overall.measures, "items", [])), None),
    "DOC-004": (_doc(lambda d: setattr(d, "framework", "99号")), None),
    "DOC-005": (_doc(lambda d: setattr(d.unit, "year", 0)), None),
    "GOAL-001": (_proj(goals=[]), (0, None, "goals")),
    "GOAL-002": (_proj(goals=["做好管理工作"]), (0, None, "goals")),
    "GOAL-003": (_proj(goals=["保证工作顺利开展"]), (0, None, "goals")),
    "USE-001": (_proj(use=""), (0, None, "use")),
    "USE-002": (_proj(use="维稳经费"), (0, None, "use")),
    "USE-003": (_proj(use="做好管理工作"), (0, None, "use")),
    "STRUCT-005": (_proj(indicators=[]), (0, None, "indicators")),
    "STRUCT-001": (_doc(lambda d: d.projects[0].indicators.pop(5)), (0, None, "indicators")),
    "STRUCT-003": (_row(3, level1="成本指标"), (0, 3, "level1")),
    "STRUCT-002": (_row(1, level1="效益指标"), (0, 1, "level2")),
    "STRUCT-004": (_row(4, name="社会效益显著"), (0, 4, "name")),
    "IND-001": (_same_row, (0, 0, None)),
    "IND-002": (_row(0, level2=""), (0, 0, "level2")),
    "IND-003": (_row(0, description=""), (0, 0, "description")),
    "BASIS-001": (_row(0, basis=""), (0, 0, "basis")),
    "BASIS-002": (_row(1, basis="息诉罢访率 "), (0, 1, "basis")),
    "EFF-001": (_row(4, name="工作完成率"), (0, 4, "name")),
    "SAT-002": (_row(1, name="居民满意率", description="居民满意率"), (0, 1, "level1")),
    "VAL-001": (_row(0, value=""), (0, 0, "value")),
    "VAL-002": (_row(4, value="逐步提高"), (0, 4, "value")),
    "VAL-003": (_row(0, value="本单位共有社区工作者112人"), (0, 0, "value")),
    "VAL-004": (_row(4, value="≥90合法访数量占总访数的百分比"), (0, 4, "value")),
    "RATE-001": (_row(4, value="≥200%"), (0, 4, "value")),
    "RATE-002": (_row(5, value="≥90"), (0, 5, "value")),
    "RATE-003": (_row(3, value="100%"), (0, 3, "value")),
    "SAT-001": (_row(5, value="≥80%"), (0, 5, "value")),
    "TIME-001": (_row(2, value="≥1年"), (0, 2, "value")),
    "TIME-002": (_row(2, name="征兵入伍率", description="征兵入伍率", value="≥90%"), (0, 2, "name")),
    "DATE-001": (_row(2, value="2022年12月前"), (0, 2, "value")),
    "DATE-002": (_proj(goals=["2022年底前完成全部信访积案化解"]), (0, None, "goals")),
    "DATE-003": (_doc(lambda d: setattr(d.overall, "goal", "2022年在县委、县政府的领导下，做好社区服务工作。")), None),
    "DATE-004": (_proj(name="2022年维稳经费"), (0, None, "name")),
    "PART1-001": (_doc(lambda d: d.overall.targets.items.__setitem__(0, "维稳经费12万元，项目主要目标为维护社会稳定。")), "item"),
    "PART1-002": (_doc(lambda d: d.overall.targets.items.__setitem__(0, "网格化管理经费8万元，主要用于网格员补助。")), "item"),
    "PART1-003": (_doc(lambda d: d.overall.targets.items.__setitem__(
        0, "维稳经费10万元。资金累计支出进度3月底、6月底、10月底、12月底分别达到25%、60%、90%、100%。")), "item"),
    "AMT-004": (_on_form("88号申报表", long_budget=D("50000.00")), (0, None, "budget")),
    "AMT-005": (_on_form("88号申报表", long_budget=D("300000.00"), long_fiscal=D("200000.00")), (0, None, "long_budget")),
    "AMT-006": (_on_form("湖南申报表", superior=D("-50000.00")), (0, None, "superior")),
    "GOAL-004": (_on_form("湖南申报表", period="2023.01-2025.12", goals=["建成便民服务中心"],
                          long_goals=["建成便民服务中心"]), (0, None, "goals")),
    "GOAL-005": (_proj(goals=["按工作计划完成教育局重点项目建设经费预算安排"]), (0, None, "goals")),
    "PERIOD-001": (_on_form("88号申报表", period="2021.01-2022.12"), (0, None, "period")),
    "PTS-001": (_points([10, 20, 10, 10, 10, 5, 5]), (0, None, "indicators")),
    "PTS-002": (_points([20, 10, 10, 5, 5, 20, 20]), (0, None, "indicators")),
    "UNIT-001": (_doc(lambda d: (_on_form("四川一体化")(d), _row(0, value="28.8万元", unit="%")(d))), (0, 0, "unit")),
    "VAL-005": (_row(0, name="重点建设工程安排数量", description="安排的重点工程数", value="2"), (0, 0, "value")),
    "RATE-004": (_row(4, name="维护社会稳定", description="", value="≥95%"), (0, 4, "name")),
    "NAME-003": (_row(0, name="村组干部230人", value="≥230个"), (0, 0, "name")),
    "TIME-003": (_row(2, name="项目完成时间", description="项目完成的时间", value="100%"), (0, 2, "value")),
    "COSTS-001": (_on_form("湖北申报表", costs=[Cost("保安服务费", D("1910000.00")), Cost("保洁服务费", D("990000.00")),
                                                Cost("合计", D("2910000.00"))]), (0, None, "costs")),
    "ZT-001": (_doc(lambda d: (setattr(d, "form", "整体支出"), setattr(d.overall, "budget", D("1714100.00")),
                               setattr(d.overall, "basic", D("1000000.00")), setattr(d.overall, "spending", D("608000.00")))),
               None),
    "ZT-002": (_doc(lambda d: (setattr(d, "form", "整体支出"), setattr(d.overall, "basic", D("1106100.00")),
                               d.overall.tasks.append(Task("确保日常工作正常运行", "按时发放工资", "基本支出",
                                                           D("1714100.00"))))), None),
    "VAL-006": (_doc(lambda d: (_on_form("湖南整体支出")(d), d.overall.indicators.append(
        Indicator("产出指标", "时效指标", "工作安排时间", "", "按月安排", value_type="定量")))), (None, 0, "value")),
    "SET-001": (_doc(lambda d: setattr(d, "checks", {"satisfaction_min": "很高"})), None),
    "SET-002": (_doc(lambda d: setattr(d, "checks", {"off": {"PLAN-999": "没有这条规则"}})), None),
    "SET-003": (_doc(lambda d: setattr(d, "checks", {"off": {"PLAN-004": ""}})), None),
}


def test_clean_document_has_no_findings():
    assert check_document(clean_doc()) == []


def test_every_rule_has_a_failing_case():
    assert set(FAILING) == set(RULES)


@pytest.mark.parametrize("rid", sorted(FAILING))
def test_rule_fails(rid):
    mutate, where = FAILING[rid]
    doc = clean_doc()
    mutate(doc)
    found = [f for f in check_document(doc) if f.rule == rid]
    assert found, f"{rid} not reported"
    f = found[-1]
    assert f.severity is RULES[rid].severity
    assert "请" in f.message or "建议" in f.message  # says how to fix
    if where is None:
        assert f.project_index is None and f.item_index is None
    elif where == "item":
        assert f.item_index == 0 and f.message.startswith("分项绩效目标第1条")
    else:
        pi, ii, field = where
        assert (f.project_index, f.indicator_index, f.field) == (pi, ii, field)
        if pi is None:  # a department-level indicator row (整体支出 forms)
            assert f.message.startswith(f"部门整体第{ii + 1}行") and f.project_code is None
            return
        p = doc.projects[pi]
        assert f.project_code == (p.code or None)
        if p.name:
            assert f"「{p.name}」" in f.message
        if ii is not None:
            assert f"第{ii + 1}行" in f.message


def _with(mutate):
    doc = clean_doc()
    mutate(doc)
    return check_document(doc)


PASSING = {
    "graded 较好": _row(4, value="较好"),
    "graded scale": _row(4, value="达到/基本达到/未达到"),
    "graded 是": _row(4, value="是"),
    "graded 优": _row(4, value="≥良"),
    "达到…标准": _row(4, value="达到服务水平标准"),
    "deadline in year": _row(2, value="2023年12月底前"),
    "month deadline": _row(2, value="12月底前"),
    "days limit": _row(2, value="≤2天"),
    "及时率 ≥95%": _row(2, name="资金拨付及时率", description="资金按时拨付的比例", value="≥95%"),
    "growth above 100%": _row(4, name="经济增长率", description="较上年增长", value="≥150%"),
    "baseline year": _row(4, description="较2022年提高的比例"),
    "project named for the year": _proj(name="2023年维稳经费"),
    "satisfaction at floor": _row(5, value="≥85%"),
    "服务对象满意度 as 三级": _row(5, name="服务对象满意度"),
    "cost in 万元 below budget": _row(3, value="≤5万元"),
    "cost rate": _row(3, name="预算控制率", description="实际支出占预算的比例", value="≤100%"),
    "plan zero until year end": lambda d: (
        _proj(plan={3: D(0), 6: D(0), 10: D(0), 12: D(100)})(d),
        d.overall.targets.items.__setitem__(0, "维稳经费10万元，年底一次支付。")),
    "other zero": _proj(fiscal=D("90000.00"), other=D("10000.00")),
    "synonym level2": _row(5, level2="社会公众或服务对象满意度指标"),
    "synonym level2 环境效益": _row(4, level2="环境效益指标"),
    "ten-char goal": _proj(goals=["城镇社区工作稳定开展"]),
    "part 1 compared with last year": lambda d: setattr(d.overall, "goal", "较2022年提高社区服务覆盖面，2023年完成改造。"),
}


@pytest.mark.parametrize("case", sorted(PASSING))
def test_rule_passes(case):
    assert _with(PASSING[case]) == []


def test_part1_wan_and_variant_name_agree():
    doc = clean_doc()
    doc.projects[0] = project("13022923P00JXC415065R", "招聘社区工作者工资保险", "8955000.00")
    doc.overall.targets.items = ["社区工作者工资保险895.5万元，项目主要目标为保证社区工作者对工作的积极性。"]
    assert check_document(doc) == []
    doc.projects[0].budget = doc.projects[0].fiscal = D("8950000.00")
    assert rule_ids(check_document(doc)) == ["PART1-001"]


def test_part1_item_naming_several_parts_matches_covering_project():
    doc = clean_doc()
    doc.projects.append(project("13022923P00JXC415062Y", "人民武装、共青团经费、人大经费", "50000.00"))
    doc.overall.targets.items.append("人民武装经费、共青团经费、人大代表之家联络站经费共5万元，项目主要目标为更好的开展工作。")
    assert check_document(doc) == []
    doc.overall.targets.items[1] = doc.overall.targets.items[1].replace("共5万元", "共6万元")
    found = check_document(doc)
    assert rule_ids(found) == ["PART1-001"] and found[0].item_index == 1
    assert "人民武装、共青团经费、人大经费" in found[0].message


def test_part1_item_naming_two_projects_matches_their_sum():
    doc = clean_doc()
    doc.projects.append(project("13022923P00JXC4150647", "人民调解经费", "50000.00"))
    doc.overall.targets.items.append("维稳经费、人民调解经费共15万元，主要目标为化解矛盾纠纷。")
    assert check_document(doc) == []
    doc.overall.targets.items[1] = "维稳经费、人民调解经费共16万元，主要目标为化解矛盾纠纷。"
    assert rule_ids(check_document(doc)) == ["PART1-001"]


def test_cost_above_budget_converts_wan():
    doc = clean_doc()
    doc.projects[0].indicators[3].value = "≤10.5万元"  # 105000 > 100000
    found = check_document(doc)
    assert rule_ids(found) == ["COST-002"]
    assert "105000.00 元" in found[0].message


def test_other_blank_counts_as_zero():
    doc = clean_doc()
    doc.projects[0].other = None
    assert check_document(doc) == []
    doc.projects[0].other = D("1.00")
    assert rule_ids(check_document(doc)) == ["AMT-001"]


def test_framework_101_requires_cost_block():
    doc = clean_doc()
    doc.framework = "101号"
    ids = rule_ids(check_document(doc))
    # 成本指标 is a 一级 in 101号: the 产出/成本指标 row is misplaced and the 成本 block is missing
    assert "STRUCT-001" in ids and "STRUCT-002" in ids
    row = doc.projects[0].indicators[3]
    row.level1, row.level2 = "成本指标", "经济成本指标"
    assert check_document(doc) == []


def test_region_tie_reports_nothing():
    doc = clean_doc()
    doc.projects.append(project("13022823P00JXC4150648", "人民调解经费"))
    assert "CODE-004" not in rule_ids(check_document(doc))


def test_severities_are_ordered():
    assert Severity.HINT < Severity.WARNING < Severity.ERROR
    assert max([Severity.WARNING, Severity.ERROR, Severity.HINT]) is Severity.ERROR
    assert Severity.parse("error") is Severity.ERROR and Severity.parse("提示") is Severity.HINT


def test_part1_rounding_to_hundred_yuan_agrees_but_not_coarser():
    doc = clean_doc()
    doc.projects[0].budget = doc.projects[0].fiscal = D("1078812.34")
    doc.overall.targets.items = ["维稳经费107.88万元，项目主要目标为维护社会稳定。"]
    assert check_document(doc) == []
    doc.overall.targets.items = ["维稳经费107.87万元，项目主要目标为维护社会稳定。"]
    assert rule_ids(check_document(doc)) == ["PART1-001"]
    doc.projects[0].budget = doc.projects[0].fiscal = D("773000.00")
    doc.overall.targets.items = ["维稳经费77万元，项目主要目标为维护社会稳定。"]
    assert rule_ids(check_document(doc)) == ["PART1-001"]


@pytest.mark.parametrize("value", ["明显改善", "显著提升", "有明显改善"])
def test_change_with_a_stated_level_is_graded(value):
    doc = clean_doc()
    doc.projects[0].indicators[4].value = value
    assert check_document(doc) == []


@pytest.mark.parametrize("value", ["年内完成", "2023年底前", "本年度内", "2023年12月31日前"])
def test_year_deadlines_are_time_values(value):
    doc = clean_doc()
    doc.projects[0].indicators[2].value = value
    assert check_document(doc) == []


def test_percent_named_in_the_indicator_name():
    doc = clean_doc()
    row = doc.projects[0].indicators[5]
    row.name, row.value = "社会公众满意度（%）", "≥90"
    assert check_document(doc) == []
    row.value = "≥80"
    assert rule_ids(check_document(doc)) == ["SAT-001"]


def test_total_items_are_not_taken_for_missing_projects():
    doc = clean_doc()
    doc.overall.targets.items.append("本部门2023年项目支出预算共计10万元。")
    assert check_document(doc) == []


def test_an_item_agrees_with_any_project_of_its_name_within_its_rounding():
    """PART1-001's test for an item naming a project by a name several share: one of their
    budgets within the item's rounding (against its plain definition)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from perftui.checks.rules.part1 import _near

    money = st.decimals(min_value=0, max_value=10**9, places=2)

    @settings(max_examples=300, deadline=None)
    @given(amount=money, tol=st.sampled_from([D(0), D("0.5"), D(50), D(500)]), budgets=st.lists(money, min_size=1, max_size=8))
    def agree(amount, tol, budgets):
        budgets += [amount + tol, amount - tol][: len(budgets) % 3]  # the edges, now and then
        assert _near(amount, tol, sorted(budgets)) == any(abs(amount - b) <= tol for b in budgets)

    agree()


def test_part1_years_of_last_years_file_carried_over():
    """A file copied from last year's (perftui new --from) still names that year in Part 1."""
    doc = clean_doc()
    doc.unit.year = 2024
    doc.overall.goal = "2023年在县委、县政府的领导下做好社区服务工作。"
    doc.overall.targets.items.append("2023年完成社区办公用房改造。")
    doc.overall.measures.items = ["较2023年增加培训次数。", "2023年底前建立台账制度。"]
    found = [f for f in check_document(doc) if f.rule == "DATE-003"]
    # Report order: the document's findings, then those of the Part 1 items.
    assert [(f.field, f.item_index) for f in found] == [
        ("goal", None), ("measures.items", None), ("targets.items", len(doc.overall.targets.items) - 1)]
    assert all(f.severity is Severity.HINT and "2023 年" in f.message and "2024" in f.message for f in found)
    assert "“工作保障措施”第2条" in found[1].message  # the comparison (较2023年) in 第1条 is no finding


def test_time_messages_name_the_documents_year():
    doc = clean_doc()
    doc.unit.year = 2025
    _row(2, value="≥1年")(doc)
    found = [f for f in check_document(doc) if f.rule == "TIME-001"]
    assert found and "2025年12月底前" in found[0].message and "2023" not in found[0].message


def test_a_block_of_template_rows_only_is_not_there_yet():
    """Rows with only 一级 and 二级 (as a template prints them, or as the app's 补齐框架 adds
    them) are part of the form, but a block made only of them has no indicator yet."""
    doc = clean_doc()
    p = doc.projects[0]
    p.indicators = [i for i in p.indicators if i.level1 != "效益指标"] + [Indicator("效益指标", "社会效益指标")]
    found = [f for f in check_document(doc) if f.rule == "STRUCT-001"]
    assert len(found) == 1 and "一级指标「效益指标」只有一级、二级指标的空行" in found[0].message, found
    assert "请在这些行填写三级指标和指标值" in found[0].message
    # Filled in, the block is there; a template row left beside it stays unreported.
    p.indicators.insert(-1, Indicator("效益指标", "社会效益指标", "受益群众人数", "服务覆盖的群众", "≥500人", "计划标准"))
    assert [f.rule for f in check_document(doc) if f.project_index == 0] == []
    # Only template rows: STRUCT-005 says the table has no indicator of its own (not one STRUCT-001 per block).
    p.indicators = [Indicator("产出指标", "数量指标"), Indicator("效益指标", "社会效益指标"),
                    Indicator("满意度指标", "服务对象满意度指标")]
    rules = [f.rule for f in check_document(doc) if f.project_index == 0]
    assert rules == ["STRUCT-005"], rules
    (f,) = [f for f in check_document(doc) if f.rule == "STRUCT-005"]
    assert "只有一级、二级指标的空行" in f.message
