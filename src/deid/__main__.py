from deid.cli import app

app(prog_name="deid")
