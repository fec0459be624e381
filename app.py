"""ALE Coach in the browser: `python app.py`, then open http://127.0.0.1:7860.

Offline by default; honours GRADIO_SERVER_NAME / GRADIO_SERVER_PORT, ALE_AUTH and the
other ALE_* settings (see README). All logic lives in the `assistant` package.
"""

from __future__ import annotations

import sys


def main() -> int:
    from assistant.config import Settings
    from assistant.errors import AleError

    try:
        settings = Settings.from_env()
        settings.auth_pairs  # noqa: B018 - check ALE_AUTH before the slow start
        print("ALE Coach: loading the classifier and the knowledge index…", flush=True)
        from assistant.web import build, launch
        from assistant.wiring import build_coach

        coach = build_coach(settings)
        coach.warm()
        blocks = build(coach, settings)
        launch(blocks, settings)
    except AleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
