"""The chain's shared definitions for departures (werkafspraken: same words, same meaning)."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Term:
    term: Promise
    definition: Promise


GLOSSARY: tuple[Term, ...] = (
    Term(
        _("Departure"),
        _(
            "The moment a person is found to be gone from reception. A departure case follows "
            "the agreed steps until it is closed; a person can depart and reappear several times."
        ),
    ),
    Term(
        _("Departure with unknown destination (MOB)"),
        _(
            "The person left and nobody in the chain knows where they are. Only the guardian "
            "classifies a departure of an amv; without evidence of a known destination the "
            "departure is MOB."
        ),
    ),
    Term(
        _("Known destination"),
        _(
            "The guardian has evidence where the minor is and that they are safe there (contact, "
            "documents, statements of family or authorities). Recorded with that evidence."
        ),
    ),
    Term(
        _("Missing-person report (vermissing)"),
        _(
            "The police process that starts when reception reports a departure: the police "
            "acknowledge, record the report and decide on follow-up. A departure from BO is "
            "always reported to the police."
        ),
    ),
    Term(
        _("Reappearance"),
        _(
            "The person is seen again: found in the Netherlands, reported by another member state "
            "(Eurodac, Schengen Information System, liaison officer) or returned of their own "
            "accord. The case is then closed with its outcome, or reopened when they leave again."
        ),
    ),
    Term(
        _("Guardianship transfer (overdracht voogdij)"),
        _(
            "When the minor is safe elsewhere, the guardianship passes to a guardian or authority "
            "there. Nidos registers the transfer and tells the police, so they can close."
        ),
    ),
    Term(
        _("Protected reception (BO)"),
        _(
            "Reception for amv with a real suspicion of being a victim of trafficking, with extra "
            "supervision. Every departure from BO is reported to the police."
        ),
    ),
    Term(
        _("Reporting duty (meldplicht)"),
        _(
            "The moments at which a resident reports at the location; in amv and BO locations "
            "twice a day. Missed moments can point to a departure."
        ),
    ),
    Term(
        _("Presence registration (inhuisregistratie)"),
        _(
            "The registration that a resident is present at the location. Eight days without it "
            "(adults) can point to a departure."
        ),
    ),
    Term(
        _("Unaccompanied minor (amv)"),
        _("A foreign national under 18 in the Netherlands without a parent or responsible adult."),
    ),
)
