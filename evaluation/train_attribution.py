"""Train the attribution model (`auditor/data/attribution_model.json`) on PolNeAR train.

    python -m evaluation.train_attribution [--shared ../shared] [--out auditor/data/attribution_model.json]
                                           [--check]

What it learns from. Every training article is audited the way `auditor` audits it
(segmentation, boilerplate, the statistics reading); each figure the auditor extracts from a
labelled sentence is one example, labelled with its sentence's label (`unattributed` = 1).
Only figures whose grade the model can change are examples: figures with a link or an
explicitly vague phrase in their sentence, and figures no visible cue could cover, are
graded by rule whatever the model says (`checks/statistics.py`).

How. Logistic regression (scikit-learn, lbfgs, L2) over the readable features of
`checks/attribution_model.py`. The regularisation strength and the decision threshold are
chosen by 5-fold cross-validation grouped by article (folds fixed by a seeded shuffle of the
article ids), scoring what `evaluation/statistics.py` scores: the `unattributed` sentences
against sentences with a `statistics.unsupported` finding, every rule and the repeated-value
inheritance included. The final model is fitted on all of train; coefficients are rounded
to 4 decimals so that a rerun writes a byte-identical file. The dev split is never read here.

`--check` retrains and fails if the shipped file differs (for CI).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from auditor.checks import template_lines_of
from auditor.checks.templates import block_keys
from auditor.checks.attribution_model import FEATURES, Model
from auditor.checks.boilerplate import BoilerplateCheck
from auditor.checks.statistics import decide_claims, repeated_key
from auditor.config import Config
from auditor.corpus import Document
from auditor.context import DocumentContext
from auditor.text import Segmentation, text_blocks
from evaluation.boilerplate import Score

SEED = 1729
FOLDS = 5
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
THRESHOLDS = tuple(round(0.20 + 0.01 * k, 2) for k in range(61))  # 0.20 .. 0.80
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "auditor" / "data" / "attribution_model.json"
NEUTRAL = Model(FEATURES, tuple(0.0 for _ in FEATURES), 0.0, 0.5)  # features do not depend on the model


@dataclass
class Example:
    """One extracted figure of a training article, with what decides its grade."""

    article: int
    sentence: int  # index of the labelled sentence it falls in (-1: none)
    x: list[float]
    model_decides: bool
    fixed_none: bool  # unsupported whatever the model says
    evidence_grade: str  # the grade if the model says attributed
    other_grade: str  # the grade if the model says unsupported (rules after the model)
    key: tuple  # for the repeated-value inheritance


def load_articles(shared: Path, split: str) -> list[dict]:
    with (shared / "eval" / "statistics" / f"polnear-{split}.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def examples_of(rows: list[dict]) -> tuple[list[Example], list[list[bool]]]:
    """Every figure of every article, and the gold labels (True = unattributed) per article."""
    config = Config(select=("statistics",), jobs=1)
    docs = [Document(id=f"a{i:04d}", path=r["id"], format="txt", text=r["text"], title=r["text"].split("\n", 1)[0][:200])
            for i, r in enumerate(rows)]
    templates = template_lines_of([block_keys(d.text, d.blocks if d.blocks is not None else text_blocks(d.text))
                                for d in docs], config)
    examples: list[Example] = []
    gold: list[list[bool]] = []
    for a, (row, doc) in enumerate(zip(rows, docs)):
        ctx = DocumentContext(doc, config, Segmentation(doc.text, doc.blocks), templates=templates)
        BoilerplateCheck().run(ctx)
        labelled = row["sentences"]
        gold.append([s["label"] == "unattributed" for s in labelled])
        for claim, _text, d in decide_claims(ctx, NEUTRAL):
            sentence = next((k for k, s in enumerate(labelled) if claim.start < s["end"] and s["start"] < claim.end), -1)
            after = "presupposed" if d.after.kind == "presupposed" else d.after.grade  # never reported
            examples.append(Example(
                a, sentence, [float(d.features.get(f, 0.0)) for f in FEATURES], d.model_decides,
                d.before is None and after == "none" and d.evidence is None,
                d.before.grade if d.before else (d.evidence.grade if d.evidence else after),
                d.before.grade if d.before else after, repeated_key(claim)))
    return examples, gold


def sentence_scores(examples: list[Example], gold: list[list[bool]], p: dict[int, float], threshold: float) -> Score:
    """Score `unattributed` sentences against predicted `statistics.unsupported` findings,
    with every rule and the repeated-value inheritance, as the evaluation does."""
    by_article: dict[int, list[tuple[int, Example]]] = {}
    for i, e in enumerate(examples):
        by_article.setdefault(e.article, []).append((i, e))
    score = Score()
    for a, labels in enumerate(gold):
        items = by_article.get(a, [])
        grades = {}
        for i, e in items:
            if e.model_decides:
                grades[i] = e.evidence_grade if p[i] < threshold else e.other_grade
            else:
                grades[i] = "none" if e.fixed_none else e.evidence_grade
        sourced = {e.key for i, e in items if grades[i] in ("named", "linked") and (e.key[2] or e.key[1] != "count")}
        flagged = {e.sentence for i, e in items if grades[i] == "none" and e.key not in sourced and e.sentence >= 0}
        for k, label in enumerate(labels):
            score.add(k in flagged, label)
    return score


def folds_of(n_articles: int) -> list[int]:
    order = list(range(n_articles))
    random.Random(SEED).shuffle(order)
    fold = [0] * n_articles
    for rank, a in enumerate(order):
        fold[a] = rank % FOLDS
    return fold


def fit(X: np.ndarray, y: np.ndarray, C: float) -> LogisticRegression:
    return LogisticRegression(C=C, solver="lbfgs", max_iter=5000).fit(X, y)


def cross_validate(examples, gold, C: float) -> dict[int, float]:
    """Out-of-fold P(unsupported) for every example the model decides."""
    fold = folds_of(len(gold))
    train_idx = [i for i, e in enumerate(examples) if e.model_decides and e.sentence >= 0]
    p: dict[int, float] = {}
    for k in range(FOLDS):
        fit_idx = [i for i in train_idx if fold[examples[i].article] != k]
        X = np.array([examples[i].x for i in fit_idx])
        y = np.array([gold[examples[i].article][examples[i].sentence] for i in fit_idx], dtype=int)
        model = fit(X, y, C)
        held = [i for i, e in enumerate(examples) if e.model_decides and fold[e.article] == k]
        if held:
            probs = model.predict_proba(np.array([examples[i].x for i in held]))[:, 1]
            p.update(zip(held, (float(v) for v in probs)))
    return p


def train(shared: Path) -> tuple[dict, list[str]]:
    rows = load_articles(shared, "train")
    examples, gold = examples_of(rows)
    report = [f"PolNeAR train: {len(rows)} articles, {sum(len(g) for g in gold)} labelled sentences, "
              f"{len(examples)} figures extracted, {sum(e.model_decides and e.sentence >= 0 for e in examples)} "
              f"decided by the model"]
    best = None
    for C in C_GRID:
        p = cross_validate(examples, gold, C)
        for t in THRESHOLDS:
            s = sentence_scores(examples, gold, p, t)
            if best is None or s.f1 > best[0] + 1e-9:
                best = (s.f1, C, t, s)
        report.append(f"  C={C:<5} best CV F1 so far {best[0]:.3f} (C={best[1]}, threshold={best[2]})")
    f1, C, threshold, cv = best
    report.append(f"chosen: C={C}, threshold={threshold}; {FOLDS}-fold CV by article: "
                  f"P {cv.precision:.3f} R {cv.recall:.3f} F1 {cv.f1:.3f}")
    idx = [i for i, e in enumerate(examples) if e.model_decides and e.sentence >= 0]
    X = np.array([examples[i].x for i in idx])
    y = np.array([gold[examples[i].article][examples[i].sentence] for i in idx], dtype=int)
    model = fit(X, y, C)
    data = {
        "name": "statistics.unsupported attribution model",
        "target": "P(figure is unsupported); unsupported when >= threshold",
        "trained_on": f"PolNeAR train split: {len(rows)} articles, {len(idx)} figures decided by the model",
        "training": f"python -m evaluation.train_attribution (logistic regression, L2, C={C}, "
                    f"threshold and C chosen by {FOLDS}-fold cross-validation grouped by article, seed {SEED})",
        "cross_validation": {"precision": round(cv.precision, 4), "recall": round(cv.recall, 4), "f1": round(cv.f1, 4),
                             "sentences": sum(len(g) for g in gold)},
        "features": list(FEATURES),
        "coefficients": [round(float(c), 4) for c in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 4),
        "threshold": threshold,
    }
    return data, report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true", help="fail if the shipped model differs from a retrain")
    args = parser.parse_args(argv)
    if not (args.shared / "eval" / "statistics").is_dir():
        print(f"no labelled data under {args.shared}", file=sys.stderr)
        return 2
    data, report = train(args.shared)
    print("\n".join(report))
    for name, coef in sorted(zip(data["features"], data["coefficients"]), key=lambda fc: fc[1]):
        print(f"  {coef:+8.4f}  {name}")
    print(f"  {data['intercept']:+8.4f}  (intercept)")
    text = json.dumps(data, indent=1) + "\n"
    if args.check:
        same = args.out.read_text(encoding="utf-8") == text
        print("shipped model matches a retrain" if same else "shipped model differs from a retrain", file=sys.stderr)
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
