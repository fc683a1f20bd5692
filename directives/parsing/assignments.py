"""Who leads (chủ trì) and who coordinates (phối hợp) a task, read from its sentences.

Leads come after "Giao" / "Yêu cầu" / "Đề nghị", before "chủ trì", or as the subject that opens
a task or a responsibility line ("Đảng ủy Công an tỉnh chủ trì, phối hợp với …"); coordinators
follow "phối hợp với". An organization phrase ends where its verb begins.
"""

from __future__ import annotations

import re

from .normalize import UPPER, phrase_list

# Verbs (and a few adverbs) that end an organization phrase. Lower case only: "Ban Chỉ đạo"
# and "Đội Xây dựng phong trào" are names, "chỉ đạo" and "xây dựng" are verbs.
VERBS: tuple[str, ...] = phrase_list(
    """
    chủ trì, phối hợp, tiếp tục, tăng cường, đẩy mạnh, tập trung, triển khai, tổ chức,
    thực hiện, xây dựng, nâng cao, quan tâm, rà soát, kiện toàn, chủ động, phát huy, bảo đảm,
    đảm bảo, chỉ đạo, lãnh đạo, tham mưu, theo dõi, kiểm tra, nghiên cứu, đổi mới, duy trì,
    củng cố, tuyên truyền, hướng dẫn, đôn đốc, khắc phục, kịp thời, thường xuyên, ban hành,
    chấn chỉnh, xử lý, tổng kết, sơ kết, báo cáo, làm tốt, căn cứ, giúp, tiếp thu,
    có trách nhiệm, chịu trách nhiệm, cụ thể hóa, quán triệt, xem xét, giải quyết, cung cấp,
    bố trí, đề xuất, tham gia, phát động, vận động, thống nhất, ưu tiên, chuẩn bị,
    rút kinh nghiệm, phát hiện, đấu tranh, trình, ký kết, cập nhật, tổng hợp, lập, gửi,
    bổ sung, hoàn thành, khẩn trương, nghiêm túc, tích cực, sớm, phải, cần, sẽ, được, đã, có,
    là, tạo điều kiện, quản lý, giám sát, phổ biến, hỗ trợ, thẩm định, nắm, đánh giá,
    biểu dương, khen thưởng
    """
)
_VERB_RE = re.compile(r"\b(?:" + "|".join(sorted(VERBS, key=len, reverse=True)) + r")\b")
# Where a verb is a noun: "các tổ chức thành viên", "cơ quan tham mưu", "Ban lãnh đạo",
# "giúp việc", "có liên quan".
_NOUN_AFTER_WORDS = {"các", "những", "mọi"}
_NOUN_AFTER_PHRASE = {"tham mưu": "cơ quan", "chỉ đạo": "ban", "lãnh đạo": "ban"}
_NOUN_BEFORE_PHRASE = {"giúp": ("việc",), "có": ("liên quan", "thẩm quyền")}
# Connectives and time adverbials end an organization phrase too: "Giao Ban Chỉ đạo 138
# huyện định kỳ trước ngày 10-12 hằng năm báo cáo …".
_STOP_RE = re.compile(
    r"[;:.!?]|\s(?:để|nhằm|theo|trong việc|trên cơ sở|khi|nếu|thì|về|đối với|bằng|nhưng|"
    r"định kỳ|trước|chậm nhất|kể từ|hằng|hàng (?:năm|quý|tháng|tuần)|mỗi (?:năm|quý|tháng)|"
    r"trong (?:vòng|thời hạn|năm|quý|tháng)|ngay|sớm)\s"
)
_PARENTHESIS_RE = re.compile(r"\s*\([^()]*\)")
_APPOSITION_RE = re.compile(r"\s+[–—]\s+.*$|\s+-\s+cơ quan\b.*$")
_SPLIT_RE = re.compile(r"(\s*,\s*|\s*;\s*|\s+và\s+)")
# Words an organization's name begins with. Some need a proper name after them, because the
# bare word means something else ("Hội nghị", "Báo cáo", "Phòng, chống", "Tổ chức").
_ORG_HEAD = (
    r"(?:Ủy ban|Ban|Sở|Công an|Mặt trận|Đảng ủy|Đảng đoàn|Đảng bộ|Tỉnh ủy|Huyện ủy|Thành ủy|"
    r"Thị ủy|Tỉnh đoàn|Hội(?! nghị)|Đoàn(?! kết)|Bộ(?! phận)|Cục|Chi cục|Văn phòng|Thanh tra|"
    r"Thủ trưởng|Chủ tịch|Giám đốc|Lực lượng|Cơ quan|Thường trực|Người đứng đầu|Cấp ủy|Viện|"
    r"Tòa án|Trường|Ngân hàng|Kho bạc|Liên đoàn|Trung tâm|Chính quyền|Bí thư|Quân|Bộ đội|"
    r"Hải quan|Công ty|Tổng công ty|Tổ công tác|Tổ giúp việc|Chi bộ|"
    rf"(?:Phòng|Đội|Đồn|Báo|Đài|Tổ)(?=\s+{UPPER}))\b"
)
# An acronym of capitals: UBND, HĐND, MTTQ, BCĐ, VKSND.
_ACRONYM = rf"{UPPER}{{2,}}\b"
_ORG_SUBJECT_RE = re.compile(rf"^(?:{_ORG_HEAD}|{_ACRONYM}|Các\s|Những\s|các\s|những\s)")
# Segments that begin a new organization in a list; others complete the previous one:
# "Thủ trưởng các cơ quan, đơn vị, địa phương" is one lead, "Sở Văn hóa, Thể thao và Du lịch"
# one body.
_NEW_ORG_RE = re.compile(
    rf"^(?:{_ORG_HEAD}|{_ACRONYM}|Các\s|Những\s|các\s|những\s|lực lượng|đảng ủy|huyện ủy|"
    r"thành ủy|thị ủy|tỉnh ủy|đảng đoàn|ban cán sự|chi bộ|cấp ủy|người đứng đầu|thủ trưởng|"
    r"ủy ban)"
)
_ASSIGN_START_RE = re.compile(r"^(?:Giao|Yêu cầu|Đề nghị|Phân công|Chỉ đạo|Ủy quyền)\s+")
_ASSIGN_MID_RE = re.compile(rf"(?:^|[,;]\s*|\s)(?:yêu cầu|giao)\s+(?={UPPER})")
_COORDINATE_RE = re.compile(r"\bphối hợp(?:\s+chặt chẽ)?\s+với\s+")
_BULLET_RE = re.compile(r"^[-–—+•·]\s*")
_SENTENCE_RE = re.compile(rf"(?<=[.!?])\s+(?=[“\"]|{UPPER})")


def _is_noun_use(text: str, match: re.Match[str]) -> bool:
    verb = match.group()
    before = text[: match.start()].rstrip()
    if before.split()[-1:] and before.split()[-1] in _NOUN_AFTER_WORDS:
        return True
    if (prefix := _NOUN_AFTER_PHRASE.get(verb)) and before.lower().endswith(prefix):
        return True
    following = _NOUN_BEFORE_PHRASE.get(verb)
    return bool(following) and text[match.end() :].lstrip().startswith(following or ())


def take_org_phrase(text: str) -> tuple[str, str | None] | None:
    """The organization phrase that opens ``text`` and the verb that ends it (None when
    punctuation or a connective ended it)."""
    text = _PARENTHESIS_RE.sub("", text).strip()
    stop = _STOP_RE.search(text)
    end, verb = (stop.start(), None) if stop else (len(text), None)
    for match in _VERB_RE.finditer(text):
        if match.start() >= end:
            break
        if match.start() > 0 and not _is_noun_use(text, match):
            end, verb = match.start(), match.group()
            break
    phrase = text[:end].strip(" ,")
    if not phrase or len(phrase.split()) > 60:
        return None
    return phrase, verb


def split_orgs(phrase: str) -> list[str]:
    """ "Sở Tư pháp, Sở Nội vụ và Công an tỉnh" → three; appositions and notes dropped."""
    organizations: list[str] = []
    parts = _SPLIT_RE.split(_PARENTHESIS_RE.sub("", phrase))
    separator = ""
    for index, part in enumerate(parts):
        if index % 2:
            separator = part
            continue
        segment = _APPOSITION_RE.sub("", part).strip(" ,.;:-–")
        if not segment:
            continue
        if organizations and not _NEW_ORG_RE.match(segment):
            # The separator as written: "Sở Giáo dục và Đào tạo" keeps its "và".
            organizations[-1] = organizations[-1] + (separator if "và" in separator else ", ")
            organizations[-1] += segment
        else:
            organizations.append(segment)
    return organizations


def _clauses(paragraph: str) -> list[str]:
    text = _BULLET_RE.sub("", paragraph.strip())
    clauses: list[str] = []
    for sentence in _SENTENCE_RE.split(text):
        clauses.extend(part.strip() for part in sentence.split(";") if part.strip())
    return clauses


def _dedupe(names: list[str], exclude: list[str] | None = None) -> list[str]:
    seen = {name.casefold() for name in exclude or []}
    result = []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            result.append(name)
    return result


def starts_with_org_subject(clause: str) -> bool:
    if not _ORG_SUBJECT_RE.match(clause):
        return False
    taken = take_org_phrase(clause)
    if taken is None:
        return False
    # Either a verb ends the name, or a time adverbial does and a verb follows it
    # ("Sở Giáo dục và Đào tạo định kỳ trước ngày 10-12 hằng năm báo cáo …").
    return taken[1] is not None or _VERB_RE.search(clause[len(taken[0]) :]) is not None


def starts_with_assignment(clause: str) -> bool:
    """ "Giao Công an tỉnh …", "Yêu cầu các sở …": an organization right after the verb."""
    match = _ASSIGN_START_RE.match(clause)
    if not match:
        return False
    return _ORG_SUBJECT_RE.match(clause[match.end() :]) is not None


def mentions_assignment(text: str) -> bool:
    """ "…, yêu cầu Công an tỉnh phối hợp …": an assignment inside a sentence."""
    return _ASSIGN_MID_RE.search(text) is not None


def find_assignees(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """(lead, coordinating) for a task made of these paragraphs."""
    leading: list[str] = []  # "X chủ trì"
    assigned: list[str] = []  # "Giao X …", "yêu cầu X …", "X phối hợp với …"
    subjects: list[str] = []  # "X thực hiện thường xuyên"
    coordinating: list[str] = []
    for paragraph in paragraphs:
        subject_paragraph = False
        for index, clause in enumerate(_clauses(paragraph)):
            targets: list[tuple[str, str | None]] = []
            if starts_with_assignment(clause):
                match = _ASSIGN_START_RE.match(clause)
                if match and (taken := take_org_phrase(clause[match.end() :])):
                    targets.append((taken[0], taken[1] or ""))
            else:
                for match in _ASSIGN_MID_RE.finditer(clause):
                    if taken := take_org_phrase(clause[match.end() :]):
                        targets.append((taken[0], taken[1] or ""))
            subject_allowed = not targets and (index == 0 or subject_paragraph)
            if subject_allowed and starts_with_org_subject(clause):
                taken = take_org_phrase(clause)
                if taken is not None:
                    # Clauses after ";" may name more bodies only in a responsibility line.
                    subject_paragraph = True
                    verb = taken[1] if taken[1] in ("chủ trì", "phối hợp") else None
                    targets.append((taken[0], verb))
            for phrase, verb in targets:
                names = split_orgs(phrase)
                if verb == "chủ trì":
                    leading += names
                elif verb is None:
                    subjects += names
                else:
                    assigned += names
            for match in _COORDINATE_RE.finditer(clause):
                if taken := take_org_phrase(clause[match.end() :]):
                    coordinating += split_orgs(taken[0])
    if leading:
        lead = _dedupe(leading + assigned)
        return lead, _dedupe(subjects + coordinating, exclude=lead)
    lead = _dedupe(assigned + subjects)
    return lead, _dedupe(coordinating, exclude=lead)
