"""Command-line options: what a run without flags gets.

Scripts set model sizes, aggregations and clipping through ``argparse``: ``parser.add_argument(
'--num_layers', type=int, default=64)`` and later ``Net(args.num_layers)``. The defaults are the
values a plain run uses, so depth (GNN401, GNN603), the model a string option names (``eval(
args.model)``) and Lightning's ``gradient_clip_val`` are read from them. This module is the one
reader of ``add_argument`` calls; the callers decide which calls (the file's own, or the
project's command line as it reaches the file) they read.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from glob import escape as glob_escape
from pathlib import Path
from typing import TYPE_CHECKING

import libcst as cst

from gnnlint.analysis import arms
from gnnlint.analysis.configs import SUFFIXES, Scalar, Value, read_config
from gnnlint.analysis.graph import Scope
from gnnlint.analysis.passed import passed_arguments, site_of
from gnnlint.analysis.scopes import argument, dotted_name, number
from gnnlint.cst_walk import descendants

if TYPE_CHECKING:
    from gnnlint.analysis.graph import GraphFacts, Store

# The methods of an ``argparse.ArgumentParser`` that return the parsed namespace (the second
# returns it as the first element of a pair, with the arguments it did not know).
_PARSES = ("parse_args", "parse_known_args")
# How many assignments, returns and calls a namespace is followed through.
_MAX_HOPS = 16


def add_argument_calls(tree: cst.CSTNode) -> list[cst.Call]:
    """Every ``<parser>.add_argument(...)`` call in ``tree``, in source order."""
    return [node for node in descendants(tree)
            if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)
            and node.func.attr.value == "add_argument"]


def option_dest(call: cst.Call) -> str | None:
    """The attribute an ``add_argument`` call sets on the parsed namespace, as argparse names it:
    ``dest=`` if given, else the first long flag (``-l, --num-layers`` -> ``num_layers``), else the
    first flag, with its dashes dropped."""
    dest = argument(call, None, "dest")
    if isinstance(dest, cst.SimpleString):
        return _text(dest)
    flags = [text for arg in call.args if arg.keyword is None and isinstance(arg.value, cst.SimpleString)
             and (text := _text(arg.value)) is not None]
    chosen = next((flag for flag in flags if flag.startswith("--")), flags[0] if flags else None)
    return chosen.lstrip("-").replace("-", "_") if chosen is not None else None


def _text(string: cst.SimpleString) -> str | None:
    """The string's value, or None for a text Python would reject (a bad escape libcst accepts)."""
    try:
        value = string.evaluated_value
    except (SyntaxError, ValueError):
        return None
    return value if isinstance(value, str) else None


def option_default(call: cst.Call) -> cst.BaseExpression | None:
    """The ``default=`` an ``add_argument`` call gives, as written."""
    return argument(call, None, "default")


def numeric_defaults(calls: Iterable[cst.Call]) -> dict[str, float]:
    """``dest -> default`` of each option with a literal number default; a later call for the same
    option wins (the file's own parser, listed last, over the project's)."""
    found: dict[str, float] = {}
    for call in calls:
        dest, default = option_dest(call), number(option_default(call))
        if dest is not None and default is not None:
            found[dest] = default
    return found


def string_defaults(calls: Iterable[cst.Call]) -> dict[str, cst.SimpleString]:
    """``dest -> default`` of each option with a literal string default; a later call wins."""
    found: dict[str, cst.SimpleString] = {}
    for call in calls:
        dest, default = option_dest(call), option_default(call)
        if dest is not None and isinstance(default, cst.SimpleString):
            found[dest] = default
    return found


def agreed(calls: Iterable[cst.Call]) -> list[cst.Call]:
    """One call per option, leaving out options that two parsers give different defaults: a
    project with several entry scripts may set one option differently in each."""
    by_dest: dict[str, list[cst.Call]] = {}
    for call in calls:
        dest = option_dest(call)
        if dest is not None:
            by_dest.setdefault(dest, []).append(call)
    return [first for first, *others in by_dest.values()
            if all(_same_default(first, other) for other in others)]


def switch_default(test: cst.BaseExpression, scope: Scope, at: int) -> bool | None:
    """Whether a run without flags takes an ``if`` on ``test`` read at statement ``at`` of
    ``scope``: ``args.flag``, ``not args.flag``, ``args.option ==/!=/in/not in`` literals, ``args``
    a parsed command line, judged at the option's default (a merged configuration file's value
    first). None where the test reads anything else or the default is not known."""
    def resolve(expr: cst.BaseExpression) -> object:
        return default_of(expr, scope, at) if isinstance(expr, cst.Attribute) else arms.UNDECIDED

    return arms.decide(test, resolve)


_UNKNOWN = arms.UNDECIDED


def default_of(read: cst.Attribute, scope: Scope, at: int) -> object:
    """What ``args.option`` holds in a run without flags (a string, number, bool or None), else
    ``arms.UNDECIDED``."""
    graph = scope.graph
    if graph is None or not holds_parsed_namespace(read.value, scope, at):
        return _UNKNOWN
    option = read.attr.value
    command_line = command_line_of(graph)
    calls = [call for call in command_line if option_dest(call) == option]
    merged = config_values(graph, {d for call in command_line if (d := option_dest(call))})
    if option in merged:
        return merged[option]
    if not calls:
        return _UNKNOWN
    call = calls[-1]
    default = option_default(call)
    if default is None:
        action = argument(call, None, "action")
        text = _text(action) if isinstance(action, cst.SimpleString) else None
        return {"store_true": False, "store_false": True}.get(text or "", None if action is None else _UNKNOWN)
    return arms.literal(default)


def _same_default(one: cst.Call, other: cst.Call) -> bool:
    first, second = option_default(one), option_default(other)
    return first is None and second is None or (
        first is not None and second is not None and first.deep_equals(second))


def holds_parsed_namespace(expr: cst.BaseExpression, scope: Scope, at: int, hops: int = 0) -> bool:
    """Whether ``expr``, read at statement ``at`` of ``scope``, holds the namespace a parser's
    ``parse_args()`` (or ``parse_known_args()[0]``) returns, so that ``expr.option`` is the option's
    command-line value: built by that call, returned by a project function that builds it, or a
    parameter that every call of its function passes such a value. Decided by where the value
    comes from, never by what it is called."""
    graph = scope.graph
    if graph is None or hops > _MAX_HOPS:
        return False
    if isinstance(expr, cst.Call):
        if _parses(expr, scope) and expr.func.attr.value == "parse_args":  # type: ignore[attr-defined]
            return True
        function = graph.function_for(expr, scope, at)
        return function is not None and bool(function.returns) and all(
            holds_parsed_namespace(value, function, order, hops + 1) for value, order in function.returns)
    if isinstance(expr, cst.Subscript):  # parser.parse_known_args()[0]
        return isinstance(expr.value, cst.Call) and _parses(expr.value, scope) and len(expr.slice) == 1 \
            and isinstance(expr.slice[0].slice, cst.Index) and number(expr.slice[0].slice.value) == 0
    name = dotted_name(expr)
    if name is None:
        return False
    if graph.facts.qualified_name(expr) is not None:
        return _imported_namespace(graph, graph.facts.qualified_name(expr) or "", hops)
    store, home = graph.lookup(name, scope, at)
    if store is None and name.startswith("self.") and name.count(".") == 1 and scope.kind == "function":
        inherited = inherited_stores(scope.parent, name)
        return bool(inherited) and all(
            each.kind == "assign" and each.value is not None and each.where is not None
            and holds_parsed_namespace(each.value, each.where, each.order, hops + 1) for each in inherited)
    if store is None or home is None:
        return False
    where = store.where or home
    if store.kind == "assign" and store.value is not None:
        return holds_parsed_namespace(store.value, where, store.order, hops + 1)
    if store.kind == "unpack" and store.index == 0 and isinstance(store.value, cst.Call):
        return _parses(store.value, where)  # args, unknown = parser.parse_known_args()
    if store.kind == "param" and home.kind == "function":
        passed = passed_arguments(home, name)
        return bool(passed) and all(holds_parsed_namespace(value, caller, order, hops + 1)
                                    for value, caller, order in passed)
    return False


def _imported_namespace(graph: GraphFacts, qualified: str, hops: int) -> bool:
    """``from config import args``: a module-level name of a project module that holds a parsed
    command line there (``args = get_params()``)."""
    where = graph._where(qualified)
    other = graph.project.facts_of(where[0]) if where is not None and graph.project is not None else None
    if other is None or where is None or "." in where[1]:
        return False
    scope = other.module_scope
    return holds_parsed_namespace(cst.Name(where[1]), scope, 10**9, hops + 1)  # read after the whole module


# How many classes up a class's bases are searched for what they store on ``self``.
_BASE_DEPTH = 3


def inherited_stores(cls: Scope | None, name: str, depth: int = 0) -> list[Store]:
    """The stores of ``self.x`` (``name``) that the project base classes of the class ``cls``
    make, when ``cls`` makes none itself: ``self.arg = parser.parse_args()`` in a method of a base
    class in another module, which the subclass's methods then read. The nearest base that stores
    the attribute wins, as attribute lookup does."""
    if cls is None or cls.kind != "class" or not isinstance(cls.node, cst.ClassDef) or cls.graph is None \
            or depth > _BASE_DEPTH:
        return []
    for base in cls.node.bases:
        home = _base_scope(base.value, cls.graph)
        if home is None or home is cls:
            continue
        stores = [s for s in home.stores.get(name, []) if s.kind != "subscript"]
        found = stores or inherited_stores(home, name, depth + 1)
        if found:
            return found
    return []


def _base_scope(base: cst.BaseExpression, graph: GraphFacts) -> Scope | None:
    """The class scope of a base class of the project: of this module, or of the module an import
    names (resolved as the project resolves it)."""
    name = dotted_name(base)
    if name is None:
        return None
    qualified = graph.facts.qualified_name(base)
    other: GraphFacts | None = graph
    if qualified is not None:
        where = graph.project.resolve(graph.path, qualified) if graph.project is not None else None
        other = graph.project.facts_of(where[0]) if where is not None else None  # type: ignore[union-attr]
        name = where[1] if where is not None else name
    if other is None:
        return None
    return next((s for s in other.scopes if s.kind == "class" and s.name == name), None)


def _parses(call: cst.Call, scope: Scope) -> bool:
    """``<parser>.parse_args(...)`` or ``.parse_known_args(...)`` of argparse (or of a parser the
    imports do not name: a parser built in the file)."""
    if not isinstance(call.func, cst.Attribute) or call.func.attr.value not in _PARSES or scope.graph is None:
        return False
    qualified = scope.graph.facts.qualified_name(call.func)
    return qualified is None or qualified.startswith("argparse") or _project_parser(call.func.value, scope)


def _project_parser(receiver: cst.BaseExpression, scope: Scope) -> bool:
    """``options.parser`` of ``options.parser.parse_args()``: a parser another module of the
    project builds at its top level (``parser = argparse.ArgumentParser()``)."""
    graph = scope.graph
    qualified = graph.facts.qualified_name(receiver) if graph is not None else None
    where = graph.project.resolve(graph.path, qualified) \
        if graph is not None and graph.project is not None and qualified is not None else None
    other = graph.project.facts_of(where[0]) if where is not None else None  # type: ignore[union-attr]
    stores = other.module_scope.stores.get(where[1], []) if other is not None else []  # type: ignore[index]
    built = stores[-1].value if stores else None
    return isinstance(built, cst.Call) and (other.facts.call_name(built) or "").startswith("argparse.")  # type: ignore[union-attr]


# -- values merged from configuration files --------------------------------------------------------

# The calls that read a configuration file's mapping from an open file.
_LOADS = frozenset({"yaml.load", "yaml.safe_load", "yaml.full_load", "yaml.unsafe_load", "json.load"})
# How many folders above a file a relative configuration path is looked for in (the run's working
# folder is usually the script's or the project's root).
_CONFIG_BASES = 3


@dataclasses.dataclass(frozen=True)
class _Merge:
    """The mappings one load-and-merge of a configuration file may put into the options: one for a
    file (or section) the run is known to pick, several when it is picked at run time. With
    ``fitted``, the file is named on the command line with no default and the candidates are the
    project's configuration files: only those whose every key is an option of the command line
    that reads the value can be one of its runs' files."""

    mappings: tuple[dict[str, Value], ...]
    fitted: bool = False


def config_values(graph: GraphFacts, dests: set[str] | None = None) -> dict[str, Scalar]:
    """``option -> value`` that configuration files put into the parsed command line of the module
    of ``graph`` or of the project modules it reaches by imports: a YAML/JSON file loaded and merged
    into the namespace (``parser.set_defaults(**config)``, ``setattr(args, k, v)`` over its items,
    ``vars(args).update(config)``). A value counts only where it is the run's: the file (or section)
    the run picks by default, or, when it is picked at run time, the value every candidate that sets
    the option agrees on. ``dests``: the options of the command line that reads the values (files
    found across the project count only when they fit it)."""
    found: dict[str, Scalar] = {}
    dropped: set[str] = set()
    for merge in _merges_reaching(graph):
        candidates = [m for m in merge.mappings
                      if not merge.fitted or dests is not None and len(m) > 1 and set(m) <= dests]
        for option in {key for mapping in candidates for key in mapping}:
            values = [mapping[option] for mapping in candidates if option in mapping]
            value = values[0]
            agree = _is_scalar(value) and all(type(v) is type(value) and v == value for v in values)
            if not agree or option in found and found[option] != value:
                dropped.add(option)
            else:
                found[option] = value  # type: ignore[assignment]
    return {option: value for option, value in found.items() if option not in dropped}


def _merges_reaching(graph: GraphFacts) -> list[_Merge]:
    project = graph.project
    if project is None:
        return []
    memo = project.this_lint
    key = ("configs", graph.path)
    if key in memo:
        held = memo[key]
        assert isinstance(held, list)
        return held
    found = [merge for other in [graph, *_imported_graphs(graph)] for scope in other.scopes
             if scope.kind in ("function", "module") for merge in _merged_mappings(scope)]
    if graph.complete:  # a module still being walked: the calls that pass its paths come later
        memo[key] = found
    return found


def config_texts(expr: cst.BaseExpression, call: cst.Call, graph: GraphFacts | None) -> list[str]:
    """The string configuration files give the option ``expr`` reads, ``expr`` an argument of
    ``call`` (``gnn_type=args.gnn_type`` with ``args`` the parsed command line): see
    :func:`config_values`."""
    if not isinstance(expr, cst.Attribute) or graph is None:
        return []
    value = config_values(graph).get(expr.attr.value)
    where = site_of(graph, call) if isinstance(value, str) else None
    return [value] if isinstance(value, str) and where is not None and holds_parsed_namespace(expr.value, *where) \
        else []


def _is_scalar(value: object) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


# How many imports away from a module the modules whose config loads count are (a trainer's base
# class in another module of the package loads the file).
_IMPORT_DEPTH = 2


def _imported_graphs(graph: GraphFacts) -> list[GraphFacts]:
    from gnnlint.analysis.project_models import _imported_modules

    project = graph.project
    found: list[GraphFacts] = []
    frontier = [graph]
    for _ in range(_IMPORT_DEPTH if project is not None else 0):
        reached: list[GraphFacts] = []
        for each in frontier:
            for name in _imported_modules(each.context.module):
                target = project.module_file(each.path, name)  # type: ignore[union-attr]
                other = project.facts_of(target) if target is not None else None  # type: ignore[union-attr]
                if other is not None and other is not graph and other not in found:
                    found.append(other)
                    reached.append(other)
        frontier = reached
    return found


def _merged_mappings(scope: Scope) -> list[_Merge]:
    """What configuration files ``scope``'s own statements load and merge into a parsed namespace
    (or its parser's defaults)."""
    loaded: dict[str, _Merge] = {}  # name -> the mappings it may hold
    opened: dict[str, cst.BaseExpression] = {}  # `with open(path) as f`: f -> path
    nodes = list(_own_nodes(scope))
    for node in nodes:
        if isinstance(node, cst.WithItem) and isinstance(node.item, cst.Call) and node.asname is not None \
                and isinstance(node.asname.name, cst.Name) and dotted_name(node.item.func) == "open" \
                and node.item.args:
            opened[node.asname.name.value] = node.item.args[0].value
    for node in nodes:
        if isinstance(node, cst.Assign) and len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            name, value = node.targets[0].target.value, node.value
            merge = _load(value, opened, scope)
            if merge is not None:
                loaded[name] = merge
            elif isinstance(value, cst.Subscript) and isinstance(value.value, cst.Name) \
                    and value.value.value in loaded and len(value.slice) == 1 \
                    and isinstance(value.slice[0].slice, cst.Index):
                # `config = configs[args.dataset]`: the section a run picks (the option's default
                # one), any of them if that is not known
                order = next((store.order for store in scope.stores.get(name, []) if store.value is value), None)
                picked = _picked_key(value.slice[0].slice.value, scope, order)
                held = loaded[value.value.value]
                loaded[name] = _Merge(tuple(section for mapping in held.mappings for label, section in mapping.items()
                                            if isinstance(section, dict) and (picked is None or label == picked)),
                                      held.fitted)
    found = [loaded.get(merged.value) if isinstance(merged, cst.Name) else _load(merged, opened, scope)
             for merged in _merges(nodes, scope)]
    return [merge for merge in found if merge is not None]


def _load(value: cst.BaseExpression, opened: dict[str, cst.BaseExpression], scope: Scope) -> _Merge | None:
    """What a load of a configuration file (``yaml.safe_load(f)`` with ``f`` opened on a path,
    ``json.load(open(path))``) may hold; None for anything else or a file that cannot be found."""
    if not isinstance(value, cst.Call) or dotted_name(value.func) not in _LOADS or not value.args:
        return None
    source = value.args[0].value
    path = opened.get(source.value) if isinstance(source, cst.Name) else \
        source.args[0].value if isinstance(source, cst.Call) and dotted_name(source.func) == "open" \
        and source.args else None
    files, fitted = _config_files(path, scope, value) if path is not None else ([], False)
    mappings = tuple(m for f in files if (m := _read(f, scope)) is not None)
    return _Merge(mappings, fitted) if mappings else None


def _picked_key(index: cst.BaseExpression, scope: Scope, at: int | None) -> str | None:
    """The section key ``index`` (read at statement ``at``) gives: a literal, or the string default
    of the option it reads."""
    if isinstance(index, cst.SimpleString):
        return _text(index)
    graph = scope.graph
    if graph is None or at is None or not isinstance(index, cst.Attribute) \
            or not holds_parsed_namespace(index.value, scope, at):
        return None
    default = string_defaults(command_line_of(graph)).get(index.attr.value)
    return _text(default) if default is not None else None


def command_line_of(graph: GraphFacts) -> list[cst.Call]:
    """The ``add_argument`` calls of the command line as it reaches the module of ``graph``."""
    from gnnlint.analysis.project_models import project_options

    module = graph.context.module
    memo = graph.project.this_lint if graph.project is not None else {}
    found = memo.get(("command line", graph.path))
    if found is None:  # (asked for at every option read: the module is walked once per linted file)
        found = memo[("command line", graph.path)] = \
            [*agreed(project_options(str(graph.path), module)), *add_argument_calls(module)]
    return found  # type: ignore[return-value]


def _merges(nodes: list[cst.CSTNode], scope: Scope) -> list[cst.Name | cst.Call]:
    """The mappings ``scope`` merges into a parsed namespace or a parser's defaults: names holding
    them, or loads written in the merging call (``parser.set_defaults(**yaml.safe_load(f))``)."""
    found: list[cst.Name | cst.Call] = []
    for node in nodes:
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            method, args = node.func.attr.value, node.args
            merged = args[0].value if len(args) == 1 else None
            if not isinstance(merged, (cst.Name, cst.Call)):
                continue
            if method == "set_defaults" and args[0].star == "**":
                found.append(merged)  # parser.set_defaults(**config)
            elif method == "update" and _namespace_dict(node.func.value, node, scope):
                found.append(merged)  # vars(args).update(config)
        elif isinstance(node, cst.For) and isinstance(node.iter, cst.Call) and isinstance(node.iter.func, cst.Attribute) \
                and node.iter.func.attr.value == "items" and isinstance(node.iter.func.value, cst.Name) \
                and isinstance(node.target, cst.Tuple) and len(node.target.elements) == 2:
            # for k, v in config.items(): setattr(args, k, v)
            key, value = (element.value for element in node.target.elements)
            for inner in descendants(node.body):
                if isinstance(inner, cst.Call) and dotted_name(inner.func) == "setattr" and len(inner.args) == 3 \
                        and inner.args[1].value.deep_equals(key) and inner.args[2].value.deep_equals(value) \
                        and _namespace(inner.args[0].value, inner, scope):
                    found.append(node.iter.func.value)
    return found


def _namespace_dict(expr: cst.BaseExpression, call: cst.Call, scope: Scope) -> bool:
    """``vars(args)`` or ``args.__dict__`` of a parsed namespace."""
    if isinstance(expr, cst.Call) and dotted_name(expr.func) == "vars" and len(expr.args) == 1:
        return _namespace(expr.args[0].value, call, scope)
    return isinstance(expr, cst.Attribute) and expr.attr.value == "__dict__" and _namespace(expr.value, call, scope)


def _namespace(expr: cst.BaseExpression, call: cst.Call, scope: Scope) -> bool:
    graph = scope.graph
    where = site_of(graph, call) if graph is not None else None
    return where is not None and holds_parsed_namespace(expr, *where)


def _own_nodes(scope: Scope) -> Iterable[cst.CSTNode]:
    """The nodes of ``scope``'s own statements: not those of the functions and classes it defines."""
    body = scope.node.body if isinstance(scope.node, cst.Module) else \
        scope.node.body.body if isinstance(scope.node, cst.FunctionDef) and isinstance(scope.node.body, cst.IndentedBlock) \
        else []
    stack: list[cst.CSTNode] = list(reversed(body))
    while stack:  # in source order: a section is picked from what was loaded before it
        node = stack.pop()
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            continue
        yield node
        stack.extend(reversed(node.children))


def _read(path: Path, scope: Scope) -> dict[str, Value] | None:
    project = scope.graph.project if scope.graph is not None else None
    return project.config_of(path) if project is not None else read_config(path)


def _config_files(path: cst.BaseExpression, scope: Scope, load: cst.Call, hops: int = 0) -> tuple[list[Path], bool]:
    """The configuration files a path expression may name: a literal, ``os.path.join`` of literals
    and run-time parts (matched as ``*`` against the files there), an f-string, a parameter of
    the function that its callers pass such a path, or an option of the parsed command line (its
    default file; with no default, any configuration file of the project: the second element is
    then True). Relative paths are looked up from the module's folder and a few folders above it
    (where the run starts)."""
    graph = scope.graph
    if graph is None or hops > 2:
        return [], False
    if isinstance(path, cst.Name) and scope.kind == "function" and path.value in scope.params:
        found = [_config_files(value, caller, load, hops + 1) for value, caller, _ in passed_arguments(scope, path.value)]
        return [f for files, _ in found for f in files], any(fitted for _, fitted in found)
    if isinstance(path, cst.Attribute) and graph.project is not None:
        where = site_of(graph, load)
        if where is None or not holds_parsed_namespace(path.value, *where):
            return [], False
        default = next((option_default(c) for c in reversed(command_line_of(graph)) if option_dest(c) == path.attr.value),
                       None)
        if default is not None and not (isinstance(default, cst.Name) and default.value == "None"):
            return _config_files(default, scope, load, hops + 1)
        return graph.project.config_files(graph.path), True
    pattern = _pattern(path)
    if pattern is None or not pattern.endswith(SUFFIXES) or Path(pattern).is_absolute() \
            or ".." in Path(pattern).parts or "*" in pattern.rpartition("/")[0]:
        return [], False
    project = graph.project
    base = graph.path.parent
    for _ in range(_CONFIG_BASES + 1):
        where_file = base / pattern
        matched = project.matching(where_file.parent, where_file.name) if project is not None else \
            sorted(p for p in where_file.parent.glob(where_file.name) if p.is_file())
        if matched:
            return matched, False
        base = base.parent
    return [], False


def _pattern(expr: cst.BaseExpression) -> str | None:
    """A path expression as a glob pattern: literal parts kept, run-time parts as ``*``."""
    if isinstance(expr, cst.SimpleString):
        text = _text(expr)
        return glob_escape(text) if text is not None else None
    if isinstance(expr, cst.FormattedString):
        parts = [glob_escape(part.value) if isinstance(part, cst.FormattedStringText) else "*"
                 for part in expr.parts]
        return "".join(parts)
    if isinstance(expr, cst.Call) and dotted_name(expr.func) in ("os.path.join", "path.join") and expr.args:
        pieces = [_pattern(arg.value) if not isinstance(arg.value, cst.Name) else "*" for arg in expr.args]
        return "/".join(pieces) if all(piece is not None for piece in pieces) else None  # type: ignore[arg-type]
    return None
