from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from brobygger.pairs.selectors import get_pair_for, pairs_of


@login_required
def my_pairs(request: HttpRequest) -> HttpResponse:
    return render(request, "pairs/pair_list.html", {"pairs": pairs_of(request.user)})


@login_required
def pair_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    pair = get_pair_for(request.user, code)
    me = pair.mentee if pair.mentee.user_id == request.user.pk else pair.mentor
    return render(request, "pairs/pair_detail.html", {"pair": pair, "partner": pair.other(me)})
