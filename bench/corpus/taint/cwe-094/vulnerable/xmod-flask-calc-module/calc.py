# label: CWE-95
# framework: flask (cross-module: views.py passes request data to this module)
# flow: a helper in another module evaluates the formula it is given
def evaluate(formula, variables):
    cleaned = formula.replace("^", "**")
    return eval(cleaned, {"__builtins__": {}}, variables)  # sink
