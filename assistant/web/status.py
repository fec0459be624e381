"""The start-up status line of the page: a progress bar with counts, or the start's error.

Every text is escaped: an error message may quote a knowledge file.
"""

from __future__ import annotations

from html import escape

from assistant.web.startup import Status

FIRST_START = (
    "The first start builds the search index from the knowledge base; later starts take "
    "seconds. You can type your message meanwhile: Send turns on when the coach is ready."
)
FAILED = (
    "The page stays up to show this. Fix the problem, then restart the app "
    "(<code>python app.py</code>)."
)


def status_html(status: Status) -> str:
    """The status box: hidden content when ready, a bar while loading, the error if failed."""
    if status.ready:
        return ""
    message = escape(status.message)
    if status.error is not None:
        return (
            '<div class="ale-status" data-state="failed" role="alert">'
            f"<p><b>{message}</b></p><p><small>{FAILED}</small></p></div>"
        )
    if status.total:
        bar = f'<progress max="{status.total}" value="{min(status.done, status.total)}"></progress>'
    else:
        bar = "<progress></progress>"  # no counts yet: an indeterminate bar
    return (
        f'<div class="ale-status" data-state="loading" data-done="{status.done}" '
        f'data-total="{status.total}" role="status" aria-live="polite">'
        f"<p><b>{message}</b></p>{bar}<p><small>{escape(FIRST_START)}</small></p></div>"
    )
