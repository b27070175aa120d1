"""Scoring rubrics (考评细则) in Word, Excel, web-page or flattened-text form → structure.

Pure Python like the rest of :mod:`fazhi.planparse`; tables are read by
:mod:`fazhi.planparse.tables` and text is normalised by :mod:`fazhi.planparse.normalize`::

    from fazhi.planparse.rubric import read_bytes
    rubric = read_bytes(open("考评细则.docx", "rb").read(), filename="考评细则.docx")
    rubric.to_dict()   # JSON schema "fazhi.rubric/1", see docs/rubricparse.md
"""

from .model import SCHEMA, Category, Item, Rubric, Rule, Warning
from .reader import read_bytes, read_text
from .rules import parse_rules

__all__ = ["SCHEMA", "Category", "Item", "Rubric", "Rule", "Warning", "parse_rules", "read_bytes", "read_text"]
