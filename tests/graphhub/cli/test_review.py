"""`graphhub review`: proposals listed, accepted and rejected from the command line."""

from __future__ import annotations

from pathlib import Path

import neo4j
import pytest
from click.testing import CliRunner, Result

from graphhub.cli import main
from graphhub.cli.exits import FAILED

HEADER = "Donor,Recipient Country,Project ID,Project Title,Sector,Amount,Currency,Year,Type\n"


def _invoke(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_help_of_the_review_commands() -> None:
    runner = CliRunner()
    for path in (["review"], ["review", "list"], ["review", "accept"], ["review", "reject"]):
        result = runner.invoke(main, [*path, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output
    assert "--reason" in runner.invoke(main, ["review", "accept", "--help"]).output
    assert runner.invoke(main, ["review", "accept", "judgement:x"]).exit_code == 2


@pytest.mark.neo4j
def test_list_accept_and_reject_from_the_command_line(
    driver: neo4j.Driver, env: dict[str, str], tmp_path: Path
) -> None:
    rows = [("Heronsgate Nutrition Programme", "Thistledown Water Initiative"),
            ("Heronsgate Nutrition Program", "Thistledown Watter Initiative")]
    for number, donors in enumerate(rows):
        table = tmp_path / f"t{number}.csv"
        table.write_text(HEADER + "".join(
            f"{donor},Tajikistan,QC/{number}{n},Post,16063,1000,USD,2016,commitment\n"
            for n, donor in enumerate(donors)), encoding="utf-8")
        loaded = _invoke(env, "load", "contributions", str(table), "--quiet",
                         "--classification", "public")
        assert loaded.exit_code == 0, loaded.output

    listed = _invoke(env, "review", "list")
    assert listed.exit_code == 0 and "2 of 2 proposals (pending)" in listed.output
    ids = sorted(line.split()[0] for line in listed.output.splitlines()
                 if line.startswith("judgement:"))
    heron = next(line.split()[0] for line in listed.output.splitlines() if "Heronsgate" in line)
    other = next(i for i in ids if i != heron)

    accepted = _invoke(env, "review", "accept", heron, "--reason", "one programme")
    assert accepted.exit_code == 0 and "accepted" in accepted.output
    rejected = _invoke(env, "review", "reject", other, "--reason", "two initiatives")
    assert rejected.exit_code == 0 and "rejected" in rejected.output
    again = _invoke(env, "review", "reject", heron, "--reason", "no")
    assert again.exit_code == FAILED and "not pending" in again.output
    unknown = _invoke(env, "review", "accept", "judgement:nosuch", "--reason", "x")
    assert unknown.exit_code == FAILED and "no merge proposal" in unknown.output
    everything = _invoke(env, "review", "list", "--status", "any").output
    assert "accepted" in everything and "rejected" in everything
