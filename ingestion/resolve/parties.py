"""The parties of an FIU transfer export: which graph node each one is, planned in batches.

A party's identity is the export's own id when the export has one: it is never merged
by name with another entity (a known entity of the same name is reported as a
proposal, not merged). Parties without an export id are matched against the graph's
known entities by exact name after the label's name features, accounts by IBAN.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
import pandas as pd

from graphhub.ids import make_id
from graphhub.model import ENTITY_LABELS, Label
from graphhub.writer.transfers import TransferBatch
from ingestion.resolve.features import name_key
from ingestion.resolve.keys import account_id, account_number
from ingestion.resolve.resolution import KnownNode
from ingestion.sources.fiu_transfers import SIDES, TransferChunk

# Examples of same-name proposals (and repeated rows) kept on the report (all are counted).
EXAMPLES = 5


class KnownParties:
    """The graph's entities a party can be matched to: by IBAN, or by exact featured name.

    A party with an export id keeps it: a known entity of the same name is only
    proposed (``proposals``), never merged into it.
    """

    def __init__(self, known: Iterable[KnownNode] = (), exclude: Iterable[str] = ()) -> None:
        self._names: dict[tuple[str, str], str | None] = {}
        self._ibans: dict[str, str] = {}
        skip = set(exclude)
        for node in known:
            if node.label not in ENTITY_LABELS or node.id in skip:
                continue
            if node.label is Label.BANK_ACCOUNT:
                self._ibans[account_number(node.iban or node.name)] = node.id
                continue
            for name in (node.name, *node.aliases):
                key = (str(node.label), name_key(name, node.label))
                seen = self._names.get(key, node.id)
                # A name shared by two known entities decides nothing: keep neither.
                self._names[key] = node.id if seen == node.id else None
        self._cache: dict[str, str] = {}
        self.proposals: list[tuple[str, str, str]] = []
        self.proposal_count = 0

    def __bool__(self) -> bool:
        return bool(self._names or self._ibans)

    def match(self, ref: str, label: str, name: str, account: str, has_id: bool, key: str) -> str:
        """The known id for this party, else its own ref (answers are remembered per ref)."""
        found = self._cache.get(ref)
        if found is None:
            found = ref
            if label == Label.BANK_ACCOUNT and account:
                found = self._ibans.get(account, ref)
            elif name:
                same = self._names.get((label, name_key(name, Label(label))))
                if not has_id:
                    found = same or ref
                elif same is not None and same != ref:
                    self.proposal_count += 1
                    if len(self.proposals) < EXAMPLES:
                        self.proposals.append((name, key, same))
            self._cache[ref] = found
        return found


def _column(values: pd.Series | np.ndarray) -> list[Any]:
    """A column as a list the driver packs, with NaN and empty text as null."""
    series = pd.Series(values)
    if series.dtype.kind == "f":
        return [None if v != v else v for v in series.tolist()]
    return [v if v != "" else None for v in series.tolist()]


class TransferPlanner:
    """Turns chunks into batches: new parties once per file, accounts, transfers.

    Rows up to ``through`` are in the graph already (a resumed load): they are planned
    as a clean load would plan them, so that the parties and accounts they wrote count
    as written, and are not sent.
    """

    def __init__(self, doc_id: str, known: KnownParties, batch_rows: int, through: int) -> None:
        self.doc_id = doc_id
        self.known = known
        self.batch_rows = batch_rows
        self.through = through
        self.kept = 0  # transfers of rows up to ``through``
        self.written: set[str] = set()  # ids of parties this file has already written
        self.held: set[tuple[str, str]] = set()
        self.account_ids: dict[str, str] = {}

    def batches(self, chunk: TransferChunk) -> Iterator[TransferBatch]:
        frame = chunk.frame
        committed = frame["row"].to_numpy() <= self.through
        if committed.any():
            self._batch(frame[committed])
            self.kept += int(committed.sum())
            frame = frame[~committed]
        for start in range(0, len(frame), self.batch_rows):
            yield self._batch(frame.iloc[start : start + self.batch_rows])

    def _account_ids(self, accounts: np.ndarray) -> np.ndarray:
        """``account:…`` ids of account numbers, keyed as the resolver keys them (once each)."""
        codes_, uniques = pd.factorize(accounts)
        cache = self.account_ids
        ids = []
        for number in uniques.tolist():
            found = cache.get(number)
            if found is None:
                found = cache[number] = account_id(account_number(number))
            ids.append(found)
        return np.array(ids, dtype=object)[codes_] if ids else np.array([], dtype=object)

    def _ids(self, frame: pd.DataFrame, side: str) -> np.ndarray:
        refs = frame[f"{side}_ref"].to_numpy(dtype=object)
        labels = frame[f"{side}_label"].to_numpy(dtype=object)
        accounts = frame[f"{side}_account"].to_numpy(dtype=object)
        bare = (labels == str(Label.BANK_ACCOUNT)) & (accounts != "")
        if bare.any():
            refs = refs.copy()
            refs[bare] = self._account_ids(accounts[bare])
        if not self.known:
            return refs
        names = frame[f"{side}_name"].to_numpy(dtype=object)
        has_id = frame[f"{side}_has_id"].to_numpy(dtype=bool)
        keys = frame[f"{side}_key"].to_numpy(dtype=object)
        return np.array(
            [
                self.known.match(r, lab, n, a, bool(h), k)
                for r, lab, n, a, h, k in zip(
                    refs, labels, names, accounts, has_id, keys, strict=True
                )
            ],
            dtype=object,
        )

    def _batch(self, frame: pd.DataFrame) -> TransferBatch:
        ids = {side: self._ids(frame, side) for side in SIDES}
        parties = pd.concat(
            [
                pd.DataFrame(
                    {
                        "id": ids[side],
                        "label": frame[f"{side}_label"].to_numpy(),
                        "name": frame[f"{side}_name"].to_numpy(),
                        "key": frame[f"{side}_key"].to_numpy(),
                        "country": frame[f"{side}_country"].to_numpy(),
                        "account": frame[f"{side}_account"].to_numpy(),
                        "row": frame["row"].to_numpy(),
                    }
                )
                for side in SIDES
            ]
        )
        holders = parties[(parties["account"] != "") & (parties["label"] != Label.BANK_ACCOUNT)]
        accounts = pd.DataFrame(
            {
                "id": self._account_ids(holders["account"].to_numpy(dtype=object)),
                "label": str(Label.BANK_ACCOUNT),
                "name": holders["account"].to_numpy(),
                "key": holders["account"].to_numpy(),
                "country": "",
                "account": holders["account"].to_numpy(),
                "row": holders["row"].to_numpy(),
            }
        )
        # Each party is written from its first row, whatever the batch boundaries.
        everyone = (
            pd.concat([parties, accounts]).sort_values("row", kind="stable").drop_duplicates("id")
        )
        written = self.written
        fresh = everyone[[i not in written for i in everyone["id"].tolist()]]
        written.update(fresh["id"].tolist())
        entities: dict[Label, dict[str, list[Any]]] = {}
        for label, group in fresh.groupby("label", sort=False):
            is_account = label == Label.BANK_ACCOUNT
            entities[Label(str(label))] = {
                "id": group["id"].tolist(),
                "name": group["name"].tolist(),
                "key": group["key"].tolist(),
                "country": _column(group["country"]),
                "iban": _column(group["account"]) if is_account else [None] * len(group),
                "row": group["row"].tolist(),
            }
        holds = self._holds(holders, accounts)
        transfers = {
            "id": frame["transfer_id"].tolist(),
            "start": ids["sender"].tolist(),
            "end": ids["receiver"].tolist(),
            "amount": frame["amount"].astype(float).tolist(),
            "currency": frame["currency"].tolist(),
            "usd": _column(frame["amount_usd"].astype(float).round(2)),
            "date": frame["date"].tolist(),
            "reference": _column(frame["reference"]),
            "fiu": _column(frame["reporting_fiu"]),
            "sender_account": _column(frame["sender_account"]),
            "receiver_account": _column(frame["receiver_account"]),
            "duplicate_of": _column(frame["duplicate_of"]),
            "row": frame["row"].tolist(),
        }
        rows = frame["row"]
        first, last = (int(rows.iloc[0]), int(rows.iloc[-1])) if len(rows) else (0, 0)
        return TransferBatch(entities, holds, transfers, first, last)

    def _holds(self, holders: pd.DataFrame, accounts: pd.DataFrame) -> dict[str, list[Any]]:
        pairs = (
            pd.DataFrame(
                {
                    "holder": holders["id"].to_numpy(),
                    "account": accounts["id"].to_numpy(),
                    "row": holders["row"].to_numpy(),
                }
            )
            .sort_values("row", kind="stable")
            .drop_duplicates(["holder", "account"])
        )
        out: dict[str, list[Any]] = {"holder": [], "account": [], "hid": [], "row": []}
        held = self.held
        for holder, account, row in zip(
            pairs["holder"].tolist(), pairs["account"].tolist(), pairs["row"].tolist(), strict=True
        ):
            if (holder, account) in held:
                continue
            held.add((holder, account))
            out["holder"].append(holder)
            out["account"].append(account)
            out["hid"].append(make_id("holds", holder, account))
            out["row"].append(row)
        return out


