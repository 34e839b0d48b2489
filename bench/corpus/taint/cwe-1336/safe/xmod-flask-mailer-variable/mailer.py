# label: safe CWE-1336
# framework: flask (cross-module: views.py passes request data to this module)
# why: the helper in another module renders a constant template with the text as a variable
from jinja2 import Template

SIGNATURE = Template("-- \n{{ text }}")


def render_signature(text, **context):
    return SIGNATURE.render(text=text, **context)  # sink
