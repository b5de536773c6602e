"""Scans of the code: every rule is declared in the rules package (so `fuban rules`, which imports
only that package, knows it), and every refusal raised anywhere names a registered rule whose
article a clerk can read."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import desktop_app
from desktop_app.rules.registry import all_rules

ROOT = Path(desktop_app.__file__).resolve().parent
RULES_DIR = ROOT / "rules"
RULE_ID = re.compile(r"R\d{1,2}(\.\d+[a-z]?)*[a-z]?|NUM|LOG|SEALMGT|CAL\d")
ARTICLES = re.compile(r"第[一二三四五六七八九十百]+条(、第[一二三四五六七八九十百]+条)*")
WORDS = re.compile(r"[\u4e00-\u9fff]{2,}规则")
# calls whose rule ID is their first argument, and those (services.in_charge) whose second
FIRST_ARG = {"violation", "RuleViolation", "cite"}
SECOND_ARG = {"require", "require_all", "check_signer"}


def _sources() -> list[tuple[Path, ast.Module]]:
    return [
        (p, ast.parse(p.read_text(encoding="utf-8"), str(p))) for p in sorted(ROOT.rglob("*.py"))
    ]


def _name(call: ast.Call) -> str | None:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT.parent)}:{node.lineno}"


def _registered_everywhere() -> dict[str, str]:
    """rule ID → article of every rule declared anywhere in desktop_app/ (read from the code, so
    that a module being rewritten elsewhere cannot hide a declaration), with the registry's own."""
    found = {r.rule_id: r.article for r in all_rules()}
    for _path, tree in _sources():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and _name(node) in ("rule", "register")
                and len(node.args) > 1
                and all(isinstance(a, ast.Constant) for a in node.args[:2])
                and RULE_ID.fullmatch(str(node.args[0].value))
            ):
                found.setdefault(node.args[0].value, node.args[1].value)
    return found


def _declarations() -> list[tuple[str, str]]:
    """(place, rule ID) of every @rule(...) / register(...) with a rule ID, anywhere."""
    found = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and _name(node) in ("rule", "register")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
                and RULE_ID.fullmatch(node.args[0].value)
            ):
                found.append((_where(path, node), node.args[0].value))
    return found


def test_the_scan_finds_the_declarations():
    places = _declarations()
    assert len(places) > 50
    assert any(p.startswith("desktop_app/rules/seals.py") and i == "LOG" for p, i in places)


def test_R23_7_2_every_rule_is_declared_in_the_rules_package():
    """`fuban rules` imports only desktop_app.rules: a rule declared elsewhere is missing from it
    (R23.7.2 was: 66 rules on the command line, 67 in the app)."""
    outside = [
        f"{place} {rule_id}"
        for place, rule_id in _declarations()
        if not place.startswith("desktop_app/rules/")
    ]
    assert outside == []


def _bounded(expr: ast.expr, helpers: dict[str, ast.FunctionDef] | None = None) -> bool:
    """A rule ID passed as a value must be a literal or come from one (a name, an attribute such
    as step.rule_id, an item of a table, a choice between such, or a small helper of the same
    module whose every return is such) — never text computed at run time (f-strings,
    concatenation, other calls), which no scan or reader can check."""
    if isinstance(expr, ast.Constant):
        return isinstance(expr.value, str)
    if isinstance(expr, ast.Name | ast.Attribute):
        return True
    if isinstance(expr, ast.Subscript):
        return _bounded(expr.value) if not isinstance(expr.value, ast.Constant) else False
    if isinstance(expr, ast.IfExp):
        return _bounded(expr.body, helpers) and _bounded(expr.orelse, helpers)
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and helpers:
        fn = helpers.get(expr.func.id)
        returns = [r.value for r in ast.walk(fn) if isinstance(r, ast.Return)] if fn else []
        return bool(returns) and all(r is not None and _bounded(r) for r in returns)
    return False


def _helpers(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    return {f.name: f for f in tree.body if isinstance(f, ast.FunctionDef)}


def _refusal_sites():
    """(place, rule ID expression, call, the module's helpers) of every refusal or citation made
    in desktop_app/."""
    for path, tree in _sources():
        if path == RULES_DIR / "registry.py":
            continue  # the definitions themselves
        helpers = _helpers(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node)
            if name in FIRST_ARG and node.args:
                yield _where(path, node), node.args[0], node, helpers
            elif (
                name in SECOND_ARG
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "in_charge"
            ):
                arg = (
                    node.args[1]
                    if len(node.args) > 1
                    else next((k.value for k in node.keywords if k.arg == "rule_id"), None)
                )
                if arg is not None:
                    yield _where(path, node), arg, node, helpers


def test_every_refusal_names_a_registered_rule_with_an_article():
    """(a) Each violation()/RuleViolation()/cite() call and each in_charge.require/check_signer
    names its rule by a literal or a value bounded by literals; each literal is registered, and
    its article is 「第…条」 or the rule's name in words, never a bare ID."""
    registered = _registered_everywhere()
    sites = list(_refusal_sites())
    assert len(sites) > 30
    problems = []
    for place, expr, _call, helpers in sites:
        if not _bounded(expr, helpers):
            problems.append(f"{place}: rule ID computed at run time: {ast.unparse(expr)}")
        for leaf in ast.walk(expr):
            if isinstance(leaf, ast.Constant) and isinstance(leaf.value, str):
                article = registered.get(leaf.value)
                if article is None:
                    problems.append(f"{place}: {leaf.value!r} is not a registered rule")
                elif not (ARTICLES.fullmatch(article) or WORDS.fullmatch(article)):
                    problems.append(f"{place}: {leaf.value} cites {article!r}")
    assert problems == []


def test_every_rule_id_written_in_the_code_is_registered():
    """The values behind a bounded rule ID (a table of steps, a requirement's rule_id) are
    literals somewhere in the code: every literal that is a rule ID must be registered."""
    registered = _registered_everywhere()
    unknown = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and RULE_ID.fullmatch(node.value)
                and node.value not in registered
            ):
                unknown.append(f"{_where(path, node)} {node.value}")
    assert unknown == []


def test_a_rule_violation_built_by_hand_still_carries_a_citation():
    """RuleViolation(...) outside the registry must be given a cite(...) message."""
    bare = []
    for place, _expr, call, _mod in _refusal_sites():
        if _name(call) == "RuleViolation":
            message = call.args[1] if len(call.args) > 1 else None
            if not (isinstance(message, ast.Call) and _name(message) == "cite"):
                bare.append(place)
    assert bare == []


def test_the_bounded_check_refuses_computed_ids():
    assert _bounded(ast.parse('"R45.1"', mode="eval").body)
    assert _bounded(ast.parse("step.rule_id", mode="eval").body)
    assert _bounded(ast.parse("STEPS[s].rule_id if s in STEPS else 'R62.3'", mode="eval").body)
    assert not _bounded(ast.parse('f"R{n}"', mode="eval").body)
    assert not _bounded(ast.parse('"R" + n', mode="eval").body)
    module = ast.parse(
        'def asking(issuer):\n    return "R34" if issuer == "office" else "R33.1"\n'
        'def made(n):\n    return f"R{n}"\n'
    )
    helpers = _helpers(module)
    assert _bounded(ast.parse("asking(x)", mode="eval").body, helpers)
    assert not _bounded(ast.parse("made(x)", mode="eval").body, helpers)
    assert not _bounded(ast.parse("unknown(x)", mode="eval").body, helpers)
