# label: safe CWE-643
# framework: flask (cross-module: views.py passes request data to this module)
# why: the helper in another module passes its argument as an XPath variable
from lxml import etree

TREE = etree.parse("/srv/app/products.xml")


def price_of(name):
    found = TREE.xpath("//product[name=$n]/price/text()", n=name)  # sink
    return float(found[0]) if found else None
