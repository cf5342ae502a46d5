"""The main job as tables, text and JSON: shared by ``demo``, ``report`` and the HTML report.

Labels are Vietnamese by default and English with ``lang="en"``; the domain texts (target
wording, agency names) come from the data.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from childprotect.i18n import pick
from childprotect.tables.display import Table

if TYPE_CHECKING:
    from childprotect.mainjob.job import MainJob, Outcome

__all__ = ["LABELS", "STATUSES", "as_json", "job_tables", "label", "render_text", "target_label"]

#: The statuses the main job gives a target at a unit.
STATUSES = ("met", "not-met", "on-track", "off-track", "no-data", "not-assessable")

LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "synthetic": "DỮ LIỆU TỔNG HỢP: số liệu được tạo ra để minh họa, không phải số liệu thật",
        "as_of": "Ngày xem xét", "plan": "Kế hoạch", "data": "Dữ liệu",
        "reported": "{r}/{e} xã báo cáo năm {p}",
        "province": "Chỉ tiêu ở cấp {name} (năm {p})",
        "levels": "Mọi cấp: số chỉ tiêu theo tình trạng",
        "communes": "Cấp xã: số xã theo tình trạng, từng chỉ tiêu",
        "holders": "Ai chịu trách nhiệm từng chỉ tiêu vào ngày {on}",
        "deadlines": "Hạn báo cáo sắp tới",
        "deadlines_last": "Hạn báo cáo của năm cuối kế hoạch ({y}); kỳ kế hoạch đã kết thúc",
        "anomalies": "Điểm bất thường", "plan_anomalies": "Trong văn bản kế hoạch",
        "data_anomalies": "Trong dữ liệu", "none": "không có",
        "not_assessed": "Chỉ tiêu không đánh giá từ dữ liệu",
        "unavailable": "Phần chưa có trong bản cài đặt này",
        "target": "chỉ tiêu", "goal": "mục tiêu", "observed": "kết quả", "status": "tình trạng",
        "detail": "giải thích", "unit": "đơn vị", "level": "cấp", "code": "mã",
        "why": "lý do", "reporting": "xã báo cáo", "what": "nội dung",
        "met": "đạt", "not-met": "không đạt", "on-track": "đúng tiến độ",
        "off-track": "chậm tiến độ", "no-data": "không có số liệu",
        "not-assessable": "không đánh giá được",
    },
    "en": {
        "synthetic": "SYNTHETIC DATA: invented for the demo, not real figures",
        "as_of": "As of", "plan": "Plan", "data": "Data",
        "reported": "{r} of {e} communes reported in {p}",
        "province": "Targets at the level of {name} ({p})",
        "levels": "Every level: targets by status",
        "communes": "Commune level: communes by status, for each target",
        "holders": "Who holds each target on {on}",
        "deadlines": "Coming reporting deadlines",
        "deadlines_last": "Reporting deadlines of the plan's last year ({y}); the plan's "
        "period is over",
        "anomalies": "Anomalies", "plan_anomalies": "In the plan's text",
        "data_anomalies": "In the data", "none": "none",
        "not_assessed": "Targets not assessed from the data",
        "unavailable": "Parts not available in this installation",
        "target": "target", "goal": "goal", "observed": "observed", "status": "status",
        "detail": "detail", "unit": "unit", "level": "level", "code": "code", "why": "why",
        "reporting": "communes reporting", "what": "what",
        "met": "met", "not-met": "not met", "on-track": "on track", "off-track": "off track",
        "no-data": "no data", "not-assessable": "not assessable",
    },
}


def label(key: str, lang: str, **kw: object) -> str:
    text = LABELS.get(lang, LABELS["en"])[key]
    return text.format(**kw) if kw else text


def _num(value: Fraction | Decimal | None, places: int = 2) -> str:
    if value is None:
        return "—"
    d = Decimal(value.numerator) / Decimal(value.denominator) if isinstance(value, Fraction) \
        else value
    if d == d.to_integral_value():
        return str(int(d))
    q = d.quantize(Decimal(1).scaleb(-places), ROUND_HALF_EVEN)
    if q == 0 and d != 0:  # tiny rates (0.005 %) keep their digits
        q = d.quantize(Decimal(1).scaleb(-4), ROUND_HALF_EVEN)
    return format(q, "f")


def target_label(job: MainJob, target_id: str, lang: str) -> str:
    """The target's wording in ``lang`` (its English summary, or the verbatim text)."""
    t = job.plan.target(target_id)
    return pick(t.text_vi, t.text_en, lang)


def goal_text(job: MainJob, o: Outcome) -> str:
    t = job.plan.target(o.target_id)
    sym = t.comparator.symbol
    if t.value is None:
        return sym
    value = format(t.value.normalize(), "f") if t.value == t.value.to_integral_value() \
        else format(t.value, "f")
    upper = f"–{format(t.upper, 'f')}" if t.upper is not None else ""
    year = f" ({t.year})" if t.year else ""
    return f"{sym} {value}{upper}{o.unit_symbol}{year}"


def _status(status: str, lang: str) -> str:
    return label(status, lang)


def _short(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def province_table(job: MainJob, code: str, lang: str, *, wording: bool = False) -> Table:
    """The targets at one unit; ``wording`` adds each target's text (for the report)."""
    rows = []
    for o in job.outcomes.get(code, ()):
        what = (_short(target_label(job, o.target_id, lang)),) if wording else ()
        rows.append((o.target_id, *what, goal_text(job, o), _num(o.observed) + o.unit_symbol,
                     _status(o.status, lang), o.detail))
    what_h = (label("what", lang),) if wording else ()
    return Table((label("target", lang), *what_h, label("goal", lang), label("observed", lang),
                  label("status", lang), label("detail", lang)), rows)


def levels_table(job: MainJob, lang: str, max_depth: int = 1) -> Table:
    rows: list[tuple[Any, ...]] = []
    for u in job.units:
        if u.depth > max_depth:
            continue
        counts = job.counts(u.code)
        name = ("  " * u.depth) + pick(u.name_vi, u.name_en, lang)
        rows.append((u.code, name, u.level, f"{u.reporting}/{u.expected}",
                     *(counts[s] for s in STATUSES)))
    return Table((label("code", lang), "", label("level", lang),
                  label("reporting", lang),
                  *(label(s, lang) for s in STATUSES)), rows)


def communes_table(job: MainJob, lang: str) -> Table:
    deepest = max((u.depth for u in job.units), default=0)
    ids = [o.target_id for o in job.outcomes.get(job.root or "", ())]
    counts = {tid: dict.fromkeys(STATUSES, 0) for tid in ids}
    for u in job.units:
        if u.depth != deepest:
            continue
        for o in job.outcomes.get(u.code, ()):
            if o.target_id in counts:
                counts[o.target_id][o.status] += 1
    rows = [(tid, *(counts[tid][s] for s in STATUSES)) for tid in ids]
    return Table((label("target", lang), *(label(s, lang) for s in STATUSES)), rows)


def job_tables(job: MainJob, lang: str, *, wording: bool = False) -> dict[str, Table]:
    """Every table of the main job, by name."""
    out: dict[str, Table] = {}
    if job.root is not None:
        out["province"] = province_table(job, job.root, lang, wording=wording)
    out["levels"] = levels_table(job, lang)
    out["communes"] = communes_table(job, lang)
    if job.holders is not None:
        out["holders"] = Table(job.holder_headers, job.holders)
    if job.deadlines is not None:
        out["deadlines"] = Table(job.deadline_headers, job.deadlines)
    out["plan_anomalies"] = Table(("kind", "where", "text", "explanation"),
                                  [(a.kind, a.where, a.text.strip(), a.explanation)
                                   for a in job.anomalies])
    out["data_anomalies"] = Table(("kind", "where", "text", "explanation"),
                                  [(a.kind, a.where, a.text.strip(), a.explanation)
                                   for a in job.data_anomalies])
    out["not_assessed"] = Table((label("target", lang), label("why", lang)), job.not_assessed)
    return out


def _heading(text: str) -> str:
    return f"\n{text}\n{'=' * len(text)}"


def render_text(job: MainJob, lang: str = "vi") -> str:
    """The main job as text for a terminal."""
    d = job.plan.document
    t = job_tables(job, lang)
    last = job.periods[-1]
    lines = []
    if job.dataset.synthetic:
        lines += ["!" * 4 + " " + label("synthetic", lang) + " " + "!" * 4]
    lines += [
        f"{label('plan', lang)}: {d.number.text.replace('Số:', '').strip()} — "
        f"{d.issuer.name_vi} ({d.period}) [{job.plan.id}]",
        f"  {pick(d.title_vi, d.title_en, lang)}",
        f"{label('as_of', lang)}: {job.on.isoformat()}",
        f"{label('data', lang)}: {job.dataset.title or job.dataset.source} — "
        f"{', '.join(job.periods)}",
    ]
    if job.root is not None:
        root = job.unit(job.root)
        lines.append("  " + label("reported", lang, r=root.reporting, e=root.expected, p=last))
        lines.append(_heading(label("province", lang, name=pick(root.name_vi, root.name_en, lang),
                                    p=last)))
        lines.append(t["province"].text())
    lines.append(_heading(label("levels", lang)))
    lines.append(t["levels"].text())
    lines.append(_heading(label("communes", lang)))
    lines.append(t["communes"].text())
    if job.not_assessed:
        lines.append(_heading(label("not_assessed", lang)))
        lines.append(t["not_assessed"].text())
    lines.append(_heading(label("holders", lang, on=job.on.isoformat())))
    lines.append(t["holders"].text() if "holders" in t else
                 f"({job.unavailable.get('holders', label('none', lang))})")
    heading = label("deadlines", lang)
    if job.deadline_headers and job.deadline_headers[0].startswith("due_in_"):
        heading = label("deadlines_last", lang, y=job.plan.document.period.end)
    lines.append(_heading(heading))
    lines.append(t["deadlines"].text() if "deadlines" in t else
                 f"({job.unavailable.get('deadlines', label('none', lang))})")
    lines.append(_heading(label("anomalies", lang)))
    for key in ("plan_anomalies", "data_anomalies"):
        items = job.anomalies if key == "plan_anomalies" else job.data_anomalies
        lines.append(f"{label(key, lang)}: {len(items) or label('none', lang)}")
        for a in items:
            lines.append(f"  - [{a.severity.value}] {a.kind} at {a.where}: {a.explanation}")
    if job.unavailable:
        lines.append(_heading(label("unavailable", lang)))
        lines += [f"  - {k}: {v}" for k, v in sorted(job.unavailable.items())]
    if job.dataset.synthetic:
        lines += ["", "!" * 4 + " " + label("synthetic", lang) + " " + "!" * 4]
    return "\n".join(lines)


def _fraction(value: Fraction | None) -> str | None:
    if value is None:
        return None
    from childprotect.plans.assessment import decimal_text

    return decimal_text(value, 6)


def as_json(job: MainJob) -> dict[str, Any]:
    """The main job as JSON-ready data (exact values as decimal strings)."""
    return {
        "plan": job.plan.id,
        "on": job.on.isoformat(),
        "data": {"title": job.dataset.title, "source": job.dataset.source,
                 "synthetic": job.dataset.synthetic, "periods": list(job.periods)},
        "root": job.root,
        "units": [{"code": u.code, "name_vi": u.name_vi, "name_en": u.name_en,
                   "level": u.level, "parent": u.parent, "reporting": u.reporting,
                   "expected": u.expected} for u in job.units],
        "assessments": [
            {"unit": code, "target": o.target_id, "status": o.status,
             "observed": _fraction(o.observed), "level": _fraction(o.level),
             "year": o.year, "detail": o.detail}
            for code, outs in job.outcomes.items() for o in outs
        ],
        "not_assessed": [{"target": t, "why": w} for t, w in job.not_assessed],
        "holders": None if job.holders is None else [
            dict(zip(job.holder_headers, r, strict=True)) for r in job.holders],
        "deadlines": None if job.deadlines is None else [
            dict(zip(job.deadline_headers, r, strict=True)) for r in job.deadlines],
        "anomalies": [{"kind": a.kind, "where": a.where, "text": a.text,
                       "explanation": a.explanation, "severity": a.severity.value}
                      for a in job.anomalies],
        "data_anomalies": [{"kind": a.kind, "where": a.where, "text": a.text,
                            "explanation": a.explanation, "severity": a.severity.value}
                           for a in job.data_anomalies],
        "unavailable": dict(job.unavailable),
    }
