from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from apps.core.api import PersonMixin
from apps.core.paging import CountedListMixin, NewestFirst, QuickPagination
from apps.core.serializers import StrictBooleanField
from apps.documents.api.views import SnippetsApiMixin
from apps.documents.fulltext_search import INDEX_FIELDS
from apps.documents.models import IncomingDocument
from apps.outgoing import access, services
from apps.outgoing.filters import OutgoingFilter
from apps.outgoing.inputs import DraftEntry, RecipientSpec, recipients_from
from apps.outgoing.models import Draft, DraftFile, DraftVersion, OutgoingDocument, ReviewStep
from apps.registers.access import clearance_of

from .serializers import (
    AbandonInputSerializer,
    DecisionInputSerializer,
    DraftDetailSerializer,
    DraftInputSerializer,
    DraftSerializer,
    IssueInputSerializer,
    OutgoingAuditEventSerializer,
    OutgoingDocumentSerializer,
    RecallInputSerializer,
    SubmitInputSerializer,
)


class DraftListFlags(serializers.Serializer):
    waiting = StrictBooleanField(required=False, default=False, help_text="Only the drafts waiting for the caller.")
    mine = StrictBooleanField(required=False, default=False, help_text="Only the caller's own drafts.")


RECIPIENT_KEYS = ("recipient_agencies", "recipient_places", "recipient_units", "recipient_users")


def _resolve_links(data: dict) -> None:
    """``in_reply_to`` and ``corrects`` come as ids: one that does not exist gets the same answer as one the caller
    may not see (the services check visibility), so ids reveal nothing."""
    errors = {}
    for key, model, message in (
        ("in_reply_to", IncomingDocument, _("You cannot see this incoming document.")),
        ("corrects", OutgoingDocument, _("You cannot see this outgoing document.")),
    ):
        if data.get(key) is not None:
            data[key] = model.objects.filter(pk=data[key]).first()
            if data[key] is None:
                errors[key] = [message]
    if errors:
        raise ValidationError(errors)


def _recipients(data: dict) -> list[RecipientSpec] | None:
    """The recipients given in the input, or None when none of the four lists was sent."""
    if not any(key in data for key in RECIPIENT_KEYS):
        return None
    return recipients_from(
        agency_codes=data.pop("recipient_agencies", []),
        places=data.pop("recipient_places", []),
        units=data.pop("recipient_units", []),
        users=data.pop("recipient_users", []),
    )


class _PersonMixin(PersonMixin):
    """The person, and their clearance, in the serializers' context (what they may do with each draft)."""

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        person = self.person
        context.update(person=person, clearance=clearance_of(person) if person.memberships else None)
        return context


class DraftViewSet(_PersonMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Outgoing drafts (dự thảo văn bản đi) the caller may see. POST starts one (multipart with ``files``), PATCH
    saves a new version (with ``version``: the one it is based on). Each step is its own action, naming the version
    it acts on: ``submit`` (drafter), ``review`` (head of the drafting unit: content), ``check-format`` (clerk),
    ``approve`` (signer) — the last three with ``decision`` approve or return (a return needs its ``comment``) — and
    ``issue`` (clerk: number, notation, issue time). ``actions`` lists what the caller may do now."""

    queryset = Draft.objects.all()
    serializer_class = DraftSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    filterset_fields = ["state", "secrecy", "urgency", "document_type", "drafting_unit"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Draft]:
        flags = self.validated(DraftListFlags, self.request.query_params)
        drafts = access.drafts_visible_to(self.person)
        if flags.get("waiting"):
            drafts = access.drafts_waiting_for(self.person)
        if flags.get("mine"):
            drafts = drafts.filter(drafter_id=self.person.user.pk)
        return (
            drafts.select_related("drafting_unit", "drafter", "document_type", "signer", "register", "document")
            .prefetch_related("recipients")
            .order_by("-updated_at", "-id")
        )

    def get_object(self) -> Draft:
        draft = access.get_draft_for(self.person, self.kwargs["pk"])
        files = DraftFile.objects.select_related("file")
        return (
            Draft.objects.select_related("drafting_unit", "drafter", "document_type", "signer", "register", "document")
            .prefetch_related(
                "recipients",
                Prefetch(
                    "versions",
                    DraftVersion.objects.select_related("created_by").prefetch_related(Prefetch("files", files)),
                ),
                Prefetch("steps", ReviewStep.objects.select_related("by")),
            )
            .get(pk=draft.pk)
        )

    @extend_schema(parameters=[DraftListFlags])
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return Response(DraftDetailSerializer(self.get_object(), context=self.get_serializer_context()).data)

    def _detail(self, draft: Draft, code: int = status.HTTP_200_OK) -> Response:
        self.kwargs["pk"] = draft.pk
        return Response(DraftDetailSerializer(self.get_object(), context=self.get_serializer_context()).data, code)

    @extend_schema(request=DraftInputSerializer, responses={201: DraftDetailSerializer})
    def create(self, request: Request) -> Response:
        data = self.validated(DraftInputSerializer)
        data.pop("version", None)
        data.pop("keep_files", None)
        _resolve_links(data)
        recipients = _recipients(data)
        draft = services.create_draft(DraftEntry.of(recipients=recipients, **data), by=self.person)
        return self._detail(draft, status.HTTP_201_CREATED)

    @extend_schema(request=DraftInputSerializer, responses=DraftDetailSerializer)
    def partial_update(self, request: Request, pk: int) -> Response:
        draft = access.get_draft_for(self.person, pk)
        data = self.validated(DraftInputSerializer, partial=True)
        data.pop("drafting_unit", None)
        _resolve_links(data)
        recipients = _recipients(data)
        version = data.pop("version", None)
        draft = services.update_draft(
            draft, DraftEntry.of(recipients=recipients, **data), by=self.person, version=version
        )
        return self._detail(draft)

    @extend_schema(request=SubmitInputSerializer, responses=DraftDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: int) -> Response:
        """Submit the draft for the content review (drafter), to the ``reviewer`` chosen among the heads of the
        drafting unit, else the agency's leaders."""
        draft = access.get_draft_for(self.person, pk)
        return self._detail(services.submit_draft(draft, by=self.person, **self.validated(SubmitInputSerializer)))

    @extend_schema(request=AbandonInputSerializer, responses=DraftDetailSerializer)
    @action(detail=True, methods=["post"])
    def abandon(self, request: Request, pk: int) -> Response:
        """Abandon the draft (drafter, while it is with them): kept and marked, with the reason in its history."""
        draft = access.get_draft_for(self.person, pk)
        return self._detail(services.abandon_draft(draft, by=self.person, **self.validated(AbandonInputSerializer)))

    def _decide(self, request: Request, pk: int, stage: str) -> Response:
        draft = access.get_draft_for(self.person, pk)
        data = self.validated(DecisionInputSerializer)
        draft = services.decide(
            draft,
            by=self.person,
            stage=stage,
            version=data["version"],
            approve=data["decision"] == "approve",
            comment=data["comment"],
        )
        return self._detail(draft)

    @extend_schema(request=DecisionInputSerializer, responses=DraftDetailSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: int) -> Response:
        """Content review by a head of the drafting unit: approve, or return with a comment."""
        return self._decide(request, pk, ReviewStep.Stage.CONTENT_REVIEW)

    @extend_schema(request=DecisionInputSerializer, responses=DraftDetailSerializer)
    @action(detail=True, methods=["post"], url_path="check-format")
    def check_format(self, request: Request, pk: int) -> Response:
        """Format check by a clerk: approve, or return with a comment."""
        return self._decide(request, pk, ReviewStep.Stage.FORMAT_CHECK)

    @extend_schema(request=DecisionInputSerializer, responses=DraftDetailSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: int) -> Response:
        """The signer's approval: approve, or return with a comment."""
        return self._decide(request, pk, ReviewStep.Stage.APPROVAL)

    @extend_schema(request=IssueInputSerializer, responses={201: OutgoingDocumentSerializer})
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, pk: int) -> Response:
        """Issue the approved draft (clerk): the register's next number, the notation and the issue time."""
        draft = access.get_draft_for(self.person, pk)
        document = services.issue_outgoing(draft, by=self.person, **self.validated(IssueInputSerializer))
        document = OutgoingDocumentViewSet.detail_queryset().get(pk=document.pk)
        return Response(OutgoingDocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=OutgoingAuditEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def events(self, request: Request, pk: int) -> Response:
        """The audit trail of the draft and of its issued document, newest first."""
        draft = access.get_draft_for(self.person, pk)
        return Response(OutgoingAuditEventSerializer(access.audit_trail(draft), many=True).data)


class OutgoingDocumentViewSet(
    SnippetsApiMixin,
    _PersonMixin,
    CountedListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Issued outgoing documents (văn bản đi) the caller may see. ``recall`` records a recall (clerk or signer, with
    its reason).

    The list takes the web list's filters (``register``, ``year``, ``document_type``, ``urgency``, ``secrecy``,
    ``status``: issued, corrected or recalled, ``issued_from``/``issued_to`` as dd/mm/yyyy or yyyy-mm-dd,
    ``drafting_unit``, ``signer``), ``q`` (full text: number and notation as written, subject, recipients and the text
    of the files, accents optional, ``"…"`` for a phrase; each row then has a ``snippet``) and ``ordering``
    (``issued``, ``number``, ``subject``, ``-`` for descending; ``relevance`` with ``q``: the 1,000 newest matches,
    exact ones first; newest issued first by default).
    Pages come without a count, with ``next`` and ``previous`` links (``page`` 1 to the page holding the 10,000th
    document, ``page_size`` ≤ 200): a count at a million documents would cost more than the page. ``count/`` with the
    same filters answers how many match (exact unless ``count_is_capped``: more than 10,000, or than 1,000 when
    counting further takes too long)."""

    queryset = OutgoingDocument.objects.all()
    serializer_class = OutgoingDocumentSerializer
    filterset_class = OutgoingFilter
    pagination_class = QuickPagination

    @staticmethod
    def detail_queryset(documents: QuerySet[OutgoingDocument] | None = None) -> QuerySet[OutgoingDocument]:
        """What the serializer reads, in a fixed number of queries (``documents``: all by default)."""
        documents = OutgoingDocument.objects.all() if documents is None else documents
        files = DraftFile.objects.select_related("file", "version")
        return documents.select_related(
            "register", "document_type", "drafting_unit", "issued_by", "recalled_by", "version", "corrects"
        ).prefetch_related(Prefetch("version__files", files), "corrected_by")

    @property
    def newest_first(self) -> NewestFirst:
        """The fast first pages (apps/core/paging.py) serve the default order, newest issued first."""
        ordering = self.request.query_params.get("ordering", "")
        default = ordering in ("", OutgoingFilter.DEFAULT_SORT) and not self.searched
        return (OutgoingDocument.objects.all(), "issued_date") if default else None

    def get_queryset(self) -> QuerySet[OutgoingDocument]:
        return self.detail_queryset(access.outgoing_visible_to(self.person).defer(*INDEX_FIELDS))

    def get_object(self) -> OutgoingDocument:
        document = access.get_outgoing_for(self.person, self.kwargs["pk"])
        return self.detail_queryset().get(pk=document.pk)

    @extend_schema(request=RecallInputSerializer, responses=OutgoingDocumentSerializer)
    @action(detail=True, methods=["post"])
    def recall(self, request: Request, pk: int) -> Response:
        document = access.get_outgoing_for(self.person, pk)
        services.recall_outgoing(document, by=self.person, reason=self.validated(RecallInputSerializer)["reason"])
        return Response(OutgoingDocumentSerializer(self.detail_queryset().get(pk=document.pk)).data)
