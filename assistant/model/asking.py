"""Ways of asking that more than one part of the coach reads (the policy that files a
message and the replies that answer it), kept apart from both so either imports them."""

from __future__ import annotations

import re

# whether the problems told are one or two: "Are those actually connected or am I seeing
# things?", "is that the same problem as the prep mess?", "Are these the same thing really?"
LINKED = re.compile(
    r"\b(are|is|were|was) (those|these|they|the two|both|that|this|it)( two| things| problems| issues)? "
    r"(actually |really |even |just |all )?(connected|linked|related|the same( (problem|thing|issue))?|"
    r"one (problem|thing|issue))\b|\bsame (problem|thing|issue)( underneath| really| deep down)?\b[^.?]{0,40}\?|"
    r"\btwo (different|separate|seperate) (things|problems|issues)\b[^.?]{0,20}\?|\b(connected|linked|related)\b[^.?]{0,20}\?|"
    # "is one causing the other?", "or is it its own thing?", "is the van stock part of the
    # callbacks problem or a different problem?", "the same root problem?"
    r"\b(is|does) (one|it|that|this) (causing|cause|behind)\b|\bdoes (one|it|that|this) (cause|lead to)\b|"
    r"\bor (is it|are they|is that|is this) (just )?(its own thing|their own thing|(a )?(different|separate|"
    r"seperate)|two|unrelated)\b|\b(a |the )?(different|separate|seperate) (problem|thing|issue)s?\b[^.?]{0,30}\?|"
    r"\bsame (root|underlying) (problem|thing|issue|cause)\b|\bpart of the [\w -]{1,30}? (problem|thing|issue)\b[^.?]{0,40}\?|"
    r"\b(is|are) (the )?[\w -]{1,40}? (why|because of|down to|caused by)\b[^.?]{0,60}\?|"
    r"\b(is|are) (the )?[\w -]{1,40}? the root( problem| cause)?\b",
    re.I,
)

# what to do about the one case in front of the person, not which problem comes first:
# "what do i do about the family first tho?", "what about the patient who's still waiting?"
THE_CASE = re.compile(
    r"\b((what|how) (do|should|can|shall) (i|we) (do|handle|deal with|sort)|(what|how) to (do|handle|deal "
    r"with|sort))( about| for| with)? "
    r"(the|this|that|these|those|our|my) (\w+ )?(family|families|tenants?|patients?|customers?|clients?|"
    r"kids?|child|children|residents?|guests?|members?|complaints?|case|order|parents?|mum|dad|"
    r"baby|woman|man|lady|guy)\b|\bwhat about (the|this|that) (\w+ )?(family|tenant|patient|customer|"
    r"client|kid|child|resident|guest|case|baby|complaint)\b[^.?]{0,40}\?",
    re.I,
)
