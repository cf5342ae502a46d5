"""The functions of the child-protection work: what a duty is about.

A closed vocabulary of its own, so that a plan's responsibility matrix and its reporting
duties can name a function without loading the agency registry and the succession table
(see :mod:`childprotect.agencies.succession_table`, which labels each function).

>>> Function("children").name
'CHILDREN'
"""

from __future__ import annotations

import enum

__all__ = ["Function"]


class Function(enum.Enum):
    """What a duty is about; decides which successor of a split agency holds it."""

    CHILDREN = "children"
    SOCIAL_PROTECTION = "social-protection"
    SOCIAL_EVILS = "social-evils"
    CHILD_LABOUR = "child-labour"
    LABOUR = "labour"
    GENDER_EQUALITY = "gender-equality"
    VOCATIONAL_EDUCATION = "vocational-education"
    POVERTY_REDUCTION = "poverty-reduction"
    DRUG_REHABILITATION = "drug-rehabilitation"
    PRESS_PUBLISHING = "press-publishing"
    INFORMATION_TECHNOLOGY = "information-technology"
