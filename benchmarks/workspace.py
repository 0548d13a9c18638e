"""A synthetic county workspace for benchmarks: many units' files, realistic Chinese text.

``best_of(repeat, fn)`` times a step the way every benchmark here does.

``build_workspace(folder)`` writes 50 files (one per unit) holding 1,000 projects with ~12
indicators each, through ``perftui.store.dumps``, and returns their paths. Deterministic
(fixed seed) so runs compare.
"""

from __future__ import annotations

import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from perftui.model import Document, Indicator, Overall, Project, Section, Unit  # noqa: E402
from perftui.store import dumps  # noqa: E402

UNITS = (
    "街道办事处", "镇人民政府", "乡人民政府", "教育局", "卫生健康局", "民政局", "农业农村局", "水务局",
    "自然资源和规划局", "住房和城乡建设局", "交通运输局", "文化广电和旅游局", "市场监督管理局", "司法局",
)
PLACES = ("无终", "鸦鸿桥", "窝洛沽", "石臼窝", "林南仓", "孤树", "彩亭桥", "杨家板桥", "亮甲店", "郭家屯")
PROJECTS = (
    "城镇社区工作经费", "社区工作者工资保险", "国有企业退休人员社会化管理", "农村环境综合整治", "老年人福利补贴",
    "义务教育学校公用经费", "基层医疗卫生机构运转", "防汛抗旱物资储备", "道路养护", "文化惠民演出",
    "困难群众临时救助", "网格化管理运行", "安全生产专项检查", "食品安全抽检", "人民调解工作经费",
)
INDICATORS = (
    ("产出指标", "数量指标", "服务覆盖社区数量", "≥{n}个"),
    ("产出指标", "数量指标", "培训参训人次", "≥{n}人次"),
    ("产出指标", "质量指标", "验收合格率", "≥9{d}%"),
    ("产出指标", "质量指标", "工作任务完成率", "=100%"),
    ("产出指标", "时效指标", "资金拨付及时率", "≥95%"),
    ("产出指标", "时效指标", "项目完成时间", "2023年12月底前"),
    ("产出指标", "成本指标", "人均补助标准", "≤{n}元"),
    ("效益指标", "社会效益指标", "群众生活条件改善情况", "明显改善"),
    ("效益指标", "经济效益指标", "带动相关产业增收", "≥{n}万元"),
    ("效益指标", "生态效益指标", "人居环境改善程度", "逐步提高"),
    ("效益指标", "可持续影响指标", "长效管理机制建立情况", "建立健全"),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥9{d}%"),
)
BASES = ("计划标准", "行业标准", "历史标准", "预算支出标准", "依据单位考核指标", "社区工作覆盖情况")


def _project(rng: random.Random, year: int, unit_no: int, no: int, indicators: int) -> Project:
    name = rng.choice(PROJECTS)
    budget = Decimal(rng.randrange(20_000, 9_000_000)) + Decimal(rng.randrange(0, 100)) / 100
    other = Decimal(0) if rng.random() < 0.8 else (budget / 10).quantize(Decimal("0.01"))
    plan = {3: Decimal(25), 6: Decimal(50), 10: Decimal(80), 12: Decimal(100)}
    if rng.random() < 0.1:
        plan = {12: Decimal(100)}
    inds = []
    for i in range(indicators):
        l1, l2, l3, value = INDICATORS[i % len(INDICATORS)]
        inds.append(
            Indicator(
                level1=l1,
                level2=l2,
                name=l3,
                description=f"{name}{l3}，反映项目实施后{l3}的完成情况",
                value=value.format(n=rng.randrange(1, 500), d=rng.randrange(0, 10)),
                basis=rng.choice(BASES),
            )
        )
    return Project(
        code=f"130229{year % 100:02d}P{unit_no:02d}JXC{no:06d}P",
        name=name,
        budget=budget,
        fiscal=budget - other,
        other=other,
        use=f"用于{name}，保障{rng.choice(PLACES)}片区相关工作正常开展，专款专用，按进度拨付",
        plan=plan,
        goals=[f"{name}稳定开展，服务群众{rng.randrange(100, 5000)}人次", "资金使用规范，绩效目标按期完成"],
        indicators=inds,
    )


def build_document(rng: random.Random, unit_no: int, projects: int, indicators: int, year: int = 2023) -> Document:
    unit_name = f"玉田县{PLACES[unit_no % len(PLACES)]}{UNITS[unit_no % len(UNITS)]}本级"
    doc = Document(
        unit=Unit(code=f"439{unit_no:03d}", name=unit_name, year=year),
        overall=Overall(
            goal=(
                f"{year}年在县委、县政府的领导下，{unit_name}紧紧围绕全年工作目标，"
                "强化责任担当，加强预算绩效管理，提高财政资金使用效益。\n"
                "全面完成各项工作任务，群众满意度持续提升。"
            ),
            targets=Section(caption="部门职责分类绩效目标情况说明", items=[]),
            measures=Section(
                caption="实现年度发展规划目标的保障措施",
                items=["加强党组织建设和党员管理，发挥党员先锋模范作用", "健全内部控制制度，规范资金使用", "加强绩效监控，及时纠偏"],
            ),
        ),
    )
    for no in range(projects):
        doc.projects.append(_project(rng, year, unit_no, no, indicators))
    doc.overall.targets.items = [
        f"{p.name}{(p.budget or 0) / 10000:.2f}万元，项目主要目标为{p.goals[0]}" for p in doc.projects
    ]
    return doc


def build_workspace(folder: str | Path, files: int = 50, projects: int = 1000, indicators: int = 12) -> list[Path]:
    """Write ``files`` data files sharing ``projects`` projects; returns the paths, sorted."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20230101)
    paths = []
    for unit_no in range(files):
        count = projects // files + (1 if unit_no < projects % files else 0)
        doc = build_document(rng, unit_no, count, indicators)
        path = folder / f"{doc.unit.code}-{doc.unit.year}.toml"
        path.write_text(dumps(doc), encoding="utf-8")
        paths.append(path)
    return sorted(paths)


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        made = build_workspace(tmp)
        size = sum(p.stat().st_size for p in made)
        print(f"{len(made)} files, {size / 1e6:.1f} MB in {tmp}")


def best_of(repeat: int, fn) -> float:
    """The fastest of ``repeat`` runs of ``fn()``, in seconds (the least disturbed run)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best
