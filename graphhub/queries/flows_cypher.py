"""Cypher of the money-flow queries. Variable-length bounds cannot be parameters in Cypher,
so the text is built here for each hop count (a checked small integer); labels and
relationship types come from ``graphhub.model``. Values still go only through parameters.
"""

from __future__ import annotations

from functools import cache

from graphhub.model import ENTITY_RELATIONS, Label, RelType

MAX_HOPS = 6

# The relations through which a group is taken to own or control the money that reaches an
# entity: membership, leadership, control, ownership, direction, account holding.
ATTRIBUTION_RELATIONS: tuple[RelType, ...] = (
    RelType.MEMBER_OF,
    RelType.LEADS,
    RelType.CONTROLS,
    RelType.OWNS,
    RelType.DIRECTS,
    RelType.HOLDS,
)
MAX_ATTRIBUTION_HOPS = 2
CONNECTION_TYPES: tuple[RelType, ...] = (RelType.TRANSFER, *sorted(ENTITY_RELATIONS))
TRACE_TARGETS: frozenset[Label] = frozenset({Label.TRAFFICKING_GROUP})

_VISIBLE_NODE = "n.merged_into IS NULL AND ($restricted_ok OR n.classification = 'public')"
_VISIBLE_REL = "($restricted_ok OR r.classification = 'public')"
_NODE_MAP = "n {.*, labels: labels(n)}"
_REL_MAP = (
    "{id: r.id, type: type(r), start: startNode(r).id, end: endNode(r).id, props: properties(r)}"
)


def _check_hops(hops: int) -> None:
    if not 1 <= hops <= MAX_HOPS:
        raise ValueError(f"hops must be between 1 and {MAX_HOPS}")


def _path_return(path: str) -> str:
    return (
        f"[n IN nodes({path}) | {_NODE_MAP}] AS nodes, "
        f"[r IN relationships({path}) | {_REL_MAP}] AS rels"
    )


# A transfer a chain may use: visible, priced, in the date range, at least the minimum amount
# (the chain's smallest transfer is what reaches the end, so every step must reach it).
_USABLE = (
    "({r}.amount_usd IS NOT NULL AND {r}.amount_usd >= $min_amount"
    " AND ($date_from IS NULL OR {r}.date >= $date_from)"
    " AND ($date_to IS NULL OR {r}.date <= $date_to)"
    " AND ($restricted_ok OR {r}.classification = 'public'))"
)
_VISIBLE = "({n}.merged_into IS NULL AND ($restricted_ok OR {n}.classification = 'public'))"


def _usable(rel: str) -> str:
    return _USABLE.format(r=rel)


def _visible(node: str) -> str:
    return _VISIBLE.format(n=node)


def _chain(k: int, target: Label) -> str:
    """Chains of exactly k transfers from src to an entity within the attribution hops of a
    visible ``target``, once per group (the shortest link is found for the page only)."""
    names = ["src", *[f"n{i}" for i in range(1, k)], "x"]
    hops = "".join(
        f"-[t{i}:{RelType.TRANSFER}]->({names[i]}:{Label.ENTITY})" for i in range(1, k + 1)
    )
    links = "|".join(ATTRIBUTION_RELATIONS)
    where = []
    for i in range(1, k + 1):
        where += [_usable(f"t{i}"), _visible(names[i])]
        if i > 1:  # money moves forward in time: no transfer earlier than the one before it
            a, b = f"t{i - 1}.date", f"t{i}.date"
            where.append(f"({a} IS NULL OR {b} IS NULL OR {a} <= {b})")
    where.append("(" + " AND ".join(
        f"{a} <> {b}" for j, a in enumerate(names) for b in names[j + 1 :]) + ")")
    where += [
        f"all(n IN nodes(link) WHERE {_VISIBLE_NODE})",
        f"all(r IN relationships(link) WHERE {_VISIBLE_REL})",
    ]
    # The chain is matched from both ends and joined in the middle: expanding every transfer
    # of the busy accounts met on the way costs far more than walking back from the groups.
    hint = f"\n  USING JOIN ON n{k // 2}" if k > 1 else ""
    rels = ", ".join(f"t{i}" for i in range(1, k + 1))
    return (
        f"  MATCH (src){hops},\n"
        f"        link = (x)-[:{links}*0..{MAX_ATTRIBUTION_HOPS}]-(g:{target}){hint}\n"
        "  WHERE " + "\n    AND ".join(where)
        + f"\n  RETURN DISTINCT [{', '.join(names)}] AS ns, [{rels}] AS ts, g"
    )


@cache
def trace_query(hops: int, target: Label) -> str:
    """Transfer chains of 1..hops from $from whose end belongs to a ``target`` node.

    Expanding every chain from the start explodes on busy accounts, so each chain length
    is matched from both ends (the start, and the groups through their attribution links)
    and joined in the middle.
    """
    _check_hops(hops)
    if target not in TRACE_TARGETS:
        raise ValueError(f"cannot trace to {target}")
    links = "|".join(ATTRIBUTION_RELATIONS)
    chains = "\n  UNION ALL\n".join(_chain(k, target) for k in range(1, hops + 1))
    return f"""
MATCH (src:{Label.ENTITY} {{id: $from}})
WHERE {_visible("src")}
CALL (src) {{
{chains}
}}
WITH ns, ts, g, reduce(m = null, r IN ts |
       CASE WHEN m IS NULL OR r.amount_usd < m THEN r.amount_usd ELSE m END) AS amount
ORDER BY amount DESC, size(ts), g.name
WITH collect({{ns: ns, ts: ts, amount: amount, group: g}}) AS found
UNWIND range(0, size(found[0..$first]) - 1) AS i
WITH size(found) AS total, i, found[i] AS item
WITH total, i, item, item.group AS grp, item.ns[size(item.ns) - 1] AS x
CALL (x, grp) {{
  MATCH link = (x)-[:{links}*0..{MAX_ATTRIBUTION_HOPS}]-(grp)
  WHERE all(n IN nodes(link) WHERE {_VISIBLE_NODE})
    AND all(r IN relationships(link) WHERE {_VISIBLE_REL})
  RETURN link ORDER BY length(link) LIMIT 1
}}
RETURN total, item.amount AS amount, grp {{.*, labels: labels(grp)}} AS group,
       [n IN item.ns | {_NODE_MAP}] AS nodes,
       [r IN item.ts | {_REL_MAP}] AS rels,
       [n IN nodes(link) | {_NODE_MAP}] AS link_nodes,
       [r IN relationships(link) | {_REL_MAP}] AS link_rels
ORDER BY i
"""


@cache
def connections_query(hops: int) -> str:
    """The shortest visible paths between $a and $b over transfers and entity relations."""
    _check_hops(hops)
    types = "|".join(CONNECTION_TYPES)
    return f"""
MATCH (a:{Label.ENTITY} {{id: $a}}), (b:{Label.ENTITY} {{id: $b}})
MATCH p = allShortestPaths((a)-[:{types}*..{hops}]-(b))
WHERE all(n IN nodes(p) WHERE {_VISIBLE_NODE})
  AND all(r IN relationships(p) WHERE {_VISIBLE_REL})
RETURN {_path_return("p")}
LIMIT $first
"""


@cache
def cycles_query(length: int) -> str:
    """Chains of 2..length transfers that leave $id and come back to it."""
    _check_hops(length)
    return f"""
MATCH (e:{Label.ENTITY} {{id: $id}})
MATCH p = (e)-[:{RelType.TRANSFER}*2..{length}]->(e)
WITH p, relationships(p) AS ts, nodes(p) AS ns
WHERE all(n IN ns WHERE {_VISIBLE_NODE})
  AND all(r IN ts WHERE {_VISIBLE_REL})
  AND all(i IN range(1, size(ns) - 2) WHERE NOT ns[i] IN ns[i + 1..size(ns) - 1])
WITH p, reduce(m = null, r IN relationships(p) |
       CASE WHEN m IS NULL OR r.amount_usd < m THEN r.amount_usd ELSE m END) AS amount
ORDER BY amount DESC, length(p)
LIMIT $first
RETURN amount, {_path_return("p")}
"""


MONEY_FLOWS = f"""
MATCH (e:{Label.ENTITY} {{id: $id}})-[t:{RelType.TRANSFER}]-(o:{Label.ENTITY})
WHERE o.merged_into IS NULL
  AND ($restricted_ok OR (t.classification = 'public' AND o.classification = 'public'))
  AND ($direction = 'BOTH' OR ($direction = 'OUT') = (startNode(t) = e))
  AND ($date_from IS NULL OR t.date >= $date_from)
  AND ($date_to IS NULL OR t.date <= $date_to)
WITH t, startNode(t) = e AS outgoing,
     CASE $group_by WHEN 'COUNTERPARTY' THEN o END AS counterparty,
     CASE $group_by WHEN 'YEAR' THEN substring(t.date, 0, 4)
                    WHEN 'MONTH' THEN substring(t.date, 0, 7) END AS period
RETURN CASE WHEN counterparty IS NULL THEN null
            ELSE counterparty {{.*, labels: labels(counterparty)}} END AS counterparty,
       period, outgoing, count(t) AS transfers, sum(t.amount_usd) AS amount_usd,
       min(t.date) AS first_date, max(t.date) AS last_date,
       collect(DISTINCT t.currency) AS currencies,
       collect(DISTINCT CASE WHEN t.classification <> 'public' THEN t.id END) AS restricted_ids
ORDER BY amount_usd DESC, transfers DESC, period
"""
