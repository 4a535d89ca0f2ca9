from django import template

register = template.Library()


@register.simple_tag
def shown_cell(table, row, column) -> str:
    return table.cell(row, column).shown


@register.filter
def get(cells: dict, key) -> str:
    return cells[key].shown


@register.filter
def index(sequence, position: int):
    return sequence[position - 1]
