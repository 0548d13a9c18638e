"""``perftui [PATH] [--theme NAME] [--read-only]``: open the workbench."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from perftui.errors import DataError, UsageError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # noqa: D102
        self.print_usage(sys.stderr)
        self.exit(2, f"perftui: 用法错误：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="perftui",
        description="打开预算绩效目标工作台（键盘操作的终端界面）。",
        epilog="不给路径时：当前目录的 data/ 中有数据文件就打开它，否则打开自带的样例。"
        "样例可以修改，但不会写回安装包里的样例文件：按 ctrl+s 时先询问另存到哪里（默认是当前目录下"
        "同名的文件，已有同名文件时要确认才覆盖），之后编辑的就是那个文件；标题栏始终显示正在编辑的文件。"
        "安装包自带的样例文件夹里的文件，即使写明路径打开，也按样例处理。"
        "子命令（show、check、import、export、diff、review）见 perftui 命令 --help。",
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    parser.add_argument("path", nargs="?", metavar="路径", help="数据文件（.toml）或存放数据文件的文件夹；"
                        "也可以是 Word/Excel/文本文件（.docx/.xlsx/.txt）：先在内存中导入，作为尚未保存的新文档打开")
    parser.add_argument("--theme", metavar="名称", help="界面主题，如 perftui-dark、perftui-light、"
                        "perftui-high-contrast、ansi-dark（16 色终端）；选择会被记住")
    parser.add_argument("--read-only", action="store_true", help="只读打开：只能查看，不能修改或保存")
    parser.add_argument("--review", action="store_true",
                        help="审核模式：内容只读，可写审核意见、设置审核状态并保存；先显示审核意见和检查结果")
    parser.add_argument("--reviewer", metavar="姓名", help="审核人姓名，记在每条意见和状态旁（默认：登录用户名）")
    return parser


def resolve_paths(path: str | None) -> tuple[list[Path], Path | None]:
    """The files to open and the folder they come from (None for a single file).

    With no path and no ./data, the bundled sample (``main`` opens it as a sample)."""
    from perftui import store

    if path is None:
        local = Path("data")
        if local.is_dir() and store.discover(local):
            return store.discover(local), local
        return [sample_path()], None
    target = Path(path).expanduser()
    files = store.discover(target)  # DataError when missing
    if target.is_dir():
        if not files:
            raise UsageError(f"文件夹 {target} 中没有 .toml 数据文件")
        return files, target
    return files, None


def sample_path() -> Path:
    try:
        from perftui import resources

        return Path(resources.sample_path())
    except ImportError:  # source checkout without the resources module
        return Path(__file__).resolve().parents[2] / "data" / "439001-2023.toml"


def importable(path: Path) -> bool:
    """A Word or Excel file (by its bytes, whatever its name), or a .txt: imported, not loaded."""
    if path.suffix.lower() == ".txt":
        return True
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError:
        return False
    from perftui.importers.container import OLE_MAGIC, ZIP_MAGIC

    return head.startswith((ZIP_MAGIC, OLE_MAGIC)) or path.suffix.lower() in (".docx", ".docm", ".xlsx", ".xlsm", ".xls")


def import_in_memory(path: Path):
    """The import of ``path`` for the app, or None after saying why there is nothing to open."""
    from perftui.commands.common import say
    from perftui.importers.anyfile import SourceError, import_file

    try:
        result = import_file(path)
    except SourceError as exc:
        say(f"{path}: {exc.message}")
        return None
    if not result.ok:
        for problem in result.failure:
            say(str(problem))
        say(f"{path}: 没有可导入的内容（按“{result.form}”表样读取），未打开；perftui import {path} --dry-run 列出每条提示")
        return None
    return result


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    try:
        paths, folder = resolve_paths(args.path)
    except DataError:
        raise
    from perftui.tui.app import PerftuiApp

    # The sample opened for want of data is never written back (any copy of it, also a
    # checkout's data/ seen from another folder); the app protects an installed copy's
    # bundled data itself, however it is opened.
    samples = paths if args.path is None and folder is None else []
    imported = []
    if folder is None and len(paths) == 1 and importable(paths[0]):
        result = import_in_memory(paths[0])
        if result is None:
            return 2
        paths, imported = [], [(paths[0], result)]
    app = PerftuiApp(paths, theme=args.theme, read_only=args.read_only, folder=folder, samples=samples,
                     review=args.review, reviewer=args.reviewer, imported=imported)
    result = app.run()
    return int(result or 0)
