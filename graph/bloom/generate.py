"""Write the Bloom perspective, the Browser ``.grass`` style and the explorer palette.

Run ``python -m graph.bloom.generate`` after changing :mod:`graph.schema` or
:mod:`graph.bloom.style`; the outputs are committed so users need not run it.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from graph.bloom.style import NODE_STYLES, RELATIONSHIP_STYLES, explorer_palette
from graph.bloom.templates import SEARCH_PHRASES
from graph.schema import ENTITY, PAPER

HERE = Path(__file__).resolve().parent
PERSPECTIVE_FILE = HERE / "citegraph.perspective.json"
GRASS_FILE = HERE / "citegraph.grass"
EXPLORER_PALETTE_FILE = HERE.parent.parent / "api" / "explorer" / "src" / "palette.json"
STAMP = 1_767_225_600_000  # fixed, so regenerating an unchanged schema changes no file
_NS = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/citegraph/citegraph/bloom")


def _id(name: str) -> str:
    return str(uuid.uuid5(_NS, name))


def _property(name: str) -> dict[str, Any]:
    return {"name": name, "exclude": False, "isCaption": False, "dataType": "string"}


def category(
    index: int, label: str, color: str, size: float, caption: str, properties: tuple[str, ...]
) -> dict[str, Any]:
    """A Bloom category: one label, its caption property, colour and size."""
    props = [_property(name) | {"isCaption": name == caption} for name in properties]
    return {
        "id": index,
        "name": label,
        "labels": [label],
        "color": color,
        "size": size,
        "icon": "no-icon",
        "textSize": 1,
        "textAlign": "top",
        "properties": props,
        "captionKeys": [caption],
        "captions": [
            {
                "key": caption,
                "type": "property",
                "isCaption": True,
                "inTooltip": True,
                "styles": [],
                "isGdsData": False,
            }
        ],
        "styleRules": [],
        "hiddenLabels": [],
        "createdAt": STAMP,
        "lastEditedAt": STAMP,
    }


def perspective() -> dict[str, Any]:
    """The Bloom perspective: categories, relationship types and search phrases."""
    categories = [
        category(i + 1, s.label, s.color, s.size, s.caption, s.properties)
        for i, s in enumerate(NODE_STYLES)
    ]
    relationships = [
        {
            "id": s.type,
            "name": s.type,
            "color": s.color,
            "size": s.width,
            "textSize": 1,
            "textAlign": "top",
            "properties": [_property(s.weight_property)] if s.weight_property else [],
            "captionKeys": [],
            "styleRules": [],
            "captions": [
                {
                    "key": s.type,
                    "type": "relationship",
                    "isCaption": True,
                    "inTooltip": True,
                    "styles": [],
                }
            ],
        }
        for s in RELATIONSHIP_STYLES
    ]
    templates = [
        {
            "id": _id(p.text),
            "name": p.text,
            "text": p.text,
            "cypher": p.cypher,
            "description": p.description,
            "isUpdateQuery": None,
            "hasCypherErrors": False,
            "createdAt": STAMP,
            "params": [
                {
                    "name": f"${name}",
                    "dataType": "String",
                    "suggestionLabel": label,
                    "suggestionProp": prop,
                    "suggestionBoolean": False,
                    "cypher": None,
                    "collapsed": False,
                }
                for name, label, prop in p.params
            ],
        }
        for p in SEARCH_PHRASES
    ]
    return {
        "name": "citegraph",
        "id": _id("perspective"),
        "version": "2.21.0",
        "type": "STANDARD_PERSPECTIVE",
        "createdAt": STAMP,
        "lastEditedAt": STAMP,
        "categories": categories,
        "categoryIndex": len(categories),
        "labels": {
            s.label: [
                {"propertyKey": p, "type": s.label, "dataType": "string"} for p in s.properties
            ]
            for s in NODE_STYLES
        },
        "relationshipTypes": relationships,
        "templates": templates,
        "sceneActions": [],
        "hiddenRelationshipTypes": [],
        "hiddenCategories": [],
        "hideUncategorisedData": False,
        "parentPerspectiveId": None,
        "palette": {"colors": [s.color for s in NODE_STYLES], "currentIndex": 0},
        "metadata": {"pathSegments": [], "indexes": []},
    }


def grass() -> str:
    """The Neo4j Browser style sheet (drag the file onto Browser, or ``:style`` it)."""
    lines = [
        "node {",
        "  diameter: 50px;",
        "  color: #A5ABB6;",
        "  border-color: #9AA1AC;",
        "  border-width: 2px;",
        "  text-color-internal: #FFFFFF;",
        "  font-size: 10px;",
        "}",
        "relationship {",
        "  color: #A5ABB6;",
        "  shaft-width: 1px;",
        "  font-size: 8px;",
        "  padding: 3px;",
        "  text-color-external: #000000;",
        "  text-color-internal: #FFFFFF;",
        '  caption: "<type>";',
        "}",
    ]
    # entity labels come after Entity, so a (:Entity:Model) node takes the Model colour
    for s in sorted(NODE_STYLES, key=lambda s: (s.label != PAPER, s.label != ENTITY)):
        lines += [
            f"node.{s.label} {{",
            f"  color: {s.color};",
            f"  border-color: {s.color};",
            f"  diameter: {round(50 * s.size)}px;",
            f'  caption: "{{{s.caption}}}";',
            "}",
        ]
    for r in RELATIONSHIP_STYLES:
        lines += [
            f"relationship.{r.type} {{",
            f"  color: {r.color};",
            f"  shaft-width: {r.width:g}px;",
            '  caption: "<type>";',
            "}",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    PERSPECTIVE_FILE.write_text(json.dumps(perspective(), indent=2) + "\n")
    GRASS_FILE.write_text(grass())
    EXPLORER_PALETTE_FILE.write_text(json.dumps(explorer_palette(), indent=2) + "\n")
    for path in (PERSPECTIVE_FILE, GRASS_FILE, EXPLORER_PALETTE_FILE):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
