"""Evaluation scripts: detection quality on the labelled data in ../shared/eval/."""
