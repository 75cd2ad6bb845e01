"""{% home_panel panel context %}: render a registered home panel's fragment."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def home_panel(context, panel, value):
    # Rendered in the page's own context (no second run of the context processors),
    # with the panel's context under the name its fragment reads.
    fragment = context.template.engine.get_template(panel.template)
    with context.push(**{panel.key: value}):
        return fragment.render(context)
