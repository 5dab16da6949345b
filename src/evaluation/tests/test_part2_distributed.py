"""DDP with gloo on 2 CPU processes matches one process on the same global batches, for a model without
batch norm and for one with it (batch norm synchronised across ranks: distributed.sync_batch_norm, so the
statistics are the global batch's, as in one process); folds spread over a CPU device list give the same
results as the sequential loop."""
import os
import socket
import time

import pytest
import torch
import torch.nn as nn

from melab_eval import distributed
from melab_eval.errors import EvalError
from melab_eval.recipes import resolve
from melab_eval.train import TrainOptions, fit

CFG = resolve("r3d", "dfme", overrides={"lr": 0.05, "batch_size": 8, "weight_decay": 0.0, "epochs": 2})


class TinyClipNet(nn.Module):
    """A small 3D CNN without batch norm (batch statistics would differ per rank by design)."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv3d(3, 4, 3, padding=1)
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        x = x.float() / 255.0 if x.dtype == torch.uint8 else x
        return self.fc(torch.relu(self.conv(x)).mean(dim=(2, 3, 4)))


class TinyBNClipNet(nn.Module):
    """The same with batch norm after the convolution: per-rank statistics would differ from one process's."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv3d(3, 4, 3, padding=1)
        self.bn = nn.BatchNorm3d(4)
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        x = x.float() / 255.0 if x.dtype == torch.uint8 else x
        return self.fc(torch.relu(self.bn(self.conv(x))).mean(dim=(2, 3, 4)))


NETS = {"plain": TinyClipNet, "bn": TinyBNClipNet}


def _data():
    g = torch.Generator().manual_seed(0)
    x = torch.randint(0, 256, (32, 3, 4, 6, 6), dtype=torch.uint8, generator=g)
    return x, torch.randint(0, 3, (32,), generator=g)


def _train(losses, net="plain"):
    torch.manual_seed(0)
    x, y = _data()
    model = fit(NETS[net](), x, y, "emotion", CFG, 7, torch.device("cpu"), TrainOptions(on_step=losses.append))
    return losses, {k: v.clone() for k, v in model.state_dict().items()}


def _rank(rank, world, port, out_dir, net):
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port), RANK=str(rank), WORLD_SIZE=str(world), LOCAL_RANK=str(rank))
    torch.set_num_threads(1)
    losses, state = _train([], net)
    torch.save({"losses": losses, "state": state}, os.path.join(out_dir, f"rank{rank}.pt"))
    torch.distributed.destroy_process_group()


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("net", ["plain", "bn"])
def test_two_process_gloo_ddp_matches_one_process(tmp_path, net):
    torch.multiprocessing.spawn(_rank, args=(2, _free_port(), str(tmp_path), net), nprocs=2, join=True)
    single_losses, single_state = _train([], net)
    assert len(single_losses) == 2 * 4  # 32 samples, global batch 8, 2 epochs
    for rank in (0, 1):
        got = torch.load(tmp_path / f"rank{rank}.pt")
        # each rank's loss is the all-reduced mean over the two halves of the global batch = the full-batch loss
        assert got["losses"] == pytest.approx(single_losses, rel=1e-5, abs=1e-6)
        for k, v in single_state.items():
            assert torch.allclose(got["state"][k], v, atol=1e-5), k
    assert single_losses[0] != pytest.approx(single_losses[-1])  # it trained


def test_rank_share_splits_a_global_batch_evenly():
    assert distributed.rank_share(torch.arange(8)).tolist() == list(range(8))  # no DDP: all of it
    assert [t.tolist() for t in torch.arange(8).tensor_split(2)] == [[0, 1, 2, 3], [4, 5, 6, 7]]


def _fold_job(fold, device):
    time.sleep(0.2)
    torch.manual_seed(fold)
    return fold * 10 + float(torch.rand(1)), os.getpid(), str(device)


def test_folds_over_a_cpu_device_list():
    devices = distributed.parse_devices("cpu,cpu")
    assert [str(d) for d in devices] == ["cpu", "cpu"]
    par, where = distributed.run_folds(_fold_job, range(6), devices)
    seq, _ = distributed.run_folds(_fold_job, range(6), devices[:1])
    assert sorted(par) == list(range(6))
    assert [par[f][0] for f in range(6)] == [seq[f][0] for f in range(6)]  # same result whoever ran the fold
    assert all(os.getpid() != par[f][1] for f in range(6))               # ran in worker processes
    assert set(where.values()) <= {"cpu"}


def test_device_list_errors():
    with pytest.raises(EvalError, match="not a device"):
        distributed.parse_devices("cpu,gpu7")
    if not torch.cuda.is_available():
        with pytest.raises(EvalError, match="cuda:0 is not available"):
            distributed.parse_devices("cuda:0,cuda:1")
