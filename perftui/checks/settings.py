"""Check thresholds and switched-off rules.

Three layers, later wins: documented defaults (practice, not law) < the user's config file
(``$XDG_CONFIG_HOME/perftui/config.toml``, table ``[checks]``) < the data file's own
``[checks]`` table. ``[checks.off]`` maps a rule id to the reason it is switched off.
Bad values never stop a check: they become SET-* findings and the default is used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from perftui.locate import index_lines, line_of
from perftui.paths import config_dir
from perftui.safetext import brief, one_line
from perftui.schema import describe, number_text
from perftui.tomlread import read_config


@dataclass(frozen=True, slots=True)
class Threshold:
    """A configurable threshold of a rule: key, default and bounds."""

    key: str
    default: Decimal | int
    kind: type  # int or Decimal
    low: Decimal
    high: Decimal
    label: str  # what it sets, in Chinese
    why: str  # where the default comes from


THRESHOLDS: dict[str, Threshold] = {
    t.key: t
    for t in (
        Threshold(
            "satisfaction_min", Decimal(85), Decimal, Decimal(0), Decimal(100),
            "满意度指标值的最低目标（%）",
            "实务做法：各地表格常见 ≥85%、≥90%、≥95%，没有统一的官方下限。",
        ),
        Threshold(
            "short_goal_chars", 6, int, Decimal(0), Decimal(200),
            "绩效目标不超过这么多字时提示“过于简略”",
            "实务做法：6 个字以内（如“做好管理工作”）说不清产出和效果；设为 0 即不提示。",
        ),
        Threshold(
            "short_use_chars", 6, int, Decimal(0), Decimal(200),
            "资金用途不超过这么多字时提示“过于简略”",
            "实务做法：资金用途应说明钱花在哪些方面，6 个字以内通常说不清。",
        ),
        Threshold(
            "unit_max_chars", 6, int, Decimal(1), Decimal(100),
            "指标值的计量单位超过这么多字时，视为把说明写进了单位",
            "实务做法：常见单位（个、人次、%、万元、元/人·年、平方米）都在 6 个字以内。",
        ),
    )
}

CONFIG_ENV = "XDG_CONFIG_HOME"


def user_config_path() -> Path:
    return config_dir() / "config.toml"


@dataclass(frozen=True, slots=True)
class SettingProblem:
    """A wrong entry in a [checks] table."""

    rule: str  # SET-001 bad value, SET-002 unknown key/rule, SET-003 off without a reason
    message: str


@dataclass(frozen=True, slots=True)
class Settings:
    """Thresholds and switched-off rules in force for one document."""

    satisfaction_min: Decimal = Decimal(85)
    short_goal_chars: int = 6
    short_use_chars: int = 6
    unit_max_chars: int = 6
    # rule id -> reason (as written), and where it was switched off ("本文件" / "用户配置")
    off: dict[str, str] = field(default_factory=dict)
    off_source: dict[str, str] = field(default_factory=dict)
    problems: tuple[SettingProblem, ...] = ()
    # Rules about fields the document's form does not print (perftui.checks.applies).
    not_on_form: frozenset[str] = frozenset()

    def is_off(self, rule: str) -> bool:
        return rule in self.off or rule in self.not_on_form

    def off_lines(self) -> list[str]:
        """``已关闭的规则：PLAN-004 — 原因`` lines for reports."""
        return [f"已关闭的规则：{brief(one_line(rid), 40)} — {brief(reason, 200) or '（未写原因）'}"
                for rid, reason in sorted(self.off.items())]


def _read_user_config(path: Path) -> tuple[dict, str, list[SettingProblem]]:
    """The user's [checks] table and the file's text (for line numbers); never raises."""
    data, text, problems = read_config(path)
    if problems:
        return {}, text, [SettingProblem("SET-001", f"用户配置文件 {p}；其中的检查设置已忽略，请修正该文件。")
                          for p in problems]
    checks = data.get("checks", {})
    if not isinstance(checks, dict):
        line = line_of("checks", index_lines(text))
        at = f"{path}:{line}" if line else f"{path}"
        return {}, text, [SettingProblem("SET-001", f"用户配置文件 {at} [checks]：checks 应是一个表 [checks]，已忽略。")]
    return checks, text, []


def _number(raw: object) -> Decimal | None:
    """The setting as a finite Decimal (NaN and infinities count as not a number)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | Decimal):
        number = Decimal(raw)
    elif isinstance(raw, float):
        number = Decimal(str(raw))
    elif isinstance(raw, str):
        try:
            number = Decimal(raw.strip().rstrip("%％").strip())
        except InvalidOperation:
            return None
    else:
        return None
    return number if number.is_finite() else None


def _shown(raw: object) -> str:
    """A setting's value as a message quotes it (bounded: a pasted-in page, a 300-digit number)."""
    if isinstance(raw, str):
        return brief(one_line(raw), 40)
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, int | Decimal):
        return number_text(raw, 40)
    return describe(raw)


def _apply(table: dict, where: Callable[[str], str], label: str, values: dict, off: dict, off_source: dict,
           problems: list[SettingProblem], known_rules: frozenset[str]) -> None:
    """Read one [checks] table into ``values``/``off``; ``where(keypath)`` names a key's place
    in messages (file and line), ``label`` the table's source in reports."""
    for key, raw in table.items():
        name = brief(one_line(key), 40)
        if key == "off":
            if not isinstance(raw, dict):
                problems.append(SettingProblem("SET-001", f"{where('checks.off')} [checks] 中 off 应是一个表：[checks.off] 下写 规则编号 = \"关闭原因\"。"))
                continue
            for rid, reason in raw.items():
                at, rule = where(f"checks.off.{rid}"), brief(one_line(rid), 40)
                if known_rules and rid not in known_rules:
                    problems.append(SettingProblem("SET-002", f"{at} [checks.off] 中的规则编号 {rule} 不存在，请对照 docs/checks.md 改正。"))
                    continue
                if not isinstance(reason, str):
                    problems.append(SettingProblem("SET-001", f"{at} [checks.off] 中 {rule} 的值应是关闭原因（文本），例如 {rule} = \"一次性支付，年底前不支出\"。"))
                    continue
                if not reason.strip():
                    problems.append(SettingProblem("SET-003", f"{at} [checks.off] 关闭了 {rule} 但没有写原因；请写明原因，审核时会一并显示。"))
                off[rid] = reason.strip()
                off_source[rid] = label
            continue
        spec = THRESHOLDS.get(key)
        if spec is None:
            known = "、".join(THRESHOLDS)
            problems.append(SettingProblem("SET-002", f"{where(f'checks.{key}')} [checks] 中的设置 {name} 无法识别（可用的设置：{known}、off），已忽略。"))
            continue
        number = _number(raw)
        # A Decimal threshold is a percentage as typed (at most two decimals: 1e-999999 would
        # be quoted in findings as a million digits).
        if (number is None or not (spec.low <= number <= spec.high)
                or spec.kind is int and number != number.to_integral_value()
                or spec.kind is Decimal and number != number.quantize(Decimal("0.01"))):
            problems.append(SettingProblem(
                "SET-001",
                f"{where(f'checks.{key}')} [checks] 中 {key} 的值「{_shown(raw)}」无效：应是 {spec.low}–{spec.high} 之间的"
                f"{'整数' if spec.kind is int else '数（最多两位小数）'}，请改正；本次已按默认值 {spec.default} 检查。",
            ))
            continue
        values[key] = int(number) if spec.kind is int else number


def resolve(doc_checks: dict | None, *, user_config: Path | None = None,
            known_rules: frozenset[str] = frozenset()) -> Settings:
    """Merge defaults < user config < the file's ``[checks]`` into Settings (never raises)."""
    problems: list[SettingProblem] = []
    values: dict[str, object] = {}
    off: dict[str, str] = {}
    off_source: dict[str, str] = {}
    path = user_config if user_config is not None else user_config_path()
    user, text, user_problems = _read_user_config(path)
    problems += user_problems
    if user:
        index = index_lines(text)

        def in_config(keypath: str) -> str:
            line = line_of(keypath, index)
            return f"用户配置 {path}:{line}" if line else f"用户配置 {path}"

        _apply(user, in_config, f"用户配置 {path}", values, off, off_source, problems, known_rules)
    if doc_checks:
        if isinstance(doc_checks, dict):
            _apply(doc_checks, lambda _keypath: "本文件", "本文件", values, off, off_source, problems, known_rules)
        else:
            problems.append(SettingProblem("SET-001", "本文件的 checks 应是一个表 [checks]，已忽略。"))
    return Settings(off=off, off_source=off_source, problems=tuple(problems), **values)  # type: ignore[arg-type]
