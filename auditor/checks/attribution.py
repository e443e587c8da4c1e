"""Attribution cues: who, in one sentence, stands behind what it says.

A sentence is read once, word by word, and its cues are listed with their offsets:

- link: a URL, a Markdown link, an (Org, Year) citation, a footnote that resolves;
- speech: a reporting verb with its subject ("The Ministry of Commerce said", "the bank
  fears", "he added", ", said Caddell"), the subject classed as a name, a pronoun, a
  definite description ("the poll", "the bank": a source named elsewhere), or a vague
  subject ("experts", "officials"); verbs of belief and of proposal are cues of their own;
- intro: "according to X", "a report by X", "data from X", "as reported by X", with X
  classed the same way;
- trailing: "(South China Morning Post)." closing the sentence; possessive: "Gallup's poll";
  speaker label: "CADDELL: ..." at the start, or a capitalised heading that runs into a
  quotation ("JIM PAULSEN, CHIEF INVESTMENT STRATEGIST, ... “As we look back ...");
- vague phrases ("experts say", "and other sources") and agentless hedges ("is projected to");
- quotation marks, so that a figure can be found inside or outside a quotation.

Which cue covers which figure, and whether that is enough, is the attribution model's
decision (`attribution_model.py`); `sentence_support` keeps a rule-only summary for callers
that need one grade per sentence. Names are found by walking the words once (a run of
capitalised words, joined by "of", "and", "&" ...), so no pattern can blow up on a long run
of capitals; every pattern is RE2's (`auditor.regex`). Vocabulary: `data/statistics.toml`.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field
from typing import NamedTuple

from ..claim import GRADES, NO_SUPPORT, Support
from ..data import load_toml, phrase_alternation
from ..regex import IGNORECASE, Pattern, compile, phrase_pattern, scanner
from ..text import dateline_end

NONE = NO_SUPPORT


class Token(NamedTuple):
    """One word of a sentence (a named tuple: the reader makes one per word, and a tuple is
    several times cheaper to build than a frozen dataclass)."""

    start: int  # offsets in the sentence
    end: int
    text: str
    lower: str  # lower case, possessive dropped
    cap: bool  # starts with a capital letter (and is not a number word)
    possessive: bool


@dataclass(frozen=True)
class Cue:
    """One attribution cue in a sentence. Offsets are relative to the sentence."""

    kind: str  # link | speech | cognitive | plan | intro | trailing | possessive | label | vague | hedge
    grade: str  # linked | named | vague
    subject: str  # name | pronoun | descriptor | document | vague | figure | none
    start: int  # the whole cue
    end: int
    source: str  # the source as written ("The Ministry of Commerce", "he", "experts")
    at: int  # the cue word (verb, "according"), for distances to a figure
    subject_start: int = -1  # where the subject starts (before or after the verb)
    covers_paragraph: bool = False
    word: str = ""  # the cue word or phrase, lower case ("said", "according to")


@dataclass
class SentenceCues:
    """Everything attribution needs to know about one sentence, computed once."""

    length: int
    cues: list[Cue] = field(default_factory=list)
    quotes: list[tuple[int, str]] = field(default_factory=list)  # (offset, "open" | "close" | "toggle")
    clause_breaks: list[int] = field(default_factory=list)  # offsets of ";", ":", dashes
    strong_breaks: list[int] = field(default_factory=list)  # the same without ":" ("JCT estimated ...: $40.3 billion")
    speech_event: bool = False  # "in a statement", "told reporters"
    question: bool = False
    ends_with_colon: bool = False
    starts_quoted: bool = False  # the sentence opens with a quotation mark
    first_word: int = 0  # offset of the first word
    commas: list[int] = field(default_factory=list)  # offsets of commas and closing quotation marks
    comma_gaps: dict[int, bool] = field(default_factory=dict)  # comma -> followed by "the" and capitalised words
    mentions: list[int] = field(default_factory=list)  # offsets of "the survey", "the report" (a document named before)
    documents: list[tuple[int, str]] = field(default_factory=list)  # "the request", "the Senate bill": (offset, text)
    anaphoric: bool = False  # opens with "This", "Of those", "Within that group": it goes on from before
    thats: list[int] = field(default_factory=list)  # offsets of the word "that"
    definites: list[int] = field(default_factory=list)  # offsets just past "the", "its", "their"
    subordinators: list[int] = field(default_factory=list)  # offsets of "after", "when", "because" ...
    relatives: list[tuple[int, int]] = field(default_factory=list)  # ", which ..." / ", who ...": (start, next comma or -1)
    asides: list[tuple[int, int]] = field(default_factory=list)  # ", who ..." after an inverted speaker

    def comma_before(self, offset: int) -> bool:
        """A comma or closing quotation mark just before `offset`, or before "the" and a name
        (", the Reuters/Ipsos poll showed")."""
        k = bisect.bisect_left(self.commas, offset)
        if k == 0:
            return False
        gap = offset - self.commas[k - 1]
        return gap <= 8 or (gap <= 40 and self.comma_gaps.get(self.commas[k - 1], False))

    def definite_before(self, offset: int) -> bool:
        """The figure at `offset` follows "the", "its" or "their": a known quantity ("the $20
        trillion national debt"), not a projection."""
        k = bisect.bisect_right(self.definites, offset)
        return k > 0 and offset - self.definites[k - 1] <= 1

    def that_after(self, offset: int) -> bool:
        """The word "that" follows within 32 characters ("said that", "said on Wednesday
        that", "said in a statement that")."""
        k = bisect.bisect_left(self.thats, offset)
        return k < len(self.thats) and self.thats[k] - offset <= 32

    def strongest(self, grade: str) -> Cue | None:
        for cue in self.cues:
            if cue.grade == grade:
                return cue
        return None


@dataclass(frozen=True)
class Lexicon:
    speech: frozenset[str]
    cognitive: frozenset[str]
    plan: frozenset[str]
    needs_clause: frozenset[str]  # speech only when what was said follows ("added that", ", he added")
    strong: frozenset[str]  # reporting verbs whose definite subject is always a source
    inverted: frozenset[str]
    skip: frozenset[str]
    vague_subjects: frozenset[str]
    vague_pairs: frozenset[tuple[str, str]]
    source_nouns: frozenset[str]
    document_nouns: frozenset[str]
    content_verbs: frozenset[str]
    not_sources: frozenset[str]
    joiners: frozenset[str]
    pronouns: frozenset[str]
    intros: dict[str, list[tuple[str, ...]]]  # first word -> phrases (as word tuples)
    evidence_nouns: frozenset[str]
    number_words: frozenset[str]


_WORDS = load_toml("statistics.toml")["attribution"]["words"]  # closed-class words, as data
_DETERMINERS_DEFINITE = frozenset(_WORDS["determiners_definite"])
_DETERMINERS_INDEFINITE = frozenset(_WORDS["determiners_indefinite"])
_NOUN_BEFORE = frozenset(_WORDS["noun_before"])
_MODIFIERS = frozenset(_WORDS["modifiers"])
_PRONOUN_OBJECTS = frozenset(_WORDS["pronoun_objects"])
_BE = frozenset(_WORDS["be"])
_NOUN_VERBS = frozenset(_WORDS["noun_verbs"])
_MONTHS = frozenset(_WORDS["months"])
_OWNERS = frozenset(_WORDS["owners"])
_PUBLISHING_VERBS = frozenset(_WORDS["publishing_verbs"])
_VENUE_NOUNS = frozenset(_WORDS["venue_nouns"])
_SPEECH_EVENTS = frozenset(_WORDS["speech_events"])
_SUBORDINATORS = frozenset(_WORDS["subordinators"])
_AUDIENCE_VERBS = frozenset(_WORDS["audience_verbs"])
_ANAPHORS = frozenset(_WORDS["anaphors"])
_OBJECT_STARTS = frozenset(_WORDS["object_starts"])
_MODALS = frozenset(_WORDS["modals"])
_NOT_CONTENT = frozenset(_WORDS["not_content"])
_PARTICIPLES = frozenset(_WORDS["participles"])
_QUOTE_OPEN, _QUOTE_CLOSE, _QUOTE_TOGGLE = "“«„", "”»", '"'
_CLAUSE_BREAK = frozenset(";:—–")
_MARKS = scanner(r"[“«„”»\"',;:—–-]")  # the characters read_sentence places: quotes, breaks, commas, dashes
_HAVE = frozenset({"had", "has", "have", "having"})
_HAVE_OBJECTS = frozenset({"this", "that", "much", "little", "plenty", "something", "nothing", "more"})
HEADING = "heading"  # the cue word of a capitalised heading that names a quotation's speaker
_SUBJECT_REACH = 20  # words a subject may stand before its verb ("Bruce Taylor, CEO of Taylor Farms, a Salinas, ...")
_INVERTED_REACH = 5  # words a speaker may stand after the verb (", said Mr. John Smith")


def verb_forms(bases, irregular) -> frozenset[str]:
    """Every regular form of the base verbs ("state": states, stated, stating), plus the
    irregular forms as listed. Over-generation ("quipped" and "quiped") is harmless."""
    out = set(irregular)
    for base in bases:
        words = base.split()
        head, rest = words[0], " ".join(words[1:])
        forms = {head}
        if head.endswith("e"):
            forms |= {head + "s", head + "d", head[:-1] + "ing"}
        elif head.endswith("y") and head[-2:-1] not in "aeiou":
            forms |= {head[:-1] + "ies", head[:-1] + "ied", head + "ing"}
        elif head.endswith(("s", "sh", "ch", "x", "z")):
            forms |= {head + "es", head + "ed", head + "ing"}
        else:
            forms |= {head + "s", head + "ed", head + "ing"}
            if len(head) >= 3 and head[-1] not in "aeiouwxy" and head[-2] in "aeiou" and head[-3] not in "aeiou":
                forms |= {head + head[-1] + "ed", head + head[-1] + "ing"}  # "quipped", "planning"
        out |= {f"{f} {rest}".strip() for f in forms} if rest else forms
    return frozenset(w.split()[0] for w in out)


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    a = load_toml("statistics.toml")["attribution"]
    numbers = load_toml("statistics.toml")["numbers"]
    intros: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted(set(a["source_intros"]), key=lambda p: -len(p.split())):
        words = tuple(phrase.split())
        intros.setdefault(words[0], []).append(words)
    vague = [v for v in a["vague_subjects"]]
    return Lexicon(
        speech=verb_forms(a["speech_verbs"], a["speech_verbs_irregular"]),
        cognitive=verb_forms(a["cognitive_verbs"], a["cognitive_verbs_irregular"]),
        plan=verb_forms(a["plan_verbs"], a["plan_verbs_irregular"]),
        needs_clause=verb_forms(a["needs_clause"], []),
        strong=verb_forms(a["strong_speech_verbs"], ["said", "says", "told", "wrote"]),
        inverted=frozenset(a["inverted_verbs"]), skip=frozenset(a["subject_skip"]),
        vague_subjects=frozenset(v for v in vague if " " not in v),
        vague_pairs=frozenset(tuple(v.split()[-2:]) for v in vague if " " in v),
        source_nouns=frozenset(a["source_nouns"]), document_nouns=frozenset(a["document_nouns"]),
        content_verbs=frozenset(a["content_verbs"]), not_sources=frozenset(a["not_sources"]),
        joiners=frozenset(a["name_joiners"]), pronouns=frozenset(a["pronouns"]), intros=intros,
        evidence_nouns=frozenset(a["evidence_nouns"]),
        number_words=frozenset(numbers["words"]) | frozenset(numbers["small_words"]) - {"a"},
    )


@dataclass(frozen=True)
class AttributionPatterns:
    url: Pattern
    citation: Pattern
    footnote: Pattern
    vague: Pattern
    hedge: Pattern
    speech_event: Pattern
    vague_subject_verb: Pattern  # for the weasel evaluation: "experts believe", "officials said"
    tweet: Pattern  # a pasted tweet's signature: "— Name (@handle) July 7, 2017"
    acronym: Pattern  # " (WIPO)" after a name
    source_label: Pattern  # "Source: Washington Post" closing a sentence or a paragraph


@functools.lru_cache(maxsize=1)
def patterns() -> AttributionPatterns:
    a = load_toml("statistics.toml")["attribution"]
    verbs = phrase_alternation(a["speech_verbs"] + a["cognitive_verbs"])
    return AttributionPatterns(
        url=compile(r"https?://\S+|\bwww\.\S+|\[[^\]\n]{1,300}\]\((?:https?://|/)[^)\s]+\)"),
        citation=compile(r"\((?:\p{Lu}[\p{L}\p{N}&.'’-]*\s?){1,6}(?:et al\.)?,?\s*(?:19|20)\d{2}[a-z]?\)"),
        footnote=compile(r"\[(\d{1,3})\]|[a-z.,]\^(\d{1,3})\b"),
        vague=compile(rf"\b({phrase_alternation(a['vague_phrases'])})\b", IGNORECASE),
        hedge=compile(rf"\b({phrase_alternation(a['hedges'])})\b", IGNORECASE),
        speech_event=compile(rf"\b({phrase_alternation(a['speech_events'])})\b", IGNORECASE),
        tweet=compile(r"\(@(\w{1,15})\)\s*(?:\p{Lu}\p{Ll}+\.?\s+\d{1,2},\s+\d{4})?"),
        acronym=compile(r"^\s?\(\p{Lu}[\p{Lu}\p{N}&.-]{1,10}\)"),
        source_label=compile(r"(?:^|[.!?\"”)\s])Sources?\s*:\s*(\p{Lu}[^.;:!?]{1,80}?)\s*\.?\s*\z"),
        vague_subject_verb=compile(rf"\b({phrase_alternation(a['vague_subjects'])})\s+(?:\w+\s+){{0,2}}({verbs})\b",
                                   IGNORECASE),
    )


# --- words and names -------------------------------------------------------------------


# A word: letters and digits (str.isalnum, which is what [^\W_] is), joined by one of
# ' ’ . & - between two of them. The joiners are not word characters, so a scan cannot
# backtrack beyond one word.
_WORD = scanner(r"[^\W_]+(?:['’.&-][^\W_]+)*")


def tokenize(sentence: str) -> list[Token]:
    """The words of a sentence with offsets: runs of letters and digits, joined by an
    apostrophe, full stop, "&" or hyphen between two of them ("U.S", "AT&T", "state-run");
    "Smith's" is the word "smith", possessive. One scan (a linear `re` scanner)."""
    tokens = []
    for m in _WORD.finditer(sentence):
        text = m.group()
        possessive = len(text) > 2 and text.endswith(("'s", "’s"))
        bare = text[:-2] if possessive else text
        lower = bare.lower()
        tokens.append(Token(m.start(), m.end(), text, lower, bare[:1].isupper() and not _is_figure(lower), possessive))
    return tokens


@dataclass(frozen=True)
class NameRun:
    first: int  # token indices, inclusive
    last: int
    meaningful: bool  # holds a word that names someone (not "The", "According", "Monday")


def name_runs(sentence: str, tokens: list[Token]) -> tuple[list[int], list[NameRun]]:
    """For each token, the index of the name run it belongs to (-1 if none), and the runs.

    A run is a sequence of capitalised words, possibly joined by "of", "and", "&", "the"
    ("Ministry of Science and Technology"), with no punctuation between its words other than
    a full stop of an abbreviation ("U.S. Treasury", "Mr. Smith"). One pass, linear."""
    lex = lexicon()
    run_of = [-1] * len(tokens)
    runs: list[NameRun] = []
    i = 0
    n = len(tokens)
    while i < n:
        if not tokens[i].cap:
            i += 1
            continue
        first = last = i
        j = i + 1
        while j < n:
            gap = sentence[tokens[j - 1].end:tokens[j].start]
            if tokens[j - 1].possessive or not _joins(gap):
                break
            if tokens[j].cap:
                last = j
                j += 1
                continue
            # joiners between two capitalised words: "of", "and", "&", "de"
            k = j
            while k < n and tokens[k].lower in lex.joiners and k - j < 2 \
                    and _joins(sentence[tokens[k - 1].end:tokens[k].start]):
                k += 1
            if k < n and k > j and tokens[k].cap and _joins(sentence[tokens[k - 1].end:tokens[k].start]):
                last = k
                j = k + 1
                continue
            break
        meaningful = any(not t.lower in lex.not_sources and t.lower not in lex.joiners and len(t.lower) > 1
                         for t in tokens[first:last + 1])
        for k in range(first, last + 1):
            run_of[k] = len(runs)
        runs.append(NameRun(first, last, meaningful))
        i = last + 1
    return run_of, runs


_JOIN_GAPS = frozenset({" ", "\u00a0", ". ", ".\u00a0", " & ", "&", ".", "&\u00a0"})


def _joins(gap: str) -> bool:
    """Words of one name stand a single space apart, or a full stop and a space ("Mr. Smith")."""
    return gap in _JOIN_GAPS


# --- the sentence reader ---------------------------------------------------------------


class _Reader:
    """Reads one sentence's cues; every step walks the words once."""

    def __init__(self, sentence: str):
        self.s = sentence
        self.lex = lexicon()
        self.tokens = tokenize(sentence)
        self.run_of, self.runs = name_runs(sentence, self.tokens)
        self.cues: list[Cue] = []
        dateline = dateline_end(sentence)
        self.first_word_offset = dateline if dateline else (self.tokens[0].start if self.tokens else 0)
        self.gap_breaks = [False] * (len(self.tokens) + 1)  # a clause break or a quote before token i
        for i in range(1, len(self.tokens)):
            gap = sentence[self.tokens[i - 1].end:self.tokens[i].start]
            if gap == " ":
                continue  # most gaps: no break
            self.gap_breaks[i] = any(ch in _CLAUSE_BREAK or ch in _QUOTE_OPEN or ch in _QUOTE_CLOSE or ch == '"'
                                     for ch in gap[:40]) or "''" in gap[:40]

    # subjects ----------------------------------------------------------------------------

    def classify(self, i: int) -> tuple[str, int, int] | None:
        """What token i is as a source: (kind, first token, last token) or None."""
        t = self.tokens[i]
        lex = self.lex
        if self.run_of[i] >= 0 and self.runs[self.run_of[i]].meaningful:
            run = self.runs[self.run_of[i]]
            return "name", run.first, run.last
        if t.lower in lex.pronouns:
            return "pronoun", i, i
        prev = self.tokens[i - 1].lower if i > 0 else ""
        prev2 = self.tokens[i - 2].lower if i > 1 else ""
        if (prev, t.lower) in lex.vague_pairs or (prev2, prev) in lex.vague_pairs:
            return "vague", max(0, i - 1), i
        if t.lower in lex.source_nouns or (t.lower in lex.vague_subjects and i > 0 and (
                self.tokens[i - 1].lower in _DETERMINERS_DEFINITE or self.tokens[i - 1].possessive)):
            first, has_name, owner = i, False, False
            while first > 0 and i - first < 4:
                before = self.tokens[first - 1]
                if before.cap and before.lower not in lex.not_sources:
                    has_name = True  # "a Bloomberg poll", "the Treasury Department"
                elif before.lower in _OWNERS:
                    owner = True  # "a company proxy statement", "the country's trade balance figures"
                elif before.lower in _DETERMINERS_DEFINITE or before.lower in _DETERMINERS_INDEFINITE \
                        or before.possessive or not (before.text.isalpha() and before.text.islower()):
                    break
                first -= 1  # a modifier or a noun of the compound: "trade balance figures"
            if self.tokens[first - 1].possessive if first > 0 else False:
                owner = True
            det = self.tokens[first - 1] if first > 0 else None
            owner = owner and t.lower in lex.document_nouns
            if has_name or owner or det is not None and (det.possessive or det.lower in _DETERMINERS_DEFINITE):
                kind = "document" if t.lower in lex.document_nouns else "descriptor"
                return kind, first - 1 if det is not None and not has_name else first, i
            if det is not None and det.lower in _DETERMINERS_INDEFINITE:
                return ("vague" if t.lower not in lex.document_nouns else "document-indefinite"), first - 1, i
            if t.lower in lex.vague_subjects:
                return "vague", first, i
            return ("document" if t.lower in lex.document_nouns else "descriptor"), first, i
        if t.lower in lex.vague_subjects:
            return "vague", i, i
        return None

    def _publisher(self, determiner: int) -> int | None:
        """For an indefinite document ("a report") at token `determiner`: the first token of
        the name that put it out ("Wharton Business School ... also issued a report"), when
        a publishing verb stands right before it and a meaningful name right before the verb
        (an adverb between is skipped), in the same clause; else None."""
        toks = self.tokens
        verb = determiner - 1
        if verb < 1 or toks[verb].lower not in _PUBLISHING_VERBS or self.gap_breaks[determiner] or self.gap_breaks[verb]:
            return None
        j = verb - 1
        if j >= 1 and not toks[j].cap and (toks[j].lower.endswith("ly") or toks[j].lower in ("also", "just")):
            if self.gap_breaks[j]:
                return None
            j -= 1
        run = self.run_of[j]
        return self.runs[run].first if run >= 0 and self.runs[run].meaningful else None

    def subject_before(self, v: int) -> tuple[str, int, int] | None:
        """The subject of the verb at token v: the closest source word before it in its
        clause. Other words are skipped only after a comma closes an aside ("Smith, who won
        52 percent, said"); otherwise the word before the verb is its subject ("Baidu's stock
        saw": the stock, no source)."""
        adjacent = True
        for j in range(v - 1, max(-1, v - 1 - _SUBJECT_REACH), -1):
            if self.gap_breaks[j + 1]:
                return None
            t = self.tokens[j]
            if t.lower == "which" and j > 0 and "," in self.s[self.tokens[j - 1].end:t.start]:
                # ", which tells us": the subject is the thing just named ("a report, which
                # found"), or no source at all ("80,000 people responded to the event, which tells")
                found = self.classify(j - 1)
                return self._name_before_apposition(found) if found else None
            if t.lower in self.lex.skip or (t.lower.endswith("ly") and not t.cap) or self._have_to(j, v):
                continue
            found = self.classify(j)
            if found:
                return self._name_before_apposition(found)
            if adjacent and j > 0 and t.text.isalpha() and t.text.islower() and self.run_of[j - 1] >= 0 \
                    and self.runs[self.run_of[j - 1]].meaningful and not self.tokens[j - 1].possessive \
                    and self.s[self.tokens[j - 1].end:t.start] == " ":
                run = self.runs[self.run_of[j - 1]]
                return "name", run.first, j  # "UBS strategists project", "Goldman analysts said"
            if adjacent and not _punctuated(self.s[t.end:self.tokens[j + 1].start]) \
                    and t.lower not in ("that", "which", "who") and not _is_figure(t.lower):
                if self.tokens[v].lower in self.lex.strong and j > 0 and t.text.isalpha() and t.text.islower() \
                        and (self.tokens[j - 1].lower in _DETERMINERS_DEFINITE or self.tokens[j - 1].possessive):
                    return "descriptor", j - 1, j  # "the library did mention that": named earlier
                return None
            adjacent = False
            if t.lower in ("that", "which", "who") and j == v - 1:
                continue  # "which said", "who said": the antecedent comes before
            if _is_figure(t.lower) and j > 0 and self.tokens[j - 1].lower.rstrip(".") in _MONTHS:
                continue  # "A Reuters report on Oct. 26 said": a date, not who speaks
            if _is_figure(t.lower) and j >= v - 2 and not _punctuated(self.s[t.end:self.tokens[v].start]):
                return "figure", j, j  # "12 percent said", "Forty-three percent said"
        return None

    def _have_to(self, j: int, v: int) -> bool:
        """Token j is the "to" of "had to say" or "had this to say" right before the verb at
        v: what the subject before it said ("Here is what Trump had to say to the New York
        Times:")."""
        if j != v - 1 or self.tokens[j].lower != "to" or j == 0:
            return False
        before = self.tokens[j - 1].lower
        if before in _HAVE:
            return True
        return before in _HAVE_OBJECTS and j > 1 and self.tokens[j - 2].lower in _HAVE

    def _name_before_apposition(self, found: tuple[str, int, int]) -> tuple[str, int, int]:
        """ "Pat Caddell, a longtime Democratic pollster, said", "the Tax Policy Center, a think
        tank in Washington, estimated": the name, not the description."""
        kind, first, last = found
        if kind == "name" and first > 0:
            for k in range(first - 1, max(-1, first - 8), -1):
                gap = self.s[self.tokens[k].end:self.tokens[k + 1].start]
                if "," in gap:
                    if self.tokens[k + 1].lower in ("a", "an") and self.run_of[k] >= 0 \
                            and self.runs[self.run_of[k]].meaningful:
                        run = self.runs[self.run_of[k]]
                        return "name", run.first, run.last
                    return found
                if _punctuated(gap):
                    return found
            return found
        if kind not in ("descriptor", "vague") or first == 0:
            return found
        for k in range(first - 1, max(-1, first - 6), -1):
            gap = self.s[self.tokens[k].end:self.tokens[k + 1].start]
            if "," in gap:
                if self.run_of[k] >= 0 and self.runs[self.run_of[k]].meaningful:
                    run = self.runs[self.run_of[k]]
                    return "name", run.first, run.last
                return found
            if _punctuated(gap):
                return found
        return found

    def subject_after(self, v: int) -> tuple[str, int, int] | None:
        """The speaker after an inverted verb (", said Mr. Smith", "says the report")."""
        skipped = 0
        for j in range(v + 1, min(len(self.tokens), v + 1 + _INVERTED_REACH + 2)):
            if self.gap_breaks[j]:
                return None
            t = self.tokens[j]
            if t.lower in ("the", "a", "an", "by") or t.lower in _MODIFIERS:
                continue
            found = self.classify(j)
            if not found and not t.cap and skipped < 3 and not _is_figure(t.lower) \
                    and t.lower not in self.lex.speech and t.lower not in ("that", "which", "who", "to", "it"):
                skipped += 1
                continue  # "said former Pennsylvania governor Ed Rendell"
            if found:
                last = found[2]
                while found[0] != "pronoun" and last + 1 < len(self.tokens) \
                        and not _punctuated(self.s[self.tokens[last].end:self.tokens[last + 1].start]) \
                        and (self.tokens[last + 1].cap or self.tokens[last + 1].lower in self.lex.source_nouns):
                    last += 1  # "said Pennsylvania governor Ed Rendell": the whole phrase, named by its last name
                    if self.run_of[last] >= 0 and self.runs[self.run_of[last]].meaningful:
                        run = self.runs[self.run_of[last]]
                        found, last = ("name", run.first, run.last), run.last
                end = last + 1
                if end < len(self.tokens) and not _punctuated(self.s[self.tokens[last].end:self.tokens[end].start]):
                    return None  # "said he would run": the subject of what was said
                return found
            return None
        return None

    def source_text(self, first: int, last: int) -> str:
        """The source as written, without a leading "The" and with a following "(WIPO)"."""
        while first < last and self.tokens[first].lower in self.lex.not_sources and self.tokens[first].cap:
            first += 1
        end = self.tokens[last].end
        acronym = patterns().acronym.match(self.s[end:end + 16])
        if acronym:
            end += acronym.end()
        return self.s[self.tokens[first].start:end]

    # cues --------------------------------------------------------------------------------

    def read(self) -> None:
        lex = self.lex
        toks = self.tokens
        n = len(toks)
        i = 0
        while i < n:
            t = toks[i]
            phrase = self._intro_at(i) if t.lower in lex.intros else None
            if phrase:
                found = len(self.cues)
                self._intro(i, phrase)
                if len(self.cues) > found or t.lower not in lex.speech:
                    i += len(phrase)
                    continue  # an intro that named nothing leaves its verb to be read as one
            if t.cap and i > 0 and t.start > self.first_word_offset:
                pass  # "the United States", "the Pew Research Center Reports": a name, not a verb
            elif t.lower in lex.speech or t.lower in lex.cognitive or t.lower in lex.plan:
                self._verb(i)
            elif t.lower == "in" and i + 2 < n:
                self._in_evidence(i)
            elif t.lower in lex.content_verbs or t.lower in _MODALS or (
                    i > 0 and t.lower.endswith("s") and not t.lower.endswith("ss") and t.text.islower()
                    and t.lower not in _NOT_CONTENT and toks[i - 1].lower in lex.document_nouns
                    and i + 1 < n and not _punctuated(self.s[t.end:toks[i + 1].start])
                    and (toks[i + 1].lower in _OBJECT_STARTS or _is_figure(toks[i + 1].lower))):
                self._content(i)  # "the bill would cut", "The House bill consolidates", "the plan keeps"
            if t.possessive and self.run_of[i] >= 0 and self.runs[self.run_of[i]].meaningful:
                self._possessive(i)
            i += 1
        self._label()
        self._heading()
        self._trailing()
        self._source_label()

    def _intro_at(self, i: int) -> tuple[str, ...] | None:
        for words in self.lex.intros.get(self.tokens[i].lower, ()):
            if i + len(words) <= len(self.tokens) and all(
                    self.tokens[i + k].lower == w for k, w in enumerate(words)):
                if words == ("per",) and (i + 1 < len(self.tokens) and self.tokens[i + 1].lower in
                                          ("cent", "capita", "person", "year", "day", "hour", "week", "month", "share",
                                           "head", "household", "student", "gallon", "barrel", "ton", "mile")):
                    continue
                if words == ("told",):
                    continue  # "told" is a speech verb, its object is not the source
                return words
        return None

    def _intro(self, i: int, words: tuple[str, ...]) -> None:
        """ "according to X", "a report by X", "data from X" ...: X classed as a source.
        After "according to", whatever comes is the source unless it is vague ("according
        to a fact sheet lawmakers released" names one; "according to some estimates" does not)."""
        toks = self.tokens
        end = i + len(words)
        at = toks[i].start
        word = " ".join(words)
        according = words[0] == "according"
        for j in range(end, min(len(toks), end + 8)):
            if j > end and self.gap_breaks[j]:
                break
            t = toks[j]
            if t.lower in ("the", "a", "an") or t.lower in _DETERMINERS_INDEFINITE:
                continue
            if t.lower in _PRONOUN_OBJECTS:
                self._add("intro", "named", "pronoun", i, j, t.text, at, word=word)
                return
            found = self.classify(j)
            if not found and t.lower in _MODIFIERS and not t.cap:
                continue  # "according to new data from ...": "new" qualifies, "data" is the source
            if not found:
                if according and not _is_figure(t.lower):
                    last = self._phrase_end(j)
                    self._add("intro", "named", "descriptor", i, last, self.s[toks[j].start:toks[last].end], at,
                              word=word)
                    return
                if j - end < 3 and t.lower not in self.lex.skip:
                    continue  # "citing unnamed sources": an adjective before the source
                return
            kind, first, last = found
            for k in range(last + 1, min(len(toks), last + 4)):  # "a company proxy statement": the compound's head
                if _punctuated(self.s[toks[k - 1].end:toks[k].start]) or not (toks[k].text.isalpha() and toks[k].text.islower()):
                    break
                if toks[k].lower in self.lex.document_nouns:
                    head = self.classify(k)
                    if head and not (kind == "name" and head[0] == "vague"):
                        kind, first, last = head  # not "according to Thomson Reuters data": a name owns the data
                    break
            if kind in ("document", "document-indefinite", "descriptor", "vague"):
                by = self._by_name(last)
                if by:
                    self._add("intro", "named", "name", i, by[1], self.source_text(*by), at, word=word,
                              covers=words[:2] in (("based", "on"), ("the", "following")))
                    return
            if kind in ("vague", "document-indefinite"):
                self._add("intro", "vague", "vague", i, last, self.s[toks[first].start:toks[last].end], at, word=word,
                          covers=words[:2] in (("based", "on"), ("the", "following")))
                return
            if kind == "figure":
                return
            self._add("intro", "named", kind, i, last, self.source_text(first, last), at,
                      covers=words[:2] in (("based", "on"), ("the", "following")), word=word)
            return

    def _phrase_end(self, j: int) -> int:
        """The last word of the phrase starting at token j (up to six words, to the next comma,
        verb or figure)."""
        k = j
        while k + 1 < len(self.tokens) and k - j < 5 and not _punctuated(self.s[self.tokens[k].end:self.tokens[k + 1].start]):
            nxt = self.tokens[k + 1].lower
            if nxt in _BE or nxt in _MODALS or nxt in ("has", "have", "had", "that", "which", "who") or _is_figure(nxt):
                break
            k += 1
        return k

    def _in_evidence(self, i: int) -> None:
        """ "In a Des Moines Register poll last month, ...", "in the report": a document
        holding what follows. Named with a name or a definite article, vague otherwise."""
        toks = self.tokens
        for j in range(i + 1, min(len(toks), i + 7)):
            if self.gap_breaks[j]:
                return
            if toks[j].lower in self.lex.evidence_nouns:
                det = toks[i + 1].lower
                has_name = any(toks[k].cap and toks[k].lower not in self.lex.not_sources for k in range(i + 1, j))
                if not has_name and det not in _DETERMINERS_DEFINITE and not toks[i + 1].possessive:
                    if det in _DETERMINERS_INDEFINITE and toks[j].lower in self.lex.document_nouns \
                            and toks[j].lower not in _SPEECH_EVENTS:
                        self._add("intro", "vague", "vague", i, j, self.s[toks[i + 1].start:toks[j].end], toks[i].start,
                                  word="in")
                    return
                last = self._by_name(j)
                source_end = last[1] if last else j
                self._add("intro", "named", "document", i, source_end, self.s[toks[i + 1].start:toks[source_end].end],
                          toks[i].start, word="in")
                return
            if _is_figure(toks[j].lower):
                return

    def _by_name(self, last: int) -> tuple[int, int] | None:
        """ "... report by the Pew Research Center", "a report published by WIPO": the name
        after by/from/of/at."""
        toks = self.tokens
        j = last + 1
        if j + 1 < len(toks) and toks[j].lower in _PARTICIPLES and toks[j + 1].lower in ("by", "in"):
            j += 1  # "a report published by WIPO", "a study published in Obstetrics and Gynecology"
        participle = j > last + 1
        if j < len(toks) and (toks[j].lower in ("by", "from", "of", "at", "for", "with", "and")
                              or participle and toks[j].lower == "in") and not self.gap_breaks[j]:
            k = j + 1
            while k < len(toks) and (toks[k].lower in ("the", "a", "an") or toks[k].lower in _MODIFIERS
                                     or participle and toks[k].lower in _VENUE_NOUNS) and not toks[k].cap:
                k += 1  # "published in the journal Nature Climate Change"
            if k < len(toks) and self.run_of[k] >= 0 and self.runs[self.run_of[k]].meaningful:
                run = self.runs[self.run_of[k]]
                if toks[run.last].possessive:  # "estimates by Congress's nonpartisan Joint Committee on Taxation"
                    m = run.last + 1
                    while m < len(toks) and m <= run.last + 3 and not toks[m].cap and toks[m].lower not in _BE:
                        m += 1
                    if m < len(toks) and self.run_of[m] >= 0 and self.runs[self.run_of[m]].meaningful:
                        run = self.runs[self.run_of[m]]
                return run.first, run.last
        return None

    def _verb(self, v: int) -> None:
        toks = self.tokens
        lex = self.lex
        t = toks[v]
        if v > 0 and toks[v - 1].lower == "s" and len(toks[v - 1].text) == 1:
            return  # "Maddow s show": a possessive whose apostrophe was lost, then a noun
        if v > 0 and toks[v - 1].lower in _NOUN_BEFORE and t.lower not in ("said", "told", "says"):
            return  # "the reports", "its estimates", "media reports": a noun, not a verb
        if v > 0 and (t.lower in lex.document_nouns or t.lower in _NOUN_VERBS) and (
                toks[v - 1].cap and toks[v - 1].lower not in lex.pronouns or toks[v - 1].possessive) \
                and not self._verb_follows(v):
            return  # "a Gallup poll shows", "the Reuters report", "Treasury notes were": a noun after a name
        if t.lower == "according":
            return
        kind = "speech" if t.lower in lex.speech else "cognitive" if t.lower in lex.cognitive else "plan"
        if t.lower in ("call", "calls", "called", "calling") and (v + 1 >= len(toks) or toks[v + 1].lower not in ("for", "on")):
            return  # "a group called PowerPac": naming, not a proposal ("called for" is one)
        if v > 0 and toks[v - 1].lower in _BE and t.lower.endswith(("ed", "wn", "ght", "id", "ld", "ast")):
            return  # passive ("is expected to", "was reported"): a hedge, or an intro with "by"
        if t.lower in _AUDIENCE_VERBS and v + 1 < len(toks) and (_is_figure(toks[v + 1].lower) or (
                toks[v + 1].lower in ("about", "some", "nearly", "more", "over", "roughly") and v + 2 < len(toks)
                and _is_figure(toks[v + 2].lower))):
            return  # "he told 2,267 people gathered at Purdue": the audience, not what was said
        inverted = False
        subject = None
        if t.lower in lex.inverted and v > 0 and _punctuated(self.s[toks[v - 1].end:toks[v].start]):
            subject = self.subject_after(v)  # ", said Ed Rendell": the speaker follows
            inverted = subject is not None
        if subject is None:
            subject = self.subject_before(v)
        if subject is None:
            subject = self._document_with_participle(v)  # "A poll taken after the accusations surfaced showed"
        if (subject is None or subject[0] == "figure") and t.lower in lex.inverted and not inverted:
            after = self.subject_after(v)
            if after:
                subject, inverted = after, True
        if subject is None:
            if t.lower not in lex.needs_clause:
                self._add(kind, "none", "none", v, v, "", toks[v].start)
            return
        subject_kind, first, last = subject
        if t.lower in lex.needs_clause and not inverted and not self._clause_follows(v):
            return  # "we have added 1 million jobs", "the plan would add $1.5 trillion": not speech
        grade = {"name": "named", "pronoun": "named", "descriptor": "named", "document": "named",
                 "vague": "vague", "document-indefinite": "vague", "figure": "none"}[subject_kind]
        if subject_kind in ("vague", "document-indefinite") and self._by_name(last):
            by = self._by_name(last)  # "officials at the Treasury said", "A study published in Obstetrics and Gynecology"
            grade, subject_kind, first, last = "named", "name", by[0], by[1]
        elif subject_kind == "document-indefinite" and self._publisher(first) is not None:
            grade, subject_kind, first = "named", "document", self._publisher(first)  # "Wharton ... issued a report finding"
        lo, hi = (v, last) if inverted else (first, v)
        if subject_kind == "pronoun":
            source = self.s[toks[min(first, v)].start:toks[max(last, v)].end]  # "he said"
        elif subject_kind == "figure":
            source = toks[first].text
        else:
            source = self.source_text(first, last)
        self._add(kind, grade, subject_kind, lo, hi, source, toks[v].start, subject_start=toks[first].start)

    def _document_with_participle(self, v: int) -> tuple[str, int, int] | None:
        for j in range(v - 2, max(0, v - 12), -1):
            if self.gap_breaks[j + 1]:
                return None
            if self.tokens[j].lower in self.lex.document_nouns and self.tokens[j + 1].lower in _PARTICIPLES | {"taken"}:
                return self.classify(j)
        return None

    def _verb_follows(self, v: int) -> bool:
        """What follows token v reads as a verb's object or clause ("the IRS estimates that",
        "Gallup polls 1,000 adults"), not as a noun phrase going on ("a Gallup poll shows")."""
        gap = self.s[self.tokens[v].end:self.tokens[v + 1].start] if v + 1 < len(self.tokens) else self.s[self.tokens[v].end:]
        if gap.lstrip().startswith(":"):
            return True  # "The Washington Journal reports: ..."
        if v + 1 >= len(self.tokens) and not gap.strip(" .!\"'”’)") and self.run_of[v - 1] >= 0:
            first = self.runs[self.run_of[v - 1]].first
            if first > 0 and "," in self.s[self.tokens[first - 1].end:self.tokens[first].start]:
                return True  # "..., The Wall Street Journal reports.": the sentence's closing source
        if v + 1 >= len(self.tokens) or _punctuated(gap):
            return False
        nxt = self.tokens[v + 1].lower
        return nxt in ("that", "the", "a", "an", "about", "around", "nearly", "more", "less", "some", "up", "it",
                       "there", "its", "their", "his", "her") or _is_figure(nxt)

    def _clause_follows(self, v: int) -> bool:
        """What was said follows the verb: "that", a colon, a quotation, or nothing (", he added.");
        or a valuation: "Valero put its cost of complying at around $750 million"."""
        toks = self.tokens
        if toks[v].lower in ("put", "puts", "putting", "place", "placed", "places", "peg", "pegged", "pegs") and any(
                t.lower == "at" for t in toks[v + 1:v + 10]):
            return True
        gap = self.s[toks[v].end:toks[v + 1].start] if v + 1 < len(toks) else self.s[toks[v].end:]
        if v + 1 >= len(toks) or any(ch in ':,;"“”' for ch in gap) or "''" in gap:
            return True
        return toks[v + 1].lower in ("that", "out", "in", "on", "to") and toks[v].lower.startswith(("point", "add", "claim"))

    def _content(self, v: int) -> None:
        """A document's content: "the bill would cut", "the plan calls for", "the law requires",
        "The House tax bill just approved would eliminate"."""
        k = v - 1
        while k > 0 and v - k <= 3 and not self.tokens[k].cap and (
                self.tokens[k].lower.endswith("ed") or self.tokens[k].lower in ("just", "now", "also", "newly", "recently")):
            k -= 1  # "The House tax bill just approved would ..."
        if k < v - 1 and self.tokens[k].lower in self.lex.document_nouns:
            found = self.classify(k)
            if found and found[0] == "document":
                self._add("content", "named", "document", found[1], v, self.source_text(found[1], found[2]),
                          self.tokens[v].start, subject_start=self.tokens[found[1]].start)
                return
        subject = self.subject_before(v)
        if subject and subject[0] == "document" and subject[2] >= v - 3:  # "a package that would ..." names nothing
            kind, first, last = subject
            self._add("content", "named", kind, first, v, self.source_text(first, last), self.tokens[v].start,
                      subject_start=self.tokens[first].start)

    def _possessive(self, i: int) -> None:
        """ "Gallup's latest poll", "the Census Bureau's data"."""
        toks = self.tokens
        for j in range(i + 1, min(len(toks), i + 4)):
            if toks[j].lower in self.lex.document_nouns:
                run = self.runs[self.run_of[i]]
                self._add("possessive", "named", "name", run.first, j, self.source_text(run.first, i), toks[i].start)
                return
            if toks[j].lower not in _MODIFIERS and not toks[j].cap:
                return

    def _label(self) -> None:
        """ "CADDELL: ..." or "Q:" at the start of a sentence: a transcript's speaker."""
        toks = self.tokens
        if not toks or toks[0].start > 2:
            return
        run = self.runs[self.run_of[0]] if self.run_of[0] >= 0 else None
        last = run.last if run else 0
        if last > 3:
            return
        after = self.s[toks[last].end:toks[last].end + 2]
        heading = any(t.text.isupper() and len(t.text) > 1 for t in toks[:last + 1]) and \
            not (toks[0].lower in ("mr", "ms", "mrs", "dr", "sen", "rep", "gov"))
        if after.startswith(":") and not heading and (run and run.meaningful or toks[0].text in ("Q", "A")):
            self._add("label", "named", "name", 0, last, self.s[toks[0].start:toks[last].end], toks[0].start)

    def _heading(self) -> None:
        """ "JIM PAULSEN, CHIEF INVESTMENT STRATEGIST, THE LEUTHOLD GROUP, MINNEAPOLIS “As we
        look back ...": a capitalised heading that opens the sentence, names who speaks and
        runs straight into the quotation (Reuters' market-reaction copy): a speaker label, the
        name being its words up to the first comma. Unlike a transcript's label, it speaks
        for the quotation it opens, not for what the writer adds after it."""
        toks = self.tokens
        if not toks or toks[0].start > 2:
            return
        k, name_last = 0, -1
        while k < len(toks) and toks[k].text.isupper() and (k == 0 or self.s[toks[k - 1].end:toks[k].start] in (" ", ", ")):
            if name_last < 0 and (k + 1 == len(toks) or "," in self.s[toks[k].end:toks[k + 1].start]):
                name_last = k
            k += 1
        if k < 2 or name_last < 1 or not self.s[toks[k - 1].end:toks[k - 1].end + 3].lstrip().startswith(("“", '"')):
            return
        self._add("label", "named", "name", 0, name_last, self.s[toks[0].start:toks[name_last].end], toks[0].start,
                  word=HEADING)

    def _trailing(self) -> None:
        """ "(South China Morning Post)." closing the sentence: the paragraph's source."""
        s = self.s.rstrip()
        core = s.rstrip(".!")
        if not core.endswith(")"):
            return
        open_at = core.rfind("(", max(0, len(core) - 80))
        if open_at < 0:
            return
        inside = [k for k, t in enumerate(self.tokens) if open_at < t.start < len(core)]
        if not inside or not all(self.tokens[k].cap or self.tokens[k].lower in self.lex.joiners for k in inside):
            return
        name = core[open_at + 1:-1].strip()
        if not any(self.tokens[k].cap and self.tokens[k].lower not in self.lex.not_sources for k in inside):
            return
        if _abbreviates(self.s[max(0, open_at - 120):open_at], name):
            return  # "large language models (LLMs)." names no source
        self.cues.append(Cue("trailing", "named", "name", open_at, len(core), name, open_at, open_at + 1,
                             covers_paragraph=True, word="("))

    def _source_label(self) -> None:
        """ "Source: Washington Post" closing the sentence (often a paragraph's last line,
        or glued to its last sentence by a lost line break): the paragraph's source."""
        m = patterns().source_label.search(self.s)
        if m is None:
            return
        self.cues.append(Cue("trailing", "named", "name", m.start(1), m.end(1), m.group(1), m.start(), m.start(1),
                             covers_paragraph=True, word="source:"))

    def _add(self, kind, grade, subject, lo, hi, source, at, subject_start=-1, covers=False, word="") -> None:
        start, end = self.tokens[min(lo, hi)].start, self.tokens[max(lo, hi)].end
        if not word:
            word = next((t.lower for t in self.tokens[min(lo, hi):max(lo, hi) + 1] if t.start == at), "")
        self.cues.append(Cue(kind, grade, subject, start, end, source, at, subject_start, covers, word))


def _punctuated(gap: str) -> bool:
    return any(not ch.isspace() for ch in gap[:20])


def _is_figure(word: str) -> bool:
    lower = word.lower()
    return lower[:1].isdigit() or lower.split("-")[0] in lexicon().number_words or lower in ("percent", "pct")


def _abbreviates(before: str, acronym: str) -> bool:
    """True when `acronym` is made of the initials of the words just before it."""
    letters = "".join(ch for ch in acronym if ch.isalpha())
    if letters.endswith("s") and letters[:-1].isupper():
        letters = letters[:-1]
    if not letters.isupper() or len(letters) < 2:
        return False
    words = [t.text for t in tokenize(before)][-len(letters) - 2:]
    initials = "".join(w[0] for w in words).lower()
    return letters.lower() in initials


def read_sentence(sentence: str, references: frozenset[str] = frozenset(),
                  desk_vague: Pattern | None = None) -> SentenceCues:
    """The attribution cues of one sentence (offsets relative to it), strongest first within
    each kind: links, then the cues in reading order. `desk_vague` matches the vague cues a
    desk added in its configuration (`phrase_pattern`)."""
    p = patterns()
    out = SentenceCues(len(sentence))
    if "http" in sentence or "www." in sentence or "](" in sentence:
        for m in p.url.finditer(sentence):
            url = m.group().rstrip(".,;:!?)")  # "(https://example.org/r)." ends at the address
            out.cues.append(Cue("link", "linked", "link", m.start(), m.start() + len(url), url, m.start()))
    if "(" in sentence:
        for m in p.citation.finditer(sentence):
            out.cues.append(Cue("link", "linked", "link", m.start(), m.end(), m.group(), m.start()))
    for m in (p.footnote.finditer(sentence) if "[" in sentence or "^" in sentence else ()):
        number = m.group(1) or m.group(2)
        if number in references:
            s = m.start() if m.group(1) else m.start() + 1
            out.cues.append(Cue("link", "linked", "link", s, m.end(), sentence[s:m.end()], s))
    vague = [Cue("vague", "vague", "vague", m.start(), m.end(), m.group(), m.start()) for m in p.vague.finditer(sentence)]
    if desk_vague is not None:
        vague += [Cue("vague", "vague", "vague", m.start(1), m.end(1), m.group(1), m.start(1))
                  for m in desk_vague.finditer(sentence)]
        vague.sort(key=lambda c: c.start)
    reader = _Reader(sentence)
    reader.read()
    if any(c.covers_paragraph for c in reader.cues):  # "..., based on information from Reuters and other sources."
        vague = [Cue(c.kind, c.grade, c.subject, c.start, c.end, c.source, c.at, covers_paragraph=True) for c in vague]
    out.cues.extend(vague)
    out.cues.extend(reader.cues)
    if "(@" in sentence:
        for m in p.tweet.finditer(sentence):  # the tweet before the signature is the handle's
            out.cues.append(Cue("tweet", "named", "name", m.start(), m.end(), "@" + m.group(1), m.start(),
                                word="tweet"))
    for m in p.hedge.finditer(sentence):
        out.cues.append(Cue("hedge", "vague", "none", m.start(), m.end(), m.group(), m.start()))
    out.speech_event = p.speech_event.search(sentence) is not None
    _read_marks(sentence, out)
    out.first_word = reader.tokens[0].start if reader.tokens else 0
    dateline = dateline_end(sentence)
    if dateline:  # "WASHINGTON (Reuters) - The Congressional Budget Office said ...": the sentence starts after it
        out.first_word = next((t.start for t in reader.tokens if t.start >= dateline), out.first_word)
    out.thats = [t.start for t in reader.tokens if t.lower == "that"]
    starts = [t.start for t in reader.tokens]
    for c in out.commas:  # ", the Reuters/Ipsos poll showed": "the" and names, then the cue
        k = bisect.bisect_left(starts, c)
        if k < len(reader.tokens) and reader.tokens[k].lower in ("the", "a", "an") and k + 1 < len(reader.tokens) \
                and reader.tokens[k + 1].cap:
            out.comma_gaps[c] = True
    out.definites = [t.end + 1 for t in reader.tokens if t.lower in ("the", "its", "their", "that", "this", "his", "her")]
    out.subordinators = [t.start for t in reader.tokens if t.lower in _SUBORDINATORS]
    out.relatives = [(t.start, sentence.find(",", t.start)) for k, t in enumerate(reader.tokens)
                     if t.lower in ("which", "who") and k > 0 and "," in sentence[reader.tokens[k - 1].end:t.start]]
    for cue in reader.cues:
        if cue.kind == "speech" and cue.subject_start > cue.at:  # ", said Hayati Camlica, who ... donated $2,400"
            rest = sentence[cue.end:cue.end + 12].lstrip(" ,")
            if rest.startswith(("who ", "which ", "whose ")):
                following = [b for b in out.clause_breaks if b > cue.end]
                out.asides.append((cue.end, following[0] if following else len(sentence)))
    toks = reader.tokens
    lex = reader.lex
    for k, t in enumerate(toks):
        if t.lower not in lex.evidence_nouns and t.lower not in lex.document_nouns:
            continue
        definite = next((j for j in range(k - 1, max(-1, k - 4), -1)
                         if toks[j].lower in _DETERMINERS_DEFINITE or toks[j].possessive), None)
        if definite is None:
            continue
        if t.lower in lex.evidence_nouns:
            out.mentions.append(t.start)
        if t.lower in lex.document_nouns:
            out.documents.append((toks[definite].start, sentence[toks[definite].start:t.end]))
    if toks:
        first = toks[0].lower
        second = toks[1].lower if len(toks) > 1 else ""
        out.anaphoric = first in _ANAPHORS or (first in ("of", "among", "within", "in") and second in _ANAPHORS | {"them"})
    return out


def _read_marks(sentence: str, out: SentenceCues) -> None:
    """Fill what the punctuation of a sentence tells (quotation marks, clause breaks, commas,
    a closing question mark or colon, an opening quotation mark): one scan of its marks."""
    for m in _MARKS.finditer(sentence):  # only the quotation marks, breaks and commas, not every character
        k, ch = m.start(), m.group()
        if ch in _QUOTE_OPEN:
            out.quotes.append((k, "open"))
        elif ch in _QUOTE_CLOSE:
            out.quotes.append((k, "close"))
        elif ch == '"':
            out.quotes.append((k, "toggle"))
        elif ch == "'" and sentence[k + 1:k + 2] == "'" and (k == 0 or sentence[k - 1] != "'"):
            out.quotes.append((k, "toggle"))
        elif ch in _CLAUSE_BREAK or (ch == "-" and sentence[k + 1:k + 2] == "-" and sentence[k - 1:k] != "-"):
            out.clause_breaks.append(k)
            if ch != ":":
                out.strong_breaks.append(k)
        if ch == "," or ch in _QUOTE_CLOSE or ch == '"' or ch == "'":
            out.commas.append(k)
    stripped = sentence.rstrip()
    out.question = stripped.endswith("?") or stripped.endswith(("?”", '?"'))
    out.ends_with_colon = stripped.endswith(":")
    out.starts_quoted = sentence.lstrip()[:1] in _QUOTE_OPEN + '"' or sentence.lstrip().startswith("''")


def read_marks(sentence: str) -> SentenceCues:
    """A sentence read for its punctuation only, with no cues: what a sentence far from any
    figure contributes to its paragraph (where quotations open and close). Costs a scan of
    its marks, a small part of `read_sentence`."""
    out = SentenceCues(len(sentence))
    _read_marks(sentence, out)
    return out


def reaches_paragraph(sentence: str) -> bool:
    """Whether a sentence may hold a cue that reaches across its paragraph, wherever the
    figures are: a closing or opening source that covers it ("(South China Morning Post).",
    "Source: ...", "based on information from ...", "the following are ..."), a transcript's
    speaker label ("REED: ...", "JIM PAULSEN, CHIEF INVESTMENT STRATEGIST ... “") or a
    tweet's signature ("(@handle)"). A cheap superset test, so that a sentence it rejects
    is known to hold none of them unread."""
    if "(@" in sentence or ":" in sentence[:100] or "Source" in sentence:
        return True
    if sentence.lstrip()[:2].isupper() and ("“" in sentence[:200] or '"' in sentence[:200]):
        return True  # a capitalised heading naming who speaks ("JIM PAULSEN, ... “As we look back")
    if sentence.rstrip().rstrip(".!").endswith(")"):
        return True
    lower = sentence.lower()
    return "based" in lower or "following" in lower


def sentence_support(text: str, start: int, end: int, references: frozenset[str] = frozenset()) -> Support:
    """The strongest attribution inside `text[start:end]`, by rule alone (no model): a link;
    else a vague phrase; else a named source (intro, trailing, possessive, speaker label,
    speech verb with a named, pronoun or definite subject); else a vague subject or hedge.

    `references` holds the footnote numbers that resolve to a reference line elsewhere in
    the document ("[3] Ministry report, 2024")."""
    cues = read_sentence(text[start:end], references)
    return support_of(best_cue(cues), start)


def best_cue(cues: SentenceCues) -> Cue | None:
    """The cue a reader takes as the sentence's source: a link; else an explicitly vague
    phrase ("and other sources" outweighs the Reuters before it); else a named source, a
    reporting verb before a verb of belief or proposal; else a vague subject or a hedge."""
    order = (
        lambda c: c.grade == "linked",
        lambda c: c.kind == "vague",
        lambda c: c.grade == "named" and c.kind not in ("cognitive", "plan"),
        lambda c: c.grade == "named",
        lambda c: c.grade == "vague" and c.kind != "hedge",
        lambda c: c.kind == "hedge",
    )
    for wanted in order:
        for cue in cues.cues:
            if wanted(cue):
                return cue
    return None


def support_of(cue: Cue | None, offset: int, kind: str = "") -> Support:
    """A cue as a Support with document offsets."""
    if cue is None:
        return NONE
    return Support(cue.grade, cue.source, offset + cue.start, offset + cue.end, cue.covers_paragraph, kind or cue.kind,
                   word=cue.word)


def footnote_references(text: str) -> frozenset[str]:
    """Footnote numbers with a reference line: "[3] ..." or "3. ..." under a References heading.
    Read line by line (each line is a bounded slice)."""
    found: set[str] = set()
    under_heading = False
    line_ref = compile(r"^\s*\[(\d{1,3})\]\s+\S")
    numbered = compile(r"^\s*(\d{1,3})[.)]\s+\S")
    heading = compile(r"^\s*(?:references|sources|notes|footnotes|bibliography)\s*:?\s*\z", IGNORECASE)
    for line in text.split("\n"):
        if len(line) > 2000:
            line = line[:2000]
        m = line_ref.match(line)
        if m:
            found.add(m.group(1))
        if under_heading:
            m = numbered.match(line)
            if m:
                found.add(m.group(1))
        elif heading.match(line):
            under_heading = True
    return frozenset(found)
