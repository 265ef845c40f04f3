"""Near-duplicate entity names: spelling variants and names one letter apart, per type."""

from __future__ import annotations

from graph.duplicates import NamedEntity, find_duplicates, folded


def entity(entity_id: str, name: str, entity_type: str = "METHOD", papers: int = 1) -> NamedEntity:
    return NamedEntity(id=entity_id, name=name, type=entity_type, papers=papers)


def test_folding_ignores_case_hyphens_spaces_punctuation_and_plural() -> None:
    assert folded("Auto-Regressive Image Generation") == folded("autoregressive image generation")
    assert folded("ResNets") == folded("ResNet") and folded("DefSent+") == folded("DefSent")
    assert folded("loss") == "loss"  # a word ending in "ss" is no plural


def test_groups_keep_the_entity_with_most_papers() -> None:
    groups = find_duplicates(
        [
            entity("task:a", "auto-regressive image generation", "TASK", papers=1),
            entity("task:b", "autoregressive image generation", "TASK", papers=5),
            entity("model:resnet", "ResNet", "MODEL", papers=9),
            entity("method:resnet", "ResNets", "METHOD"),  # another type: not a duplicate
        ]
    )
    assert [(g.reason, g.target.id, [s.id for s in g.sources]) for g in groups] == [
        ("spelling", "task:b", ["task:a"])
    ]


def test_one_letter_apart_is_suggested_but_version_numbers_are_not() -> None:
    groups = find_duplicates(
        [
            entity("task:1", "semantic segmentation", "TASK", papers=4),
            entity("task:2", "semantic segmentaton", "TASK"),
            entity("model:101", "ResNet-101", "MODEL"),
            entity("model:152", "ResNet-152", "MODEL"),
            entity("model:bert", "BERTology", "MODEL"),
        ]
    )
    assert [(g.reason, g.target.id, [s.id for s in g.sources]) for g in groups] == [
        ("one letter", "task:1", ["task:2"])
    ]
