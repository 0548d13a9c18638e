"""Review sessions: 审核意见 and review status kept in the data file, and the review report.

``model`` (the data), ``storage`` (the ``[review]`` table of the TOML file), ``report``
(what goes back to the unit). Screen-free like the rest of the core.
"""
