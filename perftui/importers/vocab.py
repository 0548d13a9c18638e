"""What each official form prints, as the importer reads it: the profile's own labels
(perftui.forms) plus the variants real documents print (tests/fixtures/forms/README.md),
declared here once and used both to recognise a form and to map its cells.

A label maps to a target:

- ``"scope.key"``: the cell right of it (or, when that is another label, below it) is
  that field; for an indicator-table header, its column is;
- a tuple of targets: the same words name different fields by order of appearance (the
  88号 form prints ``其中：财政拨款`` once for 中期 and once for 年度, left to right);
- ``GROUP``: a label over a block of rows (``项目资金``, ``绩效指标``), read as structure;
- ``TASKS``/``COSTS`` headers of the 整体 form's 年度履职目标 and 湖北's 成本构成 tables.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from perftui.fields import field_of
from perftui.forms import PROFILES, SCOPES, Profile

GROUP = "group"
Target = str | tuple[str, ...]

# Variants of every form (unless a profile maps the same words itself).
COMMON: dict[str, Target] = {
    "项目名称": "project.name",
    "一级指标": "indicator.level1",
    "二级指标": "indicator.level2",
    "三级指标": "indicator.name",
    "指标值": "indicator.value",
    "绩效指标": GROUP,
    "总体目标": GROUP,
    "项目资金": GROUP,
}

# Each form's own words beyond its profile's labels (README field inventory, sections 1–9).
VARIANTS: dict[str, dict[str, Target]] = {
    "绩效文本": {
        "项目编码": "project.code",
        "预算数": "project.budget",
        "其中:财政资金": "project.fiscal",
        "其他资金": "project.other",
        "预算规模及资金用途": GROUP,
        "资金支出计划(%)": GROUP,
        "3月底": "project.plan",
        "6月底": "project.plan",
        "10月底": "project.plan",
        "12月底": "project.plan",
        "绩效指标描述": "indicator.description",
        "指标值确定依据": "indicator.basis",
        "第一部分": GROUP,
        "部门整体绩效目标": GROUP,
        "第二部分": GROUP,
        "预算项目绩效目标": GROUP,
    },
    "88号申报表": {
        "主管部门及编码": "project.dept",
        "主管部门": "project.dept",
        "项目起止时间": "project.period",
        "项目周期": "project.period",
        "中期资金总额": "project.long_budget",
        "资金总额": "project.long_budget",
        "中期市财政预算": "project.long_budget",
        "当年资金总额": "project.budget",
        "本年度申请市财政预算资金": "project.budget",
        "其中:财政拨款": ("project.long_fiscal", "project.fiscal"),
        "其中:当年财政拨款": "project.fiscal",
        "其他资金": ("project.long_other", "project.other"),
        "当年其他资金": "project.other",
        "中期目标": "project.long_goals",
        "中期滚动目标": "project.long_goals",
        "年度目标": "project.goals",
        "年度总体目标": "project.goals",
        "二级指标": ("indicator.long_level2", "indicator.level2"),
        "三级指标": ("indicator.long_name", "indicator.name"),
        "指标值": ("indicator.long_value", "indicator.value"),
        "二级指标(长期)": "indicator.long_level2",
        "三级指标(长期)": "indicator.long_name",
        "指标值(长期)": "indicator.long_value",
        "二级指标(中期)": "indicator.long_level2",
        "三级指标(中期)": "indicator.long_name",
        "指标值(中期)": "indicator.long_value",
        "二级指标(年度)": "indicator.level2",
        "三级指标(年度)": "indicator.name",
        "指标值(年度)": "indicator.value",
        "指标值(或计划水平)": "indicator.long_value",
        "计划指标值(或计划水平)": "indicator.value",
        # The transfer-payment variant (fixture 02): 年度 only, 上级资金, 指标内容 as 三级.
        "项目主管部门": "project.dept",
        "项目执行单位": "project.implementer",
        "资金情况": GROUP,
        "其中:上级资金": "project.superior",
        "指标内容": "indicator.name",
    },
    "101号审批表": {
        "其中:其他资金": "project.other",
        "年度绩效目标": GROUP,
    },
    "整体支出": {
        "部门(单位)名称": "unit.name",
        "部门名称": "unit.name",
        "单位名称": "unit.name",
        "部门预算编码": "unit.code",
        "部门(单位)职责": "overall.duties",
        "部门职责": "overall.duties",
        "年度总体目标": "overall.goal",
        "年度总体绩效目标": "overall.goal",
        "资金总额": "overall.budget",
        "项目支出": "overall.spending",
        "基本支出": "overall.basic",
        "年度预算安排": GROUP,
        "年度履职目标": GROUP,
        "部门职能": "task.duty",
        "年度目标任务": "task.task",
        "支出项目名称": "task.project",
        "预算金额": "task.amount",
        "目标值": "indicator.value",
        "项目名称": "",  # no project on this form
    },
    "湖南整体支出": {
        "部门(单位)名称": "unit.name",
        "部门名称": "unit.name",
        "单位名称": "unit.name",
        "部门(单位)职责": "overall.duties",
        "部门职责": "overall.duties",
        "年度总体目标": "overall.goal",
        "年度总体绩效目标": "overall.goal",
        "指标值类型": "indicator.value_type",
        "计量单位": "indicator.unit",
        "评(扣)分标准": "indicator.scoring",
        "评分标准": "indicator.scoring",
        "备注": "indicator.note",
        "项目名称": "",  # no project on this form
    },
    "湖南申报表": {
        "本年度绩效指标": GROUP,
    },
    "湖北申报表": {
        "绩效目标": "project.goals",
        "金额": "cost.amount",
        "测算依据": "cost.basis",
        "保障绩效目标实现措施": GROUP,
        # 一级指标/二级指标 are the profile's own labels of level2/name here.
        "三级指标": "",
    },
    "四川一体化": {
        "单位名称": "unit.name",
        "预算数": "project.budget",
        "指标性质": "indicator.sign",
        "度量单位": "indicator.unit",
        "权重": "indicator.points",
        "指标方向性": "indicator.direction",
    },
    "中央预算内投资": {
        "下达中央预算内投资": "project.budget",
    },
}

# Labels a form prints with the year in them: the earlier year → actual1, the later → actual2.
ACTUAL_RE = re.compile(r"^((?:19|20)\d\d)年实际执行数$")
# A label that carries the money unit of its cells: 预算金额(万元), 年度预算安排(万元).
UNIT_IN_LABEL_RE = re.compile(r"[(（]\s*(万元|元)\s*[)）]")
# Words that state the money unit of the whole table: 单位：万元, 金额单位:元.
MONEY_STATEMENT_RE = re.compile(r"(?:金额)?单位\s*[:：]\s*(万元|元)")
# A label written with its value in one cell: 预算单位:东莞市交通运输局.
INLINE_LABEL_RE = re.compile(r"^(预算单位|填报单位|单位名称|部门名称|单位)\s*[:：]\s*(.*)$", re.S)
# What follows a unit's name on the forms' caption lines: its year, the place of the seal.
UNIT_YEAR_RE = re.compile(r"[（(]\s*((?:19|20)\d{2})\s*年度?\s*[)）]\s*$")
SEAL_RE = re.compile(r"[（(]\s*盖章\s*[)）]\s*$")
# The signature line under a form, not filled in: form text, no field.
BLANK_SIGNATURES_RE = re.compile(r"^(?:\s*(?:填表人|联系电话|填报日期|单位负责人签字|单位负责人|审核人)\s*[:：])+\s*$")


def label_key(text: str) -> str:
    """How labels are compared: full-width as ASCII, no spaces or line breaks, no leading
    ``*`` (a required-field mark), no trailing colon, no (万元)/(元), no point ranges."""
    key = unicodedata.normalize("NFKC", text)
    key = "".join(key.split())
    key = key.lstrip("*").rstrip(":")
    key = UNIT_IN_LABEL_RE.sub("", key)
    return key


# A 一级 label with its point range (成本指标(0-20)分) or a group label with points
# (年度绩效目标(90分), 项目资金预算执行10分) or a period (中期目标(2019年--2021年)).
_DECORATION_RE = re.compile(r"\(\s*[\d\s\-–—~年分]+\s*\)\s*分?$|\(\d+分\)$|预算执行\d+分$|\d+分$")


def bare_key(key: str) -> str:
    """A label key without decorations (point ranges, periods in brackets)."""
    return _DECORATION_RE.sub("", key) or key


TABLE_SCOPES = frozenset({"indicator", "task", "cost"})


def _scope(target: Target) -> str:
    first = target[0] if isinstance(target, tuple) else target
    return first.split(".", 1)[0] if "." in first else ""


@dataclass(frozen=True)
class Vocabulary:
    """One profile's labels: those of its header blocks (unit, overall, project fields)
    and those of its tables' column headers (indicator, task, cost), label key -> target."""

    profile: Profile
    block: dict[str, Target] = field(default_factory=dict)
    columns: dict[str, Target] = field(default_factory=dict)

    def _find(self, table: dict[str, Target], text: str) -> Target | None:
        key = label_key(text)
        found = table.get(key)
        if found is None:
            found = table.get(bare_key(key))
        return found or None

    def label(self, text: str) -> Target | None:
        """The target of a header-block label (None: not a label of this form)."""
        return self._find(self.block, text)

    def column(self, text: str) -> Target | None:
        """The target of a table column header."""
        found = self._find(self.columns, text)
        if found is None and ACTUAL_RE.match(label_key(text)) and self.profile.has("cost", "actual1"):
            return "cost.actual"
        return found

    def keys(self) -> set[str]:
        return {k for k, v in self.block.items() if v} | {k for k, v in self.columns.items() if v}


def _add(vocab: Vocabulary, words: str, target: Target) -> None:
    key = label_key(words)
    if isinstance(target, str) and "." in target:
        scope, name = target.split(".", 1)
        f = field_of(SCOPES[scope], name) if scope in SCOPES else None
        if f is not None and f.shape in ("record", "records"):
            target = GROUP  # a label over a table or a section, not a value's label
    if target == GROUP:
        vocab.block[key] = GROUP
        vocab.columns[key] = GROUP
        return
    if target == "":  # a form that does not print these words as this label
        vocab.block.pop(key, None)
        vocab.columns.pop(key, None)
        return
    (vocab.columns if _scope(target) in TABLE_SCOPES else vocab.block)[key] = target


@cache
def vocabulary(profile_key: str) -> Vocabulary:
    profile = PROFILES[profile_key]
    vocab = Vocabulary(profile)
    for words, target in COMMON.items():
        _add(vocab, words, target)
    for scope, keys in profile.fields.items():
        for key in keys:
            f = field_of(SCOPES[scope], key)
            if f is not None:
                _add(vocab, f.label, f"{scope}.{key}")
    for scope, keys in profile.fields.items():
        for key in keys:
            own = profile.labels.get(f"{scope}.{key}")
            if own and "{" not in own:
                _add(vocab, own, f"{scope}.{key}")
    for words, target in VARIANTS.get(profile_key, {}).items():
        _add(vocab, words, target)
    return vocab


def all_vocabularies() -> list[Vocabulary]:
    return [vocabulary(k) for k in PROFILES]
