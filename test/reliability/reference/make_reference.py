"""Prints, as one JSON line, the reliability tests' inputs and the outputs of the reference tools on them.

The mocha tests run it live (test/reliability/helpers.ts: `reference()`, with Debian's /usr/bin/python3,
scikit-learn from python3-sklearn and statsmodels from python3-statsmodels) and compare melab with
these numbers; nothing in the output is computed by melab. The inputs are drawn from numpy's seeded
generator (default_rng(7)) and the published example tables in test/fixtures/reliability.
"""
import json
import os

import numpy as np
import sklearn
import statsmodels
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, cohens_kappa, fleiss_kappa

rng = np.random.default_rng(7)
out = {"generated_by": "test/reliability/reference/make_reference.py",
       "versions": {"sklearn": sklearn.__version__, "statsmodels": statsmodels.__version__, "numpy": np.__version__}}

# Cohen: two raters, 200 items, 5 ordered categories, 60% copied agreement.
x = rng.integers(0, 5, 200)
y = np.where(rng.random(200) < 0.6, x, rng.integers(0, 5, 200))
table = np.zeros((5, 5))
np.add.at(table, (x, y), 1)
cohen = {"a": x.tolist(), "b": y.tolist(), "results": {}}
for name, w in [("none", None), ("linear", "linear"), ("quadratic", "quadratic")]:
    sm = cohens_kappa(table, weights=None if w is None else np.arange(5), wt=w)
    cohen["results"][name] = {
        "sklearn_kappa": float(cohen_kappa_score(x, y, weights=w)),
        "statsmodels": {"kappa": float(sm.kappa), "se": float(sm.std_kappa), "se0": float(sm.std_kappa0),
                        "z": float(sm.z_value), "p": float(sm.pvalue_two_sided),
                        "ci": [float(sm.kappa_low), float(sm.kappa_upp)]},
    }
out["cohen_random"] = cohen

# Fleiss: 300 items x 7 raters, 8 categories with unequal prevalence and item-level agreement.
truth = rng.choice(8, size=300, p=[0.3, 0.2, 0.15, 0.1, 0.1, 0.07, 0.05, 0.03])
ratings = np.where(rng.random((300, 7)) < 0.7, truth[:, None], rng.integers(0, 8, (300, 7)))
counts = aggregate_raters(ratings, n_cat=8)[0]
out["fleiss_random"] = {
    "ratings": ratings.tolist(),
    "counts": counts.tolist(),
    "statsmodels_fleiss": float(fleiss_kappa(counts, method="fleiss")),
    "statsmodels_randolph": float(fleiss_kappa(counts, method="randolph")),
    "sklearn_cohen_rater1_rater2": float(cohen_kappa_score(ratings[:, 0], ratings[:, 1])),
}

# statsmodels on the two published examples (tables as in statsmodels' own test_inter_rater.py).
diagnoses = np.loadtxt(os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "reliability", "diagnoses.csv"),
                       delimiter=",", skiprows=1, dtype=str)[:, 1:]
diag_counts = aggregate_raters(np.vectorize(lambda s: int(s.split(".")[0]))(diagnoses))[0]
wiki = np.loadtxt(os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "reliability", "wikipedia-counts.csv"),
                  delimiter=",", skiprows=1)[:, 1:]
out["published_examples"] = {
    "diagnoses": {"statsmodels_fleiss": float(fleiss_kappa(diag_counts, method="fleiss")),
                  "statsmodels_randolph": float(fleiss_kappa(diag_counts, method="randolph"))},
    "wikipedia": {"statsmodels_fleiss": float(fleiss_kappa(wiki, method="fleiss")),
                  "statsmodels_randolph": float(fleiss_kappa(wiki, method="randolph"))},
}

print(json.dumps(out))
