"""Three activities described twice: by an aid database's contribution table and by its IATI
file. One table code is the IATI identifier's own code, one row names the identifier in a
column of its own, one code is the whole identifier. Used by the identity, query, CLI and
API tests of double counting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import neo4j

from ingestion.load import load_file

TABLE = """\
Donor,Code,Title,Country,Sector,Amount,Currency,Year,Type,IATI activity
Corvane Development Fund,KAB/220417,Livelihoods in Kabul,AF,16063,500000,USD,2015,commitment,
Ostrel Foundation,TBL-0099,Court clerks,AF,15130,300000,USD,2016,commitment,XI-ZZZ-48213-HRT-5512
Marwick Trust,XI-ZZZ-48213-DRG-7781,Herat border posts,AF,16063,250000,USD,2017,disbursement,
"""

MAPPING = """\
columns:
  IATI activity: iati_identifier
"""

_ACTIVITY = """
 <iati-activity default-currency="USD">
  <reporting-org ref="XI-ZZZ-48213" type="21"><narrative>Valmora Aid Registry</narrative>
  </reporting-org>
  <iati-identifier>{identifier}</iati-identifier>
  <title><narrative>{title}</narrative></title>
  <participating-org role="1"><narrative>{donor}</narrative></participating-org>
  <recipient-country code="AF"/>
  <sector vocabulary="1" code="{sector}"/>
  <transaction><transaction-type code="{kind}"/>
   <value value-date="{date}">{amount}</value>
  </transaction>
 </iati-activity>"""

ACTIVITIES: list[dict[str, Any]] = [
    {"identifier": "XI-ZZZ-48213-CN-KAB/220417", "title": "Alternative livelihoods, Kabul",
     "donor": "Corvane Development Fund", "sector": 16063, "kind": 2, "date": "2015-03-01",
     "amount": 480000},
    {"identifier": "XI-ZZZ-48213-HRT-5512", "title": "Training of court clerks",
     "donor": "Ostrel Foundation", "sector": 15130, "kind": 2, "date": "2016-05-01",
     "amount": 300000},
    {"identifier": "XI-ZZZ-48213-DRG-7781", "title": "Herat border posts",
     "donor": "Marwick Trust", "sector": 16063, "kind": 3, "date": "2017-07-01",
     "amount": 260000},
]

IATI = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">'
    + "".join(_ACTIVITY.format(**activity) for activity in ACTIVITIES)
    + "\n</iati-activities>\n"
)

# What each source alone says each donor gave (USD), and what the IATI file says.
TABLE_TOTALS = {"Corvane Development Fund": 500000.0, "Ostrel Foundation": 300000.0,
                "Marwick Trust": 250000.0}
IATI_TOTALS = {"Corvane Development Fund": 480000.0, "Ostrel Foundation": 300000.0,
               "Marwick Trust": 260000.0}


def write_sources(folder: Path) -> dict[str, Path]:
    """The table, its mapping and the IATI file, written under ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        "table": folder / "valmora-contributions.csv",
        "mapping": folder / "valmora-mapping.yaml",
        "iati": folder / "valmora-activities.xml",
    }
    paths["table"].write_text(TABLE, encoding="utf-8")
    paths["mapping"].write_text(MAPPING, encoding="utf-8")
    paths["iati"].write_text(IATI, encoding="utf-8")
    return paths


def load_table(driver: neo4j.Driver, database: str, paths: dict[str, Path], **options: Any) -> None:
    report = load_file(driver, database, "contributions", paths["table"],
                       classification="public", mapping=paths["mapping"], **options)
    assert report.status in ("written", "unchanged"), report.failure


def load_iati(driver: neo4j.Driver, database: str, paths: dict[str, Path], **options: Any) -> None:
    report = load_file(driver, database, "iati", paths["iati"], classification="public",
                       **options)
    assert report.status in ("written", "unchanged"), report.failure


def load_both(driver: neo4j.Driver, database: str, paths: dict[str, Path],
              iati_first: bool = False) -> None:
    """The two files, in the order asked for, each load seeded from the graph."""
    steps = (load_iati, load_table) if iati_first else (load_table, load_iati)
    for step in steps:
        step(driver, database, paths)
