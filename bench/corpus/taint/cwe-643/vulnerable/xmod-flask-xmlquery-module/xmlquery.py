# label: CWE-643
# framework: flask (cross-module: views.py passes request data to this module)
# flow: a helper in another module builds an XPath from its argument
from lxml import etree

TREE = etree.parse("/srv/app/products.xml")


def price_of(name):
    found = TREE.xpath(f"//product[name='{name}']/price/text()")  # sink
    return float(found[0]) if found else None
