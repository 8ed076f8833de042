"""A site's column tree, read in one query and kept per content version."""

from django.core.cache import cache

from ..models import Column, ColumnType


class ColumnTree:
    def __init__(self, columns):
        self.columns = list(columns)
        self.by_id = {column.id: column for column in self.columns}
        self.by_slug = {column.slug: column for column in self.columns}
        self.children_of = {}
        for column in self.columns:
            self.children_of.setdefault(column.parent_id, []).append(column)

    def get(self, slug):
        return self.by_slug.get(slug)

    def children(self, column):
        return self.children_of.get(column.id if column else None, [])

    def navigation(self):
        return [column for column in self.children(None) if column.in_navigation]

    def home_sections(self):
        """The columns the home page lists: top columns, a section by its children."""
        sections = []
        for column in self.navigation():
            children = [child for child in self.children(column) if child.in_navigation]
            if column.column_type == ColumnType.SECTION and children:
                sections.extend(children)
            else:
                sections.append(column)
        return sections

    def ancestors(self, column):
        """The column's path from the top, the column itself last."""
        path = []
        while column is not None:
            path.append(column)
            column = self.by_id.get(column.parent_id)
        return path[::-1]

    def is_disclosure(self, column):
        """Whether the column is 政务公开: flagged itself or below a flagged column."""
        return any(node.is_disclosure for node in self.ancestors(column))

    def disclosure_ids(self):
        """The ids of every 政务公开 column."""
        return [column.id for column in self.columns if self.is_disclosure(column)]

    def descendant_ids(self, column):
        """The ids of the column and every column below it."""
        ids, stack = [], [column]
        while stack:
            current = stack.pop()
            ids.append(current.id)
            stack.extend(self.children(current))
        return ids


def column_tree(site_id, content_version):
    """One site's columns."""
    key = f"column-tree:{site_id}:{content_version}"
    tree = cache.get(key)
    if tree is None:
        tree = ColumnTree(Column.objects.filter(site_id=site_id).order_by("order", "id"))
        cache.set(key, tree, 3600)
    return tree
