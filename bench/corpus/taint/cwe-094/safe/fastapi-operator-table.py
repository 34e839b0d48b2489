# label: safe CWE-95
# framework: fastapi
# why: the operator is looked up in a table of functions; numbers are validated floats
import operator

from fastapi import FastAPI, HTTPException

app = FastAPI()
OPS = {"add": operator.add, "sub": operator.sub, "mul": operator.mul}


@app.get("/compute")
def compute(a: float, b: float, op: str = "add"):
    fn = OPS.get(op)
    if fn is None:
        raise HTTPException(status_code=400)
    code = compile("fn(a, b)", "<compute>", "eval")  # sink
    return {"result": eval(code, {"fn": fn, "a": a, "b": b})}
