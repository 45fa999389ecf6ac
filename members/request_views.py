from django.http import Http404


def request_account(request):
    raise Http404


def request_account_sent(request):
    raise Http404


def suggest_correction(request, kind, slug):
    raise Http404


def correction_sent(request):
    raise Http404
