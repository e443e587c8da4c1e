"""Statistics: every figure in the body, graded by what stands behind it.

Per sentence, claims come from `claims.py` and support from `attribution.py`. Support then
spreads where a reader would carry it: a paragraph's closing attribution ("..., based on
information from Reuters and other sources") covers the paragraph's figures; a named source
carries to the next sentences of its paragraph that count the same thing ("With a good 6,000
patents, ..." after the WIPO sentence); a quotation carries its speaker; a figure repeating
one already sourced in the article inherits that source.
"""

from __future__ import annotations

from dataclasses import replace

from ..claim import Claim, GradedClaim, Support
from ..context import DocumentContext
from ..findings import Severity
from ..rules import Rule
from .attribution import footnote_references, sentence_support
from .claims import extract_claims
from .facts import compatible, same_fact


class Unsupported(Rule):
    """A statistic with no source at all.

    Bad: "Baidu's stock saw a 5% drop earlier in the week." (whose figure?)

    Good: "Baidu's shares fell 5% on Tuesday, according to Hong Kong exchange data
    (https://...)."
    """

    code = "ST001"
    name = "statistics.unsupported"
    severity = Severity.WARNING


class VagueAttribution(Rule):
    """A statistic attributed to no one in particular ("experts say", "reports suggest",
    "state-run research institutes", "Reuters and other sources", "is projected to").

    Bad: "Chinese state-run research institutes reported the launch of 79 large language
    models."

    Good: "The China Academy of Information and Communications Technology counted 79
    large language models in its 2023 report."
    """

    code = "ST002"
    name = "statistics.vague-attribution"
    severity = Severity.WARNING


class UnlinkedSource(Rule):
    """A statistic whose source is named but not linked or cited.

    Bad: "China accounts for 38,000 of the 54,000 patents, according to a report published
    by the World Intellectual Property Organization."

    Good: the same sentence with a link to the WIPO report, or an (Org, Year) citation.
    """

    code = "ST003"
    name = "statistics.unlinked-source"
    severity = Severity.INFO


class Inconsistent(Rule):
    """One article gives the same quantity two values that cannot both hold.

    Bad: "The ministry approved 40 models ... The 25 models approved so far ..."

    Good: one figure, or figures whose difference is explained ("40 in total, 25 this year").
    """

    code = "ST004"
    name = "statistics.inconsistent"
    severity = Severity.ERROR


RULES = (Unsupported, VagueAttribution, UnlinkedSource, Inconsistent)


def grade_claims(ctx: DocumentContext) -> list[GradedClaim]:
    """Claims of the body, each with its support after the carrying rules."""
    text = ctx.text
    references = footnote_references(text)
    sentences = ctx.body_sentences()
    rows: list[tuple[int, int, list[Claim], Support, bool]] = []  # (index, block, claims, support, quoted)
    open_quote = False
    for i, s in sentences:
        support = sentence_support(text, s.start, s.end, references)
        claims = extract_claims(text, s.start, s.end, i)
        sentence = text[s.start:s.end]
        started_in_quote = open_quote or sentence.lstrip().startswith(("“", '"', "''", "‘"))
        quotes = sentence.count("“") + sentence.count("”") + sentence.count('"')
        if quotes % 2 == 1:
            open_quote = not open_quote
        if rows and rows[-1][1] != s.block:
            open_quote = quotes % 2 == 1 and not started_in_quote
            started_in_quote = False
        rows.append((i, s.block, claims, support, started_in_quote))

    graded: list[GradedClaim] = []
    for n, (i, block, claims, support, quoted) in enumerate(rows):
        effective = support
        if effective.grade == "none" and quoted:
            # Someone's quoted words: their speaker is named in this paragraph, or at least
            # the figure is a quotation, not the article's own assertion.
            effective = (_carried(rows, n, lambda r: r[1] == block) or _next_speaker(rows, n, block)
                         or Support("vague", "a quotation with no speaker named"))
        if effective.grade == "none":
            effective = _paragraph_attribution(rows, n, block) or effective
        if effective.grade == "none":
            effective = _continued_source(rows, n, block, claims) or effective
        sentence = ctx.seg.sentences[i]
        for claim in claims:
            graded.append(GradedClaim(claim, effective, text[sentence.start:sentence.end]))
    return _inherit_repeated_values(graded)


def _carried(rows, n, same_paragraph) -> Support | None:
    for back in range(n - 1, -1, -1):
        if not same_paragraph(rows[back]):
            return None
        if rows[back][3].grade != "none":
            return rows[back][3]
    return None


def _next_speaker(rows, n, block) -> Support | None:
    if n + 1 < len(rows) and rows[n + 1][1] == block and rows[n + 1][3].grade != "none":
        return rows[n + 1][3]
    return None


def _paragraph_attribution(rows, n, block) -> Support | None:
    """A sentence of the same paragraph that only attributes ("..., based on information
    from Reuters and other sources") and asserts no figure of its own."""
    for i, b, claims, support, _quoted in rows:
        if b == block and not claims and support.grade != "none" and support.covers_paragraph:
            return support
    return None


def _continued_source(rows, n, block, claims) -> Support | None:
    """A named or linked source in the previous sentences of the paragraph, when this
    sentence counts the same kind of thing."""
    for back in range(n - 1, max(-1, n - 3), -1):
        _i, b, earlier_claims, support, _q = rows[back]
        if b != block:
            return None
        if support.grade in ("named", "linked") and any(
            c.unit == e.unit and c.counted and c.counted.split()[-1:] == e.counted.split()[-1:]
            for c in claims for e in earlier_claims
        ):
            return support
    return None


def _inherit_repeated_values(graded: list[GradedClaim]) -> list[GradedClaim]:
    """A figure that repeats one sourced elsewhere in the article inherits that source
    (a summary line above the paragraph that names the source counts too)."""
    def key(c: Claim) -> tuple:
        return (c.value, c.unit, c.counted.split()[-1] if c.counted else "")

    sourced: dict[tuple, Support] = {}
    for g in graded:
        if g.support.grade in ("named", "linked") and (g.claim.counted or g.claim.unit != "count"):
            sourced.setdefault(key(g.claim), g.support)
    return [
        replace(g, support=sourced[key(g.claim)])
        if g.support.grade == "none" and key(g.claim) in sourced else g
        for g in graded
    ]


class StatisticsCheck:
    name = "statistics"

    def run(self, ctx: DocumentContext) -> None:
        graded = grade_claims(ctx)
        ctx.metrics["statistics"] = len(graded)
        for g in graded:
            c, s = g.claim, g.support
            if s.grade == "none":
                ctx.report(Unsupported, c.start, c.end, f"{c.text!r} is stated with no source")
            elif s.grade == "vague":
                ctx.report(VagueAttribution, c.start, c.end, f"{c.text!r} is attributed vaguely ({s.source.strip()!r})")
            elif s.grade == "named":
                ctx.report(UnlinkedSource, c.start, c.end, f"{c.text!r}: source named ({s.source.strip()!r}) but not linked")
        self._inconsistent(ctx, graded)
        ctx.claims = graded

    def _inconsistent(self, ctx: DocumentContext, graded: list[GradedClaim]) -> None:
        claims = [g.claim for g in graded]
        for i, a in enumerate(claims):
            for b in claims[i + 1:]:
                if a.sentence != b.sentence and same_fact(a, b) and not compatible(a, b):
                    ctx.report(Inconsistent, b.start, b.end,
                               f"{b.text!r} {b.counted} disagrees with {a.text!r} earlier in this article")
