"""A Python 2 file (research code from before 2019) is linted as the Python 3 text it means,
line for line, and never rewritten."""

from __future__ import annotations

from gnnlint.engine import lint_source
from gnnlint.fix import fix_source
from gnnlint.plugins import default_settings
from gnnlint.python2 import as_python3

TRAINER = '''import sys
import torch


def train_step(model, optimizer, x):
    try:
        out = model(x)
    except ValueError, error:
        print >>sys.stderr, "bad batch", error
        raise RuntimeError, "stop"
    print "epoch", 0777, 10L  # "print" in a comment stays
    return torch.log(torch.softmax(out, 1))
'''


def test_a_python2_file_gets_its_findings_on_its_own_lines_and_no_syntax_error() -> None:
    found = [(d.line, d.code) for d in lint_source(TRAINER, "trainer.py")]
    assert found == [(12, "GNN501")]


def test_each_python2_statement_becomes_python3_on_the_same_line() -> None:
    lines = as_python3(TRAINER).splitlines()  # type: ignore[union-attr]
    assert len(lines) == len(TRAINER.splitlines())
    assert lines[7] == "    except ValueError as error:"
    assert lines[8] == '        print("bad batch", error, file=sys.stderr)'
    assert lines[9] == '        raise RuntimeError("stop")'
    assert lines[10] == '    print("epoch", 0o777, 10)  # "print" in a comment stays'


def test_fix_never_writes_a_python2_file_and_offers_no_fix() -> None:
    settings = default_settings()
    assert fix_source(TRAINER, "trainer.py", settings, unsafe=True).source == TRAINER
    assert all(d.fix is None for d in lint_source(TRAINER, "trainer.py", settings))


def test_a_file_broken_otherwise_is_still_a_syntax_error() -> None:
    broken = 'print "start"\ndef f(:\n    return 1\n'
    assert [d.code for d in lint_source(broken, "broken.py")] == ["GNN900"]


def test_python3_text_is_left_alone() -> None:
    assert as_python3("print('x')\nprint = len\n") is None
