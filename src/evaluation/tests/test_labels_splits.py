"""Label tables (DFME layout, melab canonical CSV), AU cells, split files, LOSO / k-fold."""
import pytest

from melab_eval.errors import EvalError
from melab_eval.labels import au_targets, emotion_classes, parse_aus, read_labels
from melab_eval.splits import make_folds, read_split_file
from conftest import SYNTHETIC_LABELS


def test_reads_the_synthetic_dfme_table():
    s = read_labels(SYNTHETIC_LABELS)
    assert len(s) == 7526  # data/dfme-synthetic-labels.csv: 7,526 rows, as DFME (paper Sec. 3.4)
    first = s[0]
    assert (first.sample_id, first.onset, first.apex, first.offset, first.fps, first.emotion) == \
        ("sub001/sub001_14d_01", 8715, 8780, 8886, 500.0, "disgust")
    assert first.au_set == {"AU4", "AU7"}
    # the 7 emotion classes of Sec. 4.1 plus 'others'; 7,275 samples have one of the seven (Sec. 4.1)
    assert emotion_classes(s) == ["happiness", "anger", "contempt", "disgust", "fear", "sadness", "surprise", "others"]
    assert sum(x.emotion != "others" for x in s) == 7275


def test_reads_the_canonical_csv_and_mixed_datasets(tmp_path):
    p = tmp_path / "canon.csv"
    p.write_text("dataset,part,subject,clip,onset,apex,offset,fps,emotion,emotion_raw,aus,aus_raw\n"
                 "casme2,,01,EP02_01f,46,59,86,200,happiness,happiness,AU12+L-AU6,12+L6\n"
                 "samm,,006,006_1_2,5562,5588,5632,200,disgust,Disgust,AU4+AU7,4+7\n")
    s = read_labels(str(p))
    assert [x.sample_id for x in s] == ["casme2/01/EP02_01f", "samm/006/006_1_2"]
    assert au_targets(s[0])[:6] == [0, 0, 0, 0, 1, 0]  # L-AU6 counts as AU6 (AU1, AU2, AU4, AU5, AU6, AU7)


def test_au_cells():
    codes = parse_aus("AU4+L-AU12+R2B+AD38+M57", "f.csv", 3, "AU")
    assert [(c.kind, c.number, c.side) for c in codes] == [("AU", 4, None), ("AU", 12, "L"), ("AU", 2, "R"), ("AD", 38, None), ("M", 57, None)]
    assert parse_aus("", "f.csv", 3, "AU") == ()
    with pytest.raises(EvalError, match=r"file f.csv, row 3, column AU, value 'AU4\+smile'"):
        parse_aus("AU4+smile", "f.csv", 3, "AU")


def test_bad_label_files(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(EvalError, match="unknown label layout"):
        read_labels(str(p))
    p.write_text("Subject,Filename,OnsetFrame,ApexFrame,OffsetFrame,Emotion,EmotionId,Fps,AU,Part,Gender\n"
                 "s1,c1,10,x,30,fear,5,200,AU4,C,F\n")
    with pytest.raises(EvalError, match="row 2, column ApexFrame, value 'x'"):
        read_labels(str(p))
    # NaN and infinite cells are named like any other bad number, not a Python traceback (int(nan) raises)
    for bad, column, problem in (("nan", "OnsetFrame", "not a frame number"), ("inf", "Fps", "frame rate must be positive")):
        cells = {"OnsetFrame": "10", "Fps": "200", column: bad}
        p.write_text("Subject,Filename,OnsetFrame,ApexFrame,OffsetFrame,Emotion,EmotionId,Fps,AU,Part,Gender\n"
                     f"s1,c1,{cells['OnsetFrame']},20,30,fear,5,{cells['Fps']},AU4,C,F\n")
        with pytest.raises(EvalError, match=f"row 2, column {column}, value '{bad}': {problem}"):
            read_labels(str(p))


def test_split_file_contract(tmp_path):
    s = read_labels(SYNTHETIC_LABELS)[:40]
    p = tmp_path / "split.csv"
    rows = [f"dfme,{x.subject},{x.sample_id},{0 if x.subject == s[0].subject else 1}" for x in s[:-3]]
    p.write_text("dataset,subject,sample_id,fold\n" + "\n".join(rows) + "\n")
    fold_of, folds, unlisted = read_split_file(str(p), s)
    assert folds == 2 and fold_of[s[0].sample_id] == 0
    assert unlisted == [x.sample_id for x in s[-3:]]  # listed by the runner in the manifest, not dropped silently
    p.write_text("dataset,subject,sample_id,fold\n" + rows[0] + "\ndfme,nobody,nobody/clip9,1\n")
    with pytest.raises(EvalError, match=r"row 3, column sample_id, value 'nobody/clip9': unknown sample"):
        read_split_file(str(p), s)
    leak = f"dfme,{s[0].subject},{s[1].sample_id},1"
    p.write_text("dataset,subject,sample_id,fold\n" + rows[0] + "\n" + leak + "\n")
    with pytest.raises(EvalError, match="the split leaks"):
        read_split_file(str(p), s)


def test_kfold_and_loso_are_subject_independent():
    s = read_labels(SYNTHETIC_LABELS)
    fold_of, folds = make_folds(s, "kfold10", seed=0)
    assert folds == 10
    subj_folds = {}
    for x in s:
        subj_folds.setdefault(x.subject, set()).add(fold_of[x.sample_id])
    assert all(len(v) == 1 for v in subj_folds.values())
    per_fold = [sum(1 for v in subj_folds.values() if f in v) for f in range(10)]
    assert max(per_fold) - min(per_fold) <= 1  # 656 subjects dealt in turn: 65 or 66 per fold (10% each)
    assert make_folds(s, "kfold10", seed=0)[0] == fold_of and make_folds(s, "kfold10", seed=1)[0] != fold_of
    loso, n = make_folds(s[:50], "loso")
    assert n == len({x.subject for x in s[:50]})
    with pytest.raises(EvalError, match="not a split file"):
        make_folds(s, "holdout")
