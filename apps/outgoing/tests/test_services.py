"""Drafting, review, issuing, recall and correction of outgoing documents (Decree 30/2020/NĐ-CP, Đ10–18)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.audit.services import events_for
from apps.documents.tests.factories import RegisteredIncomingFactory, cong_van, make_person
from apps.outgoing import access, inputs, services
from apps.outgoing.inputs import DraftEntry, RecipientSpec
from apps.outgoing.models import (
    CorrectionKind,
    Draft,
    DraftFile,
    DraftVersion,
    FrozenError,
    OutgoingDocument,
    OutgoingRecipient,
    ReviewStep,
)
from apps.outgoing.tests.factories import OutgoingDocumentFactory, outgoing_register
from apps.outgoing.tests.flow import issue, new_draft, pdf, take_through
from apps.people.models import Role
from apps.people.tests.factories import UnitFactory
from apps.registers.models import DocumentType, Register, RegisterCounter, Secrecy, Urgency
from apps.registers.tests.factories import RegisterFactory

State = Draft.State
pytestmark = pytest.mark.django_db


def refused_create(team, **overrides) -> dict[str, list[str]]:
    before = (Draft.objects.count(), DraftVersion.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as error:
        new_draft(team, **overrides)
    assert (Draft.objects.count(), DraftVersion.objects.count(), AuditEvent.objects.count()) == before
    return error.value.message_dict


# ---- drafting ---------------------------------------------------------------------------------------------------


def test_a_specialist_creates_a_draft_as_version_1_with_files_recipients_and_the_ordinary_register(team):
    draft = new_draft(team, urgency=Urgency.URGENT, due_on=timezone.localdate() + datetime.timedelta(days=5))
    assert (draft.state, draft.version, draft.drafting_unit, draft.drafter) == (
        State.DRAFTING,
        1,
        team.office,
        team.drafter.user,
    )
    assert draft.register == outgoing_register()
    assert draft.signer_position == team.signer.primary.position.name
    [version] = draft.versions.all()
    assert version.number == 1 and version.created_by == team.drafter.user
    assert [f.name for f in version.files.all()] == ["du-thao.pdf"]
    assert [r["name"] for r in version.content["recipients"]] == ["Sở Tài chính tỉnh Đồng Nai", "Văn phòng"]
    assert [(r.kind, r.name) for r in draft.recipients.all()] == [
        (OutgoingRecipient.Kind.PLACE, "Sở Tài chính tỉnh Đồng Nai"),
        (OutgoingRecipient.Kind.UNIT, "Văn phòng"),
    ]
    [event] = events_for(draft)
    assert event.action == "created" and event.actor_id == team.drafter.user.pk


def test_a_secret_draft_goes_to_the_secret_register(team):
    draft = new_draft(team, secrecy=Secrecy.CONFIDENTIAL)
    assert draft.register == outgoing_register(secret=True)


def test_bad_input_is_reported_field_by_field_and_nothing_is_saved(team):
    other_unit = UnitFactory()
    errors = refused_create(
        team,
        document_type=None,
        subject="x" * 501,
        due_on=timezone.localdate() - datetime.timedelta(days=1),
        signer=team.drafter.user,
        drafting_unit=other_unit,
        correction_kind=CorrectionKind.CORRECTION,
    )
    assert {"document_type", "subject", "due_on", "signer", "drafting_unit", "corrects"} <= set(errors)
    assert "subject" in refused_create(team, subject="   ")
    copy_form = DocumentType.objects.get(abbreviation="SY")
    assert "document_type" in refused_create(team, document_type=copy_form)


def test_recipients_are_agencies_by_code_places_units_and_people(team, agency_b):
    colleague = make_person(Role.SPECIALIST)
    specs = inputs.recipients_from(
        agency_codes=[agency_b.code_102], places=["Như trên"], units=[team.office], users=[colleague.user]
    )
    draft = new_draft(team, recipients=specs)
    assert [(r.kind, r.agency_code, r.name) for r in draft.recipients.all()] == [
        ("agency", agency_b.code_102, agency_b.name),
        ("place", "", "Như trên"),
        ("unit", "", "Văn phòng"),
        ("person", "", colleague.user.full_name),
    ]
    with pytest.raises(ValidationError) as error:
        inputs.recipients_from(agency_codes=["000.00.99.H99"])
    assert "recipients" in error.value.message_dict


def test_each_save_is_a_new_version_and_a_save_without_change_makes_none(team):
    draft = new_draft(team)
    draft = services.update_draft(
        draft, DraftEntry.of(subject="V/v kế hoạch chuyển đổi số (sửa)"), by=team.drafter, version=1
    )
    assert draft.version == 2
    first_file = draft.versions.get(number=2).files.get()
    draft = services.update_draft(
        draft,
        DraftEntry.of(files=[pdf("phu-luc.pdf", b"%PDF phu luc")], note="Thêm phụ lục"),
        by=team.drafter,
        version=2,
    )
    assert draft.version == 3
    assert [f.name for f in draft.versions.get(number=3).files.all()] == ["du-thao.pdf", "phu-luc.pdf"]
    draft = services.update_draft(
        draft, DraftEntry.of(keep_files=[], files=[pdf("v4.pdf", b"%PDF 4")]), by=team.drafter, version=3
    )
    assert [f.name for f in draft.versions.get(number=4).files.all()] == ["v4.pdf"]
    unchanged = services.update_draft(draft, DraftEntry.of(subject=draft.subject), by=team.drafter, version=4)
    assert unchanged.version == 4 and draft.versions.count() == 4
    assert draft.versions.get(number=1).subject == "V/v triển khai kế hoạch chuyển đổi số năm 2026"
    assert first_file.name == "du-thao.pdf"
    edits = [e for e in events_for(draft) if e.action == "edited"]
    assert [e.changes["version"] for e in edits] == [4, 3, 2]
    assert edits[-1].changes["subject"] == [
        "V/v triển khai kế hoạch chuyển đổi số năm 2026",
        draft.versions.get(number=2).subject,
    ]


def test_only_the_drafter_edits_and_only_while_the_draft_is_with_them(team):
    draft = new_draft(team)
    for other in (team.head, team.clerk, make_person(Role.SPECIALIST, unit=team.office)):
        with pytest.raises(PermissionDenied):
            services.update_draft(draft, DraftEntry.of(subject="V/v khác"), by=other, version=1)
    draft = services.submit_draft(draft, by=team.drafter, version=1)
    with pytest.raises(ValidationError) as error:
        services.update_draft(draft, DraftEntry.of(subject="V/v khác"), by=team.drafter, version=1)
    assert "state" in error.value.message_dict


def test_an_action_on_an_older_version_than_the_latest_is_refused(team):
    draft = new_draft(team)
    draft = services.update_draft(draft, DraftEntry.of(subject="V/v bản thứ hai"), by=team.drafter, version=1)
    with pytest.raises(ValidationError) as error:
        services.submit_draft(draft, by=team.drafter, version=1)
    assert "version" in error.value.message_dict
    draft = services.submit_draft(draft, by=team.drafter, version=2)
    with pytest.raises(ValidationError):
        services.review_content(draft, by=team.head, version=1, approve=True)
    assert Draft.objects.get(pk=draft.pk).state == State.CONTENT_REVIEW


def test_a_submission_needs_the_signer_a_file_and_recipients(team):
    draft = new_draft(team, signer=None, files=[], recipients=[])
    with pytest.raises(ValidationError) as error:
        services.submit_draft(draft, by=team.drafter, version=1)
    assert {"signer", "files", "recipients"} <= set(error.value.message_dict)
    assert Draft.objects.get(pk=draft.pk).state == State.DRAFTING


def lonely_draft(team) -> tuple:
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


def test_a_draft_of_a_unit_without_a_head_goes_to_the_agencys_leaders(team):
    lonely, draft = lonely_draft(team)
    assert [m.user_id for m in access.reviewers_for(draft)] == [team.signer.user.pk]
    draft = services.submit_draft(draft, by=lonely, version=1)
    assert (draft.state, draft.reviewer_id) == (State.CONTENT_REVIEW, team.signer.user.pk)
    assert draft in access.drafts_waiting_for(team.signer)
    assert not access.may_act(team.head, draft, "review"), "a head of another unit does not review it"
    draft = services.review_content(draft, by=team.signer, version=1, approve=True)
    assert draft.state == State.FORMAT_CHECK


def test_the_drafter_picks_the_reviewer_among_those_allowed_only(team):
    deputy = make_person(Role.LEADER, unit=team.office)
    draft = new_draft(team)
    allowed = {m.user_id for m in access.reviewers_for(draft)}
    assert allowed == {team.head.user.pk, deputy.user.pk}, "the unit's heads, not the agency's leaders"
    with pytest.raises(ValidationError) as error:
        services.submit_draft(draft, by=team.drafter, version=1, reviewer=team.signer.user)
    assert "reviewer" in error.value.message_dict
    draft = services.submit_draft(draft, by=team.drafter, version=1, reviewer=deputy.user)
    assert draft.reviewer == deputy.user
    assert access.may_act(deputy, draft, "review") and not access.may_act(team.head, draft, "review")
    assert [d.pk for d in access.drafts_waiting_for(deputy)] == [draft.pk]
    assert not access.drafts_waiting_for(team.head).exists()


def test_an_agency_without_any_leader_is_told_so_on_submission(team):
    from apps.people.models import Membership

    lonely, draft = lonely_draft(team)
    Membership.objects.filter(roles__contains=[Role.LEADER]).update(is_active=False)
    with pytest.raises(ValidationError) as error:
        services.submit_draft(draft, by=lonely, version=1)
    assert "reviewer" in error.value.message_dict
    assert Draft.objects.get(pk=draft.pk).state == State.DRAFTING


def test_the_drafter_abandons_a_draft_kept_marked_and_recorded(team):
    draft = new_draft(team)
    with pytest.raises(PermissionDenied):
        services.abandon_draft(draft, by=team.head, version=1, reason="Không cần nữa")
    draft = services.abandon_draft(draft, by=team.drafter, version=1, reason="  Không cần   nữa ")
    assert draft.state == State.ABANDONED and Draft.objects.filter(pk=draft.pk).exists()
    event = events_for(draft).get(action="abandoned")
    assert event.changes["reason"] == "Không cần nữa" and event.changes["state"] == ["drafting", "abandoned"]
    assert access.actions_for(team.drafter, draft) == []
    with pytest.raises(ValidationError):
        services.submit_draft(draft, by=team.drafter, version=1)
    with pytest.raises(ValidationError):
        services.update_draft(draft, DraftEntry.of(subject="V/v khác"), by=team.drafter, version=1)
    submitted = take_through(new_draft(team), team, until=State.CONTENT_REVIEW)
    with pytest.raises(ValidationError):
        services.abandon_draft(submitted, by=team.drafter, version=1)


# ---- review -----------------------------------------------------------------------------------------------------


def test_a_draft_goes_through_content_review_format_check_and_approval_each_step_recorded(team):
    draft = take_through(new_draft(team), team)
    assert draft.state == State.APPROVED
    steps = list(ReviewStep.objects.filter(draft=draft))
    assert [(s.stage, s.decision, s.by_id, s.version) for s in steps] == [
        ("submission", "submit", team.drafter.user.pk, 1),
        ("content_review", "approve", team.head.user.pk, 1),
        ("format_check", "approve", team.clerk.user.pk, 1),
        ("approval", "approve", team.signer.user.pk, 1),
    ]
    actions = [e.action for e in events_for(draft).order_by("at", "id")]
    assert actions == ["created", "submitted", "approved", "approved", "approved"]
    last = events_for(draft).first()
    assert last.changes["state"] == ["awaiting_approval", "approved"] and last.changes["stage"] == "approval"


@pytest.mark.parametrize(
    "at_state, act",
    [
        (
            State.CONTENT_REVIEW,
            lambda d, t: services.review_content(d, by=t.head, version=1, approve=False, comment="Sửa căn cứ"),
        ),
        (
            State.FORMAT_CHECK,
            lambda d, t: services.check_format(d, by=t.clerk, version=1, approve=False, comment="Sai thể thức"),
        ),
        (
            State.AWAITING_APPROVAL,
            lambda d, t: services.approve_draft(d, by=t.signer, version=1, approve=False, comment="Bổ sung số liệu"),
        ),
    ],
)
def test_each_reviewer_returns_the_draft_to_the_drafter_with_a_comment(team, at_state, act):
    draft = take_through(new_draft(team), team, until=at_state)
    draft = act(draft, team)
    assert draft.state == State.RETURNED
    step = ReviewStep.objects.filter(draft=draft).last()
    assert step.decision == "return" and step.comment and step.version == 1
    assert events_for(draft).first().action == "returned"
    # The drafter changes it (version 2) and the flow starts again from the content review.
    draft = services.update_draft(draft, DraftEntry.of(subject="V/v kế hoạch (đã sửa)"), by=team.drafter, version=1)
    draft = take_through(draft, team)
    assert draft.state == State.APPROVED and draft.version == 2


def test_a_return_needs_its_comment(team):
    draft = take_through(new_draft(team), team, until=State.CONTENT_REVIEW)
    with pytest.raises(ValidationError) as error:
        services.review_content(draft, by=team.head, version=1, approve=False, comment="  ")
    assert "comment" in error.value.message_dict


def test_only_the_person_holding_each_part_acts(team):
    draft = take_through(new_draft(team), team, until=State.CONTENT_REVIEW)
    other_head = make_person(Role.LEADER)  # leads another unit
    for person in (other_head, team.clerk, team.drafter):
        with pytest.raises(PermissionDenied):
            services.review_content(draft, by=person, version=1, approve=True)
    draft = services.review_content(draft, by=team.head, version=1, approve=True)
    for person in (team.head, team.drafter, team.signer):
        with pytest.raises(PermissionDenied):
            services.check_format(draft, by=person, version=1, approve=True)
    draft = services.check_format(draft, by=team.clerk, version=1, approve=True)
    for person in (team.head, team.clerk, make_person(Role.LEADER)):
        with pytest.raises(PermissionDenied):
            services.approve_draft(draft, by=person, version=1)
    draft = services.approve_draft(draft, by=team.signer, version=1)
    for person in (team.drafter, team.head, team.signer):
        with pytest.raises(PermissionDenied):
            services.issue_outgoing(draft, by=person, version=1)
    assert not OutgoingDocument.objects.exists()


def test_steps_out_of_order_are_refused(team):
    draft = new_draft(team)
    with pytest.raises(ValidationError):
        services.review_content(draft, by=team.head, version=1, approve=True)
    draft = take_through(draft, team, until=State.FORMAT_CHECK)
    with pytest.raises(ValidationError) as error:
        services.issue_outgoing(draft, by=team.clerk, version=1)
    assert "state" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.submit_draft(draft, by=team.drafter, version=1)


# ---- issuing ----------------------------------------------------------------------------------------------------


def test_issuing_gives_the_next_number_the_notation_and_the_time_from_the_register(team):
    first = issue(team)
    second = issue(team, subject="V/v báo cáo tình hình")
    decision = issue(team, document_type=DocumentType.objects.get(abbreviation="QĐ"), subject="Quyết định thành lập")
    assert (first.number, first.notation, first.number_and_notation) == (1, "SAL-VP", "01/SAL-VP")
    assert second.number_and_notation == "02/SAL-VP"
    assert decision.number_and_notation == "03/QĐ-SAL"
    assert first.register == outgoing_register() and first.year == timezone.localdate().year
    assert first.issued_date == timezone.localdate() and first.issued_by == team.clerk.user
    assert first.signer_name == team.signer.user.full_name and first.issuer_code == "000.00.91.H19"
    assert first.recipients_text == "- Sở Tài chính tỉnh Đồng Nai;\n- Văn phòng;\n- Lưu: VT, VP."
    assert first.files_text.endswith("  du-thao.pdf") and first.version.number == 1
    assert first.draft.state == State.ISSUED
    [event] = events_for(first)
    assert event.action == "issued" and event.changes["number_and_notation"] == "01/SAL-VP"


def test_numbers_stay_gapless_when_an_issue_fails(team):
    register = outgoing_register()
    assert issue(team).number == 1
    # A row imported from the old system already holds number 2: the next issue fails after taking the number.
    blocker = OutgoingDocumentFactory(register=register, draft__register=register, number=2)
    draft = take_through(new_draft(team), team)
    with pytest.raises(ValidationError) as error:
        services.issue_outgoing(draft, by=team.clerk, version=1)
    assert "register" in error.value.message_dict
    year = timezone.localdate().year
    assert RegisterCounter.objects.get(register=register, year=year).last_number == 1, "the number was given back"
    assert Draft.objects.get(pk=draft.pk).state == State.APPROVED
    with connection.cursor() as cursor:  # issued documents are never deleted; the test removes its blocker by hand
        cursor.execute("DELETE FROM outgoing_outgoingdocument WHERE id = %s", [blocker.pk])
    assert services.issue_outgoing(draft, by=team.clerk, version=1).number == 2


def test_a_draft_is_issued_once(team):
    draft = take_through(new_draft(team), team)
    services.issue_outgoing(draft, by=team.clerk, version=1)
    with pytest.raises(ValidationError):
        services.issue_outgoing(draft, by=team.clerk, version=1)
    assert OutgoingDocument.objects.count() == 1
    assert RegisterCounter.objects.get(register=outgoing_register()).last_number == 1


def test_the_clerk_may_issue_into_another_outgoing_register_that_fits(team):
    council = RegisterFactory(kind=Register.Kind.OUTGOING, name="Sổ văn bản đi của Hội đồng thi đua")
    incoming = RegisterFactory(kind=Register.Kind.INCOMING)
    secret = outgoing_register(secret=True)
    draft = take_through(new_draft(team), team)
    for wrong in (incoming, secret):
        with pytest.raises(ValidationError) as error:
            services.issue_outgoing(draft, by=team.clerk, version=1, register=wrong)
        assert "register" in error.value.message_dict
    document = services.issue_outgoing(draft, by=team.clerk, version=1, register=council)
    assert (document.register, document.number) == (council, 1)


def test_a_secret_draft_is_checked_and_issued_only_by_a_cleared_clerk_in_the_secret_series(secret_team):
    team = secret_team
    uncleared = make_person(Role.CLERK)
    draft = take_through(new_draft(team, secrecy=Secrecy.SECRET), team, until=State.FORMAT_CHECK)
    with pytest.raises(PermissionDenied):
        services.check_format(draft, by=uncleared, version=1, approve=True)
    draft = take_through(draft, team)
    with pytest.raises(PermissionDenied):
        services.issue_outgoing(draft, by=uncleared, version=1)
    document = services.issue_outgoing(draft, by=team.clerk, version=1)
    assert document.register == outgoing_register(secret=True) and document.number == 1
    assert issue(team).number == 1, "ordinary documents have their own series"


# ---- frozen after issue -----------------------------------------------------------------------------------------


def test_the_issued_content_is_frozen(team):
    document = issue(team)
    draft = Draft.objects.get(pk=document.draft_id)
    with pytest.raises(ValidationError):
        services.update_draft(draft, DraftEntry.of(subject="V/v sửa sau khi ban hành"), by=team.drafter, version=1)
    with pytest.raises(FrozenError):
        draft.subject = "V/v sửa thẳng vào bản ghi"
        draft.save()
    document.subject = "V/v sửa văn bản đã ban hành"
    with pytest.raises(FrozenError):
        document.save()
    with pytest.raises(FrozenError):
        OutgoingDocument.objects.filter(pk=document.pk).update(subject="V/v sửa hàng loạt")
    with pytest.raises(FrozenError):
        document.delete()
    version = document.version
    with pytest.raises(FrozenError):
        version.save()
    with pytest.raises(FrozenError):
        DraftFile.objects.filter(version=version).update(name="khac.pdf")
    with pytest.raises(FrozenError):
        ReviewStep.objects.filter(draft=draft).delete()


def test_the_database_refuses_an_issued_content_that_does_not_match_its_checksum(team):
    document = issue(team)
    assert document.content_sha256 == document.compute_digest()
    for column, value in [("subject", "V/v đã bị sửa"), ("number", 99), ("recipients_text", "- Nơi khác;")]:
        sql = f"UPDATE outgoing_outgoingdocument SET {column} = %s WHERE id = %s"  # noqa: S608
        with pytest.raises(IntegrityError, match="outgoing_content_frozen"), transaction.atomic():
            connection.cursor().execute(sql, [value, document.pk])


# ---- recall and correction --------------------------------------------------------------------------------------


def test_a_recall_is_recorded_with_its_reason_and_the_content_stays_as_issued(team):
    document = issue(team)
    digest = document.content_sha256
    recalled = services.recall_outgoing(document, by=team.clerk, reason="  Ban hành nhầm đối tượng  ")
    recalled.refresh_from_db()
    assert recalled.is_recalled and recalled.recalled_by == team.clerk.user
    assert recalled.recall_reason == "Ban hành nhầm đối tượng" and recalled.content_sha256 == digest
    assert events_for(recalled).first().action == "recalled"
    with pytest.raises(ValidationError):
        services.recall_outgoing(recalled, by=team.clerk, reason="Lần hai")


def test_only_the_clerk_or_the_signer_recalls_and_always_with_a_reason(team):
    document = issue(team)
    for person in (team.drafter, team.head, make_person(Role.LEADER)):
        with pytest.raises(PermissionDenied):
            services.recall_outgoing(document, by=person, reason="Không đúng thẩm quyền")
    with pytest.raises(ValidationError) as error:
        services.recall_outgoing(document, by=team.signer, reason=" ")
    assert "reason" in error.value.message_dict
    assert services.recall_outgoing(document, by=team.signer, reason="Nội dung chưa phù hợp").is_recalled


@pytest.mark.parametrize("kind", list(CorrectionKind.values))
def test_a_later_document_corrects_amends_or_replaces_an_issued_one(team, kind):
    earlier = issue(team)
    later = issue(team, subject=f"V/v {kind} văn bản số 01/SAL-VP", corrects=earlier, correction_kind=kind)
    assert (later.corrects, later.correction_kind) == (earlier, kind)
    assert list(earlier.corrected_by.all()) == [later]
    event = events_for(earlier).first()
    assert event.action == "corrected"
    assert event.changes == {"corrected_by": later.pk, "number_and_notation": "02/SAL-VP", "kind": kind}


def test_a_correction_must_name_an_issued_document_the_drafter_may_see(team):
    hidden = OutgoingDocumentFactory(secrecy=Secrecy.TOP_SECRET, draft__secrecy=Secrecy.TOP_SECRET)
    errors = refused_create(team, corrects=hidden, correction_kind=CorrectionKind.REPLACEMENT)
    assert "corrects" in errors
    assert "correction_kind" in refused_create(team, corrects=issue(team))


def test_a_reply_draft_links_back_to_an_incoming_document_its_drafter_can_see(team, clerk):
    incoming = RegisteredIncomingFactory(by=clerk, recipient_units=[team.office])
    assert new_draft(team, in_reply_to=incoming).in_reply_to == incoming
    unseen = RegisteredIncomingFactory(by=clerk)
    assert "in_reply_to" in refused_create(team, in_reply_to=unseen)
