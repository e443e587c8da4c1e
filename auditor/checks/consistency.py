"""Consistency across the batch: the facts table and the claims that contradict it.

Two articles can only contradict each other about the same event: figures are compared
within a story, the near-copies and rewrites the duplicates step found (its STORY_LABELS
in the workspace), never across unrelated articles that happen to count "people" or
"percent". Within a story, claims state the same fact when they count the same thing in
the same unit with the same scope words and name the same years in their sentence
(`facts.same_fact`); a sentence that compares values states none. A fact seen in two or
more documents of a story is listed in the facts table with each document's value, and
`consistency.conflict` is reported once per document and fact, on its claim that no other
document's claim can share, listing the others' values. Related facts (same head noun,
bounded values that overlap) join the table's rows to show agreement, never to report a
conflict. Everything is O(n log n) in the number of claims.

The reduce runs as tasks: claims are shuffled by story and loose key (unit, head noun of
what is counted, scope), which the strict key determines, so every group lies within one
partition and each partition is reduced on its own, by the same code whatever the number
of partitions. The facts each partition lists are merged in the main process in the order
of the facts table. With an archive, a document's claims are also compared with those of
its archived near-copies.
"""

from __future__ import annotations

import bisect
import functools
import heapq
from dataclasses import replace
from typing import Any

from ..claim import StatedClaim, claim_from_record
from ..context import (ARCHIVE_MATCHES, STORY_LABELS, CorpusBatch, CorpusView, DocumentContext, Mapped, Pending,
                       PendingFinding)
from ..data import load_toml
from ..findings import Related, Severity
from ..rules import Rule
from ..shuffle import partition_of_key, split_list
from ..unionfind import UnionFind
from .facts import compatible, fact_label, is_bounded, is_comparison, sentence_years


class Conflict(Rule):
    """Two articles of one story give the same fact values that cannot both hold.

    Only articles that tell the same story are compared (near-copies and rewrites, as the
    duplicates rules find them; with an archive, a document's archived near-copies): the
    same thing counted, in the same unit, with the same scope and the same years in the
    sentence. Sentences that compare values ("up from 40", "compared with 2016") state no
    single fact. What is counted must be named in two words or more ("large language
    models", not "cap"). Reported once per document and fact, listing the other values.

    Bad: one article says state-run institutes counted "79 large language models", another
    that "China already boasted 130 LLMs".

    Good: figures that agree ("more than 40" and "44"), or a note on why they differ.
    """

    code = "CO001"
    name = "consistency.conflict"
    severity = Severity.WARNING


RULES = (Conflict,)
TUNING = load_toml("tuning.toml")["consistency"]
MAX_RELATED = TUNING["max_related"]
MIN_COUNTED_WORDS = TUNING["min_counted_words"]


class ConsistencyCheck:
    name = "consistency"

    key = "claims"

    heavy: tuple[str, ...] = ()

    def map(self, ctx: DocumentContext) -> Mapped:
        """The claims that count something, with their support grade and the line of the
        file they stand on, without the words of their sentence (the reduce step's
        partitions hold many documents' claims at once)."""
        return Mapped([StatedClaim(replace(g.claim, context=""), g.grade, ctx.line_of(g.claim.start),
                                   ctx.source_line(g.claim.start), sentence_years(g.sentence_text),
                                   is_comparison(g.sentence_text, relative_time=False)) for g in ctx.claims if g.claim.counted])

    def reduce(self, batch: CorpusBatch) -> None:
        """Claims shuffled by loose key (one file per unit), each partition reduced on its
        own (facts and conflicts; against the archive too), facts merged here in order."""
        view = batch.view
        matches = ARCHIVE_MATCHES if batch.archive is not None else None
        shuffled = list(batch.run(functools.partial(_shuffle_claims, view=view, key=self.key, matches=matches),
                                  range(view.units)))
        reduced = list(batch.run(functools.partial(_reduce_partition, view=view, sources=shuffled,
                                                   archive=batch.archive), range(view.partitions)))
        facts = heapq.merge(*(batch.workspace.load_file(name) for name, _pending in reduced), key=lambda item: item[0])
        batch.corpus["facts"] = [fact for _order, fact in facts]
        batch.pending.extend(pending for _facts, pending in reduced)
        batch.workspace.remove(shuffled + [name for name, _pending in reduced] + [STORY_LABELS]
                               + ([matches] if matches else []))


def loose_key(claim) -> tuple:
    return (claim.unit, claim.counted.split()[-1], claim.scope)


def strict_key(claim) -> tuple:
    """What the archive files a claim's fact under (its sentence's years are not kept)."""
    return (claim.unit, claim.counted, claim.scope)


def _shuffle_claims(unit: int, *, view: CorpusView, key: str, matches: str | None) -> str:
    """A unit's claims as entries (document, position in its claims, claim, grade, lines,
    story, years), into partitions by story and loose key. Claims of a document with no
    story and no archived copy have nothing to be compared with and stay out; so do
    claims in sentences that compare values."""
    stories = view.workspace.load_array(STORY_LABELS)
    copies = view.workspace.load_file(matches) if matches else {}
    entries = []
    for d, signal in zip(view.unit_range(unit), view.light_unit(key, unit)):
        story = int(stories[d])
        if story < 0 and d not in copies:
            continue
        for position, stated in enumerate(signal or []):
            if not stated.comparison:
                entries.append((d, position, stated.claim, stated.grade, (stated.line, stated.file_line), story,
                                stated.years))
    where = [partition_of_key((entry[5], *loose_key(entry[2])), view.partitions) for entry in entries]
    return view.workspace.write_parts(f"claims.shuffled-{unit}", split_list(entries, where, view.partitions))


def _reduce_partition(partition: int, *, view: CorpusView, sources: list[str], archive: Any) -> tuple[str, str]:
    """Facts and conflicts among one partition's claims (every claim of its loose keys):
    the facts as (order in the table, fact), and the pending findings."""
    entries = sorted((e for part in view.workspace.read_parts(sources, partition) for e in part),
                     key=lambda e: (e[0], e[1]))
    view.prefetch(e[0] for e in entries if e[5] >= 0)
    facts, pending = _facts(view, [e for e in entries if e[5] >= 0])
    if archive is not None:
        pending += _against_archive(view, archive, entries)
    facts.sort(key=lambda item: item[0])
    name = f"claims.facts-{partition}"
    view.workspace.save_file(name, facts)
    return name, view.write_pending(f"claims.pending-{partition}", pending)


def _facts(view: CorpusView, all_entries: list[tuple]) -> tuple[list[tuple], list[Pending]]:
    """The facts table's rows and the conflicts among `entries` (claims of whole loose
    keys, in the batch's order: by document, then by their place in the document)."""
    entries = [(d, claim, grade, lines) for d, _position, claim, grade, lines, _story, _years in all_entries]
    order = [(d, position) for d, position, *_rest in all_entries]
    sets = UnionFind(len(entries))

    # Same fact: one story, identical (unit, counted, scope, years) key. Linear, whatever the batch size.
    strict: dict[tuple, list[int]] = {}
    loose: dict[tuple, list[int]] = {}
    for i, (_d, _p, claim, _g, _l, story, years) in enumerate(all_entries):
        strict.setdefault((story, *strict_key(claim), years), []).append(i)
        loose.setdefault((story, *loose_key(claim)), []).append(i)
    for members in strict.values():
        for j in members[1:]:
            sets.union(members[0], j)
    # Related facts whose bounded values overlap: a sweep over sorted intervals.
    for members in loose.values():
        bounded = sorted((i for i in members if is_bounded(entries[i][1])), key=lambda i: entries[i][1].interval)
        reach, last = float("-inf"), None
        for i in bounded:
            lo, hi = entries[i][1].interval
            if last is not None and lo <= reach:
                sets.union(last, i)
            if hi > reach:
                reach = hi
            last = i
    facts = []
    conflicted: set[int] = set()
    pending: list[Pending] = []
    for (_story, _unit, counted, *_rest), members in strict.items():
        if len(counted.split()) >= MIN_COUNTED_WORDS and len({entries[i][0] for i in members}) >= 2:
            conflicted |= _conflicts(view, entries, members, order[members[0]], pending)
    for members in sets.groups():
        documents = {entries[i][0] for i in members}
        if len(documents) < 2:
            continue
        claims = [entries[i][1] for i in members]
        values = [
            {"document": view.info(entries[i][0]).id, "value": entries[i][1].text,
             "start": entries[i][1].start, "end": entries[i][1].end, "line": entries[i][3][1],
             "support": entries[i][2]}
            for i in sorted(members, key=lambda i: (entries[i][0], entries[i][1].start))
        ]
        fact = {"key": fact_label(claims), "conflict": any(i in conflicted for i in members), "values": values}
        # the table's order: conflicts first, by label and first document; ties in the batch's order
        facts.append(((not fact["conflict"], fact["key"], values[0]["document"], order[members[0]]), fact))
    return facts, pending


def _against_archive(view: CorpusView, archive: Any, all_entries: list[tuple]) -> list[Pending]:
    """Compare this drop's claims with the facts recorded from its archived near-copies
    (ARCHIVE_MATCHES): one finding per document and fact, naming the first archived value
    it conflicts with ("and N more")."""
    copies = view.workspace.load_file(ARCHIVE_MATCHES)
    by_key: dict[tuple, list[tuple]] = {}
    for d, _position, claim, _grade, _lines, _story, _years in all_entries:
        if d in copies:
            by_key.setdefault(strict_key(claim), []).append((d, claim))
    conflicts: dict[tuple[int, tuple], list[tuple]] = {}  # (document, key) -> [(claim, old, title, path)]
    for archived_hash, archived_id, path, title, record in archive.facts_for(sorted(by_key)):
        if view.in_batch(archived_hash):
            continue  # the same document, archived by an earlier run
        old = claim_from_record(record)
        for d, claim in by_key.get(strict_key(old), []):
            if (archived_id, path) in copies[d] and len(old.counted.split()) >= MIN_COUNTED_WORDS \
                    and not compatible(claim, old):
                conflicts.setdefault((d, strict_key(old)), []).append((claim, old, title or archived_id, path))
    pending = []
    for (d, key), found in conflicts.items():
        claim, old, name, path = found[0]
        others = len({(o.text, p) for _c, o, _n, p in found})
        more = f" and {others - 1} more" if others > 1 else ""
        finding = PendingFinding(Conflict.code, claim.start, claim.end,
                                 f"{claim.text!r} {claim.counted} conflicts with {old.text!r} in archived {name} "
                                 f"({path}){more}")
        pending.append(Pending(d, (1, claim.start, key), finding, {}))
    return pending


def _conflicts(view: CorpusView, entries, members: list[int], first: tuple, pending: list[Pending]) -> set[int]:
    """Claims whose value no claim of another document can share; reported once per
    document for this fact (on its first such claim), linking up to MAX_RELATED of the
    other documents' values, nearest first. Sorted sweeps keep this O(n log n) per
    fact however many documents repeat it. `first` (the fact's first claim in the batch's
    order) orders a document's conflicts as the facts are met."""
    by_hi = sorted(members, key=lambda i: entries[i][1].interval[1])
    by_lo = sorted(members, key=lambda i: entries[i][1].interval[0])
    his = [entries[i][1].interval[1] for i in by_hi]
    los = [entries[i][1].interval[0] for i in by_lo]
    conflicted: set[int] = set()
    per_document: dict[int, list[int]] = {}
    for i in members:
        per_document.setdefault(entries[i][0], []).append(i)
    for d, own_claims in sorted(per_document.items()):
        for i in sorted(own_claims, key=lambda i: entries[i][1].start):
            claim = entries[i][1]
            lo, hi = claim.interval
            n_below = bisect.bisect_left(his, lo)  # claims entirely under this value
            n_above_from = bisect.bisect_right(los, hi)  # claims entirely over it
            own = sum(1 for j in own_claims
                      if entries[j][1].interval[1] < lo or entries[j][1].interval[0] > hi)
            total = n_below + (len(los) - n_above_from) - own
            if total <= 0:
                continue
            conflicted.add(i)
            if any(j in conflicted for j in own_claims if j != i):
                continue  # this document already has its finding for this fact
            nearest: list[int] = []
            for j in reversed(by_hi[:n_below]):  # closest values first, from below ...
                if entries[j][0] != d:
                    nearest.append(j)
                    if len(nearest) == MAX_RELATED:
                        break
            for j in by_lo[n_above_from:]:  # ... and from above
                if len(nearest) >= 2 * MAX_RELATED:
                    break
                if entries[j][0] != d:
                    nearest.append(j)
            shown = sorted(nearest, key=lambda j: (abs(entries[j][1].value - claim.value), j))[:MAX_RELATED]
            if not shown:
                continue
            linked = [view.info(entries[j][0]) for j in shown]
            more = f" and {total - len(shown)} more" if total > len(shown) else ""
            values = "; ".join(f"{entries[j][1].text!r} in {info.title or info.id}" for info, j in zip(linked, shown))
            finding = PendingFinding(
                Conflict.code, claim.start, claim.end,
                f"{claim.text!r} {claim.counted} conflicts with {values}{more}",
                tuple(Related(info.id, entries[j][1].start, entries[j][1].end, line=entries[j][3][0],
                              message=entries[j][1].text, end_line=entries[j][3][0])
                      for info, j in zip(linked, shown)))
            pending.append(Pending(d, (0, *first), finding, {info.id: info.title or info.id for info in linked}))
    return conflicted
