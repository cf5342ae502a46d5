"""Children: the groups in special circumstances (Luật Trẻ em 2016 Điều 10; Nghị định
56/2017), ages, classification from facts, and counts of children by group.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from childprotect._lazy import exports

if TYPE_CHECKING:
    from childprotect.children.ages import AgeBand, age_on, band, bands, child_definition, is_child
    from childprotect.children.classification import Classification, classify
    from childprotect.children.counting import GroupCounter, GroupCounts
    from childprotect.children.facts import Answer, Facts, ParentFacts
    from childprotect.children.groups import (
        Group,
        SubGroup,
        Taxonomy,
        group,
        load_taxonomy,
        taxonomies,
        taxonomy,
        taxonomy_on,
    )
    from childprotect.children.rules import RuleSet, load_rules, rules_for
    from childprotect.children.tally import add_tallies, tally_children, tally_dask

__all__ = [
    "AgeBand",
    "Answer",
    "Classification",
    "Facts",
    "Group",
    "GroupCounter",
    "GroupCounts",
    "ParentFacts",
    "RuleSet",
    "SubGroup",
    "Taxonomy",
    "add_tallies",
    "age_on",
    "band",
    "bands",
    "child_definition",
    "classify",
    "group",
    "is_child",
    "load_rules",
    "load_taxonomy",
    "rules_for",
    "tally_children",
    "tally_dask",
    "taxonomies",
    "taxonomy",
    "taxonomy_on",
]

#: Where each public name lives.
_NAMES = {
    "Group": "groups",
    "SubGroup": "groups",
    "Taxonomy": "groups",
    "group": "groups",
    "load_taxonomy": "groups",
    "taxonomies": "groups",
    "taxonomy": "groups",
    "taxonomy_on": "groups",
    "AgeBand": "ages",
    "age_on": "ages",
    "band": "ages",
    "bands": "ages",
    "child_definition": "ages",
    "is_child": "ages",
    "Answer": "facts",
    "Facts": "facts",
    "ParentFacts": "facts",
    "RuleSet": "rules",
    "load_rules": "rules",
    "rules_for": "rules",
    "Classification": "classification",
    "classify": "classification",
    "GroupCounter": "counting",
    "GroupCounts": "counting",
    "tally_children": "tally",
    "add_tallies": "tally",
    "tally_dask": "tally",
}

__getattr__, __dir__ = exports(__name__, _NAMES)
