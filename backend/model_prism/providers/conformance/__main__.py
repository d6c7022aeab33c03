"""`python -m model_prism.providers.conformance` prints the adapter × case matrix."""

from . import main

raise SystemExit(main())
