"""Seed the fields of models and the launching levels the province reports (DOMAIN.md §5).

Data, not code: the administrator edits, adds or retires entries in the admin.
"""

from django.db import migrations

CATEGORIES = [
    "Khu dân cư, tổ dân phố tự quản về ANTT",
    "Tổ liên gia, dòng họ tự quản",
    "Camera giám sát ANTT",
    "Phòng, chống ma túy, tệ nạn xã hội",
    "Tôn giáo, dân tộc (giáo xứ, bản làng bình yên)",
    "Liền canh, liền cư (biên giới)",
    "Tái hòa nhập cộng đồng, giúp đỡ người lầm lỗi",
    "Bảo vệ ANTT cơ quan, doanh nghiệp, nhà trường",
    "Do Mặt trận Tổ quốc và các đoàn thể xây dựng",
    "Lĩnh vực khác",
]

LEVELS = [
    ("tinh-uy", "Tỉnh ủy", "do Tỉnh ủy phát động"),
    ("ubnd-tinh", "UBND tỉnh", "do UBND tỉnh phát động"),
    (
        "cong-an-tinh-ban-nganh",
        "Công an tỉnh và các ban, ngành, đoàn thể",
        "do Công an tỉnh và các ban, ngành, đoàn thể phối hợp xây dựng",
    ),
    (
        "cap-huyen-cap-xa",
        "Cấp huyện chỉ đạo, cấp xã xây dựng",
        "do cấp huyện chỉ đạo, cấp xã xây dựng",
    ),
    ("cap-xa", "Cấp xã", "do cấp xã xây dựng"),
]


def seed(apps, schema_editor):
    ModelCategory = apps.get_model("models_registry", "ModelCategory")
    LaunchLevel = apps.get_model("models_registry", "LaunchLevel")
    for order, name in enumerate(CATEGORIES, start=1):
        ModelCategory.objects.get_or_create(name=name, defaults={"order": order})
    for order, (code, name, phrase) in enumerate(LEVELS, start=1):
        LaunchLevel.objects.get_or_create(
            code=code, defaults={"name": name, "phrase": phrase, "order": order}
        )


def unseed(apps, schema_editor):
    ModelCategory = apps.get_model("models_registry", "ModelCategory")
    LaunchLevel = apps.get_model("models_registry", "LaunchLevel")
    ModelCategory.objects.filter(name__in=CATEGORIES, models__isnull=True).delete()
    LaunchLevel.objects.filter(code__in=[c for c, _n, _p in LEVELS], models__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("models_registry", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
