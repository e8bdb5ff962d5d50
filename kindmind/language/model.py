"""The committed linear models: loading `artefacts/model.npz` and applying it.

One shared feature space (`kindmind.language.features`) and one weight matrix whose
columns are the outputs listed in `artefacts/model.json` ("outputs"). Applying every
model to a text is one gather of the rows of its features and one weighted sum, plus,
since issue 14, the text's sentence embedding (`kindmind.language.encoder`) times a small
dense matrix: the meaning-level part of every head.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from kindmind.language import features, text

ARTEFACTS = Path(__file__).parent / "artefacts"


class MissingArtefacts(RuntimeError):
    """The trained artefacts are not there: run `kindmind language train`."""


@dataclass
class LinearModels:
    vocabulary: dict[str, int]
    idf: npt.NDArray[np.float32]
    # (features, outputs) as saved: int8, one scale per output. A weight is
    # float32(weights) * scale; only the rows of a text's features are multiplied out,
    # when it is read, so a process holds 2.3 MB of weights rather than 9.4 MB in float32
    # (each product is the same float32 multiplication either way, so are the scores).
    weights: npt.NDArray[np.int8]
    scale: npt.NDArray[np.float32]  # (outputs,)
    bias: npt.NDArray[np.float32]  # (outputs,)
    outputs: dict[str, int]  # output name -> column
    meta: dict[str, Any]
    # (embedding dimensions, outputs), already multiplied by the training scale; None for
    # models trained without the encoder.
    dense: npt.NDArray[np.float32] | None = None

    @cached_property
    def vectoriser(self) -> features.FastVectoriser:
        return features.FastVectoriser(self.vocabulary, self.idf)

    def raw_scores(
        self,
        source: str | text.Prepared,
        embedding: npt.NDArray[np.float32] | None = None,
    ) -> npt.NDArray[np.float32]:
        """The linear score of every output for one text (before any squashing).

        `embedding` is the text's sentence embedding; models with a dense part need it."""
        prepared = source if isinstance(source, text.Prepared) else text.prepare(source)
        indices, values = self.vectoriser.vector(prepared)
        scores = self.bias.copy()
        if len(indices):
            scores += values @ (self.weights[indices].astype(np.float32) * self.scale[None, :])
        if self.dense is not None:
            if embedding is None:
                raise ValueError("these models read the text's embedding too")
            scores += embedding @ self.dense
        return np.asarray(scores, dtype=np.float32)


def load(directory: Path = ARTEFACTS) -> LinearModels:
    npz_path, json_path = directory / "model.npz", directory / "model.json"
    if not npz_path.exists() or not json_path.exists():
        raise MissingArtefacts(
            f"no trained model in {directory.name}/: run `kindmind language train`"
        )
    meta = json.loads(json_path.read_text(encoding="utf-8"))
    with np.load(npz_path, allow_pickle=False) as data:
        names = bytes(data["vocabulary"]).decode("utf-8").split("\n")
        weights = data["weights"].astype(np.int8, copy=False)
        scale = data["scale"].astype(np.float32)
        bias = data["bias"].astype(np.float32)
        idf = data["idf"].astype(np.float32)
        dense = data["dense"].astype(np.float32) if "dense" in data.files else None
    return LinearModels(
        vocabulary={name: index for index, name in enumerate(names)},
        idf=idf,
        weights=weights,
        scale=scale,
        bias=bias,
        outputs={name: column for column, name in enumerate(meta["outputs"])},
        meta=meta,
        dense=dense,
    )


def save(
    directory: Path,
    *,
    vocabulary: list[str],
    idf: npt.NDArray[np.float64],
    weights: npt.NDArray[np.float64],
    bias: npt.NDArray[np.float64],
    meta: dict[str, Any],
    dense: npt.NDArray[np.float64] | None = None,
) -> None:
    """Write the artefacts. Weights are stored as int8 with one scale per output (small,
    and exact enough: `kindmind language train` measures the saved, quantised models). The
    dense part is small (one row per embedding dimension) and stays in float32."""
    scale = np.abs(weights).max(axis=0) / 127.0
    scale[scale == 0] = 1.0
    quantised = np.clip(np.rint(weights / scale[None, :]), -127, 127).astype(np.int8)
    directory.mkdir(parents=True, exist_ok=True)
    extra: dict[str, npt.NDArray[Any]] = (
        {} if dense is None else {"dense": dense.astype(np.float32)}
    )
    np.savez_compressed(
        directory / "model.npz",
        allow_pickle=False,
        vocabulary=np.frombuffer("\n".join(vocabulary).encode("utf-8"), dtype=np.uint8),
        idf=idf.astype(np.float16),
        weights=quantised,
        scale=scale.astype(np.float32),
        bias=bias.astype(np.float32),
        **extra,
    )
    (directory / "model.json").write_text(
        json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
