"""Work direction over the API (issue 8 point 10): the same services and access helpers as the pages.

- ``submissions/``: the caller's queue "chờ ý kiến chỉ đạo" (GET); a clerk submits a document (POST).
- ``works/``: work the caller may read (GET, with its chain); a leader directs a document (POST); ``tasks/``
  gives a task (POST); the lead closes the whole (``works/{id}/complete/``).
- ``assignments/``: "Việc của tôi" (``?view=todo|overdue|week|waiting|following|done``), paged without a count,
  and ``assignments/count/``; on one: ``notes/``, ``complete/``, ``reassign/``, ``extension/``, ``take-back/``.
- ``extension-requests/``: requests waiting for the caller's decision; ``decide/``.
- ``delegations/``: the caller's, given or received; a leader delegates (POST); ``revoke/``.
- ``preferences/``: what the caller receives, per kind (GET); ``preferences/{kind}/`` changes one (PUT).
- ``counts/``: the header's figures."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api import PersonMixin
from apps.core.paging import CountedListMixin, QuickPagination
from apps.direction import access, delegations, preferences, queues, services
from apps.direction.models import Assignment, Delegation, ExtensionRequest, Preference, Submission, Work
from apps.direction.status import status_expression, today
from apps.documents.access import get_incoming_for

from . import serializers as s


class _PersonMixin(PersonMixin):
    lookup_value_regex = r"\d+"

    def read(self, serializer_class, data):
        payload = serializer_class(data=data, context={"person": self.person})
        payload.is_valid(raise_exception=True)
        return payload


class SubmissionViewSet(_PersonMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = s.SubmissionSerializer
    queryset = Submission.objects.none()  # the model, for the schema; get_queryset answers
    pagination_class = None

    def get_queryset(self):
        return queues.submissions(self.person).select_related("leader")

    @extend_schema(request=s.SubmitSerializer, responses={201: s.SubmissionSerializer})
    def create(self, request: Request) -> Response:
        data = self.read(s.SubmitSerializer, request.data).validated_data
        document = get_incoming_for(self.person, data["document"].pk)
        submission = services.submit(document, data["leader"], by=self.person, note=data["note"])
        return Response(s.SubmissionSerializer(submission).data, status=status.HTTP_201_CREATED)


def _with_chain(queryset):
    return queues.with_chain(queryset, today())


class WorkViewSet(_PersonMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = s.WorkSerializer
    queryset = Work.objects.none()  # the model, for the schema; get_queryset answers

    def get_queryset(self):
        works = access.works_visible_to(self.person).select_related("directed_by", "on_behalf_of")
        return _with_chain(works.order_by("-directed_at", "-id"))

    def get_object(self) -> Work:
        return self.get_queryset().get(pk=access.get_work_for(self.person, self.kwargs["pk"]).pk)

    def _answer(self, work: Work, code: int = status.HTTP_200_OK) -> Response:
        return Response(s.WorkSerializer(_with_chain(Work.objects.filter(pk=work.pk)).get()).data, status=code)

    @extend_schema(request=s.DirectionSerializer, responses={201: s.WorkSerializer})
    def create(self, request: Request) -> Response:
        payload = self.read(s.DirectionSerializer, request.data)
        document = get_incoming_for(self.person, payload.validated_data["document"].pk)
        directed = services.direct(document, payload.to_input(), by=self.person)
        return self._answer(directed.work, status.HTTP_201_CREATED)

    @extend_schema(request=s.TaskSerializer, responses={201: s.WorkSerializer})
    @action(detail=False, methods=["post"])
    def tasks(self, request: Request) -> Response:
        payload = self.read(s.TaskSerializer, request.data)
        parent = payload.validated_data.get("parent")
        parent = access.get_work_for(self.person, parent.pk) if parent else None
        directed = services.create_task(payload.to_input(), by=self.person, parent=parent)
        return self._answer(directed.work, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: s.WorkSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(services.complete_work(self.get_object(), by=self.person))


VIEW = OpenApiParameter("view", str, enum=list(queues.VIEWS), description="Which of the caller's parts (todo).")


class AssignmentViewSet(
    _PersonMixin, CountedListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """ "Việc của tôi": pages without a count (a unit head's done parts run to tens of thousands, and counting them
    cost more than the page: docs/benchmarks.md); ``count/`` with the same ``view`` answers how many."""

    serializer_class = s.AssignmentSerializer
    queryset = Assignment.objects.none()  # the model, for the schema; get_queryset answers
    pagination_class = QuickPagination

    def get_queryset(self):
        view = self.request.query_params.get("view", "todo")
        if view not in queues.VIEWS:
            raise ValidationError({"view": [_("Choose one of: %(views)s.") % {"views": ", ".join(queues.VIEWS)}]})
        return queues.assignments(self.person, today(), view).prefetch_related("notes__author")

    @extend_schema(parameters=[VIEW])
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    def get_object(self) -> Assignment:
        assignment = access.get_assignment_for(self.person, self.kwargs["pk"])
        return Assignment.objects.annotate(status=status_expression(today())).get(pk=assignment.pk)

    def _answer(self, assignment: Assignment, code: int = status.HTTP_200_OK) -> Response:
        shown = Assignment.objects.annotate(status=status_expression(today())).get(pk=assignment.pk)
        return Response(s.AssignmentSerializer(shown).data, status=code)

    @extend_schema(
        request={"application/json": s.NoteInputSerializer, "multipart/form-data": s.NoteInputSerializer},
        responses={201: s.AssignmentSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def notes(self, request: Request, pk: str | None = None) -> Response:
        assignment = self.get_object()
        services.record_note(assignment, self.read(s.NoteInputSerializer, request.data).to_input(), by=self.person)
        return self._answer(assignment, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: s.AssignmentSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(services.complete_part(self.get_object(), by=self.person))

    @extend_schema(request=s.ReassignSerializer, responses={201: s.AssignmentSerializer(many=True)})
    @action(detail=True, methods=["post"])
    def reassign(self, request: Request, pk: str | None = None) -> Response:
        made = services.reassign(
            self.get_object(), self.read(s.ReassignSerializer, request.data).to_input(), by=self.person
        )
        shown = Assignment.objects.annotate(status=status_expression(today())).filter(pk__in=[a.pk for a in made])
        return Response(s.AssignmentSerializer(shown, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ExtensionInputSerializer, responses={201: s.ExtensionRequestSerializer})
    @action(detail=True, methods=["post"])
    def extension(self, request: Request, pk: str | None = None) -> Response:
        data = self.read(s.ExtensionInputSerializer, request.data).validated_data
        made = services.request_extension(self.get_object(), data["requested_due_on"], data["reason"], by=self.person)
        return Response(s.ExtensionRequestSerializer(made).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: s.AssignmentSerializer})
    @action(detail=True, methods=["post"], url_path="take-back")
    def take_back(self, request: Request, pk: str | None = None) -> Response:
        # The leader who directed is not an assignee: any part of a work the caller may read (404 otherwise).
        assignment = _found(Assignment.objects.filter(work__in=access.works_visible_to(self.person)), pk)
        return self._answer(services.take_back(assignment, by=self.person))


class ExtensionRequestViewSet(_PersonMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = s.ExtensionRequestSerializer
    queryset = ExtensionRequest.objects.none()  # the model, for the schema; get_queryset answers
    pagination_class = None

    def get_queryset(self):
        return queues.extension_requests(self.person)

    @extend_schema(request=s.DecisionSerializer, responses={200: s.ExtensionRequestSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        work_ids = access.works_visible_to(self.person).values("pk")
        extension = _found(ExtensionRequest.objects.filter(assignment__work__in=work_ids), pk)
        data = self.read(s.DecisionSerializer, request.data).validated_data
        decided = services.decide_extension(extension, grant=data["grant"], by=self.person, answer=data["answer"])
        return Response(s.ExtensionRequestSerializer(decided).data)


class DelegationViewSet(_PersonMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = s.DelegationSerializer
    queryset = Delegation.objects.none()  # the model, for the schema; get_queryset answers
    pagination_class = None

    def get_queryset(self):
        me = self.person.user.pk
        return (Delegation.objects.filter(grantor_id=me) | Delegation.objects.filter(delegate_id=me)).order_by(
            "-starts_at", "-id"
        )

    @extend_schema(request=s.DelegationInputSerializer, responses={201: s.DelegationSerializer})
    def create(self, request: Request) -> Response:
        data = self.read(s.DelegationInputSerializer, request.data).validated_data
        made = delegations.delegate(
            data["delegate"], data["starts_at"], data["ends_at"], data["reason"], by=self.person
        )
        return Response(s.DelegationSerializer(made).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: s.DelegationSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        delegation = _found(self.get_queryset(), pk)
        return Response(s.DelegationSerializer(delegations.revoke(delegation, by=self.person)).data)


class PreferenceViewSet(_PersonMixin, viewsets.GenericViewSet):
    """What the caller receives of direction's messages ("Nhận thông báo"), per kind: in the application and by
    e-mail; saved through ``preferences.save_preferences`` (audited), read by the reminders."""

    serializer_class = s.PreferenceSerializer
    queryset = Preference.objects.none()  # the model, for the schema
    pagination_class = None
    lookup_field = "kind"
    lookup_value_regex = "|".join(Preference.Kind.values)

    def _rows(self) -> list[dict]:
        chosen = preferences.choices_of(self.person)
        return [{"kind": kind, **vars(choice)} for kind, choice in chosen.items()]

    @extend_schema(responses={200: s.PreferenceSerializer(many=True)})
    def list(self, request: Request) -> Response:
        return Response(s.PreferenceSerializer(self._rows(), many=True).data)

    @extend_schema(request=s.PreferenceInputSerializer, responses={200: s.PreferenceSerializer})
    def update(self, request: Request, kind: str | None = None) -> Response:
        data = self.read(s.PreferenceInputSerializer, request.data).validated_data
        choice = preferences.Choice(in_app=data["in_app"], email=data["email"])
        preferences.save_preferences(self.person, {kind: choice}, by=self.person)
        return Response(next(row for row in self._rows() if row["kind"] == kind))


class CountsView(_PersonMixin, APIView):
    """The header's figures: documents waiting for the caller's direction, parts to do (of which overdue), requests
    for more time to decide; ``total`` is what needs the caller now."""

    @extend_schema(responses={200: s.CountsSerializer})
    def get(self, request: Request) -> Response:
        figures = queues.counts(self.person, today())
        data = {**figures.__dict__, "total": figures.total}
        return Response(s.CountsSerializer(data).data)


def _found(queryset, pk: str | None):
    """The row ``pk`` of ``queryset``; 404 when it is not there (or ``pk`` is no number)."""
    row = queryset.filter(pk=pk).first() if str(pk).isdigit() else None
    if row is None:
        raise Http404
    return row
