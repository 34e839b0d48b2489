# label: safe CWE-95
# framework: flask (cross-module: views.py passes request data to this module)
# why: the helper in another module parses literals only
import ast


def evaluate(formula, variables):
    value = ast.literal_eval(formula.strip())  # sink
    return variables.get(value, value) if isinstance(value, str) else value
