"""manage.py municipality_create: the same as /beheer/gemeenten/nieuw/, for the host's scripts."""

import io
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ervaringswerk.audit.context import acting_as
from ervaringswerk.core.services import municipality_create, neighbourhoods_parse


class Command(BaseCommand):
    help = (
        "Create a municipality with its 14 experience domains, neighbourhoods and default settings; "
        "optionally invite its first administrator by e-mail."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="Naam, bijvoorbeeld Zutphen")
        parser.add_argument("cbs_code", help="CBS-gemeentecode, bijvoorbeeld GM0301")
        parser.add_argument("--wijken", default="", help="Wijken, gescheiden door komma's")
        parser.add_argument("--wijken-csv", default="", help="CSV-bestand met de kolommen naam;code")
        parser.add_argument("--beheerder", default="", help="E-mailadres van de eerste beheerder")
        parser.add_argument("--voornaam", default="")
        parser.add_argument("--achternaam", default="")

    def handle(self, *args, **options):
        text = "\n".join(w.strip() for w in options["wijken"].split(",") if w.strip())
        csv_file = None
        if options["wijken_csv"]:
            try:
                csv_file = io.BytesIO(Path(options["wijken_csv"]).read_bytes())
            except OSError as exc:
                raise CommandError(f"Kan {options['wijken_csv']} niet lezen: {exc}") from exc
        try:
            rows = neighbourhoods_parse(text=text, csv_file=csv_file, cbs_code=options["cbs_code"].upper())
            # The host runs this command; its audit events carry the channel "command" and no person.
            with acting_as(None):
                if options["beheerder"]:
                    from ervaringswerk.beheer.services import municipality_setup

                    municipality, _invitation = municipality_setup(
                        viewer=None,
                        name=options["name"],
                        cbs_code=options["cbs_code"],
                        neighbourhoods=rows,
                        admin_email=options["beheerder"],
                        admin_first_name=options["voornaam"],
                        admin_last_name=options["achternaam"],
                    )
                else:
                    municipality = municipality_create(
                        name=options["name"], cbs_code=options["cbs_code"], neighbourhoods=rows
                    )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            f"Gemeente {municipality.name} ({municipality.cbs_code}) aangemaakt met {len(rows)} wijken."
            + (f" Uitnodiging verstuurd naar {options['beheerder']}." if options["beheerder"] else "")
        )
