"""A starter list of 错敏词: placeholder text editors forget, and common wrong
forms of official names. Site administrators extend it in the admin."""

from django.db import migrations

BLOCK, WARN = "block", "warn"

STARTER_RULES = [
    # Placeholders left in a draft.
    ("XXX", "", BLOCK, "占位符,发布前请替换为实际内容"),
    ("×××", "", BLOCK, "占位符,发布前请替换为实际内容"),
    ("待补充", "", BLOCK, "稿件尚未完成"),
    ("待完善", "", BLOCK, "稿件尚未完成"),
    ("此处插入", "", BLOCK, "占位说明,发布前请删除"),
    ("在此输入", "", BLOCK, "占位说明,发布前请删除"),
    ("TODO", "", BLOCK, "占位符,发布前请删除"),
    ("此处", "", WARN, "可能是遗留的占位说明,请确认"),
    ("测试", "", WARN, "可能是测试稿件,请确认"),
    ("待定", "", WARN, "内容可能尚未确定,请确认"),
    ("某某", "", WARN, "可能是占位用语,请确认"),
    # The country's name.
    ("中华人民共合国", "中华人民共和国", BLOCK, "国名错误"),
    ("中华人名共和国", "中华人民共和国", BLOCK, "国名错误"),
    ("中华任民共和国", "中华人民共和国", BLOCK, "国名错误"),
    ("中化人民共和国", "中华人民共和国", BLOCK, "国名错误"),
    ("中华人民公和国", "中华人民共和国", BLOCK, "国名错误"),
    ("中华人民共和过", "中华人民共和国", BLOCK, "国名错误"),
    # Leaders' names and titles.
    ("习进平", "习近平", BLOCK, "领导人姓名错误"),
    ("习近平总书纪", "习近平总书记", BLOCK, "领导人职务错误"),
    ("习近平总书计", "习近平总书记", BLOCK, "领导人职务错误"),
    ("习近平总数记", "习近平总书记", BLOCK, "领导人职务错误"),
    ("习总书纪", "习近平总书记", BLOCK, "领导人职务错误"),
    # Party and state bodies.
    ("中国共产当", "中国共产党", BLOCK, "党的名称错误"),
    ("中国共残党", "中国共产党", BLOCK, "党的名称错误"),
    ("全国人民代表大会常委委员会", "全国人民代表大会常务委员会", BLOCK, "机构名称错误"),
    ("中国人民政治协商会义", "中国人民政治协商会议", BLOCK, "机构名称错误"),
    ("党的20大", "党的二十大", BLOCK, "应使用汉字数字"),
    # The region, banner and township.
    ("内蒙自治区", "内蒙古自治区", BLOCK, "自治区名称错误"),
    ("内蒙古自治州", "内蒙古自治区", BLOCK, "自治区名称错误"),
    ("内蒙古自制区", "内蒙古自治区", BLOCK, "自治区名称错误"),
    ("内蒙古省", "内蒙古自治区", BLOCK, "内蒙古是自治区,不是省"),
    ("鄂尔多斯省", "鄂尔多斯市", BLOCK, "行政区划错误"),
    ("乌审县", "乌审旗", BLOCK, "乌审旗是旗,不是县"),
    # Sensitive expressions.
    ("台湾总统", "台湾地区领导人", BLOCK, "涉台表述"),
    ("台湾政府", "台湾地区有关部门", BLOCK, "涉台表述"),
    ("香港政府", "香港特别行政区政府", WARN, "涉港表述"),
    ("澳门政府", "澳门特别行政区政府", WARN, "涉澳表述"),
]


def add_rules(apps, schema_editor):
    WordingRule = apps.get_model("news", "WordingRule")
    for phrase, correct_form, level, note in STARTER_RULES:
        WordingRule.objects.get_or_create(
            phrase=phrase, defaults={"correct_form": correct_form, "level": level, "note": note}
        )


def remove_rules(apps, schema_editor):
    apps.get_model("news", "WordingRule").objects.filter(phrase__in=[rule[0] for rule in STARTER_RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("news", "0003_staff_groups")]

    operations = [migrations.RunPython(add_rules, remove_rules)]
