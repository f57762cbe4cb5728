"""The limit bench/http.py compares the platform with: a Flask hello-world served by the same
gunicorn, on the same machine, in the same run (`gunicorn bench.hello:app`)."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, World!"
