import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import torch  # noqa: E402

torch.set_num_threads(max(1, os.cpu_count() or 1))

REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
SYNTHETIC_LABELS = os.path.join(REPO, "data", "dfme-synthetic-labels.csv")
