"""A small demo-like graph written through the real loader: donors, projects, an FIU case.

Public documents: a donor update (fundings of three projects in Central Asia), a
seizure report. Restricted: an FIU note (a company, accounts, persons and a
trafficking group linked by transfers), which also reveals a confidential donor.
Figures chosen so that answers can be worked out by hand (see ``EXPECTED``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import neo4j

from graphhub.ids import content_hash
from graphhub.model import PUBLIC, RESTRICTED, Label, RelType
from ingestion.commit import DocumentInfo, commit_extractions
from ingestion.records import EdgeRecord, Evidence, Extraction, NodeRecord
from ingestion.resolve import Resolver


@dataclass
class DocBuilder:
    """Records of one document; every record gets evidence pointing into the text."""

    title: str
    kind: str
    classification: str = PUBLIC
    lines: list[str] = field(default_factory=list)
    nodes: list[NodeRecord] = field(default_factory=list)
    edges: list[EdgeRecord] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join([self.title, *self.lines])

    @property
    def id(self) -> str:
        return content_hash(self.text.encode())

    def say(self, sentence: str) -> None:
        self.lines.append(sentence)

    def _evidence(self, phrase: str, sentence: str) -> list[Evidence]:
        # Offsets are only known once the text is complete; fixed up in ``extraction``.
        return [Evidence("", 0, 0, sentence, f"fixture:{phrase}", 0.9)]

    def node(self, label: Label, ref: str, name: str, sentence: str, **props: Any) -> str:
        aliases = props.pop("aliases", [])
        self.nodes.append(
            NodeRecord(label, ref, name, props, aliases, self.classification,
                       self._evidence(name, sentence))
        )
        return ref

    def edge(self, rel: RelType, start: str, end: str, sentence: str, **props: Any) -> None:
        classification = props.pop("classification", self.classification)
        self.edges.append(
            EdgeRecord(rel, start, end, props, classification, self._evidence(rel, sentence))
        )

    def extraction(self) -> tuple[DocumentInfo, Extraction]:
        text, doc_id = self.text, self.id

        def fix(evidence: list[Evidence]) -> list[Evidence]:
            out = []
            for ev in evidence:
                start = text.find(ev.sentence)
                out.append(Evidence(doc_id, start, start + len(ev.sentence), ev.sentence,
                                    ev.method.split(":")[0], ev.confidence))
            return out

        nodes = [NodeRecord(n.label, n.ref, n.name, n.props, n.aliases, n.classification,
                            fix(n.evidence)) for n in self.nodes]
        edges = [EdgeRecord(e.type, e.start, e.end, e.props, e.classification, fix(e.evidence))
                 for e in self.edges]
        doc = DocumentInfo(doc_id, self.title, self.kind, f"fixture/{self.title}.txt",
                           classification=self.classification)
        return doc, Extraction(doc_id, nodes, edges)


def donor_update() -> DocBuilder:
    d = DocBuilder("Donor update 2014", "txt")
    s1 = "The Government of Japan committed USD 1,000,000 to TAJ/E24 in 2013."
    s2 = "The European Union contributed EUR 800,000 to TAJ/E24 in 2014."
    s3 = "USAID funded XAC/K22, container control in Kazakhstan and Kyrgyzstan, in 2012."
    s4 = "Japan and the EU fund drug demand reduction in Kyrgyzstan (KGZ/K50)."
    s5 = "TAJ/E24 follows TAJ/E23, which Japan funded in 2010; UNODC implements both."
    s6 = "Tajikistan, Kazakhstan and Kyrgyzstan are in Central Asia."
    for s in (s1, s2, s3, s4, s5, s6):
        d.say(s)
    jp = d.node(Label.ORGANIZATION, "jp", "Government of Japan", s1)
    eu = d.node(Label.ORGANIZATION, "eu", "European Union", s2, acronym="EU")
    us = d.node(Label.ORGANIZATION, "usaid", "United States Agency for International Development",
                s3, acronym="USAID")
    unodc = d.node(Label.ORGANIZATION, "unodc", "United Nations Office on Drugs and Crime", s5,
                   acronym="UNODC")
    tjk = d.node(Label.COUNTRY, "tjk", "Tajikistan", s6, iso3="TJK")
    kaz = d.node(Label.COUNTRY, "kaz", "Kazakhstan", s6, iso3="KAZ")
    kgz = d.node(Label.COUNTRY, "kgz", "Kyrgyzstan", s6, iso3="KGZ")
    ca = d.node(Label.REGION, "ca", "Central Asia", s6)
    border = d.node(Label.SECTOR, "border", "border control", s1, code="15210")
    ddr = d.node(Label.SECTOR, "ddr", "drug demand reduction", s4, code="16063")
    pp = d.node(Label.PROGRAMME, "pp", "Paris Pact Initiative", s1)
    e24 = d.node(Label.PROJECT, "e24", "TAJ/E24", s1, code="TAJ/E24",
                 title="Border liaison offices in Tajikistan", status="ongoing",
                 start_year=2012, end_year=2016)
    e23 = d.node(Label.PROJECT, "e23", "TAJ/E23", s5, code="TAJ/E23",
                 title="Border liaison offices, first phase", status="completed",
                 start_year=2009, end_year=2011)
    k22 = d.node(Label.PROJECT, "k22", "XAC/K22", s3, code="XAC/K22",
                 title="Container control in Central Asia", status="completed",
                 start_year=2010, end_year=2014)
    k50 = d.node(Label.PROJECT, "k50", "KGZ/K50", s4, code="KGZ/K50",
                 title="Drug demand reduction in Kyrgyzstan", status="ongoing",
                 start_year=2013, end_year=2015)
    for country in (tjk, kaz, kgz):
        d.edge(RelType.IN_REGION, country, ca, s6)
    fund = RelType.FUNDS
    d.edge(fund, jp, e24, s1, amount=1_000_000, currency="USD", amount_usd=1_000_000.0,
           year=2013, kind="commitment")
    d.edge(fund, eu, e24, s2, amount=800_000, currency="EUR", amount_usd=1_064_000.0,
           year=2014, kind="commitment")
    d.edge(fund, us, k22, s3, amount=500_000, currency="USD", amount_usd=500_000.0,
           year=2012, kind="commitment")
    d.edge(fund, jp, k50, s4, amount=300_000, currency="USD", amount_usd=300_000.0,
           year=2014, kind="commitment")
    d.edge(fund, eu, k50, s4, amount=200_000, currency="EUR", amount_usd=266_000.0,
           year=2014, kind="commitment")
    d.edge(fund, jp, e23, s5, amount=400_000, currency="USD", amount_usd=400_000.0,
           year=2010, kind="commitment")
    d.edge(RelType.IN_COUNTRY, e24, tjk, s1)
    d.edge(RelType.IN_COUNTRY, e23, tjk, s5)
    d.edge(RelType.IN_COUNTRY, k22, kaz, s3)
    d.edge(RelType.IN_COUNTRY, k22, kgz, s3)
    d.edge(RelType.IN_COUNTRY, k50, kgz, s4)
    for project in (e24, e23, k22):
        d.edge(RelType.IN_SECTOR, project, border, s1)
    d.edge(RelType.IN_SECTOR, k50, ddr, s4)
    for project in (e24, e23):
        d.edge(RelType.IMPLEMENTED_BY, project, unodc, s5)
        d.edge(RelType.PART_OF, project, pp, s1)
    d.edge(RelType.FOLLOWS, e24, e23, s5)
    return d


def seizure_report() -> DocBuilder:
    d = DocBuilder("Seizure report Tajikistan 2014", "txt")
    s1 = "The Drug Control Agency seized 120 kg of heroin at the Panj crossing on 10 May 2014."
    s2 = "Silk Road Traders paid Aral Shipping USD 7,000 on 1 February 2013."
    s3 = "The heroin had been shipped by Caspian Logistics."
    for sentence in (s1, s2, s3):
        d.say(sentence)
    dca = d.node(Label.ORGANIZATION, "dca", "Drug Control Agency", s1)
    tjk = d.node(Label.COUNTRY, "tjk", "Tajikistan", s1, iso3="TJK")
    z = d.node(Label.SEIZURE, "z1", "heroin 120 kg", s1, drug="heroin", quantity_kg=120.0,
               date="2014-05-10", place="Panj crossing")
    d.edge(RelType.IN_COUNTRY, z, tjk, s1)
    d.edge(RelType.BY, z, dca, s1)
    silk = d.node(Label.COMPANY, "silk", "Silk Road Traders", s2)
    aral = d.node(Label.COMPANY, "aral", "Aral Shipping", s2)
    d.node(Label.COMPANY, "caspian", "Caspian Logistics", s3)
    d.edge(RelType.TRANSFER, silk, aral, s2, amount=7_000, currency="USD",
           amount_usd=7_000.0, date="2013-02-01", reference="SR-1")
    return d


def fiu_note() -> DocBuilder:
    d = DocBuilder("FIU note Emerald Gate 2014", "txt", classification=RESTRICTED)
    s = [
        "Pamir Fruit LLC wired USD 50,000 to account KG11 0000 1111 on 1 March 2013.",
        "Rustam Karimov holds account KG11 0000 1111 and leads the Emerald Gate network.",
        "KG11 0000 1111 sent USD 40,000 to account KG22 0000 2222 on 2 April 2013.",
        "Bakhyt Sadykov holds KG22 0000 2222 and is a member of the Emerald Gate network.",
        "Pamir Fruit LLC also paid USD 10,000 into KG22 0000 2222 on 1 May 2013.",
        "KG22 0000 2222 returned USD 5,000 to Pamir Fruit LLC on 1 June 2013.",
        "Silk Road Traders paid USD 9,000 into KG11 0000 1111; it forwarded USD 8,000 "
        "to Caspian Logistics.",
        "The State Financial Intelligence Service reported the case to prosecutors.",
        "A confidential donor gave USD 700,000 to KGZ/K50 in 2014.",
        "Police seized 45 kg of opium in Tajikistan on 3 March 2014.",
    ]
    for sentence in s:
        d.say(sentence)
    pamir = d.node(Label.COMPANY, "pamir", "Pamir Fruit LLC", s[0])
    acc1 = d.node(Label.BANK_ACCOUNT, "acc1", "KG11 0000 1111", s[0], iban="KG1100001111")
    acc2 = d.node(Label.BANK_ACCOUNT, "acc2", "KG22 0000 2222", s[2], iban="KG2200002222")
    karimov = d.node(Label.PERSON, "karimov", "Rustam Karimov", s[1])
    sadykov = d.node(Label.PERSON, "sadykov", "Bakhyt Sadykov", s[3])
    group = d.node(Label.TRAFFICKING_GROUP, "eg", "Emerald Gate network", s[1],
                   aliases=["Emerald Gate"])
    fiu = d.node(Label.ORGANIZATION, "fiu", "State Financial Intelligence Service", s[7])
    finding = d.node(Label.FINDING, "f1", "Emerald Gate STR analysis", s[7],
                     summary="Layering through fruit-trade accounts linked to Emerald Gate.",
                     date="2014-02-15", reporting_fiu="State Financial Intelligence Service")
    silk = d.node(Label.COMPANY, "silk", "Silk Road Traders", s[6])
    caspian = d.node(Label.COMPANY, "caspian", "Caspian Logistics", s[6])
    t = RelType.TRANSFER
    d.edge(t, pamir, acc1, s[0], amount=50_000, currency="USD", amount_usd=50_000.0,
           date="2013-03-01", reference="EG-1")
    d.edge(t, acc1, acc2, s[2], amount=40_000, currency="USD", amount_usd=40_000.0,
           date="2013-04-02", reference="EG-2")
    d.edge(t, pamir, acc2, s[4], amount=10_000, currency="USD", amount_usd=10_000.0,
           date="2013-05-01", reference="EG-3")
    d.edge(t, acc2, pamir, s[5], amount=5_000, currency="USD", amount_usd=5_000.0,
           date="2013-06-01", reference="EG-4")
    d.edge(t, silk, acc1, s[6], amount=9_000, currency="USD", amount_usd=9_000.0,
           date="2013-01-10", reference="EG-5")
    d.edge(t, acc1, caspian, s[6], amount=8_000, currency="USD", amount_usd=8_000.0,
           date="2013-01-20", reference="EG-6")
    d.edge(RelType.HOLDS, karimov, acc1, s[1])
    d.edge(RelType.LEADS, karimov, group, s[1])
    d.edge(RelType.HOLDS, sadykov, acc2, s[3])
    d.edge(RelType.MEMBER_OF, sadykov, group, s[3])
    d.edge(RelType.CONCERNS, finding, karimov, s[7])
    d.edge(RelType.CONCERNS, finding, pamir, s[7])
    d.edge(RelType.BY, finding, fiu, s[7])
    secret = d.node(Label.ORGANIZATION, "secret", "Confidential Donor Fund", s[8])
    k50 = d.node(Label.PROJECT, "k50", "KGZ/K50", s[8], code="KGZ/K50")
    d.edge(RelType.FUNDS, secret, k50, s[8], amount=700_000, currency="USD",
           amount_usd=700_000.0, year=2014, kind="commitment")
    tjk = d.node(Label.COUNTRY, "tjk", "Tajikistan", s[9], iso3="TJK")
    z = d.node(Label.SEIZURE, "z2", "opium 45 kg", s[9], drug="opium", quantity_kg=45.0,
               date="2014-03-03", place="Khorog")
    d.edge(RelType.IN_COUNTRY, z, tjk, s[9])
    return d


def documents() -> list[DocBuilder]:
    return [donor_update(), seizure_report(), fiu_note()]


@dataclass(frozen=True)
class SampleGraph:
    """Ids of the sample graph's nodes by name (and projects by code, documents by title)."""

    ids: dict[str, str]
    docs: dict[str, str]

    def __getitem__(self, name: str) -> str:
        return self.ids[name]


def load_sample_graph(driver: neo4j.Driver, database: str) -> SampleGraph:
    """Write the sample documents through the real loader; returns the ids it produced."""
    items = [doc.extraction() for doc in documents()]
    reports = commit_extractions(driver, database, items, Resolver())
    for report in reports:
        if isinstance(report, Exception):
            raise report
    records, _, _ = driver.execute_query(
        "MATCH (n) WHERE NOT n:Document RETURN n.id AS id, n.name AS name, n.code AS code",
        database_=database,
    )
    ids: dict[str, str] = {}
    for record in records:
        ids[record["name"]] = record["id"]
        if record["code"]:
            ids[record["code"]] = record["id"]
    return SampleGraph(ids, {doc.title: doc.id for doc in documents()})
