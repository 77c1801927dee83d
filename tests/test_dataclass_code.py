"""libcst's import reuses the code dataclasses compiled for its node classes on an earlier run, as
Python reuses .pyc files: the later imports compile nothing, and build the same classes."""

from __future__ import annotations

import builtins
import dataclasses
import importlib.util
import json
import marshal
import os
import subprocess
import sys
import textwrap
import types

import pytest

from gnnlint._dataclass_code import _read, reuse_dataclass_code


def _define_point():
    @dataclasses.dataclass(frozen=True)
    class Point:
        x: int
        y: float = 0.5

    return Point


@pytest.fixture
def compiles(monkeypatch):
    """The texts compiled through the builtin compile() while the test runs."""
    seen: list[str] = []
    original = builtins.compile

    def counting(source, *args, **kwargs):
        seen.append(source)
        return original(source, *args, **kwargs)

    monkeypatch.setattr(builtins, "compile", counting)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return seen


def test_a_second_definition_compiles_nothing_and_behaves_the_same(tmp_path, compiles):
    path = str(tmp_path / "code.marshal")
    with reuse_dataclass_code(path):
        first = _define_point()
    assert compiles and os.path.exists(path)

    compiles.clear()
    with reuse_dataclass_code(path):
        second = _define_point()
    assert compiles == []
    point = second(1)
    assert (point.x, point.y, repr(point)) == (1, 0.5, "_define_point.<locals>.Point(x=1, y=0.5)")
    assert point == second(1) and hash(point) == hash(second(1.0))
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 2
    # Compiled as dataclasses compiles it, not under gnnlint's `from __future__ import annotations`
    # (which would turn the annotations into the generated code's own names, such as '_type_x'):
    plain = _define_point()
    assert second.__init__.__annotations__ == first.__init__.__annotations__ == plain.__init__.__annotations__


def test_what_is_saved_is_exactly_what_compiling_the_text_gives(tmp_path, compiles):
    path = str(tmp_path / "code.marshal")
    with reuse_dataclass_code(path):
        _define_point()
    saved = _read(path)
    assert saved and all(compile(text, "<string>", "exec", dont_inherit=True) == code for text, code in saved.items())


def test_a_damaged_file_is_ignored_and_replaced(tmp_path, compiles):
    path = tmp_path / "code.marshal"
    for damage in (b"", b"not marshal at all", importlib.util.MAGIC_NUMBER + b"\xff\x00garbage", b"\x00\x00\x00\x00{}"):
        path.write_bytes(damage)
        with reuse_dataclass_code(str(path)):
            assert _define_point()(2).x == 2
        assert _read(str(path)), damage


def test_a_file_of_the_right_shape_but_wrong_contents_is_not_trusted(tmp_path, compiles):
    path = tmp_path / "code.marshal"
    with reuse_dataclass_code(str(path)):
        _define_point()
    texts = _read(str(path))
    path.write_bytes(importlib.util.MAGIC_NUMBER + marshal.dumps(dict.fromkeys(texts, 0)))  # not code
    with reuse_dataclass_code(str(path)):
        assert _define_point()(4).x == 4
    repaired = _read(str(path))
    assert repaired.keys() == texts.keys() and all(isinstance(code, types.CodeType) for code in repaired.values())


def test_nothing_is_written_where_bytecode_is_not(tmp_path, compiles, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    with reuse_dataclass_code(str(tmp_path / "code.marshal")):
        _define_point()
    assert not (tmp_path / "code.marshal").exists()

    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    with reuse_dataclass_code(str(tmp_path / "a-file" / "code.marshal")):  # a folder that cannot be made
        assert _define_point()(3).x == 3
    assert sorted(os.listdir(tmp_path)) == ["a-file"]


def test_dataclasses_are_left_as_they_were(tmp_path, compiles):
    with pytest.raises(RuntimeError), reuse_dataclass_code(str(tmp_path / "code.marshal")):
        raise RuntimeError("the import failed")
    assert "exec" not in vars(dataclasses)
    assert not (tmp_path / "code.marshal").exists()  # a failed import saves nothing


IMPORT_LIBCST_THROUGH_GNNLINT = textwrap.dedent("""\
    import builtins, dataclasses, inspect, json, sys
    compiled = []
    original = builtins.compile
    def counting(source, *args, **kwargs):
        if isinstance(source, str) and "__create_fn__" in source:  # a dataclass's generated functions
            compiled.append(source)
        return original(source, *args, **kwargs)
    builtins.compile = counting
    from gnnlint import _speedups
    _speedups.enable()  # as the command line does (gnnlint.cli.main)
    import libcst
    from gnnlint._dataclass_code import code_file
    from gnnlint.engine import lint_source
    findings = [str(d) for d in lint_source("def f(x):\\n    return x / x.max()\\n")]
    classes = sorted((name, cls) for name, cls in vars(libcst).items()
                     if isinstance(cls, type) and dataclasses.is_dataclass(cls))
    shapes = [f"{name}{inspect.signature(cls)} {cls.__init__.__annotations__} {cls.__hash__ is None}"
              for name, cls in classes]
    print(json.dumps({"compiled": len(compiled), "file": code_file(), "shapes": shapes, "findings": findings}))
""")


def test_libcst_imported_with_the_cli_speedups_compiles_its_dataclasses_once(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "bytecode")  # keeps the real __pycache__ out of it

    def run() -> dict:
        done = subprocess.run([sys.executable, "-c", IMPORT_LIBCST_THROUGH_GNNLINT], capture_output=True,
                              text=True, timeout=120, env=env, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    first, second = run(), run()
    assert first["file"].startswith(str(tmp_path / "bytecode")) and os.path.exists(first["file"])
    assert first["compiled"] > 100  # hundreds of generated functions: the cost this removes
    assert second["compiled"] == 0
    assert len(first["shapes"]) > 100 and second["shapes"] == first["shapes"]
    assert second["findings"] == first["findings"] and any("GNN301" in f for f in first["findings"])
