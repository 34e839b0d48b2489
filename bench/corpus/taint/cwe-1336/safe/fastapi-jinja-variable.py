# label: safe CWE-1336
# framework: fastapi
# why: the template source is constant; the name is a render() variable
from fastapi import FastAPI
from jinja2 import Template

app = FastAPI()
HELLO = Template("Hello {{ name }}, today is {{ day }}")


@app.get("/hello")
def hello(name: str = "world"):
    return {"text": HELLO.render(name=name, day="Monday")}  # sink
