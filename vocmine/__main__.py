import sys

from vocmine.cli import main

sys.exit(main())
