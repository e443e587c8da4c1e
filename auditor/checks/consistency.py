"""Consistency across the batch: the facts table and the claims that contradict it.

Map: each document's graded claims (from the statistics check). Reduce: group claims that
state the same fact (`facts.same_fact`: one key, so grouping is a dictionary), or a closely
related one with bounded values that overlap (`facts.related_fact`, by a sweep over sorted
intervals); list every group seen in two or more documents as a fact with each document's
value; and report `consistency.conflict` on every claim whose value no other document's
claim of the same fact can share, linking the nearest of them. Everything is O(n log n) in
the number of claims, so a batch of 10,000 articles stays fast.
"""

from __future__ import annotations

import bisect

from dataclasses import replace

from ..claim import StatedClaim, claim_from_record
from ..context import CorpusBatch, DocumentContext, Mapped
from ..data import load_toml
from ..findings import Related, Severity
from ..rules import Rule
from ..unionfind import UnionFind
from .facts import compatible, fact_label, is_bounded


class Conflict(Rule):
    """Two articles in the batch give the same fact values that cannot both hold.

    Bad: one article says state-run institutes counted "79 large language models", another
    that "China already boasted 130 LLMs".

    Good: figures that agree ("more than 40" and "44"), or a note on why they differ.
    """

    code = "CO001"
    name = "consistency.conflict"
    severity = Severity.WARNING


RULES = (Conflict,)
MAX_RELATED = load_toml("tuning.toml")["consistency"]["max_related"]


class ConsistencyCheck:
    name = "consistency"

    key = "claims"

    heavy: tuple[str, ...] = ()

    def map(self, ctx: DocumentContext) -> Mapped:
        """The claims that count something, with their support grade and the line of the
        file they stand on, without the words of their sentence (the reduce step holds
        every document's claims at once)."""
        return Mapped([StatedClaim(replace(g.claim, context=""), g.grade, ctx.line_of(g.claim.start),
                                   ctx.source_line(g.claim.start)) for g in ctx.claims if g.claim.counted])

    def reduce(self, batch: CorpusBatch) -> None:
        entries = []  # (document index, claim, grade, (line in the text, line in the file))
        for d, signal in enumerate(batch.signals(self.key)):
            for stated in signal or []:
                entries.append((d, stated.claim, stated.grade, (stated.line, stated.file_line)))
        sets = UnionFind(len(entries))

        # Same fact: identical (unit, counted, scope) key. Linear, whatever the batch size.
        strict: dict[tuple, list[int]] = {}
        loose: dict[tuple, list[int]] = {}
        for i, (_d, claim, _g, _s) in enumerate(entries):
            strict.setdefault((claim.unit, claim.counted, claim.scope), []).append(i)
            loose.setdefault((claim.unit, claim.counted.split()[-1], claim.scope), []).append(i)
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
        for members in strict.values():
            if len({entries[i][0] for i in members}) >= 2:
                conflicted |= self._conflicts(batch, entries, members)
        for members in sets.groups():
            documents = {entries[i][0] for i in members}
            if len(documents) < 2:
                continue
            claims = [entries[i][1] for i in members]
            values = [
                {"document": batch.documents[entries[i][0]].id, "value": entries[i][1].text,
                 "start": entries[i][1].start, "end": entries[i][1].end, "line": entries[i][3][1],
                 "support": entries[i][2]}
                for i in sorted(members, key=lambda i: (entries[i][0], entries[i][1].start))
            ]
            facts.append({"key": fact_label(claims), "conflict": any(i in conflicted for i in members), "values": values})
        facts.sort(key=lambda f: (not f["conflict"], f["key"], f["values"][0]["document"]))
        batch.corpus["facts"] = facts
        if batch.archive is not None:
            self._against_archive(batch, entries)

    def _against_archive(self, batch: CorpusBatch, entries) -> None:
        """Compare this drop's claims with the facts recorded from earlier drops: one
        finding per document and fact, naming the first archived value it conflicts with
        ("and N more")."""
        own = {doc.content_hash for doc in batch.documents}
        by_key: dict[tuple, list[tuple]] = {}
        for d, claim, _grade, _sentence in entries:
            by_key.setdefault((claim.unit, claim.counted, claim.scope), []).append((d, claim))
        conflicts: dict[tuple[int, tuple], list[tuple]] = {}  # (document, key) -> [(claim, old, title, path)]
        for archived_hash, archived_id, path, title, record in batch.archive.facts_for(sorted(by_key)):
            if archived_hash in own:
                continue  # the same document, archived by an earlier run
            old = claim_from_record(record)
            for d, claim in by_key.get((old.unit, old.counted, old.scope), []):
                if not compatible(claim, old):
                    conflicts.setdefault((d, (old.unit, old.counted, old.scope)), []).append(
                        (claim, old, title or archived_id, path))
        for (d, _key), found in sorted(conflicts.items(), key=lambda kv: (kv[0][0], kv[1][0][0].start)):
            claim, old, name, path = found[0]
            others = len({(o.text, p) for _c, o, _n, p in found})
            more = f" and {others - 1} more" if others > 1 else ""
            batch.report(batch.documents[d], Conflict, claim.start, claim.end,
                         f"{claim.text!r} {claim.counted} conflicts with {old.text!r} in archived {name} ({path}){more}")

    def _conflicts(self, batch: CorpusBatch, entries, members: list[int]) -> set[int]:
        """Claims whose value no claim of another document can share; reported once per
        document for this fact (on its first such claim), linking up to MAX_RELATED of the
        other documents' values, nearest first. Sorted sweeps keep this O(n log n) per
        fact however many documents repeat it."""
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
                first = entries[shown[0]]
                more = f" and {total - 1} more" if total > 1 else ""
                other_doc = batch.documents[first[0]]
                batch.report(
                    batch.documents[d], Conflict, claim.start, claim.end,
                    f"{claim.text!r} {claim.counted} conflicts with {first[1].text!r} in "
                    f"{other_doc.title or other_doc.id}{more}",
                    related=[Related(batch.documents[entries[j][0]].id, entries[j][1].start, entries[j][1].end,
                                     line=entries[j][3][0], message=entries[j][1].text, end_line=entries[j][3][0])
                             for j in shown],
                )
        return conflicted
