"""The hand-crafted MER baselines of DFME Sec. 4.4.2: LBP-TOP and MDMO features, each with a linear SVM."""
from .svm import SVMClassifier


class LBPTOPSVM(SVMClassifier):
    """LBP-TOP features (lbp_top.py) → one-vs-rest linear SVM (svm.py)."""

    feature = "lbp_top"


class MDMOSVM(SVMClassifier):
    """MDMO features (mdmo.py) → one-vs-rest linear SVM (svm.py)."""

    feature = "mdmo"
