"""The two official indicator frameworks (domain.md §3) and the synonyms real forms use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Framework:
    """An indicator framework: its 一级指标 and the 二级指标 allowed under each."""

    key: str  # as written in data files: "88号" or "101号"
    title: str  # the document that defines it
    levels: dict[str, tuple[str, ...]]  # 一级指标 -> allowed 二级指标, in official order

    @property
    def level1_names(self) -> tuple[str, ...]:
        return tuple(self.levels)

    def level2_names(self, level1: str) -> tuple[str, ...]:
        return self.levels.get(canonical_level1(level1), ())

    def allows(self, level1: str, level2: str) -> bool:
        return canonical_level2(level2) in self.level2_names(level1)

    def level1_of(self, level2: str) -> str | None:
        """The 一级 under which a 二级 name belongs in this framework, if any."""
        name = canonical_level2(level2)
        for l1, l2s in self.levels.items():
            if name in l2s:
                return l1
        return None


FRAMEWORK_88 = Framework(
    key="88号",
    title="财预〔2015〕88号《中央部门预算绩效目标管理办法》",
    levels={
        "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
        "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
        "满意度指标": ("服务对象满意度指标",),
    },
)

FRAMEWORK_101 = Framework(
    key="101号",
    title="财预〔2021〕101号《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》",
    levels={
        "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
        "产出指标": ("数量指标", "质量指标", "时效指标"),
        "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
        "满意度指标": ("服务对象满意度指标",),
    },
)

# 中央预算内投资计划绩效目标表: one 一级 over 产出 and 效益 (tests/fixtures/forms/10-…).
FRAMEWORK_TOUZI = Framework(
    key="实施效果",
    title="中央预算内投资计划绩效目标表（实施效果指标）",
    levels={"实施效果指标": ("产出指标", "效益指标")},
)

FRAMEWORKS: dict[str, Framework] = {f.key: f for f in (FRAMEWORK_88, FRAMEWORK_101, FRAMEWORK_TOUZI)}

FRAMEWORK_ALIASES: dict[str, str] = {
    "88": "88号",
    "88号": "88号",
    "财预〔2015〕88号": "88号",
    "财预[2015]88号": "88号",
    "101": "101号",
    "101号": "101号",
    "财预〔2021〕101号": "101号",
    "财预[2021]101号": "101号",
    "实施效果": "实施效果",
    "实施效果指标": "实施效果",
}

# Names seen in real forms for the same level (domain.md §3).
LEVEL1_SYNONYMS: dict[str, str] = {
    "产出": "产出指标",
    "效益": "效益指标",
    "效果指标": "效益指标",
    "预期产出指标": "产出指标",
    "满意度": "满意度指标",
    "成本": "成本指标",
}
LEVEL2_SYNONYMS: dict[str, str] = {
    "社会公众或服务对象满意度指标": "服务对象满意度指标",
    "服务对象满意度": "服务对象满意度指标",
    "环境效益指标": "生态效益指标",
    "数量": "数量指标",
    "质量": "质量指标",
    "时效": "时效指标",
    "成本": "成本指标",
    "经济效益": "经济效益指标",
    "社会效益": "社会效益指标",
    "生态效益": "生态效益指标",
    "可持续影响": "可持续影响指标",
    "预算控制指标": "成本指标",  # 东莞 批复表: 预算(或投资规模)控制指标
}

# Every 二级 name of either framework: used to spot a 二级 name typed as a 三级 indicator.
ALL_LEVEL2: frozenset[str] = frozenset(
    name for fw in FRAMEWORKS.values() for names in fw.levels.values() for name in names
) | frozenset(LEVEL2_SYNONYMS)

# 指标值确定依据 (绩效标准) offered as a standard list; free text is allowed too.
STANDARD_BASES: tuple[str, ...] = ("计划标准", "行业标准", "历史标准", "预算支出标准", "其他标准")


# A 一级 cell of the 101号 form carries the block's points as printed: 成本指标(0-20)分.
_POINTS_SUFFIX = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*[-–~－]\s*\d+(?:\.\d+)?\s*[)）]\s*分?$")


@lru_cache(maxsize=4096)
def canonical_level1(name: str) -> str:
    name = "".join(name.split())  # a cell wrapped over two lines: 产出指标\n(40-50)分
    name = _POINTS_SUFFIX.sub("", name)
    return LEVEL1_SYNONYMS.get(name, name)


# A 二级 printed with its alternatives: 数量指标(或建筑规模指标), 时效指标(工期指标、形象进度指标),
# 预算(或投资规模)控制指标.
_ALTERNATIVES = re.compile(r"[（(][^（()）]*[)）]")


@lru_cache(maxsize=4096)
def canonical_level2(name: str) -> str:
    name = name.strip()
    if name in LEVEL2_SYNONYMS:
        return LEVEL2_SYNONYMS[name]
    plain = _ALTERNATIVES.sub("", "".join(name.split()))
    return LEVEL2_SYNONYMS.get(plain, plain) if plain != name else name


def get_framework(key: str) -> Framework | None:
    canon = FRAMEWORK_ALIASES.get(key.strip())
    return FRAMEWORKS.get(canon) if canon else None
