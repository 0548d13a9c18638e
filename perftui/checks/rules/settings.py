"""Problems with the [checks] settings themselves (never switched off)."""

from perftui.checks.catalog import declare
from perftui.checks.finding import Scope, Severity

declare("SET-001", Severity.ERROR, Scope.DOCUMENT, "检查设置的值无效（已按默认值检查）",
        bad="[checks] satisfaction_min = \"很高\"", good="[checks] satisfaction_min = 90")
declare("SET-002", Severity.WARNING, Scope.DOCUMENT, "检查设置中有无法识别的设置名或规则编号",
        bad="[checks.off] PLAN-999 = \"…\"", good="[checks.off] PLAN-004 = \"一次性支付\"")
declare("SET-003", Severity.WARNING, Scope.DOCUMENT, "关闭规则时应写明原因",
        bad="[checks.off] PLAN-004 = \"\"", good="[checks.off] PLAN-004 = \"年底一次性支付\"")

UNSWITCHABLE = frozenset({"SET-001", "SET-002", "SET-003"})
