import sys

from gnnlint.cli import main

sys.exit(main())
