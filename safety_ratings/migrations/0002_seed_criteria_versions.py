"""The criteria versions in force: TT 23/2012/TT-BCA, TT 124/2021/TT-BCA, and TT 124/2021 as
applied to two-level local government from 01/7/2025 (deciding level moved off the districts).

The texts summarise each article's clauses; the administrator corrects them or adds the next
version in the admin (Bộ tiêu chí). Windows, deadlines, thresholds and the deciding level are
data on purpose: local rules and TT 48/2025/TT-BCA move them.
"""

import datetime

from django.db import migrations

AREA_1 = (
    "Quý I hằng năm, chi bộ Đảng ở khu dân cư có nghị quyết, khu dân cư có kế hoạch và đăng ký "
    "phấn đấu đạt tiêu chuẩn “An toàn về an ninh, trật tự”; 100% hộ gia đình đăng ký thực hiện."
)
AREA_2 = (
    "Thực hiện tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước về bảo đảm an ninh, "
    "trật tự và các quy định của địa phương về an ninh, trật tự."
)
AREA_3 = (
    "Không xảy ra các vụ việc: hoạt động chống Nhà nước, phá hoại khối đại đoàn kết toàn dân "
    "tộc; hoạt động tôn giáo trái pháp luật; lợi dụng vấn đề dân tộc, tôn giáo, tranh chấp, "
    "khiếu kiện gây mất an ninh, trật tự; hoạt động ly khai, tự trị; tụ tập đông người, gây rối "
    "kéo dài; kích động, lôi kéo người dân vi phạm pháp luật."
)
AREA_4 = (
    "Tội phạm, tệ nạn xã hội và vi phạm pháp luật khác được kiềm chế, giảm so với năm trước; "
    "không để xảy ra tội phạm, tai nạn, cháy, nổ nghiêm trọng."
)
AREA_5 = (
    "Lực lượng nòng cốt bảo vệ an ninh, trật tự ở cơ sở được kiện toàn và hoạt động hiệu quả; "
    "có mô hình tự quản, tự phòng ngừa, tự bảo vệ, tự hòa giải hoạt động hiệu quả."
)
COMMUNE = [
    ("1", "Quý I hằng năm, Đảng ủy có nghị quyết, Ủy ban nhân dân có kế hoạch và đăng ký phấn "
          "đấu đạt tiêu chuẩn; có ít nhất một mô hình phong trào toàn dân bảo vệ an ninh Tổ quốc "
          "hoạt động hiệu quả.", ""),
    ("2", "Thực hiện đầy đủ các tiêu chuẩn tại các khoản 2, 3 và 4 của tiêu chuẩn khu dân cư "
          "trên địa bàn xã.", ""),
    ("3", "Công an xã nắm chắc tình hình, tham mưu giải quyết kịp thời các vụ việc; không có "
          "cán bộ, chiến sĩ Công an xã bị xử lý kỷ luật.", ""),
    ("4.a", "100% khu dân cư, cơ quan, doanh nghiệp, cơ sở giáo dục thuộc phạm vi quản lý đăng "
            "ký phấn đấu đạt tiêu chuẩn.", "units_registered"),
    ("4.b", "Ít nhất 70% khu dân cư, cơ quan, doanh nghiệp, cơ sở giáo dục thuộc phạm vi quản "
            "lý được công nhận đạt tiêu chuẩn.", "units_recognised"),
]
AREA = [
    ("1", AREA_1, "households_registered"), ("2", AREA_2, ""), ("3", AREA_3, ""),
    ("4", AREA_4, ""), ("5", AREA_5, ""),
]
AGENCY = [
    ("1", "Quý I hằng năm, có kế hoạch và đăng ký phấn đấu đạt tiêu chuẩn “An toàn về an ninh, "
          "trật tự”.", ""),
    ("2", "Chấp hành tốt chủ trương, chính sách, pháp luật về an ninh, trật tự; có nội quy, quy "
          "chế bảo vệ; tuyên truyền đến ít nhất 90% cán bộ, người lao động.", ""),
    ("3", "Không để xảy ra vụ việc gây phương hại an ninh quốc gia, lộ, mất bí mật nhà nước, "
          "đình công, lãn công trái pháp luật, tụ tập đông người gây mất an ninh, trật tự.", ""),
    ("4", "Không có cán bộ, người lao động bị xử lý hình sự về hành vi cố ý phạm tội hoặc bị xử "
          "lý vi phạm hành chính về tệ nạn xã hội; không để xảy ra cháy, nổ, tai nạn lao động "
          "nghiêm trọng do chủ quan.", ""),
    ("5", "Tổ chức, lực lượng bảo vệ được kiện toàn, hoạt động hiệu quả; phối hợp chặt chẽ với "
          "Công an nơi đóng trụ sở; tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc.", ""),
]
SCHOOL = [
    ("1", "Đầu năm học, có kế hoạch và đăng ký phấn đấu đạt tiêu chuẩn “An toàn về an ninh, "
          "trật tự”.", ""),
    ("2", "Thực hiện tốt công tác giáo dục chính trị, tư tưởng, pháp luật về an ninh, trật tự "
          "cho học sinh, sinh viên, cán bộ, giáo viên, người lao động.", ""),
    ("3", "Không để xảy ra vụ việc gây mất an ninh, trật tự; bạo lực học đường nghiêm trọng; "
          "học sinh, sinh viên vi phạm pháp luật nghiêm trọng.", ""),
    ("4", "Không có cán bộ, giáo viên, người lao động bị xử lý hình sự; không để xảy ra cháy, "
          "nổ, ngộ độc, tai nạn nghiêm trọng do chủ quan.", ""),
    ("5", "Lực lượng bảo vệ, các đoàn thể được kiện toàn; phối hợp với Công an, chính quyền địa "
          "phương bảo đảm an ninh, trật tự trong và xung quanh nhà trường.", ""),
]
CRITERIA = {
    "khu_dan_cu": AREA, "xa": COMMUNE, "co_quan": AGENCY, "doanh_nghiep": AGENCY,
    "co_so_giao_duc": SCHOOL,
}
PROVINCE, DISTRICT, COMMUNE_LEVEL = 1, 2, 3

TT23 = "Thông tư 23/2012/TT-BCA"
TT124 = "Thông tư 124/2021/TT-BCA"
TT124_2025 = "Thông tư 124/2021/TT-BCA (chính quyền địa phương hai cấp, từ 01/7/2025)"
TT23_END = datetime.date(2022, 2, 9)
TT124_START = datetime.date(2022, 2, 10)
TWO_LEVEL_START = datetime.date(2025, 7, 1)

# (code, kind, regulation, from, to, window start, window end, classification, deciding level)
VERSIONS = [
    ("tt23-2012-kdc", "khu_dan_cu", TT23, datetime.date(2012, 6, 15), TT23_END,
     "11-01", "10-31", "11-20", COMMUNE_LEVEL),
    ("tt23-2012-xa", "xa", TT23, datetime.date(2012, 6, 15), TT23_END,
     "12-01", "11-30", "11-30", DISTRICT),
    ("tt23-2012-co-quan", "co_quan", TT23, datetime.date(2012, 6, 15), TT23_END,
     "12-01", "11-30", "11-30", DISTRICT),
    ("tt23-2012-doanh-nghiep", "doanh_nghiep", TT23, datetime.date(2012, 6, 15), TT23_END,
     "12-01", "11-30", "11-30", DISTRICT),
    ("tt23-2012-giao-duc", "co_so_giao_duc", TT23, datetime.date(2012, 6, 15), TT23_END,
     "06-01", "05-31", "11-30", DISTRICT),
    ("tt124-2021-kdc", "khu_dan_cu", TT124, TT124_START, datetime.date(2025, 6, 30),
     "11-01", "10-31", "11-20", COMMUNE_LEVEL),
    ("tt124-2021-xa", "xa", TT124, TT124_START, datetime.date(2025, 6, 30),
     "11-01", "10-31", "11-30", DISTRICT),
    ("tt124-2021-co-quan", "co_quan", TT124, TT124_START, datetime.date(2025, 6, 30),
     "11-01", "10-31", "11-30", DISTRICT),
    ("tt124-2021-doanh-nghiep", "doanh_nghiep", TT124, TT124_START, datetime.date(2025, 6, 30),
     "11-01", "10-31", "11-30", DISTRICT),
    ("tt124-2021-giao-duc", "co_so_giao_duc", TT124, TT124_START, datetime.date(2025, 6, 30),
     "11-01", "10-31", "11-30", DISTRICT),
    ("tt124-2025-kdc", "khu_dan_cu", TT124_2025, TWO_LEVEL_START, None,
     "11-01", "10-31", "11-20", COMMUNE_LEVEL),
    ("tt124-2025-xa", "xa", TT124_2025, TWO_LEVEL_START, None,
     "11-01", "10-31", "11-30", PROVINCE),
    ("tt124-2025-co-quan", "co_quan", TT124_2025, TWO_LEVEL_START, None,
     "11-01", "10-31", "11-30", COMMUNE_LEVEL),
    ("tt124-2025-doanh-nghiep", "doanh_nghiep", TT124_2025, TWO_LEVEL_START, None,
     "11-01", "10-31", "11-30", COMMUNE_LEVEL),
    ("tt124-2025-giao-duc", "co_so_giao_duc", TT124_2025, TWO_LEVEL_START, None,
     "11-01", "10-31", "11-30", COMMUNE_LEVEL),
]


def seed(apps, schema_editor):
    CriteriaVersion = apps.get_model("safety_ratings", "CriteriaVersion")
    Criterion = apps.get_model("safety_ratings", "Criterion")
    for (code, kind, regulation, start, end, window_start, window_end, classification,
         level) in VERSIONS:
        version, created = CriteriaVersion.objects.get_or_create(
            code=code,
            defaults={
                "kind": kind, "regulation": regulation, "effective_from": start,
                "effective_to": end, "window_start": window_start, "window_end": window_end,
                "classification_deadline": classification, "deciding_level": level,
                "appraising_body": "Công an cấp xã",
            },
        )
        if not created:
            continue
        for order, (number, text, rule) in enumerate(CRITERIA[kind], start=1):
            Criterion.objects.create(
                version=version, number=number, order=order, text=text, rule=rule
            )


def unseed(apps, schema_editor):
    CriteriaVersion = apps.get_model("safety_ratings", "CriteriaVersion")
    CriteriaVersion.objects.filter(code__in=[row[0] for row in VERSIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("safety_ratings", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
