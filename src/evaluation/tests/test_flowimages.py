"""Precomputed flow PNGs: channel order (OpenCV writes B, G, R) pinned with an encoder that is not OpenCV."""
import struct
import zlib

import numpy as np
import pytest

from melab_eval.errors import EvalError
from melab_eval.sources.flowimages import load_flow_images, read_flow_labels


def write_rgb_png(path, rgb):
    """A minimal PNG encoder (RGB, 8 bit) so the test does not trust OpenCV's channel handling."""
    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[y].astype(np.uint8).tobytes() for y in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    path.write_bytes(png)


def test_channel_order(tmp_path):
    # A file written the OpenCV way from an array (u, v, strain) holds R = strain, G = v, B = u.
    u = np.full((28, 28), 10, np.uint8); v = np.full((28, 28), 100, np.uint8); strain = np.full((28, 28), 200, np.uint8)
    write_rgb_png(tmp_path / "a.png", np.stack([strain, v, u], axis=-1))
    (tmp_path / "labels.csv").write_text("dataset,subject,sample_id,emotion,file\ncasme2,01,01/EP02_01f,happiness,a.png\n")
    s = read_flow_labels(str(tmp_path / "labels.csv"))
    x = load_flow_images(s, str(tmp_path), 28)
    assert x.shape == (1, 3, 28, 28)
    assert np.allclose(x[0, :, 0, 0] * 255, [10, 100, 200])  # (u, v, strain)
    # a set written by an RGB tool as (u, v, strain) in R, G, B is read with --flow-channels strain,v,u
    write_rgb_png(tmp_path / "a.png", np.stack([u, v, strain], axis=-1))
    x = load_flow_images(s, str(tmp_path), 60, channels="strain,v,u")
    assert x.shape == (1, 3, 60, 60) and np.allclose(x[0, :, 5, 5] * 255, [10, 100, 200])


def test_flow_label_file_errors_name_the_file(tmp_path):
    # the one CSV opener (errors.read_csv_rows): missing, empty and undecodable files are one-line EvalErrors
    p = tmp_path / "labels.csv"
    with pytest.raises(EvalError, match=r"labels.csv: flow label file not found"):
        read_flow_labels(str(p))
    p.write_text("")
    with pytest.raises(EvalError, match=r"labels.csv, row 1: empty flow label file"):
        read_flow_labels(str(p))
    p.write_bytes(b"dataset,subject,sample_id,emotion,file\n\xff\xfe\xfa,01,01/a,happiness,a.png\n")
    with pytest.raises(EvalError, match=r"labels.csv: flow label file not readable"):
        read_flow_labels(str(p))


def test_missing_and_unreadable_images_are_named(tmp_path):
    (tmp_path / "labels.csv").write_text("dataset,subject,sample_id,emotion,file\n"
                                         "casme2,01,01/a,happiness,a.png\ncasme2,01,01/b,disgust,b.png\n")
    (tmp_path / "b.png").write_bytes(b"not a png")
    s = read_flow_labels(str(tmp_path / "labels.csv"))
    with pytest.raises(EvalError, match=r"2 problem\(s\).*01/a \(missing a.png\); 01/b \(unreadable image b.png\)"):
        load_flow_images(s, str(tmp_path), 28)
