"""Ervaringswerk matching engine: plain Python + NumPy + OR-Tools, no Django.

Public API (see docs/matching.md):

* data: :class:`Worker`, :class:`Request`, :class:`Reason`, :class:`Factor`, :class:`Candidate`
* weights: :class:`Weights`, :data:`DEFAULT_WEIGHTS`
* one pair: :func:`feasibility`, :func:`score_factors`, :func:`score`, :func:`explain`
* one request: :func:`rank` (reference), :class:`Ranker` (encoded pool, fast), :func:`exclusions`
* a batch: :func:`assign`, :func:`greedy_assign`, :class:`Assignment`, :class:`Pair`, :class:`Bound`,
  :class:`AssignOptions`
* scale: :func:`prepare`, :func:`solve_edges`, :func:`greedy_edges`, :func:`build_edges`,
  :func:`encode_workers`, :func:`encode_requests`, :func:`generate_instance`
"""

from .batch import (
    DEFAULT_OPTIONS,
    Assignment,
    AssignOptions,
    Bound,
    Pair,
    Solution,
    assign,
    check_solution,
    greedy_assign,
    greedy_edges,
    prepare,
    solve_edges,
)
from .edges import Edges, build_edges
from .encode import RequestArrays, WorkerArrays, encode_requests, encode_workers
from .generate import DOMAIN_LABELS, Instance, generate_instance
from .model import (
    DEFAULT_LABELS,
    FACTOR_CODES,
    FLAG_INTERVISION_OVERDUE,
    KINDS,
    REASON_CODES,
    Candidate,
    Factor,
    Reason,
    Request,
    Worker,
)
from .rank import Ranker, exclusions, rank
from .scoring import explain, feasibility, score, score_factors
from .weights import DEFAULT_WEIGHTS, Weights

__all__ = [
    "DEFAULT_LABELS",
    "DEFAULT_OPTIONS",
    "DEFAULT_WEIGHTS",
    "DOMAIN_LABELS",
    "FACTOR_CODES",
    "FLAG_INTERVISION_OVERDUE",
    "KINDS",
    "REASON_CODES",
    "Assignment",
    "AssignOptions",
    "Bound",
    "Candidate",
    "Edges",
    "Factor",
    "Instance",
    "Pair",
    "Ranker",
    "Reason",
    "Request",
    "RequestArrays",
    "Solution",
    "Weights",
    "Worker",
    "WorkerArrays",
    "assign",
    "build_edges",
    "check_solution",
    "encode_requests",
    "encode_workers",
    "exclusions",
    "explain",
    "feasibility",
    "generate_instance",
    "greedy_assign",
    "greedy_edges",
    "prepare",
    "rank",
    "score",
    "score_factors",
    "solve_edges",
]
