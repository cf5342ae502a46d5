"""Child-friendly communes (Quyết định 06/2019/QĐ-TTg): the criteria, their scoring, the
recognition procedure, and the share of recognised communes at each level.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from childprotect._lazy import exports

if TYPE_CHECKING:
    from childprotect.communes.criteria import CriteriaStandard, Criterion, criterion, standard
    from childprotect.communes.evaluation import (
        CommuneEvaluation,
        CommuneResult,
        EvaluationFile,
        RecognitionRule,
        evaluate,
        evaluate_commune,
        recognition_rule,
    )
    from childprotect.communes.procedure import Procedure
    from childprotect.communes.scoring import ScoringTable, load_table, score_criteria
    from childprotect.communes.shares import (
        ShareTarget,
        UnitShare,
        national_share_targets,
        who_must_act,
    )

__all__ = [
    "CommuneEvaluation",
    "CommuneResult",
    "CriteriaStandard",
    "Criterion",
    "EvaluationFile",
    "Procedure",
    "RecognitionRule",
    "ScoringTable",
    "ShareTarget",
    "UnitShare",
    "criterion",
    "evaluate",
    "evaluate_commune",
    "load_table",
    "national_share_targets",
    "recognition_rule",
    "score_criteria",
    "standard",
    "who_must_act",
]

#: Where each public name lives.
_NAMES = {
    "CriteriaStandard": "criteria",
    "Criterion": "criteria",
    "criterion": "criteria",
    "standard": "criteria",
    "ScoringTable": "scoring",
    "load_table": "scoring",
    "score_criteria": "scoring",
    "Procedure": "procedure",
    "CommuneEvaluation": "evaluation",
    "CommuneResult": "evaluation",
    "EvaluationFile": "evaluation",
    "RecognitionRule": "evaluation",
    "evaluate": "evaluation",
    "evaluate_commune": "evaluation",
    "recognition_rule": "evaluation",
    "ShareTarget": "shares",
    "UnitShare": "shares",
    "national_share_targets": "shares",
    "who_must_act": "shares",
}

__getattr__, __dir__ = exports(__name__, _NAMES)
