from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    """`{{ problem_for|lookup:"owner" }}`: a dict value in a template, '' when absent."""
    if not mapping:
        return ""
    return mapping.get(key, "")
