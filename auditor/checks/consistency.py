"""Consistency across the batch: the facts table and the claims that contradict it.

Map: each document's graded claims (from the statistics check). Reduce: group claims of
different documents that state the same fact (`facts.same_fact`), or a closely related one
with values that agree (`facts.related_fact`), by union-find; list every group seen in
two or more documents as a fact with each document's value; and report
`consistency.conflict` on both sides wherever two documents give the same fact values that
cannot both hold.
"""

from __future__ import annotations

from ..engine import CorpusBatch, DocumentContext
from ..findings import Related, Severity
from ..rules import Rule, register
from .facts import compatible, fact_label, related_fact, same_fact


@register
class Conflict(Rule):
    """Two articles in the batch give the same fact values that cannot both hold.

    Bad: one article says state-run institutes counted "79 large language models", another
    that "China already boasted 130 LLMs".

    Good: figures that agree ("more than 40" and "44"), or a note on why they differ.
    """

    code = "CO001"
    name = "consistency.conflict"
    severity = Severity.WARNING


class ConsistencyCheck:
    key = "claims"

    def map(self, ctx: DocumentContext):
        return [(g.claim, g.support.grade, g.sentence_text) for g in ctx.claims]

    def reduce(self, batch: CorpusBatch) -> None:
        entries = []  # (document index, claim, grade, sentence)
        for d, signal in enumerate(batch.signals(self.key)):
            for claim, grade, sentence in signal or []:
                if claim.counted:
                    entries.append((d, claim, grade, sentence))
        parent = list(range(len(entries)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        by_head: dict[tuple[str, str], list[int]] = {}
        for i, (_d, claim, _g, _s) in enumerate(entries):
            by_head.setdefault((claim.unit, claim.counted.split()[-1]), []).append(i)
        for members in by_head.values():
            for x, i in enumerate(members):
                for j in members[x + 1:]:
                    a, b = entries[i][1], entries[j][1]
                    if entries[i][0] != entries[j][0] and (
                        same_fact(a, b) or (related_fact(a, b) and compatible(a, b))
                    ):
                        parent[find(j)] = find(i)
        groups: dict[int, list[int]] = {}
        for i in range(len(entries)):
            groups.setdefault(find(i), []).append(i)
        facts = []
        for members in groups.values():
            documents = {entries[i][0] for i in members}
            if len(documents) < 2:
                continue
            claims = [entries[i][1] for i in members]
            conflict = False
            for x, i in enumerate(members):
                for j in members[x + 1:]:
                    (di, ci, _gi, _si), (dj, cj, _gj, _sj) = entries[i], entries[j]
                    if di != dj and same_fact(ci, cj) and not compatible(ci, cj):
                        conflict = True
                        self._report(batch, di, ci, dj, cj)
                        self._report(batch, dj, cj, di, ci)
            values = [
                {"document": batch.documents[entries[i][0]].id, "value": entries[i][1].text,
                 "start": entries[i][1].start, "end": entries[i][1].end, "support": entries[i][2]}
                for i in sorted(members, key=lambda i: (entries[i][0], entries[i][1].start))
            ]
            facts.append({"key": fact_label(claims), "conflict": conflict, "values": values})
        facts.sort(key=lambda f: (not f["conflict"], f["key"], f["values"][0]["document"]))
        batch.corpus["facts"] = facts
        if batch.archive is not None:
            self._against_archive(batch, entries)

    def _against_archive(self, batch: CorpusBatch, entries) -> None:
        """Compare this drop's claims with the facts recorded from earlier drops."""
        from .claims import Claim

        from ..archive import content_hash

        own = {content_hash(doc.text) for doc in batch.documents}
        by_key: dict[tuple, list[tuple]] = {}
        for d, claim, _grade, _sentence in entries:
            by_key.setdefault((claim.unit, claim.counted, claim.scope), []).append((d, claim))
        for archived_hash, archived_id, path, title, records in batch.archive.facts():
            if archived_hash in own:
                continue  # the same document, archived by an earlier run
            for record in records:
                old = Claim(**{**record, "scope": tuple(record["scope"])})
                for d, claim in by_key.get((old.unit, old.counted, old.scope), []):
                    if not compatible(claim, old):
                        batch.report(batch.documents[d], Conflict, claim.start, claim.end,
                                     f"{claim.text!r} {claim.counted} conflicts with {old.text!r} in archived "
                                     f"{title or archived_id} ({path})")

    def _report(self, batch: CorpusBatch, d: int, claim, other_d: int, other) -> None:
        document, other_doc = batch.documents[d], batch.documents[other_d]
        batch.report(
            document, Conflict, claim.start, claim.end,
            f"{claim.text!r} {claim.counted} conflicts with {other.text!r} in {other_doc.title or other_doc.id}",
            related=[Related(other_doc.id, other.start, other.end, message=other.text)],
        )
