"""Path templates of the database layouts (CASME II, SAMM, DFME)."""
from melab_eval.labels import Sample
from melab_eval.sources.frames import LAYOUTS, frame_path, template_for


def s(dataset, subject, clip):
    return Sample(dataset, subject, clip, 1, 2, 3, 200.0, None, "")


def test_layout_templates():
    assert frame_path("/f", LAYOUTS["casme2"], s("casme2", "1", "EP02_01f"), 46) == "/f/sub01/EP02_01f/img46.jpg"
    assert frame_path("/f", LAYOUTS["casme2"], s("casme2", "sub01", "EP02_01f"), 46) == "/f/sub01/EP02_01f/img46.jpg"
    assert frame_path("/f", LAYOUTS["samm"], s("samm", "6", "006_1_2"), 5562) == "/f/006/006_1_2/006_05562.jpg"
    assert frame_path("/f", LAYOUTS["dfme"], s("dfme", "sub001", "sub001_14d_01"), 8715) == "/f/sub001/sub001_14d_01/8715.jpg"
    assert template_for(s("samm", "6", "x"), None, None) == LAYOUTS["samm"]
    assert template_for(s("samm", "6", "x"), "dfme", None) == LAYOUTS["dfme"]
    assert template_for(s("samm", "6", "x"), None, "{clip}/{n:04d}.png") == "{clip}/{n:04d}.png"
