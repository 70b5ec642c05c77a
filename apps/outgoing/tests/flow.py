"""The people of an outgoing flow (in the current agency schema) and helpers that take a draft through it with the
services, as the tests of the rules, the API and the views use them."""

from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.documents.tests.factories import cong_van, make_person, through_intake
from apps.outgoing import services
from apps.outgoing.inputs import DraftEntry, RecipientSpec
from apps.outgoing.models import Draft, OutgoingDocument
from apps.people.access import Person
from apps.people.models import Position, Role, Unit
from apps.people.tests.factories import MembershipFactory, UnitFactory


@dataclass
class Team:
    """Everyone a draft of the office (VP) meets: its drafter, the office's head, a clerk and the director."""

    office: Unit
    drafter: Person
    head: Person
    clerk: Person
    signer: Person


def pdf(name: str = "du-thao.pdf", body: bytes | None = None) -> SimpleUploadedFile:
    """A real one-page PDF with a text layer (the intake chain refuses a PDF it cannot open)."""
    from ocr.tests.files import born_digital_pdf

    return SimpleUploadedFile(name, born_digital_pdf() if body is None else body, "application/pdf")


def draft_form(team: Team, **overrides) -> dict:
    """What the drafter posts on the draft form (a công văn to "Như trên", signed by the director)."""
    data = {
        "document_type": cong_van().pk,
        "subject": "V/v tổ chức hội nghị",
        "urgency": "none",
        "secrecy": "none",
        "signer": team.signer.user.pk,
        "recipient_places": "Như trên",
    }
    return {**data, **overrides}


def make_team(*, clearance: str | None = None) -> Team:
    office = Unit.objects.get(abbreviation="VP")
    board = UnitFactory(name="Ban Giám đốc", abbreviation="BGD")
    director = MembershipFactory(unit=board, position=Position.objects.get(rank=10), roles=[Role.LEADER])
    if clearance:
        from apps.registers.models import SecrecyClearance

        SecrecyClearance.objects.create(user=director.user, level=clearance)
    return Team(
        office=office,
        drafter=make_person(Role.SPECIALIST, unit=office),
        head=make_person(Role.LEADER, unit=office),
        clerk=make_person(Role.CLERK, clearance=clearance),
        signer=Person.for_user(director.user),
    )


def new_draft(team: Team, **overrides) -> Draft:
    data = {
        "document_type": cong_van(),
        "subject": "V/v triển khai kế hoạch chuyển đổi số năm 2026",
        "signer": team.signer.user,
        "recipients": [RecipientSpec.place("Sở Tài chính tỉnh Đồng Nai"), RecipientSpec.of_unit(team.office)],
        "files": [pdf()],
    }
    draft = services.create_draft(DraftEntry.of(**{**data, **overrides}), by=team.drafter)
    # As the workers would after the commit: the files through the real intake chain (issuing needs them ready).
    through_intake(*(f.file for f in draft.versions.get(number=draft.version).files.select_related("file")))
    return draft


def take_through(draft: Draft, team: Team, *, until: str = Draft.State.APPROVED) -> Draft:
    """Take the draft from where it is through the next steps (submit, review, check, approve) until ``until``."""
    State = Draft.State
    next_step = {
        State.DRAFTING: lambda d: services.submit_draft(d, by=team.drafter, version=d.version, reviewer=team.head.user),
        State.RETURNED: lambda d: services.submit_draft(d, by=team.drafter, version=d.version, reviewer=team.head.user),
        State.CONTENT_REVIEW: lambda d: services.review_content(d, by=team.head, version=d.version, approve=True),
        State.FORMAT_CHECK: lambda d: services.check_format(d, by=team.clerk, version=d.version, approve=True),
        State.AWAITING_APPROVAL: lambda d: services.approve_draft(d, by=team.signer, version=d.version),
    }
    while draft.state != until:
        draft = next_step[draft.state](draft)
    return draft


def issue(team: Team, **overrides) -> OutgoingDocument:
    draft = take_through(new_draft(team, **overrides), team)
    return services.issue_outgoing(draft, by=team.clerk, version=draft.version)


def lonely_draft(team: Team) -> tuple[Person, Draft]:
    """A draft of a specialist alone in a unit of their own, without a head to review it."""
    lonely = make_person(Role.SPECIALIST)  # in a unit of their own, without a leader
    draft = services.create_draft(
        DraftEntry.of(
            document_type=cong_van(),
            subject="V/v đề xuất",
            signer=team.signer.user,
            recipients=[RecipientSpec.place("Như trên")],
            files=[pdf()],
        ),
        by=lonely,
    )
    return lonely, draft
