"""Clustering and coreference scores: B-cubed, MUC, CEAF-e and their CoNLL mean.

A clustering is a mapping item -> cluster label over the same items as the gold mapping.

>>> gold = {"a": 1, "b": 1, "c": 2}
>>> round(bcubed(gold, gold)[2], 3), round(conll(gold, gold), 3)
(1.0, 1.0)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping



def _clusters(mapping: Mapping[Hashable, Hashable]) -> list[set]:
    groups: dict[Hashable, set] = defaultdict(set)
    for item, label in mapping.items():
        groups[label].add(item)
    return list(groups.values())


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def bcubed(gold: Mapping, pred: Mapping) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 (items missing from ``pred`` count as singletons)."""
    gold_c = {i: frozenset(c) for c in _clusters(gold) for i in c}
    pred_map = {i: pred.get(i, ("singleton", i)) for i in gold}
    pred_c = {i: frozenset(c) for c in _clusters(pred_map) for i in c}
    p = sum(len(gold_c[i] & pred_c[i]) / len(pred_c[i]) for i in gold) / len(gold)
    r = sum(len(gold_c[i] & pred_c[i]) / len(gold_c[i]) for i in gold) / len(gold)
    return p, r, _f1(p, r)


def muc(gold: Mapping, pred: Mapping) -> tuple[float, float, float]:
    """MUC link-based precision, recall, F1."""
    pred_map = {i: pred.get(i, ("singleton", i)) for i in gold}

    def score(keys: list[set], other: Mapping) -> float:
        num = den = 0
        for cluster in keys:
            parts = {other[i] for i in cluster}
            num += len(cluster) - len(parts)
            den += len(cluster) - 1
        return num / den if den else 0.0

    r = score(_clusters(gold), pred_map)
    p = score(_clusters(pred_map), gold)
    return p, r, _f1(p, r)


def ceafe(gold: Mapping, pred: Mapping) -> tuple[float, float, float]:
    """Entity-based CEAF (phi4 similarity, optimal one-to-one alignment)."""
    pred_map = {i: pred.get(i, ("singleton", i)) for i in gold}
    g, s = _clusters(gold), _clusters(pred_map)
    index: dict[Hashable, int] = {}
    for j, cluster in enumerate(s):
        for i in cluster:
            index[i] = j
    weights: dict[tuple[int, int], float] = {}
    for gi, cluster in enumerate(g):
        for sj in {index[i] for i in cluster}:
            overlap = len(cluster & s[sj])
            weights[(gi, sj)] = 2 * overlap / (len(cluster) + len(s[sj]))
    total = assignment_value(weights)
    p, r = total / len(s), total / len(g)
    return p, r, _f1(p, r)


def assignment_value(weights: Mapping[tuple[int, int], float]) -> float:
    """Value of a maximum-weight one-to-one matching of a sparse bipartite weight table.

    Components of the bipartite graph are solved separately; small ones exactly (Hungarian
    algorithm on the dense block), which is every component in practice for coreference.
    """
    adjacency: dict[tuple[str, int], set[tuple[str, int]]] = defaultdict(set)
    for (a, b) in weights:
        adjacency[("g", a)].add(("s", b))
        adjacency[("s", b)].add(("g", a))
    seen: set = set()
    total = 0.0
    for start in list(adjacency):
        if start in seen:
            continue
        stack, comp = [start], []
        seen.add(start)
        while stack:
            node = stack.pop()
            comp.append(node)
            for nxt in adjacency[node]:
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        rows = sorted(n[1] for n in comp if n[0] == "g")
        cols = sorted(n[1] for n in comp if n[0] == "s")
        matrix = [[weights.get((r, c), 0.0) for c in cols] for r in rows]
        total += _hungarian_max(matrix)
    return total


def _hungarian_max(matrix: list[list[float]]) -> float:
    """Maximum-weight assignment value of a dense matrix (rows may differ from columns)."""
    n_rows, n_cols = len(matrix), len(matrix[0]) if matrix else 0
    if not n_rows or not n_cols:
        return 0.0
    transpose = n_rows > n_cols
    if transpose:
        matrix = [list(col) for col in zip(*matrix)]
        n_rows, n_cols = n_cols, n_rows
    top = max(max(row) for row in matrix)
    cost = [[top - v for v in row] for row in matrix]
    inf = float("inf")
    u, v = [0.0] * (n_rows + 1), [0.0] * (n_cols + 1)
    p, way = [0] * (n_cols + 1), [0] * (n_cols + 1)
    for i in range(1, n_rows + 1):
        p[0], j0 = i, 0
        minv, used = [inf] * (n_cols + 1), [False] * (n_cols + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, n_cols + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n_cols + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if not j0:
                break
    return sum(matrix[p[j] - 1][j - 1] for j in range(1, n_cols + 1) if p[j])


def conll(gold: Mapping, pred: Mapping) -> float:
    """CoNLL F1: the mean of MUC, B-cubed and CEAF-e F1."""
    return (muc(gold, pred)[2] + bcubed(gold, pred)[2] + ceafe(gold, pred)[2]) / 3
