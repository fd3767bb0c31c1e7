"""Brief content builders, labels, plots, safe writers and notebook export.

Submodules: ``content`` (brief content from the analysis frames), ``i18n`` (pt/en
labels and number formats), ``plots`` (matplotlib/seaborn Figures), ``writers``
(the only code here that touches disk), ``export`` (executed notebook -> HTML/Markdown).
Nothing heavy is imported here.
"""
