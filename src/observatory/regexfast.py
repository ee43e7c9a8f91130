"""Writing regular expressions that Python's ``re`` engine runs fast, with the same matches.

What the engine does (CPython 3.11, ``_sre``) and what follows for the patterns here:

- A search tries the pattern at every position, unless the pattern starts with a literal
  (then it jumps from one occurrence of that literal to the next) or with a character
  class (then it skips the characters outside the class in a tight loop). A pattern that
  starts with an assertion (a look-behind, ``\\b``, a look-ahead) gets neither.
- An alternation tries its branches in order, at each position, and skips a branch at
  once only when the branch starts with a literal or a character class that the
  character fails. A branch starting with an assertion is entered every time.
- An alternation of words is not factored: ``while|when|where`` compares "w", then "h"
  three times. Written as a trie (``wh(?:ile|e(?:n|re))``) it compares each character once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["prefix_trie", "word_trie"]

_Node = dict[str, "_Node"]
_END = ""


def word_trie(words: Iterable[str]) -> str:
    """A regex (no groups) matching exactly the strings of ``words``, as a character trie.

    At each node the longer continuations are tried before a word ending there, so a
    search takes the longest word at a position; where every word is a run of word
    characters and the regex is followed by ``(?!\\w)``, a match is the whole word at
    that position whichever order the branches have."""
    words = list(words)
    if any(not word for word in words):
        raise ValueError("word_trie: an empty word")
    root = _trie(words)
    if not root:
        return "(?!)"
    return _node_regex(root)


def prefix_trie(strings: Iterable[str]) -> str:
    """A regex that matches where one of ``strings`` begins (it stops at the shortest one:
    only the place counts), the strings' shared beginnings written once (``t(?:he mi|o
    pou)``); "" among them matches anywhere."""
    return _prefix_regex(_trie(strings))


def _trie(words: Iterable[str]) -> _Node:
    root: _Node = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return root


def _node_regex(node: _Node) -> str:
    branches = [re.escape(ch) + _node_regex(child) for ch, child in sorted(node.items()) if ch]
    ends = _END in node
    if not branches:
        return ""
    if len(branches) == 1 and not ends:
        return branches[0]
    body = "(?:" + "|".join(branches) + ")"
    return body + "?" if ends else body


def _prefix_regex(node: _Node) -> str:
    if _END in node:
        return ""
    branches = [re.escape(ch) + _prefix_regex(child) for ch, child in sorted(node.items())]
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
