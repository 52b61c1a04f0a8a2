from django.shortcuts import render


def home(request):
    return render(request, "integrations/home.html")
