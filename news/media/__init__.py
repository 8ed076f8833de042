"""Upload safety and files: uploads, photos, attachments, the body sanitiser, editor images."""
