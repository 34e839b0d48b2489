# label: CWE-1336
# framework: fastapi
# flow: a query parameter put into the source of a jinja2 template
from fastapi import FastAPI
from jinja2 import Template

app = FastAPI()


@app.get("/hello")
def hello(name: str = "world"):
    return {"text": Template(f"Hello {name}, today is {{{{ day }}}}").render(day="Monday")}  # sink
