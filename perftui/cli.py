"""Command-line entry point: ``perftui [PATH]`` opens the app; sub-commands work without it."""

from __future__ import annotations

import gc

# Importing makes thousands of objects that all live on (classes, functions, patterns): the
# cycle collector, run every few hundred of them, would walk them again and again (≈ 4 ms of
# every command's start). It runs again once the imports below are done.
_COLLECTING = gc.isenabled()
gc.disable()

import argparse  # noqa: E402
import atexit  # noqa: E402
import importlib  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

from perftui import __version__, argparse_zh, gcpause  # noqa: E402
from perftui.errors import DataError, UsageError, os_reason  # noqa: E402
from perftui.safetext import clean  # noqa: E402

if _COLLECTING:
    gc.enable()

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2

argparse_zh.install()

# Sub-command names and their modules under perftui.commands, in the order --help lists them.
# A command imports only its own module (and what that needs): ``perftui export`` never
# loads the checks, the importers or the app.
COMMANDS = {"new": "new", "show": "show", "check": "check", "import": "import_", "export": "export", "diff": "diff",
            "review": "review"}


class _Parser(argparse.ArgumentParser):
    """argparse that exits with 2 and speaks Chinese on bad usage."""

    def error(self, message: str):  # noqa: D102
        self.print_usage(sys.stderr)
        self.exit(EXIT_INPUT, f"perftui: 用法错误：{message}\n")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command-line parser; with ``only`` (a sub-command name), just that sub-command."""
    parser = _Parser(
        prog="perftui",
        description="预算绩效目标工作台：编辑、审核、导出部门及项目绩效目标。不带子命令时打开界面。",
        epilog=(
            "打开界面：perftui [路径] [--theme 主题] [--read-only] [--review]（详见 perftui app --help）。\n"
            "不给路径且当前目录没有 data/ 时打开自带的样例：可以修改，但 ctrl+s 会先询问另存到哪里"
            "（默认当前目录下的同名文件），安装包里的样例文件不会被改写；标题栏始终显示正在编辑的文件。\n"
            "退出码：0 正常；1 有错误级审核意见或操作失败；2 用法错误或输入无法读取。"
        ),
        formatter_class=argparse_zh.HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"perftui {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    for name, module_name in COMMANDS.items():
        if only is None or name == only:
            importlib.import_module(f"perftui.commands.{module_name}").register(sub)
    return parser


def _safe_stdout() -> None:
    """Printing never fails on a character the output cannot encode (an emoji on a GBK
    console): a terminal shows ``?`` instead; a file or pipe gets UTF-8, as documented."""
    out = sys.stdout
    encoding = (getattr(out, "encoding", "") or "").lower().replace("_", "-")
    if encoding in ("utf-8", "utf8") or not hasattr(out, "reconfigure"):
        return
    try:
        if out.isatty() or os.environ.get("PYTHONIOENCODING"):
            out.reconfigure(errors="replace")
        else:
            out.reconfigure(encoding="utf-8")
    except (OSError, ValueError):
        pass


def run() -> None:
    """The ``perftui`` console script and ``python -m perftui``: ``main``, then the exit.

    After a sub-command nothing is left to do but free what it built, module by module and
    object by object (≈ 10 ms after a sample's export, more after a big file): the process
    ends at once instead, once the output is flushed and the ``atexit`` work (temporary
    folders …) is done. The app ends the usual way (its terminal and threads are Textual's)."""
    argv = sys.argv[1:]
    if _is_app(argv):
        sys.exit(main(argv))
    # Nor is there a cycle to collect: main's pause would end with a collection that walks
    # every object the command made (≈ 4 ms after a 1,000-project check), just before the
    # process is gone. A collector that is off stays off through its pause.
    gc.disable()
    code = main(argv)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (perftui show | head): nothing more to say
            pass
    atexit._run_exitfuncs()
    os._exit(code)


def _is_app(argv: list[str]) -> bool:
    return not argv or argv[0] == "app" or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version"))


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _safe_stdout()
    # No sub-command: the app (its own options: PATH, --theme, --read-only).
    if _is_app(argv):
        from perftui.commands import app

        app_argv = argv[1:] if argv and argv[0] == "app" else argv
        return _guard(lambda: app.main(app_argv))
    # A sub-command is one short run whose modules, documents and cells all live until it
    # ends: the cycle collector would only walk them again and again (≈ 6 ms of the 0.1 s
    # ``perftui export`` of a sample, more on big files). Reference counting still frees
    # everything else; the collector is on again when the command returns.
    with gcpause.collector_paused():
        parser = build_parser(argv[0] if argv[0] in COMMANDS else None)
        args = parser.parse_args(argv)
        return _guard(lambda: args.func(args))


def _guard(run) -> int:
    try:
        return int(run() or 0)
    except DataError as exc:
        for p in exc.problems:
            print(f"perftui: {clean(str(p))}", file=sys.stderr)
        return EXIT_INPUT
    except UsageError as exc:
        print(f"perftui: 用法错误：{clean(str(exc))}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # a path the system refuses (name too long, no access…): never a traceback
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"perftui: {clean(where)}{os_reason(exc)}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("perftui: 已中断", file=sys.stderr)
        return 130

