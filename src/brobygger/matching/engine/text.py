"""Free-text features for Norwegian (bokmål/nynorsk) and English, with no downloads.

A text becomes a set of features: light-stemmed words that are not stop words, plus the
character 4-grams of longer stems (so compounds like "dataanalyse" meet "analyse"). Each
feature carries an integer IDF weight, so similarities are exact integer sums.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

STOPWORDS = frozenset(
    [
        "og",
        "i",
        "jeg",
        "det",
        "at",
        "en",
        "et",
        "den",
        "til",
        "er",
        "som",
        "på",
        "de",
        "med",
        "han",
        "av",
        "ikke",
        "ikkje",
        "der",
        "så",
        "var",
        "meg",
        "seg",
        "men",
        "ett",
        "har",
        "om",
        "vi",
        "min",
        "mitt",
        "ha",
        "hadde",
        "hun",
        "nå",
        "over",
        "da",
        "ved",
        "fra",
        "du",
        "ut",
        "sin",
        "dem",
        "oss",
        "opp",
        "man",
        "kan",
        "hans",
        "hvor",
        "eller",
        "hva",
        "skal",
        "selv",
        "sjøl",
        "her",
        "alle",
        "vil",
        "bli",
        "ble",
        "blitt",
        "kunne",
        "inn",
        "når",
        "være",
        "vært",
        "kom",
        "noen",
        "noe",
        "ville",
        "dere",
        "deres",
        "kun",
        "ja",
        "etter",
        "ned",
        "skulle",
        "denne",
        "for",
        "deg",
        "si",
        "sine",
        "sitt",
        "mot",
        "å",
        "meget",
        "hvorfor",
        "dette",
        "disse",
        "uten",
        "hvordan",
        "ingen",
        "din",
        "ditt",
        "blir",
        "samme",
        "hvilken",
        "hvilke",
        "sånn",
        "inni",
        "mellom",
        "vår",
        "hver",
        "hvem",
        "vors",
        "dei",
        "også",
        "mye",
        "mer",
        "mange",
        "godt",
        "gjerne",
        "ønsker",
        "ønsker",
        "vil",
        "veldig",
        "får",
        "fått",
        "gjøre",
        "gjør",
        "jobbe",
        "jobber",
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "at",
        "by",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "i",
        "me",
        "my",
        "we",
        "our",
        "you",
        "your",
        "he",
        "she",
        "they",
        "them",
        "their",
        "his",
        "her",
        "not",
        "no",
        "but",
        "so",
        "if",
        "than",
        "then",
        "there",
        "here",
        "about",
        "into",
        "over",
        "under",
        "can",
        "could",
        "will",
        "would",
        "should",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "am",
        "very",
        "more",
        "most",
        "also",
        "just",
        "want",
        "wants",
        "like",
        "would",
        "learn",
        "learning",
        "help",
        "get",
        "how",
        "what",
        "who",
    ]
)

_SUFFIXES = sorted(
    [
        "hetene",
        "hetens",
        "heten",
        "heter",
        "endes",
        "ande",
        "ende",
        "edes",
        "enes",
        "erte",
        "ede",
        "ane",
        "ene",
        "ens",
        "ers",
        "ets",
        "het",
        "ast",
        "ert",
        "en",
        "ar",
        "er",
        "as",
        "es",
        "et",
        "a",
        "e",
        "s",
        "ingen",
        "ingene",
        "inger",
        "ing",
        "ings",
        "ly",
        "edly",
        "ation",
        "ations",
        "ness",
        "ed",
        "ies",
    ],
    key=len,
    reverse=True,
)
_MIN_STEM = 3
_GRAM = 4
_MAX_WEIGHT = 15


def stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=1 << 16)
def _word_features(word: str) -> tuple[str, ...]:
    if len(word) < 2 or word in STOPWORDS:
        return ()
    s = stem(word)
    grams = [s[k : k + _GRAM] for k in range(len(s) - _GRAM + 1)] if len(s) > _GRAM + 1 else []
    return ("w:" + s, *("g:" + g for g in grams))


def features(text: str) -> set[str]:
    """The feature set of a text (stems and character 4-grams of stems)."""
    out: set[str] = set()
    for word in _WORD.findall(text.casefold()):
        out.update(_word_features(word))
    return out


def tfidf_vectors(
    texts_a: Sequence[str], texts_b: Sequence[str]
) -> tuple[sp.csr_matrix, sp.csr_matrix, npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Binary-presence x integer-IDF vectors for both sides, and their squared norms.

    The dot product of two rows is the exact integer sum of the squared weights of the
    shared features (float32 represents those sums exactly). Columns are numbered in order of
    first appearance; the order does not change any dot product (exact integer sums).
    """
    texts = (*texts_a, *texts_b)
    n = len(texts)
    # letter runs never span white space, so the runs of a text are those of its tokens;
    # every distinct token is analysed once, the rest is array work
    token_lists = list(map(str.split, map(str.casefold, texts)))
    tokens = list(chain.from_iterable(token_lists))
    token_index = {token: k for k, token in enumerate(dict.fromkeys(tokens))}
    vocab: dict[str, int] = {}
    token_features: list[list[int]] = []
    for token in token_index:
        words = [token] if token.isalpha() else _WORD.findall(token)
        found = dict.fromkeys(f for word in words for f in _word_features(word))
        token_features.append([vocab.setdefault(f, len(vocab)) for f in found])
    per_token = np.fromiter(map(len, token_features), dtype=np.int64, count=len(token_features))
    n_tokens = max(1, per_token.size)  # one empty token row when there is no token at all
    token_start = np.zeros(n_tokens + 1, dtype=np.int64)
    token_start[1 : per_token.size + 1] = np.cumsum(per_token)
    token_flat = np.fromiter(
        chain.from_iterable(token_features), dtype=np.int64, count=int(token_start[-1])
    )
    occurrence = np.fromiter(
        map(token_index.__getitem__, tokens), dtype=np.int64, count=len(tokens)
    )
    per_text = np.fromiter(map(len, token_lists), dtype=np.int64, count=n)
    width = max(1, len(vocab))
    # texts x tokens (occurrence counts) times tokens x features (0/1), in compiled sparse
    # code: the (text, feature) pairs present are the nonzero cells of the product
    text_start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(per_text, out=text_start[1:])
    text_token = sp.csr_matrix(
        (np.ones(occurrence.size, dtype=np.int64), occurrence, text_start), shape=(n, n_tokens)
    )
    token_feature = sp.csr_matrix(
        (np.ones(token_flat.size, dtype=np.int64), token_flat, token_start),
        shape=(n_tokens, width),
    )
    product = (text_token @ token_feature).tocsr()
    product.sort_indices()  # row-major: by text, then feature
    present = product.data > 0
    indices = product.indices[present].astype(np.int64)
    rows = np.repeat(np.arange(n), np.diff(product.indptr))[present]
    lengths = np.bincount(rows, minlength=n)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    df = np.bincount(indices, minlength=len(vocab))
    levels, where = np.unique(df, return_inverse=True)
    by_level = [min(_MAX_WEIGHT, 1 + round(2 * math.log((1 + n) / (1 + int(d))))) for d in levels]
    weight = np.array(by_level, dtype=np.float32)[where] if len(vocab) else np.zeros(0, np.float32)
    data = weight[indices] if indices.size else np.zeros(0, dtype=np.float32)
    matrix = sp.csr_matrix((data, indices, indptr), shape=(n, max(1, len(vocab))))
    owner = np.repeat(np.arange(n), lengths)
    norms = np.bincount(owner, weights=data.astype(np.float64) ** 2, minlength=n)
    k = len(texts_a)
    return matrix[:k], matrix[k:], norms[:k], norms[k:]
