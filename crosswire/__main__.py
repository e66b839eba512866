"""python -m crosswire"""

from crosswire.cli import app

app(prog_name="crosswire")
