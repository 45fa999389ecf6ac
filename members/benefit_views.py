from django.http import Http404


def my_benefits(request):
    raise Http404


def claim(request, benefit_id):
    raise Http404


def withdraw(request, claim_id):
    raise Http404
