"""The Textual workbench. Only this package (and perftui.commands.app) imports Textual."""
