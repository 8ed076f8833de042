"""The CKEditor 5 image upload endpoint. It replaces django-ckeditor-5's own
view, which lets any staff member upload and stores the file as sent."""

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from staff.access import SIGN_IN, staff_required

from .images import image_store

UPLOAD_PERMISSIONS = ("news.change_article", "news.add_article")


def _error(message, status):
    # The shape CKEditor's upload adapter shows to the editor.
    return JsonResponse({"error": {"message": message}}, status=status)


def may_upload(user):
    return any(user.has_perm(p) for p in UPLOAD_PERMISSIONS)


def _refused(request, reason):
    if reason == SIGN_IN:
        return _error("登录已过期或尚未通过两步验证,请重新登录后再上传图片。", 403)
    return _error("您没有编辑文章的权限,不能上传图片。", 403)


@require_POST
@staff_required(refused=_refused)
def editor_image_upload(request):
    if not may_upload(request.user):
        return _error("您没有编辑文章的权限,不能上传图片。", 403)
    upload = request.FILES.get("upload")
    if upload is None:
        return _error("没有收到图片文件,请重新选择。", 400)
    try:
        stored = image_store(upload=upload)
    except ValidationError as error:
        return _error(" ".join(error.messages), 400)
    return JsonResponse({"url": stored.url})
