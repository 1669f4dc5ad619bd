"""The information-exchange log, as the holders of a client's records see it: what their
organisation shared with the other side, or received from it, about a client or a case."""

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from healthjustice.casework.models import Case
from healthjustice.casework.selectors import case_get
from healthjustice.clients.models import Client
from healthjustice.clients.selectors import client_get
from healthjustice.collaboration.models import InformationExchange
from healthjustice.collaboration.selectors import exchanges as selectors
from healthjustice.core.audit import audit_record
from healthjustice.core.models import AuditAction
from healthjustice.core.permissions import permission_required
from healthjustice.organisations.models import Membership

PAGE_SIZE = 50


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _client(request: HttpRequest, client_id: str, **_kwargs: Any) -> Client:
    return client_get(_membership(request), client_id)


def _case(request: HttpRequest, case_id: str, **_kwargs: Any) -> Case:
    return case_get(_membership(request), case_id)


def _log_page(
    request: HttpRequest,
    exchanges: QuerySet[InformationExchange],
    *,
    target: Client | Case,
    caption: str,
    title: str,
    back_href: str,
    back_text: str,
) -> HttpResponse:
    page = Paginator(exchanges, PAGE_SIZE).get_page(request.GET.get("page"))
    audit_record(
        action=AuditAction.VIEW, request=request, target=target, detail={"page": "exchanges"}
    )
    return render(
        request,
        "collaboration/exchanges_log.jinja",
        {
            "page": page,
            "caption": caption,
            "title": title,
            "back_href": back_href,
            "back_text": back_text,
        },
    )


@permission_required("collaboration.view_exchanges", _client)
def exchanges_client(request: HttpRequest, obj: Client) -> HttpResponse:
    return _log_page(
        request,
        selectors.exchanges_about_client(_membership(request), obj),
        target=obj,
        caption=_("Client"),
        title=_("Information shared about %(name)s") % {"name": obj.full_name},
        back_href=reverse("clients:client_detail", kwargs={"client_id": obj.public_id}),
        back_text=obj.full_name,
    )


@permission_required("collaboration.view_exchanges", _case)
def exchanges_case(request: HttpRequest, obj: Case) -> HttpResponse:
    return _log_page(
        request,
        selectors.exchanges_about_case(_membership(request), obj),
        target=obj,
        caption=_("Case %(reference)s") % {"reference": obj.reference},
        title=_("Information shared about this case"),
        back_href=reverse("casework:case_detail", kwargs={"case_id": obj.public_id}),
        back_text=_("Case %(reference)s") % {"reference": obj.reference},
    )
