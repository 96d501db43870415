"""FIU transfer exports (CSV): one row per money movement between two parties.

Millions of rows are normal, so the file is streamed in pandas chunks and validated
column-wise: its size is limited only by the disk, memory by the chunk size. Each
``TransferChunk`` holds the chunk's valid rows as a DataFrame and its bad rows as
``RecordError``s: a cell longer than ``max_field_chars`` refuses its row. A row
identical in every column to an earlier one is kept and marked (``duplicate_of``).
``TransferChunk.to_extraction()`` turns a chunk into plain records when a caller
wants them; the batch writer can use the columnar
``transfer_rows()`` / ``entity_rows()`` directly. Everything is ``restricted``.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pycountry
import yaml

from graphhub.config import DEFAULT_MAX_FIELD_CHARS
from graphhub.ids import content_hash, make_id
from graphhub.model import RESTRICTED, Label, RelType
from ingestion.errors import ReadError, RecordError
from ingestion.fx import rates
from ingestion.records import Extraction
from ingestion.sources import codes
from ingestion.sources.collector import Collector, evidence
from ingestion.sources.files import check_file, check_utf8, load_fingerprint, read_mapping
from ingestion.sources.table_mapping import header_key
from ingestion.sources.values import parse_number

DATA = Path(__file__).parent / "data"
SIDES = ("sender", "receiver")
PARTY_FIELDS = ("name", "type", "id", "account", "country")
FIELDS = (
    *(f"{side}_{part}" for side in SIDES for part in PARTY_FIELDS),
    "amount",
    "currency",
    "date",
    "reference",
    "reporting_fiu",
)
REQUIRED = ("amount", "currency", "date")
METHOD = "fiu:row"
# No size limit of its own: the file is streamed (check_file still refuses a missing or empty one).
NO_SIZE_LIMIT = sys.maxsize
_LABEL_KIND = {
    Label.PERSON: "person",
    Label.COMPANY: "company",
    Label.BANK_ACCOUNT: "account",
    Label.TRAFFICKING_GROUP: "group",
}


@cache
def _header_table() -> dict[str, str]:
    raw = yaml.safe_load((DATA / "fiu_headers.yaml").read_text(encoding="utf-8"))
    table: dict[str, str] = {}
    for side, side_words in raw["sides"].items():
        for part, part_words in raw["party_fields"].items():
            for side_word in side_words:
                for part_word in part_words:
                    table.setdefault(header_key(f"{side_word} {part_word}"), f"{side}_{part}")
    for name, words in raw["fields"].items():
        for word in words:
            table.setdefault(header_key(word), name)
    return table


@cache
def _type_labels() -> dict[str, Label]:
    raw = yaml.safe_load((DATA / "fiu_types.yaml").read_text(encoding="utf-8"))
    return {header_key(word): Label(label) for label, words in raw.items() for word in words}


@cache
def _currencies() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.currencies)


@cache
def _rate_keys() -> dict[str, float]:
    return {f"{currency}{year}": value for (currency, year), value in rates().items()}


def load_mapping(path: Path | str) -> dict[str, Any]:
    """Read a mapping YAML for exports with other headers: ``columns`` (header -> column).

    The columns are this reader's (``FIELDS``: ``sender_name``, ``amount``, ...); a
    top-level key other than ``columns`` or a column that is not one is refused, named.
    """
    source = Path(path)
    raw = read_mapping(source)
    if not isinstance(raw, dict) or not isinstance(raw.get("columns"), dict):
        raise ReadError(
            "an FIU export mapping is a YAML mapping with columns: (header -> column)",
            path=str(source),
        )
    unknown = [str(k) for k in raw if k != "columns"]
    if unknown:
        raise ReadError(
            f"unknown top-level key(s) {', '.join(map(repr, unknown))}; "
            "an FIU export mapping has columns only",
            path=str(source),
        )
    for header, target in raw["columns"].items():
        if target not in FIELDS:
            raise ReadError(
                f"header {header!r} is mapped to unknown column {target!r}; "
                f"columns are {', '.join(FIELDS)}",
                path=str(source),
            )
    return {"columns": {str(k): str(v) for k, v in raw["columns"].items()}}


def map_headers(headers: list[str], mapping: Mapping[str, Any] | None = None) -> dict[str, str]:
    """Source header -> reader column: the mapping's first, then the headers recognised.

    A column is read from one header: the mapped one, else the leftmost that matches.
    """
    explicit = {header_key(k): v for k, v in (mapping or {}).get("columns", {}).items()}
    mapped = {h: explicit[header_key(h)] for h in headers if header_key(h) in explicit}
    taken = set(mapped.values())
    table = _header_table()
    for header in headers:
        if header in mapped:
            continue
        target = table.get(header_key(header))
        if target and target not in taken:
            mapped[header] = target
            taken.add(target)
    return {h: mapped[h] for h in headers if h in mapped}


@dataclass
class TransferChunk:
    """The valid transfers of one chunk (columnar) and the errors of its bad rows."""

    doc_id: str
    path: str
    frame: pd.DataFrame
    errors: list[RecordError] = field(default_factory=list)
    rows_read: int = 0
    # (row, earlier row) for each valid row identical in every column to an earlier one.
    duplicates: list[tuple[int, int]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.frame)

    def transfer_rows(self) -> list[dict[str, Any]]:
        """One dict per TRANSFER (id, start and end refs, amount, currency, date, ...)."""
        columns = {
            "transfer_id": "id",
            "sender_ref": "start",
            "receiver_ref": "end",
            "amount": "amount",
            "currency": "currency",
            "amount_usd": "amount_usd",
            "date": "date",
            "reference": "reference",
            "reporting_fiu": "reporting_fiu",
            "row": "row",
        }
        view = self.frame[list(columns)].rename(columns=columns)
        view = view.astype(object).where(view.notna(), None)
        return view.to_dict("records")  # type: ignore[return-value]

    def entity_rows(self) -> list[dict[str, Any]]:
        """One dict per distinct party of the chunk (ref, label, name, key, country, iban)."""
        parts = []
        for side in SIDES:
            part = self.frame[
                [f"{side}_ref", f"{side}_label", f"{side}_name", f"{side}_key", f"{side}_country"]
            ]
            part.columns = ["ref", "label", "name", "key", "country"]
            parts.append(part)
        both = pd.concat(parts).drop_duplicates("ref")
        return both.to_dict("records")  # type: ignore[return-value]

    def to_extraction(self) -> Extraction:
        """The chunk as plain records: parties, accounts (HOLDS) and TRANSFER edges."""
        collector = Collector(self.doc_id, classification=RESTRICTED)
        records: list[dict[str, Any]] = self.frame.to_dict("records")  # type: ignore[assignment]
        for row in records:
            text = ", ".join(str(row[c]) for c in FIELDS if row.get(c))
            proof = evidence(self.doc_id, text, METHOD, f"row {row['row']}")
            refs = {side: _add_party(collector, row, side, proof) for side in SIDES}
            props = {
                "id": row["transfer_id"],
                "amount": row["amount"],
                "currency": row["currency"],
                "amount_usd": None if pd.isna(row["amount_usd"]) else row["amount_usd"],
                "date": row["date"],
                "reference": row.get("reference") or None,
                "reporting_fiu": row.get("reporting_fiu") or None,
                "sender_account": row.get("sender_account") or None,
                "receiver_account": row.get("receiver_account") or None,
                "duplicate_of": row.get("duplicate_of") or None,
            }
            collector.edge(RelType.TRANSFER, refs["sender"], refs["receiver"], props, proof)
        return collector.extraction()


def _add_party(collector: Collector, row: dict[str, Any], side: str, proof: Any) -> str:
    label = Label(row[f"{side}_label"])
    account = row.get(f"{side}_account") or None
    props = {
        "key": row[f"{side}_key"],
        "country": row[f"{side}_country"] or None,
        "iban": account if label is Label.BANK_ACCOUNT else None,
    }
    ref = collector.node(label, row[f"{side}_ref"], row[f"{side}_name"], props, proof)
    if account and label is not Label.BANK_ACCOUNT:
        holder = collector.node(
            Label.BANK_ACCOUNT, make_id("account", account), account, {"iban": account}, proof
        )
        collector.edge(RelType.HOLDS, ref, holder, {}, proof, unique=True)
    return ref


class _SeenRows:
    """Row hashes seen so far in a file, to find rows identical to an earlier one.

    Kept as sorted numpy runs (8 bytes of hash and 8 of row number per valid row),
    merged now and then, so that a long file costs 16 bytes a row, not a Python object.
    """

    RUNS = 16

    def __init__(self) -> None:
        self._hashes: list[np.ndarray] = []
        self._rows: list[np.ndarray] = []

    def first_rows(self, hashes: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """For each row, the earlier row it repeats (0 for none); then remember the new ones."""
        first = np.zeros(len(hashes), dtype=np.int64)
        for seen, seen_rows in zip(self._hashes, self._rows, strict=True):
            where = np.searchsorted(seen, hashes)
            where[where == len(seen)] = 0
            hit = (seen[where] == hashes) & (first == 0) if len(seen) else first != first
            first[hit] = seen_rows[where[hit]]
        # Repeats within this chunk: the earliest row of each hash among those not yet seen.
        fresh = first == 0
        frame = pd.DataFrame({"h": hashes[fresh], "row": rows[fresh]})
        earliest = frame.groupby("h", sort=False)["row"].transform("min").to_numpy()
        inner = earliest != frame["row"].to_numpy()
        picked = np.flatnonzero(fresh)
        first[picked[inner]] = earliest[inner]
        new = frame[~inner]
        order = np.argsort(new["h"].to_numpy(), kind="stable")
        self._hashes.append(new["h"].to_numpy()[order])
        self._rows.append(new["row"].to_numpy()[order])
        if len(self._hashes) > self.RUNS:
            merged_h, merged_r = np.concatenate(self._hashes), np.concatenate(self._rows)
            order = np.argsort(merged_h, kind="stable")
            self._hashes, self._rows = [merged_h[order]], [merged_r[order]]
        return first


def export_id(path: Path | str, mapping: Mapping[str, Any] | None = None) -> str:
    """The document id of an export: its content hash, combined with the mapping if any."""
    return load_fingerprint(content_hash(Path(path)), {"mapping": mapping})


def read_transfers(
    path: Path | str,
    chunk_rows: int = 50_000,
    max_field_chars: int = DEFAULT_MAX_FIELD_CHARS,
    column_mapping: Mapping[str, Any] | None = None,
) -> Iterator[TransferChunk]:
    """Stream an FIU transfer CSV chunk by chunk (bounded memory); bad rows become errors.

    A cell longer than ``max_field_chars`` refuses its row (file, row, field, reason);
    a valid row identical in every column to an earlier valid row is kept, with
    ``duplicate_of`` naming the earlier row's transfer id. ``column_mapping``
    (``load_mapping``) names the headers of an export with other column names.
    """
    source = Path(path)
    check_file(source, NO_SIZE_LIMIT)
    check_utf8(source)
    with source.open(encoding="utf-8-sig", newline="") as handle:
        headers = next(csv.reader(handle), [])
    mapping = map_headers(headers, column_mapping)
    missing = [c for c in REQUIRED if c not in mapping.values()]
    if missing:
        raise ReadError(
            f"not an FIU transfer export: no {', '.join(missing)} column "
            f"(headers: {', '.join(headers)})",
            path=str(source),
        )
    doc_id = export_id(source, column_mapping)
    seen = _SeenRows()
    try:
        reader = pd.read_csv(
            source,
            dtype=object,
            keep_default_na=False,
            # Every column, mapped or not, decides whether two rows are identical.
            chunksize=chunk_rows,
            encoding="utf-8-sig",
        )
        first = 2  # the header is row 1
        for raw in reader:
            hashes = pd.util.hash_pandas_object(raw, index=False).to_numpy()
            frame = raw[list(mapping)].rename(columns=mapping)
            frame.index = pd.RangeIndex(first, first + len(frame))
            chunk = _validate(frame, doc_id, str(source), max_field_chars)
            _mark_duplicates(chunk, hashes, first, seen)
            first += len(frame)
            yield chunk
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ReadError("cannot parse the CSV", path=str(source), reason=str(exc)) from exc


def _mark_duplicates(
    chunk: TransferChunk, hashes: np.ndarray, first_row: int, seen: _SeenRows
) -> None:
    """``duplicate_of`` for valid rows that repeat an earlier valid row of the file."""
    good = chunk.frame
    rows = good["row"].to_numpy(dtype=np.int64)
    valid = hashes[rows - first_row]
    first = seen.first_rows(valid, rows)
    repeat = first > 0
    good["duplicate_of"] = np.where(
        repeat, np.char.add(f"transfer:{chunk.doc_id[:16]}:", first.astype(str)), ""
    ).astype(object)
    chunk.duplicates = list(zip(rows[repeat].tolist(), first[repeat].tolist(), strict=True))


def _too_long(frame: pd.DataFrame, limit: int, flag: Any) -> None:
    """Refuse rows with a cell over ``limit`` characters (checked first, so the value is cut)."""
    for column in FIELDS:
        values = frame[column].to_numpy(dtype=object)
        lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
        if lengths.max(initial=0) > limit:
            flag(
                pd.Series(lengths > limit, index=frame.index),
                column,
                f"{column} is longer than {limit:,} characters (GRAPHHUB_MAX_FIELD_CHARS)",
                cut=80,
            )


def _validate(frame: pd.DataFrame, doc_id: str, path: str, max_field_chars: int) -> TransferChunk:
    """Normalise one chunk column-wise; rows failing a check go to errors."""
    for column in FIELDS:
        if column not in frame:
            frame[column] = ""
    bad = pd.Series(False, index=frame.index)
    errors: list[RecordError] = []

    def flag(mask: pd.Series, column: str, message: str, cut: int = 0) -> None:
        nonlocal bad
        fresh = mask & ~bad
        for row in fresh[fresh].index:
            value = str(frame.at[row, column])
            if cut and len(value) > cut:
                value = f"{value[:cut]}... ({len(value):,} characters)"
            errors.append(
                RecordError(message, path=path, row=int(row), field=column, value=value or None)
            )
        bad |= mask

    _too_long(frame, max_field_chars, flag)

    amounts = pd.to_numeric(frame["amount"], errors="coerce")
    odd = amounts.isna() & (frame["amount"] != "")
    if odd.any():  # "1,234.50" and friends: the slow parser only for the few that need it
        amounts[odd] = [_number_or_nan(v) for v in frame.loc[odd, "amount"]]
    flag(frame["amount"] == "", "amount", "amount is missing")
    flag(amounts.isna(), "amount", "cannot read the amount as a number")
    flag(amounts <= 0, "amount", "amount must be positive")

    currency = _tidy(frame["currency"], lambda v: v.strip().upper())
    flag(~currency.isin(_currencies()), "currency", "not an ISO 4217 currency code")

    dates = _tidy(frame["date"], str.strip)
    parsed = pd.to_datetime(dates, format="%Y-%m-%d", errors="coerce")
    loose = parsed.isna() & (dates != "")
    if loose.any():
        parsed[loose] = pd.to_datetime(dates[loose], format="ISO8601", errors="coerce")
        dates = dates.where(~loose, parsed.dt.strftime("%Y-%m-%d"))
    flag(parsed.isna(), "date", "not a valid date (expected YYYY-MM-DD)")

    for side in SIDES:
        _party(frame, side, flag)

    good = frame[~bad].copy()
    good["row"] = good.index
    good["amount"] = amounts[~bad]
    good["currency"] = currency[~bad]
    good["date"] = dates[~bad]
    years = good["date"].str.slice(0, 4)
    rate = (good["currency"] + years).map(_rate_keys())
    good["amount_usd"] = good["amount"] / rate
    good["transfer_id"] = f"transfer:{doc_id[:16]}:" + good["row"].astype(str)
    return TransferChunk(doc_id, path, good, errors, rows_read=len(frame))


def _number_or_nan(text: str) -> float:
    try:
        return parse_number(text)
    except ValueError:
        return float("nan")


def _tidy(column: pd.Series, clean: Callable[[str], Any]) -> pd.Series:
    """Apply ``clean`` once per distinct value (exports repeat values a lot)."""
    uniques = pd.unique(column.to_numpy(dtype=object)).tolist()
    table = {value: clean(value) for value in uniques}
    if all(table[value] == value for value in uniques):
        return column
    return column.map(table)


_REF_CACHE: dict[tuple[str, str], str] = {}
_REF_CACHE_LIMIT = 2_000_000


def _party_ref(label: str, key: str) -> str:
    """The ref of a party from its label and natural key (cached: parties recur)."""
    found = _REF_CACHE.get((label, key))
    if found is None:
        if len(_REF_CACHE) >= _REF_CACHE_LIMIT:
            _REF_CACHE.clear()  # bounded memory on exports with very many parties
        found = make_id(_LABEL_KIND.get(Label(label), "entity"), label, key)
        _REF_CACHE[(label, key)] = found
    return found


def _factor(column: pd.Series, clean: Callable[[str], str]) -> tuple[np.ndarray, np.ndarray]:
    """(codes, cleaned distinct values) of a text column; cleaning runs once per value."""
    codes_, uniques = pd.factorize(column.to_numpy(dtype=object))
    return codes_, np.array([clean(value) for value in uniques] + [""], dtype=object)


def _empty(codes_: np.ndarray, values: np.ndarray) -> np.ndarray:
    return np.isin(codes_, np.flatnonzero(values == ""))


def _party(frame: pd.DataFrame, side: str, flag: Any) -> None:
    """Label, natural key, ref and ISO3 country of one side's parties."""
    labels = _type_labels()
    name_c, name_v = _factor(frame[f"{side}_name"], str.strip)
    ident_c, ident_v = _factor(frame[f"{side}_id"], str.strip)
    account_c, account_v = _factor(frame[f"{side}_account"], lambda v: v.replace(" ", "").upper())
    kind_c, kind_v = _factor(frame[f"{side}_type"], str.strip)
    label_v = np.array([str(labels.get(header_key(v), "")) for v in kind_v], dtype=object)
    no_name, no_ident = _empty(name_c, name_v), _empty(ident_c, ident_v)
    no_account, no_kind = _empty(account_c, account_v), _empty(kind_c, kind_v)
    name, ident, account = name_v[name_c], ident_v[ident_c], account_v[account_c]
    label = label_v[kind_c]
    label[no_kind & no_name & no_ident & ~no_account] = str(Label.BANK_ACCOUNT)
    index = frame.index
    flag(
        pd.Series(no_name & no_ident & no_account, index=index),
        f"{side}_name",
        f"{side} has no name, id or account",
    )
    flag(
        pd.Series(label == "", index=index),
        f"{side}_type",
        f"{side} type must be person, company, account or group",
    )
    key = np.where(~no_ident, ident, np.where(~no_account, account, name))
    key = np.where((label == str(Label.BANK_ACCOUNT)) & ~no_account, account, key)
    label_codes, label_values = pd.factorize(label)
    key_codes, key_values = pd.factorize(key)
    width = len(key_values)
    codes_, pairs = pd.factorize(label_codes * width + key_codes)
    refs = np.array(
        [
            _party_ref(label_values[pair // width], key_values[pair % width])
            if label_values[pair // width]
            else ""
            for pair in pairs.tolist()
        ],
        dtype=object,
    )
    frame[f"{side}_label"] = label
    frame[f"{side}_key"] = key
    # An export id is the party's identity: no match by name may replace it.
    frame[f"{side}_has_id"] = ~no_ident
    frame[f"{side}_ref"] = refs[codes_]
    frame[f"{side}_name"] = np.where(no_name, key, name)
    frame[f"{side}_account"] = account

    country_c, country_v = _factor(frame[f"{side}_country"], str.strip)
    iso3 = np.array([_iso3(value) for value in country_v], dtype=object)
    unknown = pd.isna(iso3)
    flag(pd.Series(unknown[country_c], index=index), f"{side}_country", f"unknown {side} country")
    frame[f"{side}_country"] = np.where(unknown, "", iso3)[country_c]


def _iso3(text: str) -> str | float:
    """ISO3 of a country cell; "" for an empty cell; NaN for an unknown one."""
    if not text:
        return ""
    found = codes.country(text)
    return found.iso3 if found and found.iso3 else np.nan
