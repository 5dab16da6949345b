"""Bad inputs end with one line on stderr and exit code 2."""
from helpers import run_cli, tiny_labels


def one_line_error(proc, *needles):
    assert proc.returncode == 2, proc.stderr
    lines = [l for l in proc.stderr.splitlines() if l.strip()]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("melab_eval: ")
    assert "Traceback" not in proc.stderr
    for n in needles:
        assert n in lines[0], lines[0]


def test_unknown_model(tmp_path):
    p = run_cli("run", "--model", "resnet50", "--synthetic", "--splits", "kfold10", "--task", "emotion", "--out", str(tmp_path))
    one_line_error(p, "unknown model", "resnet50", "ststnet")


def test_no_frames(tmp_path):
    tiny_labels(tmp_path / "labels.csv", subjects=2)
    (tmp_path / "frames").mkdir()
    p = run_cli("run", "--model", "ststnet", "--labels", str(tmp_path / "labels.csv"), "--frames", str(tmp_path / "frames"),
                "--splits", "loso", "--task", "emotion", "--out", str(tmp_path / "out"), "--quiet")
    one_line_error(p, "problem(s) with frames", "sub001/sub001_14d_01 (missing sub001/sub001_14d_01/8715.jpg)")
    p = run_cli("run", "--model", "ststnet", "--labels", str(tmp_path / "labels.csv"), "--frames", str(tmp_path / "nothere"),
                "--splits", "loso", "--task", "emotion", "--out", str(tmp_path / "out"))
    one_line_error(p, "not a folder")
    p = run_cli("run", "--model", "ststnet", "--labels", str(tmp_path / "labels.csv"), "--splits", "loso", "--task", "emotion", "--out", str(tmp_path / "out"))
    one_line_error(p, "give --frames DIR")


def test_split_file_with_unknown_samples(tmp_path):
    tiny_labels(tmp_path / "labels.csv", subjects=2)
    (tmp_path / "split.csv").write_text("dataset,subject,sample_id,fold\ndfme,sub001,sub001/sub001_14d_01,0\ndfme,sub999,sub999/x,1\n")
    p = run_cli("run", "--model", "ststnet", "--labels", str(tmp_path / "labels.csv"), "--synthetic", "--splits", str(tmp_path / "split.csv"),
                "--task", "emotion", "--out", str(tmp_path / "out"))
    one_line_error(p, "row 3", "column sample_id", "sub999/x", "unknown sample")


def test_bad_arguments(tmp_path):
    one_line_error(run_cli("run", "--model", "ststnet"), "required")
    one_line_error(run_cli("run", "--model", "ststnet", "--synthetic", "--splits", "kfold10", "--task", "valence", "--out", str(tmp_path)), "--task")
    one_line_error(run_cli("run", "--model", "ststnet", "--labels", str(tmp_path / "none.csv"), "--synthetic", "--splits", "kfold10",
                           "--task", "emotion", "--out", str(tmp_path)), "label file not found")
