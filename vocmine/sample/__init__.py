"""Seeded bilingual (pt-BR / en) sample help-desk export with planted ground truth.

``write_sample(out_dir, seed=7)`` is what ``vocmine sample`` calls; see ``data/sample/README.md``
for the files and the planted effects.
"""

from __future__ import annotations

from vocmine.sample.generator import PLANTED, REASON_IDS, generate, write_sample

__all__ = ["write_sample", "generate", "PLANTED", "REASON_IDS"]
