"""The rules that place a child in a sub-group, as data in a small language of facts.

One rule per sub-group of Nghị định 56/2017/NĐ-CP (Điều 3–16), in
``data/groups/rules-luat-tre-em-2016.json``, evaluated with three-valued logic.

>>> rules_for("luat-tre-em-2016").rule("a.3").text
'both(dead) and care_setting = relatives'
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import attrs

from childprotect.children.facts import (
    _EXCLUSIVE,
    Answer,
    CareSetting,
    Facts,
    _consistent,
    fact_paths,
)
from childprotect.children.groups import Taxonomy
from childprotect.data import build, load_file, read_json
from childprotect.errors import UnknownName, ValidationError
from childprotect.i18n import Message

__all__ = [
    "Rule",
    "RuleSet",
    "RuleSpec",
    "load_rules",
    "rules_for",
    "rules_of",
]


# --- the rule language ------------------------------------------------------------------
#
#   expr    := term ("or" term)*
#   term    := factor ("and" factor)*
#   factor  := "not" factor | "(" expr ")" | macro | atom
#   macro   := "both" "(" names ")" | "parents" "(" names "," names ")"
#   atom    := path | path "=" NAME | path "!=" NAME | path "in" "{" NAME ("," NAME)* "}"
#   names   := NAME ("|" NAME)*
#
# ``both(a|b)``: each parent has fact a or b. ``parents(a, b)``: one parent has a and the
# other b (either way round). A bare path is a yes/no fact.

_TOKEN = re.compile(r"\s*(?:(?P<op>!=|[=(){},|])|(?P<name>[a-z_][a-z0-9_.\-]*))")


@attrs.frozen
class _Atom:
    path: str
    op: str  # "is", "=", "!=", "in"
    values: tuple[str, ...] = ()


@attrs.frozen
class _Not:
    arg: _Node


@attrs.frozen
class _All:
    args: tuple[_Node, ...]


@attrs.frozen
class _Any:
    args: tuple[_Node, ...]


_Node = _Atom | _Not | _All | _Any


class _Parser:
    def __init__(self, text: str, where: str) -> None:
        self.text, self.where = text, where
        self.tokens: list[str] = []
        pos = 0
        while pos < len(text):
            if text[pos:].strip() == "":
                break
            m = _TOKEN.match(text, pos)
            if m is None:
                raise ValidationError(
                    Message("{where}: rule {text}: unexpected character at {text2}", where=where,
                            text=repr(text), text2=repr(text[pos:pos + 10])))
            self.tokens.append(m.group("op") or m.group("name"))
            pos = m.end()
        self.i = 0

    def fail(self, msg: Message) -> Any:
        raise ValidationError(Message("{where}: rule {text}: {msg}", where=self.where,
                                      text=repr(self.text), msg=msg))

    def peek(self) -> str | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        tok = self.peek()
        if tok is None or (expected is not None and tok != expected):
            self.fail(Message("expected {expected}, found {found}",
                              expected=expected or Message("more"),
                              found=tok or Message("the end")))
        self.i += 1
        assert tok is not None
        return tok

    def parse(self) -> _Node:
        node = self.expr()
        if self.peek() is not None:
            self.fail(Message("unexpected {token}", token=repr(self.peek())))
        return node

    def expr(self) -> _Node:
        args = [self.term()]
        while self.peek() == "or":
            self.take()
            args.append(self.term())
        return args[0] if len(args) == 1 else _Any(tuple(args))

    def term(self) -> _Node:
        args = [self.factor()]
        while self.peek() == "and":
            self.take()
            args.append(self.factor())
        return args[0] if len(args) == 1 else _All(tuple(args))

    def names(self) -> tuple[str, ...]:
        out = [self.take()]
        while self.peek() == "|":
            self.take()
            out.append(self.take())
        return tuple(out)

    def factor(self) -> _Node:
        tok = self.take()
        if tok == "not":
            return _Not(self.factor())
        if tok == "(":
            node = self.expr()
            self.take(")")
            return node
        if tok in ("both", "parents") and self.peek() == "(":
            self.take("(")
            first = self.names()
            second = first
            if tok == "parents":
                self.take(",")
                second = self.names()
            self.take(")")
            if tok == "both":
                return _All((_parent_any("father", first), _parent_any("mother", first)))
            return _Any((
                _All((_parent_any("father", first), _parent_any("mother", second))),
                _All((_parent_any("mother", first), _parent_any("father", second))),
            ))
        if not re.fullmatch(r"[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?", tok):
            self.fail(Message("expected a fact, found {token}", token=repr(tok)))
        op = self.peek()
        if op in ("=", "!="):
            self.take()
            return _Atom(tok, op, (self.take(),))
        if op == "in":
            self.take()
            self.take("{")
            values = [self.take()]
            while self.peek() == ",":
                self.take()
                values.append(self.take())
            self.take("}")
            return _Atom(tok, "in", tuple(values))
        return _Atom(tok, "is")


def _parent_any(parent: str, names: tuple[str, ...]) -> _Node:
    atoms = tuple(_Atom(f"{parent}.{n}", "is") for n in names)
    return atoms[0] if len(atoms) == 1 else _Any(atoms)


def _atoms(node: _Node, negated: bool = False) -> Iterator[tuple[_Atom, bool]]:
    if isinstance(node, _Atom):
        yield node, negated
    elif isinstance(node, _Not):
        yield from _atoms(node.arg, not negated)
    else:
        for a in node.args:
            yield from _atoms(a, negated)


@attrs.frozen
class Rule:
    """A parsed rule: the text as written in the data, and its syntax tree."""

    text: str
    tree: _Node = attrs.field(repr=False, eq=False)

    @classmethod
    def parse(cls, text: str, where: str = "rule") -> Rule:
        """Parse and check a rule against the facts :class:`Facts` has.

        >>> Rule.parse("parents(dead, missing)").facts()
        ('father.dead', 'father.missing', 'mother.dead', 'mother.missing')
        >>> Rule.parse("hiv = yes")
        Traceback (most recent call last):
        ...
        childprotect.errors.ValidationError: rule: rule 'hiv = yes': fact 'hiv' is yes/no: ...
        """
        tree = _Parser(text, where).parse()
        paths = fact_paths()
        for atom, _ in _atoms(tree):
            field = paths.get(atom.path)
            if field is None:
                raise ValidationError(Message("{where}: rule {text}: unknown fact {path}",
                                              where=where, text=repr(text), path=repr(atom.path)))
            kind = field.metadata["kind"]
            if kind is bool and atom.op != "is":
                raise ValidationError(
                    Message("{where}: rule {text}: fact {path} is yes/no: write it bare or with "
                            "'not'", where=where, text=repr(text), path=repr(atom.path)))
            if kind is not bool:
                if atom.op == "is":
                    raise ValidationError(
                        Message("{where}: rule {text}: fact {path} needs '=', '!=' or 'in'",
                                where=where, text=repr(text), path=repr(atom.path)))
                allowed = [m.value for m in kind]
                for v in atom.values:
                    if v not in allowed:
                        raise ValidationError(
                            Message("{where}: rule {text}: {v} is not a value of {path} (one of "
                                    "{allowed})", where=where, text=repr(text), v=repr(v),
                                    path=repr(atom.path), allowed=allowed))
        return cls(text, tree)

    def facts(self) -> tuple[str, ...]:
        """The facts the rule reads, sorted."""
        return tuple(sorted({a.path for a, _ in _atoms(self.tree)}))

    def negated_facts(self) -> tuple[str, ...]:
        """The facts the rule reads under a negation or with ``!=`` (setting them may
        remove a group)."""
        out = {a.path for a, neg in _atoms(self.tree) if neg or a.op == "!="}
        return tuple(sorted(out))

    def evaluate(self, facts: Facts | dict[str, object]) -> tuple[Answer, tuple[str, ...]]:
        """The answer for ``facts``, and the unknown facts it read (sorted)."""
        unknown: set[str] = set()
        values = facts if isinstance(facts, dict) else _values(facts)
        answer = _eval(self.tree, values, unknown)
        return answer, tuple(sorted(unknown))


def _values(facts: Facts) -> dict[str, object]:
    """Every fact by path, with the unknown facts that the known ones imply filled in.

    A parent in prison is alive; a parent who has died is nothing else; a child living with
    both parents of whom one has died has a living other parent (see :data:`_EXCLUSIVE`).
    """
    values = {path: facts.value(path) for path in fact_paths()}
    for parent in ("father", "mother"):
        for fact, excluded in _EXCLUSIVE.items():
            here = f"{parent}.{fact}"
            for name in excluded:
                other = f"{parent}.{name}"
                if values[here] is True and values[other] is None:
                    values[other] = False
                if values[other] is True and values[here] is None:
                    values[here] = False
    if values["care_setting"] is CareSetting.PARENTS:
        for a, b in (("father", "mother"), ("mother", "father")):
            if values[f"{a}.dead"] is True and values[f"{b}.dead"] is None:
                values[f"{b}.dead"] = False
    return values


def _eval(node: _Node, values: dict[str, object], unknown: set[str]) -> Answer:
    if isinstance(node, _Atom):
        value = values[node.path]
        if value is None:
            unknown.add(node.path)
            return Answer.CANNOT_TELL
        if node.op == "is":
            return Answer.of(bool(value))
        v = value.value if isinstance(value, enum.Enum) else value
        if node.op == "=":
            return Answer.of(v == node.values[0])
        if node.op == "!=":
            return Answer.of(v != node.values[0])
        return Answer.of(v in node.values)
    if isinstance(node, _Not):
        return ~_eval(node.arg, values, unknown)
    results = [_eval(a, values, unknown) for a in node.args]
    out = results[0]
    for r in results[1:]:
        out = (out & r) if isinstance(node, _All) else (out | r)
    return out


#: The most combinations of unknown facts tried to decide a group (see :func:`classify`).
MAX_CASES = 4096


def _decide_by_cases(rules: list[Rule], facts: Facts, unknown: tuple[str, ...],
                     values: dict[str, object] | None = None) -> Answer:
    """YES if some rule holds whatever the unknown facts are, NO if none can hold."""
    import itertools

    paths = fact_paths()
    domains: list[tuple[object, ...]] = []
    size = 1
    for u in unknown:
        kind = paths[u].metadata["kind"]
        dom: tuple[object, ...] = (True, False) if kind is bool else tuple(kind)
        domains.append(dom)
        size *= len(dom)
        if size > MAX_CASES:
            return Answer.CANNOT_TELL
    seen_yes = seen_no = False
    if values is None:
        values = _values(facts)
    for combo in itertools.product(*domains):
        case = dict(values)
        case.update(zip(unknown, combo, strict=True))
        if not _consistent(case.__getitem__):
            continue  # an impossible case (e.g. a dead parent in prison)
        scratch: set[str] = set()
        hit = any(_eval(r.tree, case, scratch) is Answer.YES for r in rules)
        seen_yes |= hit
        seen_no |= not hit
        if seen_yes and seen_no:
            return Answer.CANNOT_TELL
    return Answer.YES if seen_yes else Answer.NO


@attrs.frozen
class RuleSpec:
    """One rule as written in a rules file: the sub-group it decides and its text."""

    subgroup: str
    rule: str
    note: str | None = None


@attrs.frozen
class RuleSet:
    """The rules deciding every sub-group of one taxonomy (one rule per sub-group)."""

    taxonomy: str
    rules: tuple[RuleSpec, ...]
    notes: tuple[str, ...] = ()
    _parsed: dict[str, Rule] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        parsed: dict[str, Rule] = {}
        for i, spec in enumerate(self.rules):
            where = f"rules of {self.taxonomy!r}, $.rules[{i}] ({spec.subgroup})"
            if spec.subgroup in parsed:
                raise ValidationError(Message("{where}: a second rule for sub-group {subgroup}",
                                              where=where, subgroup=repr(spec.subgroup)))
            parsed[spec.subgroup] = Rule.parse(spec.rule, where)
        object.__setattr__(self, "_parsed", parsed)

    def rule(self, subgroup: str) -> Rule:
        """The parsed rule of a sub-group code."""
        if subgroup not in self._parsed:
            raise UnknownName("rule for sub-group", subgroup, list(self._parsed)[:4])
        return self._parsed[subgroup]

    def check_against(self, taxonomy: Taxonomy) -> None:
        """Raise unless there is exactly one rule for each sub-group of ``taxonomy``."""
        want = {s.code for s in taxonomy.subgroups}
        have = set(self._parsed)
        if taxonomy.id != self.taxonomy or want != have:
            raise ValidationError(
                Message("rules of {taxonomy} do not fit taxonomy {id}: missing {value}, extra "
                        "{value2}", taxonomy=repr(self.taxonomy), id=repr(taxonomy.id),
                        value=sorted(want - have), value2=sorted(have - want)))


_RULES = {"luat-tre-em-2016": "groups/rules-luat-tre-em-2016.json"}


def rules_of(value: object, source: str = "<rules>") -> RuleSet:
    """A rule set from plain data in the bundled files' format."""
    return build(value, source, lambda f: RuleSet(
        taxonomy=f.text("taxonomy"),
        rules=f.objects("rules", lambda g: RuleSpec(
            subgroup=g.text("subgroup"), rule=g.text("rule"), note=g.optional_text("note"))),
        notes=f.texts("notes"),
    ))


@cache
def rules_for(taxonomy_id: str) -> RuleSet:
    """The bundled rules of a bundled taxonomy."""
    if taxonomy_id not in _RULES:
        raise UnknownName("rules for taxonomy", taxonomy_id, list(_RULES))
    return rules_of(read_json(_RULES[taxonomy_id]), f"data/{_RULES[taxonomy_id]}")


def load_rules(path: str | Path) -> RuleSet:
    """A rules file for a user-supplied taxonomy."""
    return rules_of(load_file(path), str(path))
