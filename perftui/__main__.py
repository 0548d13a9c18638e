from perftui.cli import run

run()
