# label: helper
from .shell import sh

__all__ = ["sh"]
