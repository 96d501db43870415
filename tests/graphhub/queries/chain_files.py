"""Three small IATI files of one funding chain: a donor's activity pays a pooled fund's
activity, which records the money as incoming funds and disburses to two NGOs' activities;
one NGO passes part on to a local partner in a restricted file.

Figures (USD, 2020): the donor pays 1,000,000 into the fund, a second donor 500,000 (no
activity of its own), so the first donor's share of the fund's incoming money is 2/3; the
fund passes 600,000 to the Highland Health Network and 450,000 to the River Schools Trust;
the network passes 200,000 to Upper Valley Clinics (restricted).
"""

from __future__ import annotations

from pathlib import Path

import neo4j

from graphhub.model import PUBLIC, RESTRICTED
from ingestion.load import load_file

DONOR = "XM-DAC-7"
DONOR_ACTIVITY = "XM-DAC-7-DON-1"
FUND = "XI-VPF"
FUND_ACTIVITY = "XI-VPF-2020"
NGO_A_ACTIVITY = "XI-NGO-A-7"
NGO_B_ACTIVITY = "XI-NGO-B-3"
LOCAL_ACTIVITY = "XI-LOC-1-A"


def _org(tag: str, ref: str, name: str, extra: str = "") -> str:
    return f'<{tag} ref="{ref}"{extra}><narrative>{name}</narrative></{tag}>'


def _transaction(code: str, date: str, value: int, *parts: str) -> str:
    return (
        f'<transaction><transaction-type code="{code}"/><transaction-date iso-date="{date}"/>'
        f'<value currency="USD" value-date="{date}">{value}</value>{"".join(parts)}'
        "</transaction>"
    )


def _activity(identifier: str, reporting: tuple[str, str], title: str, *body: str) -> str:
    return (
        f'<iati-activity default-currency="USD"><iati-identifier>{identifier}</iati-identifier>'
        f"{_org('reporting-org', *reporting)}<title><narrative>{title}</narrative></title>"
        f'{"".join(body)}</iati-activity>'
    )


def _file(*activities: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">'
            + "".join(activities) + "</iati-activities>\n")


MINISTRY = (DONOR, "Ministry of Northern Aid")
SOUTHERN = ("XM-DAC-8", "Southern Relief Agency")
VPF = (FUND, "Valley Pooled Fund")
NGO_A = ("XI-NGO-A", "Highland Health Network")
NGO_B = ("XI-NGO-B", "River Schools Trust")
LOCAL = ("XI-LOC-1", "Upper Valley Clinics")

DONOR_XML = _file(_activity(
    DONOR_ACTIVITY, MINISTRY, "Northern Aid contribution to the Valley Pooled Fund",
    _org("participating-org", *MINISTRY, ' role="1"'),
    _org("participating-org", *VPF, ' role="4"'),
    _transaction("3", "2020-03-01", 1_000_000,
                 _org("receiver-org", *VPF, f' receiver-activity-id="{FUND_ACTIVITY}"')),
))

FUND_XML = _file(_activity(
    FUND_ACTIVITY, VPF, "Valley Pooled Fund 2020 allocations",
    _org("participating-org", *MINISTRY, ' role="1"'),
    _org("participating-org", *SOUTHERN, ' role="1"'),
    _org("participating-org", *VPF, ' role="4"'),
    _transaction("1", "2020-03-15", 1_000_000,
                 _org("provider-org", *MINISTRY, f' provider-activity-id="{DONOR_ACTIVITY}"')),
    _transaction("1", "2020-04-01", 500_000, _org("provider-org", *SOUTHERN)),
    _transaction("3", "2020-05-01", 600_000, _org("provider-org", *VPF),
                 _org("receiver-org", *NGO_A, f' receiver-activity-id="{NGO_A_ACTIVITY}"')),
    _transaction("3", "2020-05-02", 450_000,
                 _org("receiver-org", *NGO_B, f' receiver-activity-id="{NGO_B_ACTIVITY}"')),
))

NGO_A_XML = _file(_activity(
    NGO_A_ACTIVITY, NGO_A, "Highland clinics",
    _org("participating-org", *VPF, ' role="1"'),
    _transaction("1", "2020-05-10", 600_000,
                 _org("provider-org", *VPF, f' provider-activity-id="{FUND_ACTIVITY}"')),
    _transaction("3", "2020-06-01", 200_000,
                 _org("receiver-org", *LOCAL, f' receiver-activity-id="{LOCAL_ACTIVITY}"')),
))


def load_chain(driver: neo4j.Driver, database: str, folder: Path) -> None:
    """Write the three files and load them: donor and fund public, the NGO's restricted."""
    for name, text, classification in (
        ("donor.xml", DONOR_XML, PUBLIC),
        ("fund.xml", FUND_XML, PUBLIC),
        ("ngo_a.xml", NGO_A_XML, RESTRICTED),
    ):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        report = load_file(driver, database, "iati", path, classification=classification,
                           state_dir=folder)
        assert report.status != "failed", (name, report.failure, report.warnings)
