"""perftui: a keyboard-first workbench for 预算绩效目标 (budget performance goals)."""

__version__ = "0.1.0"
