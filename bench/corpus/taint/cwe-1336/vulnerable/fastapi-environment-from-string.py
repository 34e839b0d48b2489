# label: CWE-1336
# framework: fastapi
# flow: a body field compiled with Environment.from_string
from fastapi import FastAPI
from jinja2 import Environment
from pydantic import BaseModel

app = FastAPI()
env = Environment(autoescape=True)


class Snippet(BaseModel):
    source: str


@app.post("/snippets/render")
def render_snippet(snippet: Snippet):
    tpl = env.from_string(snippet.source)  # sink
    return {"html": tpl.render(user="demo")}
