"""`python -m assistant.web`: the web app, as `python app.py` serves it from a checkout."""

import sys

from assistant.web.serve import main

sys.exit(main())
