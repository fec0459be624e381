"""ALE Coach in the browser: `python app.py`, then open http://127.0.0.1:7860.

Offline by default; honours GRADIO_SERVER_NAME / GRADIO_SERVER_PORT, ALE_AUTH and the
other ALE_* settings (see README). All logic lives in the `assistant` package.

The page is served at once; the coach is built in the background (a first start builds
the knowledge index) while the page shows its progress. The log gets one line per step.
"""

import sys

from assistant.web.serve import main

if __name__ == "__main__":
    sys.exit(main())
