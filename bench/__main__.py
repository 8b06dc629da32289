"""Allow ``python -m bench`` (from the repository root) as a synonym of ``python bench/bench.py``."""

import sys

from bench.bench import main

sys.exit(main())
