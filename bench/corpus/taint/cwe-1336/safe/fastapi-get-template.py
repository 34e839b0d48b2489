# label: safe CWE-1336
# framework: fastapi
# why: the template is loaded from the package by a constant name
from fastapi import FastAPI
from jinja2 import Environment, PackageLoader
from pydantic import BaseModel

app = FastAPI()
env = Environment(loader=PackageLoader("webapp"), autoescape=True)


class Snippet(BaseModel):
    source: str


@app.post("/snippets/render")
def render_snippet(snippet: Snippet):
    tpl = env.get_template("snippet.html")  # sink
    return {"html": tpl.render(code=snippet.source)}
