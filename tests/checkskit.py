"""Shared builders for the checks tests: a small document with no findings at all."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from perftui.model import Document, Indicator, Overall, Project, Section, Unit

PLAN = {3: D(30), 6: D(60), 10: D(90), 12: D(100)}


@pytest.fixture(autouse=True)
def no_user_config(tmp_path, monkeypatch):
    """Never read the real user's config file."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))


def rows_weiwen() -> list[Indicator]:
    return [
        Indicator("产出指标", "数量指标", "登记接待群众来访数量", "年内登记接待来访群众人数", "≤100人", "历史标准"),
        Indicator("产出指标", "质量指标", "息诉罢访率", "息诉罢访案件占受理案件的比例", "≥90%", "历史标准"),
        Indicator("产出指标", "时效指标", "案件办结时限", "从受理到办结的工作日", "≤15个工作日", "行业标准"),
        Indicator("产出指标", "成本指标", "人均值班补助", "值班人员每人每月补助", "≤500元/人", "预算支出标准"),
        Indicator("效益指标", "社会效益指标", "矛盾纠纷化解率", "化解的矛盾纠纷占排查总数的比例", "≥85%", "历史标准"),
        Indicator("满意度指标", "服务对象满意度指标", "群众满意度", "群众对维稳工作的满意比例", "≥90%", "计划标准"),
    ]


def project(code="13022923P00JXC4150646", name="维稳经费", budget="100000.00", rows=None) -> Project:
    return Project(
        code=code,
        name=name,
        budget=D(budget),
        fiscal=D(budget),
        other=None,
        use="用于矛盾纠纷排查化解、信访接待和值班补助",
        plan=dict(PLAN),
        goals=["全年登记接待群众来访不超过100人，息诉罢访率达到90%以上"],
        indicators=rows if rows is not None else rows_weiwen(),
    )


def clean_doc() -> Document:
    return Document(
        unit=Unit("439001", "玉田县无终街道办事处本级", 2023),
        framework="88号",
        overall=Overall(
            goal="2023年做好社区服务和社会稳定工作。",
            targets=Section("部门职责分类绩效目标情况说明", [
                "维稳经费10万元，项目主要目标为维护社会稳定。资金累计支出进度3月底、6月底、10月底、12月底分别达到30%、60%、90%、100%。",
            ]),
            measures=Section("实现年度发展规划目标的保障措施", ["加强对社区社会治安综合治理和信访稳定工作的管理力度。"]),
        ),
        projects=[project()],
    )


def rule_ids(findings) -> list[str]:
    return [f.rule for f in findings]
