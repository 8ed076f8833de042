"""The published tree in an S3-compatible bucket (PUBLISH_STORAGE=s3), for
several web machines serving one tree (docs/publishing.md, "Several machines").

Object names are the file names of the local tree (publishing/paths.py), so
nginx maps a request to an object exactly as it maps it to a file. An object
carries the type nginx would give the file, since nginx proxying to the bucket
passes on the object's type, and `no-cache` like a page served from disk. An
upload replaces the object whole: a reader never sees half a page."""

from storages.backends.s3 import S3Storage

CACHE_CONTROL = "no-cache"


def object_content_type(name):
    """The Content-Type of a published file, as portal-pages.conf serves it."""
    folder, _, file_name = name.rpartition("/")
    if file_name.endswith(".html"):
        return "text/html; charset=utf-8"
    if file_name == "index.xml" and (folder == "feed" or folder.endswith("/feed")):
        return "application/rss+xml; charset=utf-8"
    if file_name.endswith(".xml"):
        return "text/xml; charset=utf-8"
    if file_name.endswith(".txt"):
        return "text/plain; charset=utf-8"
    if file_name.endswith(".css"):
        return "text/css; charset=utf-8"
    return "application/octet-stream"


class S3PublishStorage(S3Storage):
    """An S3 bucket holding the published tree; objects are replaced in place."""

    def get_default_settings(self):
        defaults = super().get_default_settings()
        # Same name, new object: never an alternative name beside the old one.
        defaults["file_overwrite"] = True
        # nginx fetches pages by plain URL; no signed links.
        defaults["querystring_auth"] = False
        defaults["default_acl"] = None
        return defaults

    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        parameters["ContentType"] = object_content_type(name)
        parameters["CacheControl"] = CACHE_CONTROL
        return parameters
