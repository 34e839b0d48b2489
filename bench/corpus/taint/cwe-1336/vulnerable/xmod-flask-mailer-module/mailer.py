# label: CWE-1336
# framework: flask (cross-module: views.py passes request data to this module)
# flow: a helper in another module compiles the text it is given as a template
from jinja2 import Template


def render_signature(text, **context):
    return Template("-- \n" + text).render(**context)  # sink
