"""Command line: ``PYTHONPATH=src/evaluation /usr/bin/python3 -m melab_eval <command> ...``

Commands:
  run           train and evaluate one model across folds, write the prediction export + manifest
  synth-frames  write the synthetic clips' onset/apex frames as a frames folder (a layout's template)
  bench         flow throughput (pairs/s) per backend and training throughput (samples/s) per model

Bad input ends with one line on stderr, ``melab_eval: <message>``, and exit code 2.
"""
from __future__ import annotations

import argparse
import json
import sys

from .errors import EvalError


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2 (argparse prints usage + message otherwise)
        raise EvalError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="melab_eval", description="melab's evaluation module (PyTorch)")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    r = sub.add_parser("run", help="cross-validated training and prediction export")
    r.add_argument("--model", required=True, help="ststnet, offapexnet, rcn_a, r3d, i3d, lbp_top or mdmo")
    r.add_argument("--labels", help="label CSV (DFME layout or melab canonical)")
    r.add_argument("--frames", help="frames folder (with --labels)")
    r.add_argument("--layout", help="frames layout: casme2, samm or dfme (default: from the dataset name)")
    r.add_argument("--frame-template", help="frame path template, e.g. '{subject}/{clip}/{n}.jpg'")
    r.add_argument("--flows", help="folder of precomputed flow PNGs (labels.csv inside, or --flow-labels)")
    r.add_argument("--flow-labels", help="flow label CSV: dataset,subject,sample_id,emotion,file")
    r.add_argument("--flow-channels", default="u,v,strain", help="what cv2.imread's channels (B,G,R) hold")
    r.add_argument("--synthetic", action="store_true", help="synthetic clips for --labels (default: data/dfme-synthetic-labels.csv)")
    r.add_argument("--synthetic-seed", type=int, default=0)
    r.add_argument("--frame-size", type=int, default=64, help="frames are resized to this square size before flow")
    r.add_argument("--splits", required=True, help="split file (melab splits), loso or kfold<K> (kfold10)")
    r.add_argument("--task", required=True, help="emotion or au")
    r.add_argument("--subjects", type=int, help="use only the first N subjects (natural order); the rest are listed as excluded")
    r.add_argument("--classes", help="emotion classes, comma separated (default: all present but 'others')")
    r.add_argument("--out", required=True, help="output folder")
    r.add_argument("--seed", type=int, default=0)
    r.add_argument("--recipe", default="dfme", help="named recipe of the model's config: dfme (DFME Sec. 4.5, default) or published (the model's release)")
    r.add_argument("--config", help="JSON file of recipe keys (optimizer, lr, epochs, batch_size, ...) over the named recipe")
    r.add_argument("--set", action="append", metavar="KEY=VALUE", help="one recipe key, e.g. --set lr=0.001 --set optimizer=adamw (repeatable; wins over --config)")
    r.add_argument("--epochs", type=int, help="the recipe's epochs (= --set epochs=N)")
    r.add_argument("--fold-mode", default="auto", help="auto, sequential, processes (folds over CPU cores / --devices) or batched (all folds as one model)")
    r.add_argument("--fold-workers", type=int, help="processes for --fold-mode processes (default: one per core)")
    r.add_argument("--device", default="auto", help="auto (cuda when present), cpu or cuda")
    r.add_argument("--flow-backend", default="auto", help="auto, torch or opencv")
    r.add_argument("--flow-preset", default="opencv", help="TV-L1 parameters: opencv (OpenCV's defaults) or fast")
    r.add_argument("--cache", help="flow cache folder (default ~/.cache/melab_eval)")
    r.add_argument("--no-cache", action="store_true")
    r.add_argument("--quiet", action="store_true", help="no progress bars")
    # part 2 (pipelines.py): clip models, hand-crafted features, speed switches, several devices
    r.add_argument("--input-size", type=int, help="clip side S for r3d/i3d/lbp_top (= --set input_size=S; recipe: 224 for the 3D CNNs)")
    r.add_argument("--clip-frames", type=int, help="frames per clip, sampled onset→offset (= --set clip_frames=T; recipe: 16)")
    r.add_argument("--weights", help="local weights file (state dict) to start r3d/i3d from; nothing is downloaded")
    r.add_argument("--landmarks", help="mdmo: CSV sample_id,x1,y1,… (frame fractions) for landmark ROIs (default: 6×6 grid)")
    r.add_argument("--devices", help="spread folds over devices, e.g. cuda:0,cuda:1 or all (one process per device)")
    r.add_argument("--workers", type=int, help="DataLoader workers for clip batches (default: 0 on CPU, up to 8 on CUDA)")
    for flag in ("--bf16", "--channels-last", "--compile"):
        r.add_argument(flag, choices=("auto", "on", "off"), default="auto", help="auto: on for CUDA, off for CPU")
    r.add_argument("--fused-kernel", choices=("on", "off"), default="on",
                   help="STSTNet on a CPU: train through the fused C kernel (the same training, cheaper steps); off: the plain layers")

    s = sub.add_parser("synth-frames", help="write synthetic onset/apex frames as a frames folder")
    s.add_argument("--labels", help="label CSV (default: data/dfme-synthetic-labels.csv)")
    s.add_argument("--out", required=True)
    s.add_argument("--layout", default="dfme", help="casme2, samm or dfme")
    s.add_argument("--frame-size", type=int, default=64)
    s.add_argument("--seed", type=int, default=0)

    b = sub.add_parser("bench", help="flow and training throughput on this machine")
    b.add_argument("--pairs", type=int, default=64)
    b.add_argument("--samples", type=int, default=2048)
    b.add_argument("--epochs", type=int, default=2)
    b.add_argument("--device", default="auto")
    b.add_argument("--json", action="store_true")
    return p


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        args = build_parser().parse_args(argv)
        if args.command == "run":
            from .runner import run
            run(args)
        elif args.command == "synth-frames":
            from .labels import read_labels
            from .runner import SYNTHETIC_LABELS
            from .sources.frames import LAYOUTS
            from .sources.synthetic import write_frames
            if args.layout not in LAYOUTS:
                raise EvalError(f"--layout {args.layout!r}: unknown layout (choose {', '.join(LAYOUTS)})")
            samples = read_labels(args.labels or SYNTHETIC_LABELS)
            n = write_frames(samples, args.out, LAYOUTS[args.layout],
                             size=args.frame_size, seed=args.seed)
            print(f"wrote {n} frames to {args.out}", file=sys.stderr)
        elif args.command == "bench":
            from .bench import bench
            result = bench(args)
            print(json.dumps(result) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))
        else:
            raise EvalError("give a command: run, synth-frames or bench (python3 -m melab_eval run --help)")
        return 0
    except EvalError as err:
        print(f"melab_eval: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("melab_eval: interrupted", file=sys.stderr)
        return 130
