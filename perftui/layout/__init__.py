"""One layout model for the printed forms: the workbook and ``perftui show`` both draw it."""

from perftui.layout.forms import (
    format_percent,
    numbered_goals,
    numbered_items,
    overall_grid,
    project_grid,
    summary_grid,
    unit_line,
)
from perftui.layout.grid import Cell, Column, Grid, Row

__all__ = [
    "Cell",
    "Column",
    "Grid",
    "Row",
    "format_percent",
    "numbered_goals",
    "numbered_items",
    "overall_grid",
    "project_grid",
    "summary_grid",
    "unit_line",
]
