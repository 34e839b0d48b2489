# label: CWE-94
# framework: fastapi
# flow: a script from the body compiled and run
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Script(BaseModel):
    source: str


@app.post("/scripts/run")
def run_script(script: Script):
    code = compile(script.source, "<user-script>", "exec")  # sink
    namespace = {}
    exec(code, namespace)
    return {"result": str(namespace.get("result"))}
