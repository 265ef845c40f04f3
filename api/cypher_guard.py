"""Lexical read-only check for user Cypher: the first of two defences.

The query is reduced to its code (comments and string literals removed, escaped names
unquoted), then refused when it holds a write clause, an administration command, a
second statement, ``USE`` of another database, or a ``CALL`` of a procedure outside a
small read-only allowlist. The second defence is that the API runs what passes in a READ
transaction, which the server refuses to write in.
"""

from __future__ import annotations

import re

READ_ONLY_PROCEDURES = (
    "db.labels",
    "db.relationshipTypes",
    "db.propertyKeys",
    "db.schema.visualization",
    "db.schema.nodeTypeProperties",
    "db.schema.relTypeProperties",
    "db.index.fulltext.queryNodes",
    "db.index.fulltext.queryRelationships",
    "db.index.vector.queryNodes",
    "db.index.vector.queryRelationships",
)
ALLOWED_PROCEDURES = frozenset(name.lower() for name in READ_ONLY_PROCEDURES)

# keyword -> why it is refused
FORBIDDEN_KEYWORDS = {
    "CREATE": "CREATE writes to the graph or the schema",
    "INSERT": "INSERT writes to the graph",
    "MERGE": "MERGE writes to the graph",
    "SET": "SET writes properties or labels",
    "DELETE": "DELETE removes data",
    "DETACH": "DETACH DELETE removes data",
    "NODETACH": "NODETACH DELETE removes data",
    "REMOVE": "REMOVE deletes properties or labels",
    "DROP": "DROP changes the schema or administers the server",
    "FOREACH": "FOREACH exists only to write",
    "LOAD": "LOAD CSV imports data",
    "USE": "USE switches database; queries run on the configured database only",
    "SHOW": "SHOW commands administer the server; use db.labels() or db.schema.visualization()",
    "GRANT": "GRANT administers privileges",
    "REVOKE": "REVOKE administers privileges",
    "DENY": "DENY administers privileges",
    "ALTER": "ALTER administers the server",
    "RENAME": "RENAME administers the server",
    "START": "START DATABASE administers the server",
    "STOP": "STOP DATABASE administers the server",
    "ENABLE": "ENABLE SERVER administers the server",
    "DEALLOCATE": "DEALLOCATE administers the server",
    "REALLOCATE": "REALLOCATE administers the server",
    "TERMINATE": "TERMINATE administers transactions",
    "TRANSACTIONS": "CALL { } IN TRANSACTIONS is for batched writes",
    "PERIODIC": "USING PERIODIC COMMIT is for imports",
}

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_TOKEN = re.compile(rf"{_NAME}(?:\s*\.\s*{_NAME})*|\S")


class CypherRefused(ValueError):
    """The query is not read-only; the message says why."""


def strip_comments_and_strings(query: str) -> str:
    """The query's code only: comments become spaces, strings become ``''``, and
    backtick-escaped names lose their backticks (so an escaped procedure name is still seen)."""
    out: list[str] = []
    i, n = 0, len(query)
    while i < n:
        ch, nxt = query[i], query[i + 1 : i + 2]
        if ch == "/" and nxt == "/":
            end = query.find("\n", i)
            i = n if end < 0 else end
            out.append(" ")
        elif ch == "/" and nxt == "*":
            end = query.find("*/", i + 2)
            if end < 0:
                raise CypherRefused("unterminated /* comment")
            i = end + 2
            out.append(" ")
        elif ch in "'\"":
            i = _skip_string(query, i)
            out.append("''")
        elif ch == "`":
            end = query.find("`", i + 1)
            while end >= 0 and query[end + 1 : end + 2] == "`":  # `` escapes a backtick
                end = query.find("`", end + 2)
            if end < 0:
                raise CypherRefused("unterminated `escaped name`")
            out.append(re.sub(r"[^A-Za-z0-9_.]", "_", query[i + 1 : end]) or "_")
            i = end + 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _skip_string(query: str, start: int) -> int:
    """Index just after the string literal opening at ``start``."""
    quote, i = query[start], start + 1
    while i < len(query):
        if query[i] == "\\":
            i += 2
        elif query[i] == quote:
            return i + 1
        else:
            i += 1
    raise CypherRefused("unterminated string literal")


def check_read_only(query: str) -> None:
    """Raise :class:`CypherRefused` naming the reason unless the query only reads."""
    code = strip_comments_and_strings(query).strip()
    if not code:
        raise CypherRefused("the query is empty")
    if ";" in code.rstrip().rstrip(";"):
        raise CypherRefused("only one statement per request: remove the ';'")
    tokens = [t for t in _TOKEN.findall(code)]
    for pos, token in enumerate(tokens):
        previous = tokens[pos - 1] if pos else ""
        following = tokens[pos + 1] if pos + 1 < len(tokens) else ""
        if previous in {".", ":", "$"} or following == ":" and previous in {"{", ","}:
            continue  # a property key, label, parameter or map key, not a keyword
        word = re.sub(r"\s+", "", token)
        if word.upper() in FORBIDDEN_KEYWORDS:
            raise CypherRefused(
                f"{word.upper()} is not allowed: {FORBIDDEN_KEYWORDS[word.upper()]}"
            )
        if word.lower().startswith(("apoc.", "gds.")):
            raise CypherRefused(f"{word} is not allowed: plugin procedures and functions may write")
        if word.upper() == "CALL" and following not in {"{", "("}:
            _check_procedure(following)


def _check_procedure(name: str) -> None:
    procedure = re.sub(r"\s+", "", name)
    if procedure.lower() not in ALLOWED_PROCEDURES:
        allowed = ", ".join(READ_ONLY_PROCEDURES)
        raise CypherRefused(
            f"CALL {procedure or '?'} is not allowed: "
            f"only read-only procedures may be called ({allowed})"
        )
