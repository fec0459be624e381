"""Is this English? The classifier's cues and exemplars are English, so text in another
language must get a clear notice instead of a silent "no problem".

Offline and deterministic: a text is read as another language when most of its letters
are outside the Latin script, or when it has enough common function words of a frequent
other language and clearly more of them than of English ones. A text of three words or
more with few English function words is also put to a language identifier (py3langid, a
naive Bayes model over byte n-grams shipped in the package, 97 languages): it catches the
languages the word lists do not know ("Merhaba, ekibimle bir sorunum var"). It loads on
first need (about a second), so an ordinary English message never pays for it. Short
texts ("ok", "gracias") are let through: too little to judge, and harmless.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import cache
from typing import Any

NOTICE = (
    "This does not look like English. ALE Coach reads English only for now: describe "
    "what is going wrong at work in English and I can help."
)
MIN_WORDS = 4  # fewer words than this are too little to judge
IDENTIFY_WORDS = 3  # from this many words, a text with few English words is identified
FEW_ENGLISH = 0.3  # share of English function words below which the identifier is asked
SURE = 0.6  # the identifier's probability for another language that is believed
_NON_ENGLISH_LETTERS = frozenset("áàâäãåçéèêëíìîïñóòôöõúùûüýÿßæœøłśżźćńęąěščřžůő¿¡")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ENGLISH = _words(
    "the a an and or but of to in on at for with from by is are was were be been it this "
    "that these those we our us i my me you your he she they them their his her not no "
    "do does did have has had will would can could should there what who when where why "
    "how all every nobody everyone keeps keep always never"
)
# Frequent function words of other languages people write to a coach in; words that are
# also English ("team", "son", "per", "come", "die", "as") are left out.
OTHER = (
    _words(
        # Spanish
        "el la los las una unos unas y pero del al en por para es está están fue que qué "
        "quien cuando donde como muy nadie siempre nunca todos todo nuestro nuestra mis "
        "sus yo nosotros ellos hay tiene tienen hace hacen equipo trabajo jefe hola "
        "tenemos problema problemas con nuestros nuestras empleados gracias ayuda "
        "perdón puedo seguir español mi bueno cuesta soy de estoy somos cocina "
        # French
        "le les une des et ou mais du aux dans avec pour est sont était qui quand où "
        "comment très personne toujours jamais tous tout notre mon mes vos leur leurs je "
        "nous ils elles il fait font équipe travail bonjour avons problème problèmes "
        "employés merci aide "
        # German
        "der das dem ein eine einen und oder aber von zu mit für ist sind wer wann wo wie "
        "sehr niemand immer nie alle unser unsere mein meine ich wir sie gibt haben macht "
        "machen arbeit nicht kein keine hallo probleme problem mitarbeiter danke hilfe "
        "entschuldigung können bitte auf deutsch weitermachen wäre mich viel einfacher "
        # Portuguese and Italian
        "os uma mas dos das em com é são foi não ninguém sempre nunca nosso nossa eu nós "
        "eles tem têm faz fazem equipe trabalho chefe olá temos funcionários obrigado "
        "posso problema turno noite esquece dar aos desculpe mais fácil português ninguém "
        "quer ser responsável pelo fechamento caixa fim dia sou estou "
        # Dutch and Polish
        "ik ben een het van mijn personeel steeds bij zijn niet wij hebben "
        "czy mogę dalej po tak będzie mi dużo jest nie się na że jak "
        "gli della nel sono che chi quando scusi preferirei continuare italiano se possibile "
        "più facile per spiegare scusa scrivo nessuno si prende la responsabilità qualcosa "
        "va storto "
        "dove molto nessuno mai tutti nostro nostra noi loro hanno fanno lavoro "
        "ciao sul di domani domanda veloce questo questa grazie buongiorno abbiamo siamo"
    )
    - ENGLISH
)

# thanks, hellos and goodbyes in another language: a short message of them ("danke, bis
# bald", "merci beaucoup", "hvala, puno ste mi pomogli") is not English however short
COURTESY = _words(
    "gracias merci danke grazie obrigado obrigada dzięki dziękuję hvala tack takk bedankt "
    "kiitos muchas beaucoup vielen mille hola bonjour buongiorno olá adiós adios tschüss "
    "tschüs hasta luego salut arrivederci valeu děkuji dekuji díky diky ďakujem dakujem "
    "mulțumesc mulţumesc multumesc mersi köszönöm koszonom köszi spasibo спасибо "
    "teşekkürler tesekkurler teşekkür ευχαριστώ efharisto gràcies grazzi diolch tänan "
    "paldies ačiū aciu dziekuje dziękujemy ahoj tchau salamat maraming terima kasih asante "
    "shukran"
)
_NEUTRAL = _words("ok okay k kk so lol haha")
_ENGLISH_COURTESY = _words(
    "thanks thank thx ta cheers bye great cool hi hello hey see next week later soon "
    "tomorrow much very again help talk try"
)


_LOCK = threading.Lock()


@cache
def _identifier() -> Any:
    """The language identifier, loaded once (None when the package is missing)."""
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError:  # pragma: no cover - a dependency, but the word lists still work
        return None
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _identified_as_other(text: str) -> bool:
    with _LOCK:
        identifier = _identifier()
        if identifier is None:
            return False
        language, probability = identifier.classify(text)
    return bool(language != "en" and probability >= SURE)


def is_english(text: str) -> bool:
    """Whether `text` can be read as English (True when it is too short to tell)."""
    letters = [ch for ch in text if ch.isalpha()]
    if letters:
        latin = sum("LATIN" in unicodedata.name(ch, "") for ch in letters)
        if latin / len(letters) < 0.5:
            return len(letters) < 3  # mostly another script: not English, unless tiny
    words = [w.lower() for w in _WORD.findall(text)]
    english = sum(w in ENGLISH for w in words)
    if (
        len(words) >= IDENTIFY_WORDS
        and english < FEW_ENGLISH * len(words)
        and _identified_as_other(text)
    ):
        return False
    said = [w for w in words if w not in _NEUTRAL]  # ("ok gracias": the "ok" tells nothing)
    if (
        # (a thanks word alone says too little; with "ok" beside it, it is the message)
        (len(said) >= 2 or (said and len(words) >= 2))
        and any(w in COURTESY for w in said)
        and sum(w in ENGLISH or w in _ENGLISH_COURTESY for w in said) <= 0.4 * len(said)
    ):
        return False
    if len(words) < MIN_WORDS:
        return True
    other = sum(w in OTHER for w in words)
    if other >= 3 and other > 2 * english and other >= 0.25 * len(words):
        return False
    # English prose is full of its small words ("the", "to", "we"...): a text of 8 words or
    # more with almost none of them, and with another language's words or letters, is not
    foreign = other + sum(any(ch in _NON_ENGLISH_LETTERS for ch in w) for w in words)
    return not (len(words) >= 8 and english <= 0.15 * len(words) and foreign >= 3)


def language_notice(text: str) -> str | None:
    """The notice for a text ALE Coach cannot read (another language), else None."""
    return None if is_english(text) else NOTICE
