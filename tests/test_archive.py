"""The archive of earlier drops: round trip, idempotence, refusals, and CLI use."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from auditor.archive import Archive, ArchiveError, content_hash
from auditor.cli import main
from auditor.signatures import SignatureParams, minhash_of, shingle_hashes
from conftest import ROOT, SEEDS

PARAMS = SignatureParams(shingle=5, num_perm=128, threshold=0.8)
TEXT = ("The ministry approved fourteen new artificial intelligence models on Monday, bringing the total "
        "approved this year to more than forty, officials said in a statement listing the companies.")


def entry(text: str, id_: str = "a"):
    shingles = shingle_hashes(text, 5)
    return (content_hash(text), id_, f"{id_}.txt", f"Title {id_}", shingles, minhash_of(shingles, 128).hashvalues, [])


def test_round_trip_and_idempotence(tmp_path):
    path = tmp_path / "archive.db"
    archive = Archive(path, PARAMS)
    assert archive.add([entry(TEXT), entry("Something else entirely about floods in the north.", "b")]) == 2
    assert archive.add([entry(TEXT)]) == 0  # the same document again changes nothing
    archive.close()
    reopened = Archive(path, PARAMS)
    assert len(reopened) == 2
    shingles = shingle_hashes(TEXT, 5)
    (match,) = reopened.near_duplicates(minhash_of(shingles, 128).hashvalues, shingles, 0.8)
    assert (match.id, match.path, match.title, match.jaccard) == ("a", "a.txt", "Title a", 1.0)
    assert reopened.near_duplicates(minhash_of(shingles, 128).hashvalues, shingles, 0.8, exclude=_hash(TEXT)) == []


def _hash(text):
    return content_hash(text)


def test_incompatible_parameters_are_refused(tmp_path):
    path = tmp_path / "archive.db"
    Archive(path, PARAMS).close()
    with pytest.raises(ArchiveError, match=r"built with other signature parameters \(.*num_perm: archive 128, this run 64"):
        Archive(path, SignatureParams(shingle=5, num_perm=64, threshold=0.8))


def test_corrupt_file_is_an_error_and_left_untouched(tmp_path):
    path = tmp_path / "archive.db"
    path.write_bytes(b"this is not a database" * 100)
    before = path.read_bytes()
    with pytest.raises(ArchiveError, match="not a usable archive"):
        Archive(path, PARAMS)
    assert path.read_bytes() == before


def test_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    with pytest.raises(ArchiveError, match="not an auditor archive"):
        Archive(path, PARAMS)


def test_locked_archive_is_an_error(tmp_path):
    path = tmp_path / "archive.db"
    Archive(path, PARAMS).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        archive = Archive(path, PARAMS)
        with pytest.raises(ArchiveError, match="locked"):
            archive.add([entry(TEXT)])
    except ArchiveError as exc:  # some SQLite builds refuse already at open
        assert "locked" in str(exc) or "not a usable archive" in str(exc)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_cli_finds_last_drops_copy_by_archived_path(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    archive = tmp_path / "archive.db"
    assert main(["check", "seeds", "-q", "--archive", str(archive), "--archive-add", "--fail-on", "never"]) == 0
    drop = tmp_path / "drop"
    drop.mkdir()
    original = (SEEDS / "000_1ab227ac991bd81d.txt").read_text(encoding="utf-8")
    (drop / "this-week.txt").write_text(original.replace("continues to expand", "keeps expanding"), encoding="utf-8")
    capsys.readouterr()
    assert main(["check", str(drop), "-q", "--archive", str(archive), "--select", "DU001", "--fail-on", "warning"]) == 1
    out = capsys.readouterr().out
    assert "DU001 [warning] near-duplicate of archived Advancing Artificial Intelligence" in out
    assert "(seeds/000_1ab227ac991bd81d.txt, Jaccard 0.9" in out


def test_archive_add_needs_archive(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert main(["check", "seeds", "-q", "--archive-add"]) == 2
    assert "--archive-add needs --archive" in capsys.readouterr().err


def _pairs_near_threshold(n_pairs: int, seed: int = 7) -> list[str]:
    """Texts in pairs whose exact 5-shingle Jaccard is about 0.80, where LSH banding decides
    whether a pair is found: 600 random words, 13 of them replaced at least 5 apart, so
    13 x 5 of the 596 shingles differ (J = 531 / 661 = 0.803)."""
    rng = np.random.default_rng(seed)

    def word(n: int) -> str:  # letters only: the hashing normaliser folds digits to 0
        letters = ""
        while True:
            n, digit = divmod(n, 26)
            letters += chr(97 + digit)
            if not n:
                return letters

    texts: list[str] = []
    for _ in range(n_pairs):
        words = [word(int(n)) for n in rng.integers(0, 10**6, size=600)]
        copy = list(words)
        for position in range(10, 600 - 10, 44)[:13]:
            copy[position] = "replaced"
        texts += [" ".join(words), " ".join(copy)]
    return texts


def test_archive_and_batch_find_the_same_pairs(tmp_path):
    """One banding for both: the pairs a batch finds are the pairs the archive finds when
    the same documents were archived before (near the threshold, where banding matters)."""
    from auditor.signatures import near_duplicate_pairs

    texts = _pairs_near_threshold(300)
    shingles = [shingle_hashes(t, 5) for t in texts]
    minhashes = [minhash_of(s, 128).hashvalues for s in shingles]
    batch_pairs = {(i, j) for i, j, _score in near_duplicate_pairs(shingles, minhashes, PARAMS)}
    archive = Archive(tmp_path / "archive.db", PARAMS)
    archive.add((content_hash(t), str(i), f"{i}.txt", "", s, m, [])
                for i, (t, s, m) in enumerate(zip(texts, shingles, minhashes)))
    archive_pairs = set()
    for i, (t, s, m) in enumerate(zip(texts, shingles, minhashes)):
        for match in archive.near_duplicates(m, s, PARAMS.threshold, exclude=content_hash(t)):
            archive_pairs.add(tuple(sorted((i, int(match.id)))))
    archive.close()
    assert archive_pairs == batch_pairs
    # Near the threshold LSH misses a few pairs, and both miss the same ones (a different
    # banding in the archive would find pairs the batch does not, or miss others).
    assert 0.8 * 300 <= len(batch_pairs) < 300


def test_a_pickled_archive_is_its_location_opened_to_read(tmp_path, monkeypatch):
    """What a cluster's worker receives: the archive reopens from its absolute path, to
    read only, and never creates a file where there is none."""
    import pickle

    monkeypatch.chdir(tmp_path)
    archive = Archive("archive.db", PARAMS)
    archive.add([entry(TEXT)])
    sent = pickle.dumps(archive)
    archive.close()
    monkeypatch.chdir(ROOT)  # a worker's working folder is another
    received = pickle.loads(sent)
    assert len(received) == 1
    with pytest.raises(ArchiveError):
        received.add([entry("Another text altogether, about the weather in the hills.", "b")])
    received.close()
    (tmp_path / "archive.db").unlink()
    with pytest.raises(ArchiveError, match="not a usable archive"):
        pickle.loads(sent)
    assert not (tmp_path / "archive.db").exists()
